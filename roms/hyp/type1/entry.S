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
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
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
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret

	.text
	/* void switch_stack(struct switch_ctx *save, const struct switch_ctx *load) (Xen:
	 * __context_switch): suspend the caller in *save, resume the code suspended in *load
	 * (which returns from its own switch_stack call, or starts at vcpu_first_run). */
	.global	switch_stack
switch_stack:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x2, sp
	str	x2, [x0, #96]
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ldr	x2, [x1, #96]
	mov	sp, x2
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
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x2, x0, #1
	mov	x3, #HYP_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	bl	hyp_secondary_main
1:	b	1b

	/* The FP/SIMD registers (Xen: vfp_save_state / vfp_restore_state). */
	.global	fp_save
fp_save:
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

	.global	fp_restore
fp_restore:
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
