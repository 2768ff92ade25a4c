// Runtime of the differential-test ROMs (see README.md).
//
// The generated sequences (seqs.bin, made by a64gen.py) are placed at SEQ_BASE and call back
// into this runtime through the fixed jump table at the image start. Everything printed goes to
// the PL011 data register; the run ends with semihosting SYS_EXIT. Nothing here depends on
// timers or interrupts, so any two correct models print exactly the same bytes.
//
// Save-area layout (dwords): 0..30 = x0..x30, 31 = sp, 32 = nzcv, 33 = return address.

	.equ	UART_DR, 0x09000000
	.equ	BUF_DWORDS, 32		// scratch buffer: 256 bytes, must match a64gen.py

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
	adr	x0, msg_begin
	bl	puts
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	add	w0, w0, #'0'
	bl	putc
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =seq_base
	br	x0

finish:
	ldr	x0, =stack_top
	mov	sp, x0
	adr	x0, msg_end
	bl	puts
	mov	x0, #0
	b	semihost_exit

// x0 = exit status. SYS_EXIT with the AArch64 parameter block {ADP_Stopped_ApplicationExit, status}.
semihost_exit:
	ldr	x1, =exit_block
	mov	x2, #0x0026
	movk	x2, #0x2, lsl #16
	stp	x2, x0, [x1]
	mov	w0, #0x18
	hlt	#0xf000
1:	b	1b

// Fill the scratch buffer with an xorshift64 stream seeded from the record's dword 33.
// Preserves x0 and x30; clobbers x1-x3 (the caller loads all registers afterwards).
seq_begin:
	ldr	x1, [x0, #264]
	ldr	x2, =buffer
	mov	x3, #(BUF_DWORDS / 2)
1:	eor	x1, x1, x1, lsl #13
	eor	x1, x1, x1, lsr #7
	eor	x1, x1, x1, lsl #17
	eor	x4, x1, x1, lsl #13
	eor	x4, x4, x4, lsr #7
	eor	x4, x4, x4, lsl #17
	stp	x1, x4, [x2], #16
	mov	x1, x4
	subs	x3, x3, #1
	b.ne	1b
	ret

// Entered with the sequence's x30 in TPIDR_EL0 and the return address in x30. Stores every
// general register, SP and NZCV in the save area (x0 passes through TPIDRRO_EL0), then switches
// to the runtime stack. (EL0 thread registers: accessible at EL1 and EL2 alike.)
.macro SAVE_ALL
	msr	tpidrro_el0, x0
	ldr	x0, =save_area
	stp	x1, x2, [x0, #8]
	stp	x3, x4, [x0, #24]
	stp	x5, x6, [x0, #40]
	stp	x7, x8, [x0, #56]
	stp	x9, x10, [x0, #72]
	stp	x11, x12, [x0, #88]
	stp	x13, x14, [x0, #104]
	stp	x15, x16, [x0, #120]
	stp	x17, x18, [x0, #136]
	stp	x19, x20, [x0, #152]
	stp	x21, x22, [x0, #168]
	stp	x23, x24, [x0, #184]
	stp	x25, x26, [x0, #200]
	stp	x27, x28, [x0, #216]
	str	x29, [x0, #232]
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
	ldr	x0, =0xcbf29ce484222325
	ldr	x4, =0x100000001b3
	ldr	x1, =save_area
	mov	x2, #((34 + BUF_DWORDS) / 2)
1:	ldp	x3, x5, [x1], #16
	eor	x0, x0, x3
	mul	x0, x0, x4
	eor	x0, x0, x0, lsr #29
	eor	x0, x0, x5
	mul	x0, x0, x4
	eor	x0, x0, x0, lsr #29
	subs	x2, x2, #1
	b.ne	1b
	bl	puthex
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
	ldr	x19, =save_area
	ldr	x0, [x19, #264]
	bl	putsphex
	mov	x20, #33
1:	ldr	x0, [x19], #8
	bl	putsphex
	subs	x20, x20, #1
	b.ne	1b
	mov	w0, #'\n'
	bl	putc
	mov	w0, #'M'
	bl	putc
	ldr	x19, =buffer
	mov	x20, #BUF_DWORDS
2:	ldr	x0, [x19], #8
	bl	putsphex
	subs	x20, x20, #1
	b.ne	2b
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =save_area
	ldr	x1, [x0, #248]
	mov	sp, x1
	ldr	x1, [x0, #256]
	msr	nzcv, x1
	ldr	x30, [x0, #264]
	ldp	x1, x2, [x0, #8]
	ldp	x3, x4, [x0, #24]
	ldp	x5, x6, [x0, #40]
	ldp	x7, x8, [x0, #56]
	ldp	x9, x10, [x0, #72]
	ldp	x11, x12, [x0, #88]
	ldp	x13, x14, [x0, #104]
	ldp	x15, x16, [x0, #120]
	ldp	x17, x18, [x0, #136]
	ldp	x19, x20, [x0, #152]
	ldp	x21, x22, [x0, #168]
	ldp	x23, x24, [x0, #184]
	ldp	x25, x26, [x0, #200]
	ldp	x27, x28, [x0, #216]
	ldr	x29, [x0, #232]
	mrs	x0, tpidrro_el0
	ret

// Console helpers: write bytes straight to the PL011 data register. Clobber x0-x3 only.
putc:
	mov	x1, #UART_DR
	strb	w0, [x1]
	ret

puts:	// x0 = NUL-terminated string
	mov	x1, #UART_DR
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	strb	w2, [x1]
	b	1b
2:	ret

putsphex:	// " " then x0 as 16 hex digits
	mov	x1, #UART_DR
	mov	w2, #' '
	strb	w2, [x1]
	// fall through
puthex:		// x0 as 16 hex digits
	mov	x1, #UART_DR
	mov	x3, #60
1:	lsr	x2, x0, x3
	and	x2, x2, #0xf
	cmp	x2, #10
	add	x2, x2, #'0'
	add	x16, x2, #('a' - '0' - 10)
	csel	x2, x16, x2, hs
	strb	w2, [x1]
	subs	x3, x3, #4
	b.pl	1b
	ret

// Any exception is a failure of the test itself or of the simulator: report it and exit 1.
exc_common:	// x19 = vector index
	ldr	x0, =stack_top
	mov	sp, x0
	adr	x0, msg_exc
	bl	puts
	mov	x0, x19
	bl	puthex
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	1f
	mrs	x20, esr_el2
	mrs	x21, elr_el2
	mrs	x22, far_el2
	b	2f
1:	mrs	x20, esr_el1
	mrs	x21, elr_el1
	mrs	x22, far_el1
2:	adr	x0, msg_esr
	bl	puts
	mov	x0, x20
	bl	puthex
	adr	x0, msg_elr
	bl	puts
	mov	x0, x21
	bl	puthex
	adr	x0, msg_far
	bl	puts
	mov	x0, x22
	bl	puthex
	mov	w0, #'\n'
	bl	putc
	mov	x0, #1
	b	semihost_exit

msg_begin:	.asciz	"ELSIM-DIFF BEGIN EL"
msg_end:	.asciz	"ELSIM-DIFF END\n"
msg_exc:	.asciz	"\nELSIM-DIFF EXCEPTION vector="
msg_esr:	.asciz	" esr="
msg_elr:	.asciz	" elr="
msg_far:	.asciz	" far="
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
