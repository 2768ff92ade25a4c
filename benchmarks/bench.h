/*
 * Shared frame of the benchmark ROMs (included by each benchmarks/<name>.S).
 *
 * A benchmark is one timed loop and nothing else, written in assembly so that the
 * number of instructions it executes is exact:
 *
 *     total = BENCH_PROLOGUE_INSNS + setup + N * per_iteration + BENCH_EXIT_INSNS
 *
 * N is read at start-up from the 64-bit little-endian word at symbol bench_iterations
 * (in .data, so run-bench can patch it in a copy of the ELF); it must be at least 1.
 * Register x0 counts the iterations down.  No output, no runtime: the ROM enters at
 * EL2 with the MMU off, runs the loop and ends with semihosting SYS_EXIT(0).
 */
#ifndef BENCH_H
#define BENCH_H

#define BENCH_PROLOGUE_INSNS 2
#define BENCH_EXIT_INSNS 3

	/* _start: x0 = bench_iterations.  2 instructions. */
	.macro	bench_start
	.section .text.boot, "ax"
	.global	_start
_start:
	adr	x9, bench_iterations
	ldr	x0, [x9]
	.endm

	/* SYS_EXIT with {ADP_Stopped_ApplicationExit, 0}.  3 instructions, the last being
	 * the semihosting HLT itself. */
	.macro	bench_exit
	adr	x1, bench_exit_block
	mov	w0, #0x18
	hlt	#0xf000
	.endm

	/* The patchable iteration count and the exit parameter block. */
	.macro	bench_data iterations
	.section .data, "aw"
	.balign	8
	.global	bench_iterations
bench_iterations:
	.quad	\iterations
bench_exit_block:
	.quad	0x20026, 0
	.endm

/* The ALU loop shared by alu, irqstorm and smp4: 4 instructions of set-up, then x0 iterations
 * of 18 (8 dependent operations on x2, 8 independent ones, 2 of loop control). */
.macro alu_loop
	mov	x2, #1
	mov	x3, #3
	mov	x4, #5
	mov	x5, #7
1:	add	x2, x2, x3
	eor	x2, x2, x4
	lsl	x2, x2, #1
	add	x2, x2, #7
	eor	x2, x2, x2, lsr #3
	sub	x2, x2, x5
	orr	x2, x2, #1
	ror	x2, x2, #5
	add	x10, x3, #1
	eor	x11, x4, x5
	lsl	x12, x5, #3
	and	x13, x3, x4
	sub	x14, x4, #9
	orr	x15, x5, x3
	asr	x16, x3, #2
	bic	x17, x4, x5
	subs	x0, x0, #1
	b.ne	1b
.endm

#endif
