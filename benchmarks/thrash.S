/*
 * TLB-thrashing benchmark: one load per iteration, each from a different 4 KiB page of
 * a 32 MiB region of RAM (0x4100_0000..0x4300_0000, 8192 pages).  The offset steps by
 * 1031 pages + 64 bytes modulo 32 MiB: 1031 is odd, so consecutive loads land 1031
 * pages apart and a page is revisited only after about 8192 loads, which defeats any
 * TLB with fewer entries however it is indexed.  Built MMU off (thrash.elf), stage 1
 * (thrash-s1.elf) and stage 1 + stage 2 (thrash-s12.elf, the case that matters: every
 * miss is a nested walk); the MMU builds map the region with 4 KiB pages at both
 * stages (BENCH_RAM_MIB=48, see mmu.h).
 *
 * Instructions: prologue 2 + setup 5 + N * 6 + exit 3  =  6 N + 10.
 */
#include "bench.h"

	bench_start
	mov	x1, #0x41000000		/* region base */
	mov	x2, xzr			/* offset */
	mov	x5, #0x7040		/* stride: 1031 * 4096 + 64 = 0x40_7040 */
	movk	x5, #0x40, lsl #16
	mov	x4, xzr
loop:
	ldr	x3, [x1, x2]
	add	x4, x4, x3
	add	x2, x2, x5
	and	x2, x2, #0x1FFFFFF	/* wrap at 32 MiB */
	subs	x0, x0, #1
	b.ne	loop
	bench_exit

	bench_data 20000000
