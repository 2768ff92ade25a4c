/*
 * Aborts and alignment faults, each at the level taken from and to: instruction aborts
 * (EC 0x20 from a lower EL / 0x21 same EL), PC alignment faults (0x22), data aborts
 * (0x24 / 0x25) and SP alignment faults (0x26).  All run with the MMU off, where the
 * physical address space is accessed directly: a fetch or access to an address with
 * nothing behind it is a synchronous External abort (FSC 0x10), and data accesses are to
 * Device-nGnRnE memory.
 *
 * ISS of the aborts: FSC in bits 5:0, WnR (bit 6) for data aborts, EA (bit 9) and
 * FnV (bit 10) zero, ISV (bit 24) zero.  The ARM ARM gives an instruction syndrome
 * (ISV=1) in ESR_EL2 only for stage 2 aborts, so EL2's own aborts have ISV=0; QEMU
 * reports ISV=1 there (listed in qemu-divergences).  In ESR_EL1 both give ISV=0.
 *
 * Also listed as QEMU divergences: QEMU implements neither SP alignment checking nor
 * the alignment fault on unaligned Device memory accesses with SCTLR_ELx.A=0.
 */
#include "rom-test.h"

/* 16-byte aligned scratch memory in RAM for the alignment tests. */
static uint64_t scratch[4] __attribute__((aligned(16)));

static void nothing(void) {}

#define IABT_ISS_EXT 0x10  /* IFSC: synchronous External abort, not on a table walk */
#define DABT_ISS_EXT 0x10  /* DFSC: the same for data */
#define DABT_ISS_ALIGN 0x21 /* DFSC: alignment fault */
#define DABT_WNR 0x40

/* Branch with link to target; the recorder resumes at x30, right after the BLR. */
static uint64_t do_branch(uint64_t target)
{
	__asm__ volatile("msr nzcv, xzr\n\tblr %0" ::"r"(target) : "x30", "memory");
	return target;
}
static uint64_t do_load64(uint64_t addr) { return AT_PC_IN("ldr x0, [%1]", addr); }
static uint64_t do_load32(uint64_t addr) { return AT_PC_IN("ldr w0, [%1]", addr); }
static uint64_t do_store64(uint64_t addr) { return AT_PC_IN("str xzr, [%1]", addr); }

/* Load through an SP misaligned by 8: the load's address is aligned, only SP is not. */
static uint64_t do_sp_load(uint64_t arg)
{
	uint64_t pc;
	(void)arg;
	__asm__ volatile("mov x2, sp\n\t"
			 "sub x1, x2, #8\n\t"
			 "mov sp, x1\n\t"
			 "msr nzcv, xzr\n\t"
			 "adr %0, 1f\n"
			 "1:\tldr x0, [sp]\n\t"
			 "mov sp, x2"
			 : "=&r"(pc)::"x0", "x1", "x2", "memory");
	return pc;
}

static void test_instruction_aborts(void)
{
	uint64_t t;
	const uint64_t esr_cur = ESR_MAKE(EC_IABT_CUR, IABT_ISS_EXT);
	const uint64_t esr_low = ESR_MAKE(EC_IABT_LOW, IABT_ISS_EXT);

	/* ELR and FAR both hold the address that could not be fetched. */
	rt_record_reset();
	t = rt_run_el1(do_branch, UNMAPPED_PA);
	expect_exc_far("iabt-el1", 1, VEC_CUR_SPX, esr_cur, t, SPSR_EL1h, t);
	rt_record_reset();
	t = rt_run_el0(do_branch, UNMAPPED_PA);
	expect_exc_far("iabt-el0", 1, VEC_LOWER_A64, esr_low, t, SPSR_EL0t, t);
	rt_record_reset();
	t = do_branch(UNMAPPED_PA);
	expect_exc_far("iabt-el2", 2, VEC_CUR_SPX, esr_cur, t, SPSR_EL2h, t);
}

static void test_pc_alignment(void)
{
	/* A branch to an address with bit 1 set: the fault is taken on the fetch at the
	 * misaligned PC, so ELR = FAR = that address; ISS is 0. */
	const uint64_t target = (uint64_t)nothing + 2;
	const uint64_t esr = ESR_MAKE(EC_PC_ALIGN, 0);

	rt_record_reset();
	rt_run_el1(do_branch, target);
	expect_exc_far("pc-align-el1", 1, VEC_CUR_SPX, esr, target, SPSR_EL1h, target);
	rt_record_reset();
	rt_run_el0(do_branch, target);
	expect_exc_far("pc-align-el0", 1, VEC_LOWER_A64, esr, target, SPSR_EL0t, target);
	rt_record_reset();
	do_branch(target);
	expect_exc_far("pc-align-el2", 2, VEC_CUR_SPX, esr, target, SPSR_EL2h, target);
}

static void test_external_data_aborts(void)
{
	uint64_t pc;

	rt_record_reset();
	pc = rt_run_el1(do_load64, UNMAPPED_PA);
	expect_exc_far("dabt-load-el1", 1, VEC_CUR_SPX, ESR_MAKE(EC_DABT_CUR, DABT_ISS_EXT), pc,
		       SPSR_EL1h, UNMAPPED_PA);
	rt_record_reset();
	pc = rt_run_el1(do_store64, UNMAPPED_PA + 0x18);
	expect_exc_far("dabt-store-el1", 1, VEC_CUR_SPX,
		       ESR_MAKE(EC_DABT_CUR, DABT_WNR | DABT_ISS_EXT), pc, SPSR_EL1h,
		       UNMAPPED_PA + 0x18);
	rt_record_reset();
	pc = rt_run_el0(do_load64, UNMAPPED_PA + 8);
	expect_exc_far("dabt-load-el0", 1, VEC_LOWER_A64, ESR_MAKE(EC_DABT_LOW, DABT_ISS_EXT), pc,
		       SPSR_EL0t, UNMAPPED_PA + 8);
	rt_record_reset();
	pc = do_load64(UNMAPPED_PA + 0x100);
	expect_exc_far("dabt-load-el2", 2, VEC_CUR_SPX, ESR_MAKE(EC_DABT_CUR, DABT_ISS_EXT), pc,
		       SPSR_EL2h, UNMAPPED_PA + 0x100);
	rt_record_reset();
	pc = do_store64(UNMAPPED_PA + 0x108);
	expect_exc_far("dabt-store-el2", 2, VEC_CUR_SPX,
		       ESR_MAKE(EC_DABT_CUR, DABT_WNR | DABT_ISS_EXT), pc, SPSR_EL2h,
		       UNMAPPED_PA + 0x108);
}

static void test_alignment_faults(void)
{
	const uint64_t odd = (uint64_t)&scratch[1] + 2; /* 2 mod 4: misaligned for 32/64 bits */
	const uint64_t sctlr_el1 = read_sysreg(sctlr_el1), sctlr_el2 = read_sysreg(sctlr_el2);
	uint64_t pc;

	/* SCTLR_EL1.A=1: alignment checking for EL1 and EL0 data accesses; FAR exact. */
	write_sysreg(sctlr_el1, sctlr_el1 | SCTLR_A);
	rt_record_reset();
	pc = rt_run_el1(do_load32, odd);
	expect_exc_far("align-load-el1", 1, VEC_CUR_SPX, ESR_MAKE(EC_DABT_CUR, DABT_ISS_ALIGN), pc,
		       SPSR_EL1h, odd);
	rt_record_reset();
	pc = rt_run_el1(do_store64, odd + 1);
	expect_exc_far("align-store-el1", 1, VEC_CUR_SPX,
		       ESR_MAKE(EC_DABT_CUR, DABT_WNR | DABT_ISS_ALIGN), pc, SPSR_EL1h, odd + 1);
	rt_record_reset();
	pc = rt_run_el0(do_load64, odd);
	expect_exc_far("align-load-el0", 1, VEC_LOWER_A64, ESR_MAKE(EC_DABT_LOW, DABT_ISS_ALIGN),
		       pc, SPSR_EL0t, odd);
	write_sysreg(sctlr_el1, sctlr_el1);

	/* SCTLR_EL2.A=1 for EL2's own accesses. */
	write_sysreg(sctlr_el2, sctlr_el2 | SCTLR_A);
	isb();
	rt_record_reset();
	pc = do_load64(odd);
	write_sysreg(sctlr_el2, sctlr_el2);
	isb();
	expect_exc_far("align-load-el2", 2, VEC_CUR_SPX, ESR_MAKE(EC_DABT_CUR, DABT_ISS_ALIGN), pc,
		       SPSR_EL2h, odd);

	/* An aligned access with A=1 is fine. */
	write_sysreg(sctlr_el1, sctlr_el1 | SCTLR_A);
	rt_record_reset();
	rt_run_el1(do_load64, (uint64_t)&scratch[1]);
	expect_no_exception("aligned-load-el1");
	write_sysreg(sctlr_el1, sctlr_el1);

	/*
	 * With A=0 but the MMU off, data accesses are to Device-nGnRnE memory, and an
	 * unaligned access to any Device memory is an alignment fault regardless of
	 * SCTLR_ELx.A (ARM ARM, "Alignment of data accesses"; MMU off: "The effects of disabling
	 * a stage of address translation").
	 */
	rt_record_reset();
	pc = rt_run_el1(do_load32, odd);
	expect_exc_far("align-device-el1", 1, VEC_CUR_SPX, ESR_MAKE(EC_DABT_CUR, DABT_ISS_ALIGN),
		       pc, SPSR_EL1h, odd);
}

static void test_sp_alignment(void)
{
	const uint64_t sctlr_el1 = read_sysreg(sctlr_el1), sctlr_el2 = read_sysreg(sctlr_el2);
	const uint64_t esr = ESR_MAKE(EC_SP_ALIGN, 0);
	uint64_t pc;

	/* SCTLR_EL1.SA checks SP at EL1.  Run at EL1t so that the faulting SP is SP_EL0 and
	 * the handler still has the aligned SP_EL1; FAR is UNKNOWN for this fault. */
	write_sysreg(sctlr_el1, sctlr_el1 | SCTLR_SA);
	rt_record_reset();
	pc = rt_run_lower(PSR_MODE_EL1t | PSR_DAIF, do_sp_load, 0);
	expect_exc("sp-align-el1t", 1, VEC_CUR_SP0, esr, pc, SPSR_EL1t);
	write_sysreg(sctlr_el1, sctlr_el1);

	/* SCTLR_EL1.SA0 checks SP at EL0. */
	write_sysreg(sctlr_el1, sctlr_el1 | SCTLR_SA0);
	rt_record_reset();
	pc = rt_run_el0(do_sp_load, 0);
	expect_exc("sp-align-el0", 1, VEC_LOWER_A64, esr, pc, SPSR_EL0t);
	/* SA0 does not apply at EL1. */
	rt_record_reset();
	rt_run_lower(PSR_MODE_EL1t | PSR_DAIF, do_sp_load, 0);
	expect_no_exception("sp-align-sa0-at-el1");
	write_sysreg(sctlr_el1, sctlr_el1);

	/* SCTLR_EL2.SA at EL2, with SP_EL0 selected (EL2t) for the same reason as above. */
	write_sysreg(sctlr_el2, sctlr_el2 | SCTLR_SA);
	isb();
	rt_record_reset();
	__asm__ volatile("msr spsel, #0" ::: "memory");
	pc = do_sp_load(0);
	__asm__ volatile("msr spsel, #1" ::: "memory");
	write_sysreg(sctlr_el2, sctlr_el2);
	isb();
	expect_exc("sp-align-el2t", 2, VEC_CUR_SP0, esr, pc, PSR_DAIF | PSR_MODE_EL2t);
}

int main(void)
{
	rt_record_all();
	test_instruction_aborts();
	test_pc_alignment();
	test_external_data_aborts();
	test_alignment_faults();
	test_sp_alignment();
	return rt_summary("aborts");
}
