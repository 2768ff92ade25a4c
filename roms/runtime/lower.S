/*
 * Entering a lower exception level and coming back (used by el.c).
 *
 * rt_eret_lower saves the caller's callee-saved registers and SP in a context, points
 * ELR/SPSR of the current EL at the target, and ERETs.  The lower-level code returns
 * into one of the trampolines below, which make the exception that brings control
 * back up; the handler then calls rt_ctx_resume, which restores the context so that
 * rt_eret_lower appears to return the lower level's result.
 */

#include "asm.h"

/* struct rt_ctx: x19..x30 (12 words) then sp (asm.h, ctx_save). */

	.text
	/* uint64_t rt_eret_lower(struct rt_ctx *ctx, uint64_t spsr, uint64_t pc,
	 *                        uint64_t arg, uint64_t return_trampoline) */
	.global	rt_eret_lower
rt_eret_lower:
	ctx_save x0, x5
	mrs	x5, CurrentEL
	cmp	x5, #(2 << 2)
	b.ne	1f
	msr	spsr_el2, x1
	msr	elr_el2, x2
	b	2f
1:	msr	spsr_el1, x1
	msr	elr_el1, x2
2:	mov	x0, x3
	mov	x30, x4
	/* Do not leak our register values into the lower level. */
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	eret

	/* void rt_ctx_resume(struct rt_ctx *ctx, uint64_t value): returns value from the
	 * rt_eret_lower call that saved ctx. */
	.global	rt_ctx_resume
rt_ctx_resume:
	ctx_load x0, x2
	mov	x0, x1
	ret

	/* Return trampoline for code run at EL1: x0 holds its result.  If HVC is
	 * UNDEFINED (HCR_EL2.HCD=1) the EL1 handler skips it and the SMC, trapped to EL2
	 * by HCR_EL2.TSC, does the job. */
	.global	rt_return_from_el1, rt_return_from_el1_hvc
rt_return_from_el1:
rt_return_from_el1_hvc:
	hvc	#0xE1F0
	smc	#0xE1F0
1:	b	1b

	/* Return trampoline for code run at EL0. */
	.global	rt_return_from_el0
rt_return_from_el0:
	svc	#0xE1F0
1:	b	1b
