// Runtime of the FP/SIMD differential-test ROMs (see README.md, "FP/SIMD mode").
//
// The generated sequences (seqs.bin, made by fpgen.py) are placed at SEQ_BASE and call back into
// this runtime through the fixed jump table at the image start. After every instruction under
// test, `step` prints the state as one 16-hex-digit digest line, or (built with -DTRACE) as one
// "S" line with all of it. Synchronous exceptions taken from the sequences (UNDEFINED encodings)
// are recorded in the state and the instruction is skipped. Only integer instructions and
// LDP/STP of Q registers (the Foundation FP/SIMD loads/stores) are used to read the state.
//
// State layout (dwords; the buffer must directly follow): 0..30 = x0..x30, 31 = nzcv,
// 32 = fpsr, 33 = fpcr, 34 = esr, 35 = far of the last exception, 36 = exceptions taken,
// 37 = 0, 38..101 = v0..v31 (low, high), 102..133 = scratch buffer.
// Record layout (dwords): 0..30 = x0..x30, 31 = nzcv, 32 = fpcr, 33 = buffer seed,
// 34..97 = v0..v31.

	.equ	UART_DR, 0x09000000
	.equ	BUF_DWORDS, 32		// scratch buffer: 256 bytes, must match fpgen.py
	.equ	STATE_DWORDS, 102 + BUF_DWORDS
	.equ	ST_NZCV, 31 * 8
	.equ	ST_FPSR, 32 * 8
	.equ	ST_FPCR, 33 * 8
	.equ	ST_ESR, 34 * 8
	.equ	ST_FAR, 35 * 8
	.equ	ST_EXC, 36 * 8
	.equ	ST_V, 38 * 8
	.equ	SEQ_BASE, 0x40100000

	.section .text.boot, "ax"
	.global	_start
_start:
	b	start			// +0x00
	b	seq_begin		// +0x04  x0 = record: load all but x0-x30
	b	step			// +0x08  digest (or dump) the state after one instruction
	b	finish			// +0x0c  all sequences done
	b	seq_again		// +0x10  x0 = record: after the first pass, load it all again

start:
	ldr	x0, =stack_top
	mov	sp, x0
	ldr	x0, =pass
	str	xzr, [x0]
	ldr	x0, =vectors
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	1f
	msr	vbar_el2, x0
	mov	x1, #0x33ff		// CPTR_EL2: RES1 bits, TFP = 0 (no FP/SIMD trap)
	msr	cptr_el2, x1
	b	2f
1:	msr	vbar_el1, x0		// (Unicorn runs the ROM at EL1)
	mov	x1, #(3 << 20)		// CPACR_EL1.FPEN = 0b11
	msr	cpacr_el1, x1
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

// x0 = record. Fills the scratch buffer (xorshift64 from the record's seed), loads V0-V31,
// FPCR (x5), NZCV, clears FPSR and the exception slots. Preserves x0 and x30; the caller loads
// x0-x30 afterwards. A sequence runs twice: seq_begin before the first pass (FPCR from record
// dword 32), seq_again after each pass: after the first it loads the state again with the FPCR
// of dword 98 (the caller then branches back to the body); after the second it returns past
// the caller's RELOAD_BYTES of reloading and branching.
	.equ	RELOAD_BYTES, 18 * 4
seq_begin:
	ldr	x5, [x0, #(32 * 8)]
	b	load_state
seq_again:
	ldr	x1, =pass
	ldr	x2, [x1]
	eor	x2, x2, #1
	str	x2, [x1]
	cbz	x2, 1f
	ldr	x5, [x0, #(98 * 8)]
	b	load_state
1:	add	x30, x30, #RELOAD_BYTES
	ret
load_state:
	ldr	x1, [x0, #(33 * 8)]
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
	ldr	x1, =state
	stp	xzr, xzr, [x1, #ST_ESR]
	stp	xzr, xzr, [x1, #ST_EXC]
	add	x1, x0, #(34 * 8)
	ldp	q0, q1, [x1], #32
	ldp	q2, q3, [x1], #32
	ldp	q4, q5, [x1], #32
	ldp	q6, q7, [x1], #32
	ldp	q8, q9, [x1], #32
	ldp	q10, q11, [x1], #32
	ldp	q12, q13, [x1], #32
	ldp	q14, q15, [x1], #32
	ldp	q16, q17, [x1], #32
	ldp	q18, q19, [x1], #32
	ldp	q20, q21, [x1], #32
	ldp	q22, q23, [x1], #32
	ldp	q24, q25, [x1], #32
	ldp	q26, q27, [x1], #32
	ldp	q28, q29, [x1], #32
	ldp	q30, q31, [x1], #32
	msr	fpcr, x5
	msr	fpsr, xzr
	ldr	x1, [x0, #(31 * 8)]
	msr	nzcv, x1
	ret

// Entered with the sequence's x30 in TPIDR_EL0 and the return address in x30; returns with
// everything but x30 as it was (the call site reloads x30 from TPIDR_EL0). SP is the runtime
// stack throughout (the sequences never write it).
step:
	str	x30, [sp, #-16]!
	msr	tpidrro_el0, x0
	ldr	x0, =state
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
	mrs	x1, tpidr_el0
	str	x1, [x0, #240]
	mrs	x1, tpidrro_el0
	str	x1, [x0]
	mrs	x1, nzcv
	str	x1, [x0, #ST_NZCV]
	mrs	x1, fpsr
	mrs	x2, fpcr
	stp	x1, x2, [x0, #ST_FPSR]
	add	x1, x0, #ST_V
	stp	q0, q1, [x1], #32
	stp	q2, q3, [x1], #32
	stp	q4, q5, [x1], #32
	stp	q6, q7, [x1], #32
	stp	q8, q9, [x1], #32
	stp	q10, q11, [x1], #32
	stp	q12, q13, [x1], #32
	stp	q14, q15, [x1], #32
	stp	q16, q17, [x1], #32
	stp	q18, q19, [x1], #32
	stp	q20, q21, [x1], #32
	stp	q22, q23, [x1], #32
	stp	q24, q25, [x1], #32
	stp	q26, q27, [x1], #32
	stp	q28, q29, [x1], #32
	stp	q30, q31, [x1], #32
#ifdef TRACE
	// "S" and every state dword
	mov	w0, #'S'
	bl	putc
	ldr	x19, =state
	mov	x20, #STATE_DWORDS
1:	ldr	x0, [x19], #8
	bl	putsphex
	subs	x20, x20, #1
	b.ne	1b
#else
	// FNV-style 64-bit hash of the state
	ldr	x0, =0xcbf29ce484222325
	ldr	x4, =0x100000001b3
	ldr	x1, =state
	mov	x2, #(STATE_DWORDS / 2)
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
#endif
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =state
	ldr	x1, [x0, #ST_NZCV]
	msr	nzcv, x1
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
	ldr	x0, [x0]
	ldr	x30, [sp], #16
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

// Synchronous exception from the current EL: if it came from a sequence, record ESR and FAR
// (0 when FAR is UNKNOWN: not a data abort), count it and resume after the instruction (ERET
// restores NZCV from SPSR).
sync_current:
	stp	x0, x1, [sp, #-32]!
	str	x2, [sp, #16]
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	1f
	mrs	x0, elr_el2
	mov	x1, #SEQ_BASE
	cmp	x0, x1
	b.lo	fatal_sync
	add	x0, x0, #4
	msr	elr_el2, x0
	ldr	x0, =state
	mrs	x1, esr_el2
	str	x1, [x0, #ST_ESR]
	mrs	x2, far_el2
	b	2f
1:	mrs	x0, elr_el1
	mov	x1, #SEQ_BASE
	cmp	x0, x1
	b.lo	fatal_sync
	add	x0, x0, #4
	msr	elr_el1, x0
	ldr	x0, =state
	mrs	x1, esr_el1
	str	x1, [x0, #ST_ESR]
	mrs	x2, far_el1
2:	lsr	x1, x1, #27		// FAR is valid for data aborts only (EC 0x24, 0x25)
	cmp	x1, #(0x24 >> 1)
	csel	x1, x2, xzr, eq
	str	x1, [x0, #ST_FAR]
	ldr	x1, [x0, #ST_EXC]
	add	x1, x1, #1
	str	x1, [x0, #ST_EXC]
	ldr	x2, [sp, #16]
	ldp	x0, x1, [sp], #32
	eret

fatal_sync:
	ldp	x0, x1, [sp], #32
	mov	x19, #4
	// fall through
// Any other exception is a failure of the test itself or of the simulator: report it, exit 1.
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
	.if	\i == 4
	b	sync_current
	.else
	mov	x19, #\i
	b	exc_common
	.endif
	.endr

	.section .bss, "aw", %nobits
	.balign	16
state:		.space	102 * 8
buffer:		.space	BUF_DWORDS * 8		// must directly follow state (the digest)
exit_block:	.space	16
pass:		.space	8			// 0 in the first pass of a sequence, 1 in the second
	.balign	16
	.space	8192
stack_top:

	.section .seqs, "ax"
	.global	seq_base
seq_base:
	.incbin	"seqs.bin"
