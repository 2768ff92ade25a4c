// What the two differential-test ROM runtimes share (rom.S for run-diff, fprom.S for
// run-diff --fpsimd; see README.md): the console and exit helpers, the report of an unexpected
// exception, and macros for the buffer fill, the general-register save/restore and the digest.
// #include'd at the top of each, before its own code; the functions go to .text, after the
// includer's jump table at _start (.text.boot comes first in rom.ld).

	.equ	UART_DR, 0x09000000
	.equ	BUF_DWORDS, 32		// scratch buffer: 256 bytes, must match a64gen.py and fpgen.py

// Print "ELSIM-DIFF BEGIN EL<n>" and jump to the sequences (the end of start).
.macro BANNER_AND_RUN
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
.endm

// Fill the scratch buffer with an xorshift64 stream from the seed in x1. Clobbers x1-x4.
.macro FILL_BUFFER
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
.endm

// \op (stp to save, ldp to load) x1..x29 at [x0, #8] .. [x0, #232]: xN at dword N.
.macro GP_X1_X29 op
	\op	x1, x2, [x0, #8]
	\op	x3, x4, [x0, #24]
	\op	x5, x6, [x0, #40]
	\op	x7, x8, [x0, #56]
	\op	x9, x10, [x0, #72]
	\op	x11, x12, [x0, #88]
	\op	x13, x14, [x0, #104]
	\op	x15, x16, [x0, #120]
	\op	x17, x18, [x0, #136]
	\op	x19, x20, [x0, #152]
	\op	x21, x22, [x0, #168]
	\op	x23, x24, [x0, #184]
	\op	x25, x26, [x0, #200]
	\op	x27, x28, [x0, #216]
	.ifc	\op, stp
	str	x29, [x0, #232]
	.else
	ldr	x29, [x0, #232]
	.endif
.endm

// Print the FNV-style 64-bit hash of the \dwords dwords (an even number) at \state as 16 hex
// digits. Clobbers x0-x5 (and what puthex does).
.macro PRINT_DIGEST state, dwords
	ldr	x0, =0xcbf29ce484222325
	ldr	x4, =0x100000001b3
	ldr	x1, =\state
	mov	x2, #(\dwords / 2)
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
.endm

// Print the \count dwords at \addr, each as " " and 16 hex digits. Clobbers x0-x3, x19, x20.
.macro PRINT_DWORDS addr, count
	ldr	x19, =\addr
	mov	x20, #\count
1:	ldr	x0, [x19], #8
	bl	putsphex
	subs	x20, x20, #1
	b.ne	1b
.endm

	.text
finish:
	ldr	x0, =stack_top
	mov	sp, x0
	adr	x0, msg_end
	bl	puts
	mov	x0, #0
	b	semihost_exit

// x0 = exit status. SYS_EXIT with the AArch64 parameter block
// {ADP_Stopped_ApplicationExit, status}.
semihost_exit:
	ldr	x1, =exit_block
	mov	x2, #0x0026
	movk	x2, #0x2, lsl #16
	stp	x2, x0, [x1]
	mov	w0, #0x18
	hlt	#0xf000
1:	b	1b

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

// An exception the ROM does not expect is a failure of the test itself or of the simulator:
// report it and exit 1.
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
