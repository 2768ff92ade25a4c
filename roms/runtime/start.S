/*
 * ROM entry point.  The board starts us at EL2h with the MMU off and DAIF masked (x0 is
 * not relied upon).  We give each exception level a stack, zero .bss, put EL1 and EL2 in
 * a known configuration, install both vector tables, run main() and hand its return value
 * to semihosting SYS_EXIT.
 */
#include "sysreg.h"

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf

	/* Stacks: SP_EL2 (we run on it), SP_EL1 and SP_EL0 for the lower levels. */
	ldr	x0, =__stack_el2_top
	mov	sp, x0
	ldr	x0, =__stack_el1_top
	msr	sp_el1, x0
	ldr	x0, =__stack_el0_top
	msr	sp_el0, x0

	/* Zero .bss (16-byte aligned at both ends, see link.ld). */
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	/* EL2 configuration: EL1 is AArch64 and nothing is trapped or routed to EL2. */
	mov	x0, #HCR_RW
	msr	hcr_el2, x0
	/* No FP/SIMD traps at any level; SCTLR_ELx with MMU, alignment and SP checks off. */
	ldr	x0, =CPTR_EL2_RES1
	msr	cptr_el2, x0
	mov	x0, #(3 << CPACR_FPEN_SHIFT)
	msr	cpacr_el1, x0
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	/* EL1: also let EL0 use WFI/WFE, CTR_EL0 and DAIF without trapping. */
	ldr	x0, =(SCTLR_EL1_RES1 | SCTLR_NTWI | SCTLR_NTWE | SCTLR_UCT | SCTLR_UMA)
	msr	sctlr_el1, x0

	ldr	x0, =rt_vectors_el2
	msr	vbar_el2, x0
	ldr	x0, =rt_vectors_el1
	msr	vbar_el1, x0
	isb

	bl	main
	bl	semihost_exit		/* x0 = main's return value; does not return */
3:	b	3b
	.ltorg
