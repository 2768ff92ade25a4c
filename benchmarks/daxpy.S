/*
 * Scalar double-precision FP benchmark: daxpy, y[i] += a * x[i], over two arrays of 256
 * doubles (2 KiB each, so the loop measures FP execution, not memory), one pass per
 * iteration. Four elements per inner iteration: two with FMADD (fused, one rounding: what
 * GCC emits by default, -ffp-contract=fast) and two with FMUL then FADD (two roundings:
 * -ffp-contract=off). a = 0.1 is inexact, so every result is rounded.
 *
 *   setup: CPACR_EL1 (3), x and y pointers (2), init loop (3 + 256 * 8), a (2)  = 2058
 *   per iteration (pass): 3 + 64 * 14 + 2                                        =  901
 *
 * Instructions: prologue 2 + setup 2058 + N * 901 + exit 3  =  901 N + 2063.
 */
#include "bench.h"

#define DAXPY_LEN 256

	bench_start
	/* CPACR_EL1.FPEN = 11: the -s1 and -s12 variants run this at EL1, where FP would trap
	 * otherwise (at EL2 the write is harmless). */
	mov	x9, #(3 << 20)
	msr	cpacr_el1, x9
	isb
	adr	x1, daxpy_x
	adr	x2, daxpy_y
	/* x[i] = i + 1, y[i] = i */
	mov	x3, xzr
	mov	x4, #1
	mov	x5, #DAXPY_LEN
init:	scvtf	d1, x4
	scvtf	d2, x3
	str	d1, [x1, x3, lsl #3]
	str	d2, [x2, x3, lsl #3]
	mov	x3, x4
	add	x4, x4, #1
	subs	x5, x5, #1
	b.ne	init
	adr	x9, daxpy_a
	ldr	d0, [x9]

pass:	mov	x3, x1			/* x cursor */
	mov	x4, x2			/* y cursor */
	mov	x5, #(DAXPY_LEN / 4)
elem4:	ldp	d1, d2, [x3], #16
	ldp	d3, d4, [x3], #16
	ldp	d5, d6, [x4]
	ldp	d7, d16, [x4, #16]
	fmadd	d5, d1, d0, d5		/* y0 += a * x0, fused */
	fmadd	d6, d2, d0, d6
	fmul	d3, d3, d0		/* y2 += a * x2, rounded twice */
	fmul	d4, d4, d0
	fadd	d7, d7, d3
	fadd	d16, d16, d4
	stp	d5, d6, [x4], #16
	stp	d7, d16, [x4], #16
	subs	x5, x5, #1
	b.ne	elem4
	subs	x0, x0, #1
	b.ne	pass
	bench_exit

	bench_data 100000
	.balign	8
daxpy_a:
	.double	0.1

	/* A page of their own: elsim drops the decoded blocks of a page holding code on any
	 * store to it, and that would be what the loop measures. */
	.section .bss, "aw", %nobits
	.balign	4096
daxpy_x:
	.skip	DAXPY_LEN * 8
daxpy_y:
	.skip	DAXPY_LEN * 8
