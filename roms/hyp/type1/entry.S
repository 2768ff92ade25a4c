/*
 * type1's EL2 entry and exit (Xen: arch/arm/arm64/entry.S).
 *
 * A trap from a guest saves the guest's general-purpose registers, ELR_EL2 and SPSR_EL2 in a
 * struct frame at the top of the running vCPU's own hypervisor stack (SP_EL2 is there while a
 * guest runs) and calls the C handler with it; nothing else
 * is saved: the guest's EL1 system registers, FP registers, timer and vGIC stay live in the
 * CPU (Xen does not switch them on a trap, only on a vCPU context switch, sched.c).  The exit
 * path reloads the frame and ERETs; after a vCPU switch (switch_stack) it is another
 * vCPU's frame on another stack.
 *
 * Exceptions taken from EL2 itself are hypervisor bugs: hyp_bad_exception reports them.
 */
#include "asm.h"

#define FRAME_SIZE 272
#define FRAME_ELR 248
#define HYP_STACK_SIZE 0x4000
#define NR_PCPUS 4

	/* A guest vector: make the frame, free x0/x1, go to the common save. */
	.macro	guest_vector handler
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	adr	x1, \handler
	b	guest_save
	.endm

	.macro	bad_vector off
	.balign	0x80
	mov	x3, #\off
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	b	hyp_bad_exception
	.endm

	.section .text.hyp_vectors, "ax"
	.balign	0x800
	.global	hyp_vectors
hyp_vectors:
	bad_vector	0x000
	bad_vector	0x080
	bad_vector	0x100
	bad_vector	0x180
	bad_vector	0x200
	bad_vector	0x280
	bad_vector	0x300
	bad_vector	0x380
	guest_vector	trap_guest_sync		/* 0x400: lower EL, AArch64, synchronous */
	guest_vector	trap_guest_irq		/* 0x480: lower EL, AArch64, IRQ */
	bad_vector	0x500
	bad_vector	0x580
	bad_vector	0x600
	bad_vector	0x680
	bad_vector	0x700
	bad_vector	0x780

/* x1 = the C handler; x0, x1 of the guest are already in the frame. */
guest_save:
	gp_x2_x29 stp, sp
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	str	x30, [sp, #240]
	stp	x2, x3, [sp, #FRAME_ELR]
	mov	x0, sp
	blr	x1
	/* fall through: back to the guest of this stack (the handler may have run others) */
guest_return:
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x0, x1, [sp, #0]
	gp_x2_x29 ldp, sp
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret

	.text
	/* void switch_stack(struct switch_ctx *save, const struct switch_ctx *load) (Xen:
	 * __context_switch): suspend the caller in *save, resume the code suspended in *load
	 * (which returns from its own switch_stack call, or starts at vcpu_first_run). */
	.global	switch_stack
switch_stack:
	ctx_save x0, x2
	ctx_load x1, x2
	ret

	/* Where a vCPU that never ran starts (Xen: continue_new_vcpu): SP is its frame, which
	 * vcpu_init filled with the entry state. */
	.global	vcpu_first_run
vcpu_first_run:
	mrs	x0, tpidr_el2
	bl	leave_hypervisor
	b	guest_return

	/* Secondary pCPUs (PSCI CPU_ON, context ID = pCPU number): own stack, then C. */
	.global	hyp_secondary_entry
hyp_secondary_entry:
	percpu_stack hyp_stacks, HYP_STACK_SIZE
	bl	hyp_secondary_main
1:	b	1b

	/* The FP/SIMD registers (Xen: vfp_save_state / vfp_restore_state). */
	.global	fp_save
fp_save:
	fpsimd_save_x0
	ret

	.global	fp_restore
fp_restore:
	fpsimd_load_x0
	ret

	.bss
	.balign	16
	.global	hyp_stacks
hyp_stacks:
	.skip	NR_PCPUS * HYP_STACK_SIZE

	/* The guest image (roms/hyp/guest, objcopy -O binary), copied into each VM's RAM. */
	.section .rodata.guest_image, "a"
	.balign	16
	.global	guest_image, guest_image_end
guest_image:
	.incbin	"guest.bin"
guest_image_end:
