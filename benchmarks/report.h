/*
 * Reporting a count measured by a benchmark ROM whose instruction count depends on it
 * (irqstorm.S: interrupts taken; smp4.S: passes of the boot CPU's wait loop).  Included
 * after bench.h.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#define BENCH_REPORT_INSNS 149

	/* Print one line "\name 0x<\reg as 16 hex digits>\n" on the console with semihosting
	 * SYS_WRITE0; run-bench reads it.  Destroys \reg, x0-x5.  Branch-free but for a loop
	 * of 16 passes: 2 + 16 * 9 + 3 = 149 instructions (BENCH_REPORT_INSNS). */
	.macro	bench_report name, reg
	.pushsection .data, "aw"
.Lreport_line\@:
	.ascii	"\name 0x"
.Lreport_digits\@:
	.ascii	"0000000000000000\n\0"
	.popsection
	adr	x1, .Lreport_digits\@
	mov	x2, #16
.Lreport_digit\@:
	lsr	x3, \reg, #60
	lsl	\reg, \reg, #4
	add	x4, x3, #'0'
	add	x5, x3, #('a' - 10)
	cmp	x3, #10
	csel	x4, x4, x5, lo
	strb	w4, [x1], #1
	subs	x2, x2, #1
	b.ne	.Lreport_digit\@
	adr	x1, .Lreport_line\@
	mov	w0, #0x04
	hlt	#0xf000
	.endm

#endif
