/*
 * ALU benchmark: a chain of dependent integer operations (each needs the previous
 * result) and a group of independent ones, on registers only.
 *
 * Instructions: prologue 2 + setup 4 + N * 18 + exit 3  =  18 N + 9.
 */
#include "bench.h"

	bench_start
	mov	x2, #1
	mov	x3, #3
	mov	x4, #5
	mov	x5, #7
loop:	/* 8 dependent operations on x2 */
	add	x2, x2, x3
	eor	x2, x2, x4
	lsl	x2, x2, #1
	add	x2, x2, #7
	eor	x2, x2, x2, lsr #3
	sub	x2, x2, x5
	orr	x2, x2, #1
	ror	x2, x2, #5
	/* 8 independent operations */
	add	x10, x3, #1
	eor	x11, x4, x5
	lsl	x12, x5, #3
	and	x13, x3, x4
	sub	x14, x4, #9
	orr	x15, x5, x3
	asr	x16, x3, #2
	bic	x17, x4, x5
	/* loop control: 2 */
	subs	x0, x0, #1
	b.ne	loop
	bench_exit

	bench_data 20000000
