/*
 * Self-modifying code with the required cache maintenance (issue 3, ROM test (e)).
 *
 * ARM ARM, "Concurrent modification and execution of instructions" and "Instruction
 * cache maintenance": after writing instructions, DC CVAU (clean to the point of
 * unification) + DSB ISH + IC IVAU (or IC IALLU[IS]) + DSB ISH + ISB make the new
 * instructions visible to the fetch of this PE.  Every case first runs the old code
 * several times, so that a simulator caching decoded code holds the stale version:
 *
 *   A. EL2, MMU off: rewrite one instruction in the middle of a small function; and code
 *      that rewrites the instruction it is about to execute, in the same block.
 *   B. EL1 with stage 1 on (under an identity stage 2): the guest executes its code page at
 *      VA X (read-only, executable) and writes it through an alias VA W (read/write,
 *      execute-never) mapped to the same IPA; DC CVAU by W, IC IVAU by X.
 *   C. The hypervisor (EL2, MMU off) patches the guest's code page by its PA, with
 *      DC CVAU + IC IALLUIS (it has no VA of the guest's mapping to name), then the guest
 *      runs the new code.
 *   D. EL2 with its own stage 1 on (TTBR0_EL2, 64 KB granule): execute at X2, write
 *      through the alias W2.
 */
#include "mmu-test.h"

#define I_MOVZ_X0(imm) (0xD2800000u | ((uint32_t)(imm) << 5))
#define I_ADD_X0(imm)  (0x91000000u | ((uint32_t)(imm) << 10))
#define I_RET          0xD65F03C0u
#define I_STR_W1_X2    0xB9000041u /* str w1, [x2] */
#define I_DC_CVAU_X2   0xD50B7B22u
#define I_IC_IVAU_X2   0xD50B7522u
#define I_DSB_ISH      0xD5033B9Fu
#define I_ISB          0xD5033FDFu

#define CODE_PA   (MMU_FRAME_BASE + 0x10000) /* the page of case A */
#define GCODE_PA  (MMU_FRAME_BASE + 0x20000) /* the guest's code page (cases B, C) */
#define X_VA      UL(0x40600000)             /* guest: execute */
#define W_VA      UL(0x40601000)             /* guest: write alias */

typedef uint64_t (*fn3_t)(uint64_t, uint64_t, uint64_t);

static struct pt_pool pool;
static struct pt s1, s2;

static uint64_t line_of(unsigned field) { return 4UL << field; }

/* Make [w, w + len) written through VA w visible to instruction fetches at VA x. */
static void sync_code(uint64_t w, uint64_t x, uint64_t len)
{
	const uint64_t ctr = read_sysreg(ctr_el0);
	const uint64_t dline = line_of((ctr >> 16) & 0xF), iline = line_of(ctr & 0xF);
	for (uint64_t a = w & ~(dline - 1); a < w + len; a += dline)
		__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (uint64_t a = x & ~(iline - 1); a < x + len; a += iline)
		__asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static void put(uint64_t va, unsigned idx, uint32_t insn)
{
	((volatile uint32_t *)va)[idx] = insn;
}

/* movz x0, #a; add x0, x0, #b; add x0, x0, #c; ret   -> a + b + c */
static void write_sum(uint64_t va, unsigned a, unsigned b, unsigned c)
{
	put(va, 0, I_MOVZ_X0(a));
	put(va, 1, I_ADD_X0(b));
	put(va, 2, I_ADD_X0(c));
	put(va, 3, I_RET);
}

static uint64_t call(uint64_t va) { return ((fn3_t)(void *)va)(0, 0, 0); }

/* ---- A: EL2, MMU off ---- */
static void test_el2_mmu_off(void)
{
	unsigned bad = 0;

	write_sum(CODE_PA, 1, 2, 3);
	sync_code(CODE_PA, CODE_PA, 16);
	for (int i = 0; i < 4; i++)
		bad += call(CODE_PA) != 6;
	CHECK("el2-off-first-version", bad, 0);
	put(CODE_PA, 1, I_ADD_X0(0x200));          /* only the middle instruction */
	sync_code(CODE_PA + 4, CODE_PA + 4, 4);
	CHECK("el2-off-middle-insn-changed", call(CODE_PA), 1 + 0x200 + 3);
	write_sum(CODE_PA, 0x40, 0, 0);
	sync_code(CODE_PA, CODE_PA, 16);
	CHECK("el2-off-whole-function-changed", call(CODE_PA), 0x40);

	/* Code that patches the instruction it executes next (word 6), then executes it. */
	const uint64_t f = CODE_PA + 0x100;
	const uint32_t prog[] = { I_STR_W1_X2, I_DC_CVAU_X2, I_DSB_ISH, I_IC_IVAU_X2,
				  I_DSB_ISH,   I_ISB,        I_MOVZ_X0(1), I_RET };
	for (unsigned i = 0; i < 8; i++)
		put(f, i, prog[i]);
	sync_code(f, f, sizeof(prog));
	fn3_t fp = (fn3_t)(void *)f;
	bad = 0;
	for (int i = 0; i < 3; i++)
		bad += fp(0, I_MOVZ_X0(1), f + 24) != 1;
	CHECK("el2-off-self-patch-same", bad, 0);
	CHECK("el2-off-self-patch-new", fp(0, I_MOVZ_X0(0x77), f + 24), 0x77);
	CHECK("el2-off-self-patch-again", fp(0, I_MOVZ_X0(0x99), f + 24), 0x99);
	CHECK("el2-off-self-patch-stays", fp(0, I_MOVZ_X0(0x99), f + 24), 0x99);
}

/* ---- B: the guest at EL1 with stage 1 on ---- */
static uint64_t guest_tcr, guest_ttbr;
static uint64_t guest_results[8];

static uint64_t guest_mmu(uint64_t on)
{
	if (on) {
		write_sysreg(mair_el1, PT_MAIR);
		write_sysreg(tcr_el1, guest_tcr);
		write_sysreg(ttbr0_el1, guest_ttbr);
		__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	} else {
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(SCTLR_M | SCTLR_C | SCTLR_I));
	}
	isb();
	return read_sysreg(sctlr_el1) & SCTLR_M;
}

static uint64_t guest_smc(uint64_t arg)
{
	(void)arg;
	unsigned bad = 0;
	write_sum(W_VA, 5, 6, 7);
	sync_code(W_VA, X_VA, 16);
	for (int i = 0; i < 4; i++)
		bad += call(X_VA) != 18;
	guest_results[0] = bad;
	put(W_VA, 2, I_ADD_X0(0x300));
	sync_code(W_VA + 8, X_VA + 8, 4);
	guest_results[1] = call(X_VA);
	guest_results[2] = call(X_VA);
	write_sum(W_VA, 0x123, 0x10, 0x1);
	sync_code(W_VA, X_VA, 16);
	guest_results[3] = call(X_VA);
	return 0;
}

static uint64_t guest_call_x(uint64_t arg)
{
	(void)arg;
	return call(X_VA);
}

static void build_guest_tables(void)
{
	pt_pool_init(&pool, MMU_POOL_BASE, MMU_POOL_SIZE);
	/* Stage 2: identity for the ROM, the tables and the guest's code page. */
	pt_init_s2(&s2, &pool, 4096, 40, 1);
	pt_map(&s2, 0x40000000, 0x40000000, 0x400000, PT_S2_RAM_RW);
	pt_map(&s2, MMU_POOL_BASE, MMU_POOL_BASE, MMU_POOL_SIZE, PT_S2_RAM_RW | PT_XN);
	pt_map_at(&s2, GCODE_PA, GCODE_PA, 3, PT_S2_RAM_RW);
	/* Stage 1: the ROM identity; X executable read-only, W its writable alias. */
	pt_init_s1(&s1, &pool, 4096, 39);
	pt_map(&s1, 0x40000000, 0x40000000, 0x400000, PT_S1_NORMAL_RW | PT_UXN);
	pt_map_at(&s1, X_VA, GCODE_PA, 3,
		  PT_ATTRIDX(PT_MAIR_IDX_WB) | PT_AP_RO_EL1 | PT_SH_INNER | PT_AF | PT_UXN);
	pt_map_at(&s1, W_VA, GCODE_PA, 3, PT_S1_NORMAL_RW | PT_PXN | PT_UXN);
	guest_tcr = pt_tcr_el1(&s1, pt_ps_encoding(40));
	guest_ttbr = pt_ttbr(&s1, 0);
}

static void test_guest(void)
{
	build_guest_tables();
	CHECK("s1-39bit-start-level", s1.start_level, 1);
	write_sysreg(vtcr_el2, pt_vtcr(&s2, pt_ps_encoding(40)));
	write_sysreg(vttbr_el2, pt_vttbr(&s2, 7));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();

	CHECK("guest-mmu-on", rt_run_el1(guest_mmu, 1), 1);
	rt_run_el1(guest_smc, 0);
	CHECK("guest-alias-first-version", guest_results[0], 0);
	CHECK("guest-alias-middle-changed", guest_results[1], 5 + 6 + 0x300);
	CHECK("guest-alias-middle-changed-again", guest_results[2], 5 + 6 + 0x300);
	CHECK("guest-alias-whole-changed", guest_results[3], 0x134);

	/* C: the hypervisor patches the guest's code by PA; the guest has just run it. */
	CHECK("hyp-patch-before", rt_run_el1(guest_call_x, 0), 0x134);
	put(GCODE_PA, 0, I_MOVZ_X0(0x4321));
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::"r"(GCODE_PA)
			 : "memory");
	CHECK("hyp-patch-seen-by-guest", rt_run_el1(guest_call_x, 0), 0x4321 + 0x10 + 0x1);

	rt_run_el1(guest_mmu, 0);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
}

/* ---- D: EL2 with its own stage 1 (64 KB granule, 40-bit VA from level 2) ---- */
#define X2_VA UL(0x8000000000)
#define W2_VA UL(0x8000010000)

static void test_el2_mmu_on(void)
{
	static struct pt_pool pool2;
	static struct pt s1e2;
	uint64_t r[4];
	unsigned bad = 0;

	pt_pool_init(&pool2, MMU_POOL_BASE + 0x800000, 0x800000);
	pt_init_s1(&s1e2, &pool2, 65536, 40);
	CHECK("el2-s1-64k-start-level", s1e2.start_level, 2);
	/* RAM identity as one 512 MB block; no UART: nothing is printed while the MMU is on. */
	pt_map(&s1e2, 0x40000000, 0x40000000, 0x20000000, PT_S1_NORMAL_RW);
	pt_map_at(&s1e2, X2_VA, CODE_PA, 3,
		  PT_ATTRIDX(PT_MAIR_IDX_WB) | PT_AP_RO_EL1 | PT_SH_INNER | PT_AF);
	pt_map_at(&s1e2, W2_VA, CODE_PA, 3, PT_S1_NORMAL_RW | PT_XN);
	CHECK("tcr_el2-64k", pt_tcr_el2(&s1e2, 2), 0x80827018);

	write_sysreg(mair_el2, PT_MAIR);
	write_sysreg(tcr_el2, pt_tcr_el2(&s1e2, 2));
	write_sysreg(ttbr0_el2, pt_ttbr(&s1e2, 0));
	__asm__ volatile("isb\n\ttlbi alle2\n\tdsb nsh\n\tisb" ::: "memory");
	const uint64_t sctlr = read_sysreg(sctlr_el2);
	write_sysreg(sctlr_el2, sctlr | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();

	write_sum(W2_VA, 9, 9, 9);
	sync_code(W2_VA, X2_VA, 16);
	for (int i = 0; i < 4; i++)
		bad += call(X2_VA) != 27;
	put(W2_VA, 0, I_MOVZ_X0(0x1000));
	sync_code(W2_VA, X2_VA, 4);
	r[0] = call(X2_VA);
	r[1] = call(X2_VA);
	write_sum(W2_VA, 0x500, 0x50, 0x5);
	sync_code(W2_VA, X2_VA, 16);
	r[2] = call(X2_VA);
	r[3] = read_sysreg(sctlr_el2) & SCTLR_M;

	write_sysreg(sctlr_el2, sctlr);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb nsh\n\tisb" ::: "memory");
	CHECK("el2-on-mmu-was-on", r[3], 1);
	CHECK("el2-on-alias-first-version", bad, 0);
	CHECK("el2-on-alias-first-insn-changed", r[0], 0x1000 + 18);
	CHECK("el2-on-alias-first-insn-changed-again", r[1], 0x1000 + 18);
	CHECK("el2-on-alias-whole-changed", r[2], 0x555);
}

int main(void)
{
	rt_record_all();
	test_el2_mmu_off();
	test_guest();
	test_el2_mmu_on();
	return rt_summary("mmu-smc");
}
