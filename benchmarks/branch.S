/*
 * Branch benchmark: two conditional branches per iteration whose directions follow
 * pseudo-random bits of a 64-bit Galois LFSR (taps 64, 63, 61, 60), so that they
 * are hard to predict.  Both sides of each branch execute the same number of
 * instructions, so the count does not depend on the data:
 *
 *   lsr; tbz (falls through: eor, b | taken: mov, add); tbnz (falls through: add, b |
 *   taken: sub, eor); subs; b.ne   =  9 per iteration.
 *
 * Instructions: prologue 2 + setup 5 + N * 9 + exit 3  =  9 N + 10.
 */
#include "bench.h"

	bench_start
	mov	x3, #0xACE1		/* LFSR state (seed) */
	mov	x5, #0xD800000000000000	/* taps */
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
loop:
	lsr	x4, x3, #1
	tbz	x3, #0, 1f		/* output bit 0 decides the feedback */
	eor	x3, x4, x5
	b	2f
1:	mov	x3, x4
	add	x7, x7, #1
2:	tbnz	x3, #5, 3f		/* a second data-dependent branch */
	add	x6, x6, #1
	b	4f
3:	sub	x6, x6, #1
	eor	x8, x8, x3
4:	subs	x0, x0, #1
	b.ne	loop
	bench_exit

	bench_data 20000000
