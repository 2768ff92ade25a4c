/*
 * Interrupt-storm benchmark: the ALU loop (alu.S) run at EL2 while the EL1 physical
 * timer (CNTP_*, PPI 30) interrupts it about every 1,000 instructions.
 *
 * The timer is programmed with CNTP_TVAL_EL0 = IRQ_TVAL = 62 ticks of the 62.5 MHz
 * counter, 992 ns: about 1,000 instructions on a simulator that runs one instruction per
 * nanosecond of its guest time (elsim's deterministic time, QEMU with -icount shift=0).
 * How many interrupts a run takes therefore depends on the simulator and on its clock,
 * so the instruction count is exact only given that number, which the ROM prints on the
 * console before it exits (report.h), as one line:
 *
 *     irqs 0x<16 hex digits>
 *
 * The GIC is a GICv3 (system-register CPU interface) unless the ROM is built with
 * -DBENCH_GIC=2 (irqstorm-v2.elf: memory-mapped GICv2 CPU interface).  Set-up at EL2:
 * VBAR_EL2, HCR_EL2.IMO (physical IRQs go to EL2), the GIC (INTID 30 enabled, in Group 1
 * for GICv3, Group 0 for GICv2, priority mask 0xFF), the timer, then PSTATE.I cleared.
 * The GICv3 register-write-pending and ChildrenAsleep polls are loops that run once on
 * both simulators (the registers read as done at once).  The IRQ handler is the vector
 * itself (current EL with SP_ELx, offset 0x280), branch-free:
 *
 *     acknowledge (ICC_IAR1_EL1 / GICC_IAR), write CNTP_TVAL_EL0, EOI (ICC_EOIR1_EL1 /
 *     GICC_EOIR), count it, count it again if the INTID was not 30, ERET
 *
 * and uses registers of its own (x18, x20-x23), so it saves nothing.  After the loop,
 * IRQs are masked and the timer disabled; the count is printed (SYS_WRITE0) and the ROM
 * exits with status 0, or 1 if any acknowledge returned an INTID other than 30.  Any
 * other exception ends the run with a failure.
 *
 * Instructions (I = interrupts taken, as printed; an interrupt is taken between two
 * instructions, so none is lost or repeated):
 *     GICv3: prologue 2 + setup 41 + N * 18 + I * 7 + report 151 + exit 6  =  18 N + 7 I + 200
 *     GICv2: prologue 2 + setup 26 + N * 18 + I * 8 + report 151 + exit 6  =  18 N + 8 I + 185
 */
#include "bench.h"
#include "report.h"

#ifndef BENCH_GIC
#define BENCH_GIC 3
#endif

#define IRQ_TVAL 62
#define IRQ_TIMER_INTID 30
#define HCR_IMO (1 << 4)
#define GICD_BASE 0x08000000
#define GICC_BASE 0x08010000	/* GICv2 CPU interface */
#define GICR_BASE 0x080A0000	/* GICv3 redistributor of CPU 0: RD_base, then SGI_base */

	bench_start
	/* EL2 takes physical IRQs (HCR_EL2.IMO) at irq_vectors + 0x280: 5 */
	adr	x1, irq_vectors
	msr	vbar_el2, x1
	mov	x1, #HCR_IMO
	msr	hcr_el2, x1
	isb
#if BENCH_GIC == 3
	/* System-register interface on at EL2 (SRE, DFB, DIB, Enable): 3 */
	mov	x1, #0xf
	msr	icc_sre_el2, x1
	isb
	/* Distributor: affinity routing (ARE), then Group 1 enabled; wait for RWP: 9 */
	mov	x6, #GICD_BASE
	mov	w1, #(1 << 4)
	str	w1, [x6]
1:	ldr	w1, [x6]
	tbnz	w1, #31, 1b
	mov	w1, #((1 << 4) | (1 << 1))
	str	w1, [x6]
2:	ldr	w1, [x6]
	tbnz	w1, #31, 2b
	/* Redistributor: wake it (GICR_WAKER.ProcessorSleep = 0, wait for ChildrenAsleep = 0),
	 * INTID 30 in Group 1 (GICR_IGROUPR0) and enabled (GICR_ISENABLER0): 8 */
	mov	x7, #GICR_BASE
	str	wzr, [x7, #0x14]
3:	ldr	w1, [x7, #0x14]
	tbnz	w1, #2, 3b
	add	x7, x7, #0x10000
	mov	w1, #(1 << IRQ_TIMER_INTID)
	str	w1, [x7, #0x80]
	str	w1, [x7, #0x100]
	/* CPU interface: priority mask, Group 1 enabled: 5 */
	mov	x1, #0xff
	msr	icc_pmr_el1, x1
	mov	x1, #1
	msr	icc_igrpen1_el1, x1
	isb
#else
	/* Distributor: INTID 30 enabled (GICD_ISENABLER0, banked per CPU), forwarding on;
	 * CPU interface (x23, kept for the handler): priority mask, signalling on: 10 */
	mov	x6, #GICD_BASE
	mov	w1, #(1 << IRQ_TIMER_INTID)
	str	w1, [x6, #0x100]
	mov	w1, #1
	str	w1, [x6]
	mov	x23, #GICC_BASE
	mov	w1, #0xff
	str	w1, [x23, #0x4]
	mov	w1, #1
	str	w1, [x23]
#endif
	/* Counters (x20 interrupts, x21 wrong INTIDs), the timer armed, IRQs unmasked: 7 */
	mov	x20, #0
	mov	x21, #0
	mov	x22, #IRQ_TVAL
	msr	cntp_tval_el0, x22
	mov	x1, #1
	msr	cntp_ctl_el0, x1
	msr	daifclr, #2
	/* The ALU loop's set-up: 4 */
	alu_loop	/* the ALU loop (bench.h): 4 + 18 N */

	/* Report: IRQs masked, timer off (2); x20 printed (bench_report, 149): 151 */
	msr	daifset, #2
	msr	cntp_ctl_el0, xzr
	bench_report irqs, x20
	/* SYS_EXIT: status 0, or 1 if an acknowledge returned another INTID: 6 */
	cmp	x21, #0
	adr	x1, bench_exit_block
	adr	x9, irq_fail_block
	csel	x1, x1, x9, eq
	mov	w0, #0x18
	hlt	#0xf000

	/* Vectors: the IRQ entry from the current EL (SP_ELx) is the handler; every other
	 * entry fails. */
	.balign	2048
irq_vectors:
	.rept	5
	b	irq_fail
	.balign	128
	.endr
	/* + 0x280: IRQ, current EL with SP_ELx */
#if BENCH_GIC == 3
	mrs	x18, icc_iar1_el1
	msr	cntp_tval_el0, x22
	msr	icc_eoir1_el1, x18
#else
	ldr	w18, [x23, #0xc]	/* GICC_IAR */
	msr	cntp_tval_el0, x22
	str	w18, [x23, #0x10]	/* GICC_EOIR */
	and	w18, w18, #0x3ff	/* the INTID without the GICv2 CPUID field */
#endif
	add	x20, x20, #1
	cmp	w18, #IRQ_TIMER_INTID
	cinc	x21, x21, ne
	eret
	.balign	128
	.rept	10
	b	irq_fail
	.balign	128
	.endr
irq_fail:
	adr	x1, irq_fail_block
	mov	w0, #0x18
	hlt	#0xf000
	b	.

	bench_data 20000000
irq_fail_block:
	.quad	0x20023, 0		/* ADP_Stopped_RunTimeErrorUnknown */
