/*
 * Assembler macros shared by the runtime's .S files and the ROMs' own (the hypervisors in
 * roms/hyp and their guest): the register save/restore sequences every exception entry,
 * world switch and context switch is made of.  #include it from a .S file.
 *
 * Every general-purpose register frame here (struct rt_frame, split's struct kvm_cpu_context,
 * type1's struct frame, the guest's IRQ frame) keeps xN at byte offset 8 * N of its base.
 */
#ifndef RT_ASM_H
#define RT_ASM_H

	/* \op (stp to save, ldp to load) x2..x17 at [\base, #16] .. [\base, #128]. */
	.macro	gp_x2_x17 op, base
	\op	x2, x3, [\base, #16]
	\op	x4, x5, [\base, #32]
	\op	x6, x7, [\base, #48]
	\op	x8, x9, [\base, #64]
	\op	x10, x11, [\base, #80]
	\op	x12, x13, [\base, #96]
	\op	x14, x15, [\base, #112]
	\op	x16, x17, [\base, #128]
	.endm

	/* \op (stp or ldp) x18..x29 at [\base, #144] .. [\base, #224]. */
	.macro	gp_x18_x29 op, base
	\op	x18, x19, [\base, #144]
	\op	x20, x21, [\base, #160]
	\op	x22, x23, [\base, #176]
	\op	x24, x25, [\base, #192]
	\op	x26, x27, [\base, #208]
	\op	x28, x29, [\base, #224]
	.endm

	/* \op (stp or ldp) x2..x29: all of a frame but x0, x1 and x30. */
	.macro	gp_x2_x29 op, base
	gp_x2_x17 \op, \base
	gp_x18_x29 \op, \base
	.endm

	/*
	 * A suspended call (the runtime's struct rt_ctx, type1's struct switch_ctx): x19..x30 at
	 * [\base, #0] .. [\base, #88], SP at [\base, #96].  ctx_save stores the caller's,
	 * ctx_load makes them current; \tmp is clobbered.
	 */
	.macro	ctx_x19_x30 op, base
	\op	x19, x20, [\base, #0]
	\op	x21, x22, [\base, #16]
	\op	x23, x24, [\base, #32]
	\op	x25, x26, [\base, #48]
	\op	x27, x28, [\base, #64]
	\op	x29, x30, [\base, #80]
	.endm

	.macro	ctx_save base, tmp
	ctx_x19_x30 stp, \base
	mov	\tmp, sp
	str	\tmp, [\base, #96]
	.endm

	.macro	ctx_load base, tmp
	ctx_x19_x30 ldp, \base
	ldr	\tmp, [\base, #96]
	mov	sp, \tmp
	.endm

	/*
	 * The FP/SIMD state: V0..V31 at [x0, #0] .. [x0, #496], then FPSR and FPCR at
	 * [x0, #512] and [x0, #520].  fpsimd_save_x0 and fpsimd_load_x0 advance x0 by 512
	 * and clobber x1, x2.
	 */
	.macro	fpsimd_q0_q31 op
	\op	q0, q1, [x0, #0]
	\op	q2, q3, [x0, #32]
	\op	q4, q5, [x0, #64]
	\op	q6, q7, [x0, #96]
	\op	q8, q9, [x0, #128]
	\op	q10, q11, [x0, #160]
	\op	q12, q13, [x0, #192]
	\op	q14, q15, [x0, #224]
	\op	q16, q17, [x0, #256]
	\op	q18, q19, [x0, #288]
	\op	q20, q21, [x0, #320]
	\op	q22, q23, [x0, #352]
	\op	q24, q25, [x0, #384]
	\op	q26, q27, [x0, #416]
	\op	q28, q29, [x0, #448]
	\op	q30, q31, [x0, #480]
	.endm

	.macro	fpsimd_save_x0
	fpsimd_q0_q31 stp
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	.endm

	.macro	fpsimd_load_x0
	fpsimd_q0_q31 ldp
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	.endm

	/* A secondary CPU's stack: SP = \stacks + (x0 + 1) * \size, the top of the x0-th of an
	 * array of \size-byte stacks (x0 = the CPU's index).  Clobbers x1..x3. */
	.macro	percpu_stack stacks, size
	adrp	x1, \stacks
	add	x1, x1, :lo12:\stacks
	add	x2, x0, #1
	mov	x3, #\size
	madd	x1, x2, x3, x1
	mov	sp, x1
	.endm

#endif
