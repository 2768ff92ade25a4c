/*
 * Entry and EL1 exception vectors of the benchmark guest (roms/hyp/ABI.md, "Entry").
 *
 * Every vCPU enters at 0x4000_0000 at EL1h, MMU off, DAIF masked, with x0 = vCPU index,
 * x1 = VM index, x2 = GIC version, x3 = design.  Each vCPU takes the stack of its index;
 * vCPU 0 zeroes .bss and then raises guest_bss_ready (in .data, so it is valid before),
 * which the other vCPU waits for before touching .bss.  guest_main(vcpu, vm, gic, design)
 * never returns (it ends with HVC DONE).
 *
 * The vectors are those of a small OS kernel (Linux's kernel_entry / kernel_exit in
 * spirit): the IRQ entry saves the caller-saved registers, ELR and SPSR, and calls
 * guest_irq(); a synchronous exception at EL1 is a guest bug: guest_fault() reports it.
 */
#include "asm.h"

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	/* SP = __stacks + (index + 1) * 16 KiB */
	adrp	x9, __stacks
	add	x9, x9, :lo12:__stacks
	add	x10, x0, #1
	lsl	x10, x10, #14
	add	sp, x9, x10
	adrp	x9, guest_vectors
	add	x9, x9, :lo12:guest_vectors
	msr	vbar_el1, x9
	isb
	adrp	x9, guest_bss_ready
	add	x9, x9, :lo12:guest_bss_ready
	cbnz	x0, 3f
	/* vCPU 0: zero .bss (16-byte aligned at both ends, see guest.ld). */
	adrp	x10, __bss_start
	add	x10, x10, :lo12:__bss_start
	adrp	x11, __bss_end
	add	x11, x11, :lo12:__bss_end
1:	cmp	x10, x11
	b.hs	2f
	stp	xzr, xzr, [x10], #16
	b	1b
2:	dsb	sy
	mov	w10, #1
	str	w10, [x9]
	dsb	sy
	b	4f
3:	ldr	w10, [x9]		/* the other vCPU: wait for .bss */
	cbz	w10, 3b
4:	bl	guest_main
5:	b	5b

	.data
	.balign	4
	.global	guest_bss_ready
guest_bss_ready:
	.word	0

/* IRQ entry: x0-x18, x29, x30, ELR_EL1, SPSR_EL1 (12 pairs = 192 bytes). */
	.macro	irq_entry
	.balign	0x80
	sub	sp, sp, #192
	stp	x0, x1, [sp, #0]
	b	guest_irq_entry
	.endm

	.macro	fault_entry
	.balign	0x80
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	b	guest_fault
	.endm

	.text
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	/* current EL with SP_EL0: never used */
	fault_entry
	fault_entry
	fault_entry
	fault_entry
	/* current EL with SP_EL1: the guest's own */
	fault_entry		/* synchronous */
	irq_entry		/* IRQ */
	fault_entry		/* FIQ */
	fault_entry		/* SError */
	/* lower EL: the guest has no EL0 */
	fault_entry
	fault_entry
	fault_entry
	fault_entry
	fault_entry
	fault_entry
	fault_entry
	fault_entry

guest_irq_entry:
	gp_x2_x17 stp, sp
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	bl	guest_irq
	ldp	x30, x0, [sp, #160]
	ldr	x1, [sp, #176]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	gp_x2_x17 ldp, sp
	ldp	x18, x29, [sp, #144]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #192
	eret
