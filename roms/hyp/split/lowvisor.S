/*
 * The lowvisor's assembly (arch/arm64/kvm/hyp/hyp-entry.S and entry.S in KVM/ARM):
 *
 *   - __kvm_hyp_vector, the EL2 vector table.  A lower-EL exception with no guest loaded
 *     (TPIDR_EL2 = 0) is the host kernel's kvm_call_hyp HVC: it is dispatched to a lowvisor
 *     function and returns to the host.  With a guest loaded (TPIDR_EL2 = its context) any
 *     lower-EL exception is a guest exit: __guest_exit saves the guest's x0..x30 and returns
 *     an exit code from the __guest_enter call that started the guest.
 *   - __guest_enter, the last step of the world switch: the lowvisor's own callee-saved
 *     registers go into the host context, the guest's x0..x30 are loaded, ERET.
 *   - __fpsimd_save_state / __fpsimd_restore_state (fpsimd.S): V0..V31, FPSR, FPCR.
 *   - kvm_call_hyp, the host kernel's gate into the lowvisor.
 *
 * The context layout is struct kvm_cpu_context in split.h.
 */
	.arch	armv8-a+fp+simd

#define CTXT_HOST	264
#define EXIT_TRAP	0
#define EXIT_IRQ	1
#define EXIT_SERROR	2

	.text

	/* uint64_t kvm_call_hyp(uint64_t fn, uint64_t a1): runs at EL1 (host kernel).  The
	 * lowvisor clobbers only what the AAPCS64 lets a callee clobber. */
	.global	kvm_call_hyp
kvm_call_hyp:
	hvc	#0
	ret

	/* uint64_t __guest_enter(struct kvm_cpu_context *guest, struct kvm_cpu_context *host)
	 * ELR_EL2/SPSR_EL2 and the guest's system state are already loaded (lowvisor.c). */
	.global	__guest_enter
__guest_enter:
	/* The lowvisor's callee-saved registers: restored by __guest_exit. */
	stp	x18, x19, [x1, #144]
	stp	x20, x21, [x1, #160]
	stp	x22, x23, [x1, #176]
	stp	x24, x25, [x1, #192]
	stp	x26, x27, [x1, #208]
	stp	x28, x29, [x1, #224]
	str	x30, [x1, #240]
	str	x1, [x0, #CTXT_HOST]
	msr	tpidr_el2, x0		/* "a guest is loaded": the vectors' discriminator */
	/* The guest's general-purpose registers, x0/x1 last (x0 is the base). */
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

	/* Guest exit: x0 = exit code, x1 = guest context, the guest's x0/x1 on the stack.
	 * Saves the guest's GP registers, restores the lowvisor's and returns from
	 * __guest_enter with the exit code. */
__guest_exit:
	stp	x2, x3, [x1, #16]
	stp	x4, x5, [x1, #32]
	stp	x6, x7, [x1, #48]
	stp	x8, x9, [x1, #64]
	stp	x10, x11, [x1, #80]
	stp	x12, x13, [x1, #96]
	stp	x14, x15, [x1, #112]
	stp	x16, x17, [x1, #128]
	stp	x18, x19, [x1, #144]
	stp	x20, x21, [x1, #160]
	stp	x22, x23, [x1, #176]
	stp	x24, x25, [x1, #192]
	stp	x26, x27, [x1, #208]
	stp	x28, x29, [x1, #224]
	str	x30, [x1, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #0]
	ldr	x2, [x1, #CTXT_HOST]
	msr	tpidr_el2, xzr
	ldp	x18, x19, [x2, #144]
	ldp	x20, x21, [x2, #160]
	ldp	x22, x23, [x2, #176]
	ldp	x24, x25, [x2, #192]
	ldp	x26, x27, [x2, #208]
	ldp	x28, x29, [x2, #224]
	ldr	x30, [x2, #240]
	ret

	/* void __fpsimd_save_state(uint64_t *vregs): V0..V31 then FPSR, FPCR. */
	.global	__fpsimd_save_state
__fpsimd_save_state:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.global	__fpsimd_restore_state
__fpsimd_restore_state:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret

	/* ---- the EL2 vector table ---- */

	/* An exception the lowvisor never expects (from EL2 itself, or AArch32). */
	.macro	invalid_vector
	.balign	0x80
	b	hyp_bad_vector
	.endm

	.section .text.hyp_vectors, "ax"
	.balign	0x800
	.global	__kvm_hyp_vector
__kvm_hyp_vector:
	invalid_vector			/* current EL, SP_EL0 */
	invalid_vector
	invalid_vector
	invalid_vector
	invalid_vector			/* current EL, SP_EL2 */
	invalid_vector
	invalid_vector
	invalid_vector
	.balign	0x80			/* lower EL, AArch64: synchronous */
	b	el1_sync
	.balign	0x80			/* IRQ */
	b	el1_irq
	invalid_vector			/* FIQ: never routed here (no Group 0 FIQs) */
	.balign	0x80			/* SError */
	b	el1_error
	invalid_vector			/* lower EL, AArch32 */
	invalid_vector
	invalid_vector
	invalid_vector

el1_sync:
	stp	x0, x1, [sp, #-16]!
	mrs	x1, tpidr_el2
	cbnz	x1, 1f
	/* The host's kvm_call_hyp(fn, a1).  Keep the host's ELR/SPSR: a world switch in
	 * between overwrites them. */
	ldp	x0, x1, [sp], #16
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #-16]!
	stp	x29, x30, [sp, #-16]!
	bl	hyp_dispatch
	ldp	x29, x30, [sp], #16
	ldp	x2, x3, [sp], #16
	msr	elr_el2, x2
	msr	spsr_el2, x3
	eret
1:	mov	x0, #EXIT_TRAP
	b	__guest_exit

el1_irq:
	stp	x0, x1, [sp, #-16]!
	mrs	x1, tpidr_el2
	cbz	x1, 1f			/* the host runs with HCR_EL2.IMO = 0: cannot happen */
	mov	x0, #EXIT_IRQ
	b	__guest_exit
1:	ldp	x0, x1, [sp], #16
	b	hyp_bad_vector

el1_error:
	stp	x0, x1, [sp, #-16]!
	mrs	x1, tpidr_el2
	cbz	x1, 1b
	mov	x0, #EXIT_SERROR
	b	__guest_exit

hyp_bad_vector:
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	mrs	x3, far_el2
	bl	hyp_panic
2:	b	2b
