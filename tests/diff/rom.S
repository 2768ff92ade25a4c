// Runtime of the differential-test ROMs (see README.md).
//
// The generated sequences (seqs.bin, made by a64gen.py) are placed at SEQ_BASE and call back
// into this runtime through the fixed jump table at the image start. Everything printed goes to
// the PL011 data register; the run ends with semihosting SYS_EXIT. Nothing here depends on
// timers or interrupts, so any two correct models print exactly the same bytes.
//
// Save-area layout (dwords): 0..30 = x0..x30, 31 = sp, 32 = nzcv, 33 = return address.

#include "rom-common.S"

	.section .text.boot, "ax"
	.global	_start
_start:
	b	start			// +0x00
	b	seq_begin		// +0x04  x0 = record: fill the scratch buffer from its seed
	b	seq_end			// +0x08  hash the state and print one digest line
	b	trace_dump		// +0x0c  print the whole state, restore it, return
	b	finish			// +0x10  all sequences done

start:
	ldr	x0, =stack_top
	mov	sp, x0
	ldr	x0, =vectors
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	1f
	msr	vbar_el2, x0
	b	2f
1:	msr	vbar_el1, x0		// (Unicorn runs the ROM at EL1)
2:	isb
	BANNER_AND_RUN

// Fill the scratch buffer with an xorshift64 stream seeded from the record's dword 33.
// Preserves x0 and x30; clobbers x1-x4 (the caller loads all registers afterwards).
seq_begin:
	ldr	x1, [x0, #264]
	FILL_BUFFER
	ret

// Entered with the sequence's x30 in TPIDR_EL0 and the return address in x30. Stores every
// general register, SP and NZCV in the save area (x0 passes through TPIDRRO_EL0), then switches
// to the runtime stack. (EL0 thread registers: accessible at EL1 and EL2 alike.)
.macro SAVE_ALL
	msr	tpidrro_el0, x0
	ldr	x0, =save_area
	GP_X1_X29 stp
	mrs	x1, nzcv
	str	x1, [x0, #256]
	mrs	x1, tpidrro_el0
	str	x1, [x0, #0]
	mrs	x1, tpidr_el0
	str	x1, [x0, #240]
	mov	x1, sp
	str	x1, [x0, #248]
	str	x30, [x0, #264]
	ldr	x1, =stack_top
	mov	sp, x1
.endm

// Digest = hash over the save area (x0..x30, sp, nzcv, return address) and the scratch buffer,
// which follows it in memory; printed as 16 hex digits.
seq_end:
	SAVE_ALL
	PRINT_DIGEST save_area, (34 + BUF_DWORDS)
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =save_area
	ldr	x30, [x0, #264]
	ret

// Trace mode: print "S <ret> <x0> .. <x30> <sp> <nzcv>" and "M <buffer dwords>", then restore
// the complete state and return; the call site then reloads x30 from TPIDR_EL0.
trace_dump:
	SAVE_ALL
	mov	w0, #'S'
	bl	putc
	ldr	x0, =save_area
	ldr	x0, [x0, #264]
	bl	putsphex
	PRINT_DWORDS save_area, 33
	mov	w0, #'\n'
	bl	putc
	mov	w0, #'M'
	bl	putc
	PRINT_DWORDS buffer, BUF_DWORDS
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =save_area
	ldr	x1, [x0, #248]
	mov	sp, x1
	ldr	x1, [x0, #256]
	msr	nzcv, x1
	ldr	x30, [x0, #264]
	GP_X1_X29 ldp
	mrs	x0, tpidrro_el0
	ret
	.ltorg

	.balign	2048
vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign	0x80
	mov	x19, #\i
	b	exc_common
	.endr

	.section .bss, "aw", %nobits
	.balign	16
save_area:	.space	34 * 8
buffer:		.space	BUF_DWORDS * 8		// must directly follow save_area (seq_end)
exit_block:	.space	16
	.balign	16
	.space	8192
stack_top:

	.section .seqs, "ax"
	.global	seq_base
seq_base:
	.incbin	"seqs.bin"
