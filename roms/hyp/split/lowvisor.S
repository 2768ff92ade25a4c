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
#include "asm.h"

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
	gp_x18_x29 stp, x1
	str	x30, [x1, #240]
	str	x1, [x0, #CTXT_HOST]
	msr	tpidr_el2, x0		/* "a guest is loaded": the vectors' discriminator */
	/* The guest's general-purpose registers, x0/x1 last (x0 is the base). */
	gp_x2_x29 ldp, x0
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

	/* Guest exit: x0 = exit code, x1 = guest context, the guest's x0/x1 on the stack.
	 * Saves the guest's GP registers, restores the lowvisor's and returns from
	 * __guest_enter with the exit code. */
__guest_exit:
	gp_x2_x29 stp, x1
	str	x30, [x1, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #0]
	ldr	x2, [x1, #CTXT_HOST]
	msr	tpidr_el2, xzr
	gp_x18_x29 ldp, x2
	ldr	x30, [x2, #240]
	ret

	/* void __fpsimd_save_state(uint64_t *vregs): V0..V31 then FPSR, FPCR. */
	.global	__fpsimd_save_state
__fpsimd_save_state:
	fpsimd_save_x0
	ret

	.global	__fpsimd_restore_state
__fpsimd_restore_state:
	fpsimd_load_x0
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
