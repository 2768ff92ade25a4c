/*
 * Call/return benchmark: per iteration, BL to two leaf functions and to one non-leaf
 * function that saves its frame record on the stack and calls a leaf itself.
 *
 *   bl leaf1 (1) + leaf1 (2)                                   =  3
 *   bl leaf2 (1) + leaf2 (3)                                   =  4
 *   bl mid (1) + mid: stp, bl, leaf1 (2), ldp, ret (6)         =  7
 *   subs, b.ne                                                 =  2   -> 16 per iteration
 *
 * Instructions: prologue 2 + setup 5 + N * 16 + exit 3  =  16 N + 10.
 */
#include "bench.h"

	bench_start
	adr	x10, __stack_el2_top
	mov	sp, x10
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
loop:
	bl	leaf1
	bl	leaf2
	bl	mid
	subs	x0, x0, #1
	b.ne	loop
	bench_exit

leaf1:	add	x1, x1, #1
	ret
leaf2:	eor	x2, x2, x1
	add	x3, x3, x2
	ret
mid:	stp	x29, x30, [sp, #-16]!
	bl	leaf1
	ldp	x29, x30, [sp], #16
	ret

	bench_data 10000000
