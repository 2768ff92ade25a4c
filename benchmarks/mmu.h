/*
 * MMU frame of the benchmark ROMs: the same loops as the MMU-off benchmarks, run by an
 * EL1 guest with its stage-1 translation on, and optionally under a stage-2 translation
 * set up by EL2.  roms/bench/meson.build builds benchmarks/<name>.S a second and a third
 * time with
 *
 *     -DBENCH_MMU_STAGES=1 -include benchmarks/mmu.h     ->  <name>-s1.elf
 *     -DBENCH_MMU_STAGES=2 -include benchmarks/mmu.h     ->  <name>-s12.elf
 *
 * This header is read before the benchmark source: it includes bench.h (whose include
 * guard then makes the benchmark's own #include "bench.h" empty) and replaces the
 * bench_start macro by one that, after the usual 2-instruction prologue (x0 = N), goes
 * from EL2 to EL1 and turns the MMU on.  The loop, bench_exit and bench_data are
 * unchanged; the loop runs at EL1h, and SYS_EXIT is called from EL1.
 *
 * Both stages map identity (VA = IPA = PA), so the loops' absolute addresses stay valid,
 * and use 4 KiB pages everywhere (no blocks: every page needs its own TLB entry):
 *
 *     0x0900_0000  one page, the PL011 UART            stage 1 Device-nGnRE (MAIR attr 1),
 *                                                      stage 2 Device-nGnRE, execute-never
 *     0x4000_0000  BENCH_RAM_MIB MiB of RAM (default 4: the image, its page tables and
 *                  stacks, the memwalk buffer at 0x4020_0000; 48 for thrash, whose region
 *                  is 0x4100_0000..0x4300_0000)    stage 1 Normal write-back (MAIR attr 0),
 *                                                      stage 2 Normal write-back, RW
 *
 * Stage 1 (TTBR0_EL1, TCR_EL1): 48-bit VA, 4 KiB granule, walk from level 0 (4 levels),
 * 40-bit IPA.  Stage 2 (VTTBR_EL2 with VMID 1, VTCR_EL2): 40-bit IPA, 4 KiB granule,
 * walk from level 1 with two concatenated level-1 tables (as KVM sets up a 40-bit IPA
 * space), so a nested walk is 4 stage-1 levels each translated by 3 stage-2 levels.
 * The tables are built by the assembler as initialised data (.data.mmu), so setting
 * them up costs no instructions; TTBR1_EL1 walks are disabled (EPD1).
 *
 * Any exception (a translation fault, say) goes to bench_vectors, which ends the run with
 * SYS_EXIT(ADP_Stopped_RunTimeErrorUnknown): a non-zero exit status, never a hang.
 *
 * Instructions added to the MMU-off count (exact; run-bench --verify checks them):
 *     BENCH_MMU_S1_INSNS  = EL2 2 (VBAR) + 2 (HCR) + 5 (SPSR, ELR, ERET)  + EL1 14  = 23
 *     BENCH_MMU_S12_INSNS = EL2 2 (VBAR) + 7 (VTCR, VTTBR, HCR) + 5       + EL1 14  = 28
 */
#ifndef BENCH_MMU_H
#define BENCH_MMU_H

#include "bench.h"

#define BENCH_MMU_S1_INSNS 23
#define BENCH_MMU_S12_INSNS 28

#if !defined(BENCH_MMU_STAGES) || (BENCH_MMU_STAGES != 1 && BENCH_MMU_STAGES != 2)
#error "define BENCH_MMU_STAGES as 1 (stage 1) or 2 (stage 1 + stage 2)"
#endif
#ifndef BENCH_RAM_MIB
#define BENCH_RAM_MIB 4
#endif
#if BENCH_RAM_MIB % 2
#error "BENCH_RAM_MIB must be a multiple of 2 (one level-3 table maps 2 MiB)"
#endif

#define MMU_UART_BASE 0x09000000
#define MMU_RAM_BASE 0x40000000
#define MMU_RAM_L3_TABLES (BENCH_RAM_MIB / 2)
#define MMU_RAM_PAGES (BENCH_RAM_MIB * 256)

/* Descriptors (ARM ARM D8.3): bits[1:0] = 0b11 is a table descriptor at levels 0-2 and
 * a page descriptor at level 3. */
#define PTE_TABLE 3
#define PTE_PAGE 3
#define PTE_AF (1 << 10)
#define PTE_SH_INNER (3 << 8)
/* Stage 1: AttrIndx[4:2], AP[7:6] = 0b00 (EL1 read/write, no EL0 access), PXN, UXN. */
#define S1_ATTRIDX(i) ((i) << 2)
#define S1_PXN (1 << 53)
#define S1_UXN (1 << 54)
#define S1_NORMAL (PTE_PAGE | S1_ATTRIDX(0) | PTE_SH_INNER | PTE_AF | S1_UXN)
#define S1_DEVICE (PTE_PAGE | S1_ATTRIDX(1) | PTE_AF | S1_PXN | S1_UXN)
/* Stage 2: MemAttr[5:2] (0b1111 Normal inner/outer write-back, 0b0001 Device-nGnRE),
 * S2AP[7:6] = 0b11 (read/write), XN[54]. */
#define S2_MEMATTR(a) ((a) << 2)
#define S2_RW (3 << 6)
#define S2_XN (1 << 54)
#define S2_NORMAL (PTE_PAGE | S2_MEMATTR(0xF) | S2_RW | PTE_SH_INNER | PTE_AF)
#define S2_DEVICE (PTE_PAGE | S2_MEMATTR(0x1) | S2_RW | PTE_AF | S2_XN)

/* MAIR_EL1: attr0 0xFF Normal, inner/outer write-back read/write-allocate; attr1 0x04
 * Device-nGnRE. */
#define MMU_MAIR 0x04FF
/* TCR_EL1: T0SZ 16 (48-bit VA), IRGN0/ORGN0 write-back write-allocate, SH0 inner
 * shareable, TG0 4 KiB, EPD1 (no TTBR1 walks), IPS 0b010 (40 bits). */
#define MMU_TCR (16 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32))
/* SCTLR_EL1: RES1 bits (29, 28, 23, 22, 20, 11) + M, C, SA, I. */
#define MMU_SCTLR (0x30D00800 | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 12))
/* VTCR_EL2: T0SZ 24 (40-bit IPA), SL0 0b01 (start at level 1), IRGN0/ORGN0 write-back,
 * SH0 inner shareable, TG0 4 KiB, PS 0b010 (40 bits), RES1 bit 31. */
#define MMU_VTCR (24 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 16) | (1 << 31))
#define MMU_VMID 1
/* HCR_EL2: RW (EL1 is AArch64), and VM for stage 2. */
#define MMU_HCR_RW (1 << 31)
#define MMU_HCR_VM (1 << 0)
/* SPSR_EL2 for the ERET: EL1h, D, A, I, F masked. */
#define MMU_SPSR_EL1H 0x3C5

	/* Levels 2 and 3 of one stage's identity map: \p\()_l2_dev -> \p\()_l3_dev (the UART
	 * page) and \p\()_l2_ram -> \p\()_l3_ram (MMU_RAM_L3_TABLES contiguous tables). */
	.macro	mmu_lower_levels p, normal, device
	.balign	4096
\p\()_l2_dev:
	.fill	(MMU_UART_BASE >> 21) & 511, 8, 0
	.quad	\p\()_l3_dev + PTE_TABLE
	.fill	511 - ((MMU_UART_BASE >> 21) & 511), 8, 0
\p\()_l2_ram:
	.set	.Lmmu_i, 0
	.rept	MMU_RAM_L3_TABLES
	.quad	\p\()_l3_ram + .Lmmu_i * 4096 + PTE_TABLE
	.set	.Lmmu_i, .Lmmu_i + 1
	.endr
	.fill	512 - MMU_RAM_L3_TABLES, 8, 0
\p\()_l3_dev:
	.fill	(MMU_UART_BASE >> 12) & 511, 8, 0
	.quad	MMU_UART_BASE + \device
	.fill	511 - ((MMU_UART_BASE >> 12) & 511), 8, 0
\p\()_l3_ram:
	.set	.Lmmu_pa, MMU_RAM_BASE
	.rept	MMU_RAM_PAGES
	.quad	.Lmmu_pa + \normal
	.set	.Lmmu_pa, .Lmmu_pa + 4096
	.endr
	.endm

	/* The page tables, built at assembly time. */
	.macro	mmu_tables
	.pushsection .data.mmu, "aw"
	.balign	8192
#if BENCH_MMU_STAGES == 2
	/* Stage 2 level 1: two concatenated tables (1024 entries, 8 KiB aligned), index
	 * IPA[39:30]. */
mmu_s2_l1:
	.quad	mmu_s2_l2_dev + PTE_TABLE		/* IPA 0 - 1 GiB */
	.quad	mmu_s2_l2_ram + PTE_TABLE		/* IPA 1 - 2 GiB */
	.fill	1022, 8, 0
	mmu_lower_levels mmu_s2, S2_NORMAL, S2_DEVICE
#endif
	.balign	4096
	/* Stage 1 level 0, index VA[47:39], and level 1, index VA[38:30]. */
mmu_s1_l0:
	.quad	mmu_s1_l1 + PTE_TABLE
	.fill	511, 8, 0
mmu_s1_l1:
	.quad	mmu_s1_l2_dev + PTE_TABLE		/* VA 0 - 1 GiB */
	.quad	mmu_s1_l2_ram + PTE_TABLE		/* VA 1 - 2 GiB */
	.fill	510, 8, 0
	mmu_lower_levels mmu_s1, S1_NORMAL, S1_DEVICE
	.balign	8
mmu_fail_block:
	.quad	0x20023, 0			/* ADP_Stopped_RunTimeErrorUnknown */
	.popsection
	.endm

	/* Exception vectors for EL2 and EL1: every entry ends the run with a failure. */
	.macro	mmu_vectors
	.pushsection .text.mmu, "ax"
	.balign	2048
mmu_vectors:
	.rept	16
	b	mmu_fail
	.balign	128
	.endr
mmu_fail:
	adr	x1, mmu_fail_block
	mov	w0, #0x18
	hlt	#0xf000
	b	.
	.popsection
	.endm

	/* Enter at EL2 with the MMU off; leave at EL1h with stage 1 on (and stage 2 under
	 * it if BENCH_MMU_STAGES == 2).  Uses x1 only. */
	.macro	mmu_enter
	/* EL2: 2 + (2 or 7) + 5 instructions */
	adr	x1, mmu_vectors
	msr	vbar_el2, x1
#if BENCH_MMU_STAGES == 2
	ldr	x1, =MMU_VTCR
	msr	vtcr_el2, x1
	adr	x1, mmu_s2_l1
	orr	x1, x1, #(MMU_VMID << 48)
	msr	vttbr_el2, x1
	ldr	x1, =(MMU_HCR_RW | MMU_HCR_VM)
#else
	ldr	x1, =MMU_HCR_RW
#endif
	msr	hcr_el2, x1
	mov	x1, #MMU_SPSR_EL1H
	msr	spsr_el2, x1
	adr	x1, .Lmmu_el1\@
	msr	elr_el2, x1
	eret
.Lmmu_el1\@:
	/* EL1: 14 instructions, as a guest kernel turns its MMU on */
	adr	x1, mmu_vectors
	msr	vbar_el1, x1
	ldr	x1, =MMU_MAIR
	msr	mair_el1, x1
	ldr	x1, =MMU_TCR
	msr	tcr_el1, x1
	adr	x1, mmu_s1_l0
	msr	ttbr0_el1, x1
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x1, =MMU_SCTLR
	msr	sctlr_el1, x1
	isb
	.endm

	/* bench_start for the MMU variants: the prologue of bench.h (x0 = N, 2
	 * instructions), then mmu_enter. */
	.purgem	bench_start
	.macro	bench_start
	mmu_tables
	mmu_vectors
	.section .text.boot, "ax"
	.global	_start
_start:
	adr	x9, bench_iterations
	ldr	x0, [x9]
	mmu_enter
	.endm

#endif
