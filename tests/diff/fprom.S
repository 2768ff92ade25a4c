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

#include "rom-common.S"

	.equ	STATE_DWORDS, 102 + BUF_DWORDS
	.equ	ST_NZCV, 31 * 8
	.equ	ST_FPSR, 32 * 8
	.equ	ST_FPCR, 33 * 8
	.equ	ST_ESR, 34 * 8
	.equ	ST_FAR, 35 * 8
	.equ	ST_EXC, 36 * 8
	.equ	ST_V, 38 * 8
	.equ	SEQ_BASE, 0x40100000

// \op (stp to save, ldp to load) V0..V31 at [x1], advancing x1 by 512.
.macro Q0_Q31 op
	\op	q0, q1, [x1], #32
	\op	q2, q3, [x1], #32
	\op	q4, q5, [x1], #32
	\op	q6, q7, [x1], #32
	\op	q8, q9, [x1], #32
	\op	q10, q11, [x1], #32
	\op	q12, q13, [x1], #32
	\op	q14, q15, [x1], #32
	\op	q16, q17, [x1], #32
	\op	q18, q19, [x1], #32
	\op	q20, q21, [x1], #32
	\op	q22, q23, [x1], #32
	\op	q24, q25, [x1], #32
	\op	q26, q27, [x1], #32
	\op	q28, q29, [x1], #32
	\op	q30, q31, [x1], #32
.endm

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
	BANNER_AND_RUN

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
	FILL_BUFFER
	ldr	x1, =state
	stp	xzr, xzr, [x1, #ST_ESR]
	stp	xzr, xzr, [x1, #ST_EXC]
	add	x1, x0, #(34 * 8)
	Q0_Q31 ldp
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
	GP_X1_X29 stp
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
	Q0_Q31 stp
#ifdef TRACE
	// "S" and every state dword
	mov	w0, #'S'
	bl	putc
	PRINT_DWORDS state, STATE_DWORDS
#else
	// FNV-style 64-bit hash of the state
	PRINT_DIGEST state, STATE_DWORDS
#endif
	mov	w0, #'\n'
	bl	putc
	ldr	x0, =state
	ldr	x1, [x0, #ST_NZCV]
	msr	nzcv, x1
	GP_X1_X29 ldp
	ldr	x0, [x0]
	ldr	x30, [sp], #16
	ret

// sync_current's work at EL \el: an exception not from a sequence goes to fatal_sync; else step
// ELR_EL\el over the instruction and store ESR in the state. Leaves x0 = state, x1 = ESR,
// x2 = FAR.
.macro SKIP_AND_RECORD el
	mrs	x0, elr_el\el
	mov	x1, #SEQ_BASE
	cmp	x0, x1
	b.lo	fatal_sync
	add	x0, x0, #4
	msr	elr_el\el, x0
	ldr	x0, =state
	mrs	x1, esr_el\el
	str	x1, [x0, #ST_ESR]
	mrs	x2, far_el\el
.endm

// Synchronous exception from the current EL: if it came from a sequence, record ESR and FAR
// (0 when FAR is UNKNOWN: not a data abort), count it and resume after the instruction (ERET
// restores NZCV from SPSR).
sync_current:
	stp	x0, x1, [sp, #-32]!
	str	x2, [sp, #16]
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	1f
	SKIP_AND_RECORD 2
	b	2f
1:	SKIP_AND_RECORD 1
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

fatal_sync:	// not from a sequence: report it (rom-common.S)
	ldp	x0, x1, [sp], #32
	mov	x19, #4
	b	exc_common
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
