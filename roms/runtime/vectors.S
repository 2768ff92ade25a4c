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
#include "asm.h"

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
	gp_x2_x29 stp, sp
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
	gp_x2_x29 ldp, sp
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
