/*
 * AdvSIMD benchmark: the two string routines every program runs, written the way glibc's
 * AArch64 versions work (16-byte vector loads, compare to zero, a 64-bit syndrome).
 * Per iteration: memcpy of a 1040-byte string block (its NUL at offset 1000) to another
 * buffer, strlen of the copy from offset 3, and a check of the length (exit 1 if wrong).
 *
 *   memcpy: 64 bytes per iteration with LDP/STP of Q registers, the 16-byte tail with LD1/ST1.
 *   strlen: the aligned 16-byte chunk holding s first (CMEQ #0, SHRN #4: a nibble per byte,
 *     shifted right by 4 bits per byte before s), then 32 bytes per iteration, UMINP + UMINV
 *     finding whether any byte is zero, and the syndrome of the last 32 bytes for the position.
 *
 *   loop: mov, mov, mov, bl, memcpy (106), add, bl, strlen (177), cmp, b.ne, subs, b.ne  = 293
 *   memcpy(1040): mov, subs, b.lo, 16 * 6, adds, b.eq, 1 * 4, ret                          = 106
 *   strlen(dst + 3): first chunk 8, loop 31 * 5 (the NUL at 1000 is in bytes 992..1007,
 *     the second half of the last 32), position 5 + 4 + 5                                 = 177
 *   setup: mov x19, CPACR_EL1 (3), buffer pointers (2)                                     =   6
 *
 * Instructions: prologue 2 + setup 6 + N * 293 + exit 3  =  293 N + 11.
 */
#include "bench.h"

#define NEON_COPY 1040		/* bytes copied, a multiple of 16 */
#define NEON_NUL 1000		/* offset of the string's NUL */
#define NEON_FROM 3		/* strlen starts here: not 16-byte aligned */

	bench_start
	mov	x19, x0			/* x0 carries arguments: count in x19 */
	/* CPACR_EL1.FPEN = 11: the -s1 and -s12 variants run this at EL1, where SIMD would
	 * trap otherwise (at EL2 the write is harmless). */
	mov	x9, #(3 << 20)
	msr	cpacr_el1, x9
	isb
	adr	x20, neon_src
	adr	x21, neon_dst

loop:	mov	x0, x21
	mov	x1, x20
	mov	x2, #NEON_COPY
	bl	memcpy_q
	add	x0, x21, #NEON_FROM
	bl	strlen_q
	cmp	x0, #(NEON_NUL - NEON_FROM)
	b.ne	fail
	subs	x19, x19, #1
	b.ne	loop
	bench_exit

fail:	adr	x1, neon_fail_block
	mov	w0, #0x18
	hlt	#0xf000

/* memcpy(x0 = dst, x1 = src, x2 = n): n a multiple of 16, dst and src 16-byte aligned
 * (the ROM runs with the MMU off, where memory is Device and must be accessed aligned).
 * Returns dst. */
memcpy_q:
	mov	x3, x0
	subs	x2, x2, #64
	b.lo	2f
1:	ldp	q0, q1, [x1], #32	/* 64 bytes per iteration */
	ldp	q2, q3, [x1], #32
	stp	q0, q1, [x3], #32
	stp	q2, q3, [x3], #32
	subs	x2, x2, #64
	b.hs	1b
2:	adds	x2, x2, #64		/* 0, 16, 32 or 48 bytes left */
	b.eq	4f
3:	ld1	{v0.16b}, [x1], #16
	st1	{v0.16b}, [x3], #16
	subs	x2, x2, #16
	b.ne	3b
4:	ret

/* strlen(x0 = s): the number of bytes before the first NUL. Loads are aligned to 16 bytes,
 * so they never cross into a page the string does not reach. */
strlen_q:
	bic	x1, x0, #15
	ldr	q0, [x1], #16
	cmeq	v0.16b, v0.16b, #0	/* 0xff for a NUL byte */
	shrn	v0.8b, v0.8h, #4	/* byte k of the chunk -> bits 4k..4k+3 of the syndrome */
	fmov	x2, d0
	lsl	x3, x0, #2		/* LSR by register uses the low 6 bits: 4 * (s mod 16) */
	lsr	x2, x2, x3		/* drop the bytes before s */
	cbnz	x2, 3f
1:	ldp	q0, q1, [x1], #32	/* 32 bytes per iteration */
	uminp	v2.16b, v0.16b, v1.16b
	uminv	b2, v2.16b		/* 0 iff some byte of the 32 is 0 */
	fmov	w2, s2
	cbnz	w2, 1b
	sub	x1, x1, #32		/* the 32 bytes holding the NUL */
	cmeq	v0.16b, v0.16b, #0
	shrn	v0.8b, v0.8h, #4
	fmov	x2, d0
	cbnz	x2, 2f
	add	x1, x1, #16		/* not in the first 16: in the second */
	cmeq	v0.16b, v1.16b, #0
	shrn	v0.8b, v0.8h, #4
	fmov	x2, d0
2:	rbit	x2, x2
	clz	x2, x2			/* 4 * (index of the NUL in the chunk at x1) */
	sub	x0, x1, x0
	add	x0, x0, x2, lsr #2
	ret
3:	rbit	x2, x2			/* the NUL is in the first chunk */
	clz	x2, x2
	lsr	x0, x2, #2
	ret

	bench_data 1000000
neon_fail_block:
	.quad	0x20023, 0		/* ADP_Stopped_RunTimeErrorUnknown */

	/* The string: bytes 1..255 (never 0) up to the NUL, then zeros. */
	.balign	16
neon_src:
	.set	i, 0
	.rept	NEON_NUL
	.byte	(i * 37) % 255 + 1
	.set	i, i + 1
	.endr
	.fill	NEON_COPY - NEON_NUL, 1, 0

	/* A page of its own: elsim drops the decoded blocks of a page holding code on any
	 * store to it, and that would be what the loop measures. */
	.section .bss, "aw", %nobits
	.balign	4096
neon_dst:
	.skip	NEON_COPY
