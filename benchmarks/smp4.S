/*
 * SMP benchmark: the ALU loop (alu.S) on 4 CPUs at once, N iterations each.
 *
 * CPU 0 starts CPUs 1-3 with PSCI CPU_ON (SMC64, function 0xC4000003; target MPIDR
 * Aff0 = 1, 2, 3; context ID = N, which a started CPU finds in x0), then every CPU runs
 * the same code from `work` at EL2 with the MMU off: the loop, then CPUs 1-3 set their
 * word in smp_done, SEV and call CPU_OFF, while CPU 0 waits (WFE) until all three words
 * are set.  The secondaries need no stack: the code uses registers only.
 *
 * How often CPU 0's wait loop goes round depends on how the simulator interleaves the
 * CPUs, so the instruction count is exact only given the number of passes that did not
 * find all three done (W), which CPU 0 prints before it exits (report.h), as one line:
 *
 *     waits 0x<16 hex digits>
 *
 * The exit status is 0, or 1 if a CPU_ON call failed (without 4 CPUs, say).
 *
 * Instructions, all CPUs together:
 *     CPU 0:     prologue 2 + CPU_ON x 3 and set-up 22 + work 4 + N * 18 + 3
 *                + wait 2 + 9 W + 6 + report 149 + exit 3            =  18 N + 9 W + 191
 *     CPUs 1-3:  work 4 + N * 18 + 3 + done and CPU_OFF 7               =  18 N + 14 each
 *     total                                                          =  72 N + 9 W + 233
 */
#include "bench.h"
#include "report.h"

#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON64 0xC4000003

	/* PSCI CPU_ON of the CPU with MPIDR Aff0 = \cpu at `work`, context ID x24 = N; any
	 * failure is ORed into x19.  6 instructions. */
	.macro	cpu_on cpu
	ldr	x0, =PSCI_CPU_ON64
	mov	x1, #\cpu
	adr	x2, work
	mov	x3, x24
	smc	#0
	orr	x19, x19, x0
	.endm

	bench_start
	mov	x24, x0
	mov	x19, #0
	cpu_on	1
	cpu_on	2
	cpu_on	3
	cbnz	x19, smp_fail
	mov	x0, x24
work:	/* every CPU, x0 = N: the ALU loop's set-up: 4 */
	alu_loop	/* the ALU loop (bench.h): 4 + 18 N */
	/* Which CPU: 3 */
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cbz	x1, boot_wait
	/* CPUs 1-3: done, wake CPU 0, CPU_OFF (which does not return): 7 */
	adr	x9, smp_done
	mov	w2, #1
	str	w2, [x9, x1, lsl #2]
	dsb	sy
	sev
	ldr	x0, =PSCI_CPU_OFF
	smc	#0
1:	wfi
	b	1b

boot_wait:	/* CPU 0: 2 + 9 per pass that finds a CPU still running + 6 */
	adr	x9, smp_done
	mov	x20, #0
2:	ldr	w1, [x9, #4]
	ldr	w2, [x9, #8]
	ldr	w3, [x9, #12]
	and	w1, w1, w2
	and	w1, w1, w3
	cbnz	w1, 3f
	wfe
	add	x20, x20, #1
	b	2b
3:	bench_report waits, x20
	bench_exit

smp_fail:
	adr	x1, smp_fail_block
	mov	w0, #0x18
	hlt	#0xf000
	b	.

	bench_data 20000000
smp_fail_block:
	.quad	0x20023, 0		/* ADP_Stopped_RunTimeErrorUnknown */
	.balign	4
smp_done:				/* one word per CPU, set by CPUs 1-3 when done */
	.word	0, 0, 0, 0
