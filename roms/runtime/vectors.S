/*
 * Exception vector tables for EL2 and EL1 (ARM ARM D1.10.2, "Exception vectors").
 *
 * Each table has 16 entries of 0x80 bytes: {current EL with SP_EL0, current EL with
 * SP_ELx, lower EL in AArch64, lower EL in AArch32} x {synchronous, IRQ, FIQ, SError}.
 * Every entry builds a struct rt_frame (rt.h) on the stack of the level the exception was
 * taken to, records the entry's offset and the target EL, and calls
 * rt_exception_dispatch(frame).  On return ELR_ELx and SPSR_ELx are reloaded from the
 * frame (handlers may change them) together with x0..x30, and ERET resumes.
 */

#define FRAME_SIZE	304
#define FRAME_ELR	248
#define FRAME_ESR	264
#define FRAME_VEC	280

	/* One vector entry: make room for the frame, free x0/x1, note offset and EL. */
	.macro	ventry el, off
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\off
	mov	x1, #\el
	b	exception_common_el\el
	.endm

	/* Save x2..x30 and the exception registers of EL \el, dispatch, restore, ERET. */
	.macro	common el
exception_common_el\el:
	stp	x0, x1, [sp, #FRAME_VEC]	/* vec, el */
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
	str	x30, [sp, #240]
	mrs	x2, elr_el\el
	mrs	x3, spsr_el\el
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x2, esr_el\el
	mrs	x3, far_el\el
	stp	x2, x3, [sp, #FRAME_ESR]
	mov	x0, sp
	bl	rt_exception_dispatch
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el\el, x2
	msr	spsr_el\el, x3
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
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
	.endm

	.macro	table el
	.section .text.vectors_el\el, "ax"
	.balign	0x800
	.global	rt_vectors_el\el
rt_vectors_el\el:
	ventry	\el, 0x000
	ventry	\el, 0x080
	ventry	\el, 0x100
	ventry	\el, 0x180
	ventry	\el, 0x200
	ventry	\el, 0x280
	ventry	\el, 0x300
	ventry	\el, 0x380
	ventry	\el, 0x400
	ventry	\el, 0x480
	ventry	\el, 0x500
	ventry	\el, 0x580
	ventry	\el, 0x600
	ventry	\el, 0x680
	ventry	\el, 0x700
	ventry	\el, 0x780
	common	\el
	.endm

	table	2
	table	1
