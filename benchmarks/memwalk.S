/*
 * Load/store benchmark: walk a 1 MiB buffer in RAM (at 0x4020_0000, past the image)
 * a doubleword at a time, wrapping around, loading, modifying and storing each one.
 *
 * Instructions: prologue 2 + setup 2 + N * 7 + exit 3  =  7 N + 7.
 * (N = 131072 iterations is one pass over the buffer.)
 */
#include "bench.h"

	bench_start
	mov	x1, #0x40200000		/* buffer base */
	mov	x2, xzr			/* offset */
loop:
	ldr	x3, [x1, x2]
	add	x3, x3, x0
	str	x3, [x1, x2]
	add	x2, x2, #8
	and	x2, x2, #0xFFFFF	/* wrap at 1 MiB */
	subs	x0, x0, #1
	b.ne	loop
	bench_exit

	bench_data 40000000
