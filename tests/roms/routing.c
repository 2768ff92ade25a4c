/*
 * Routing with HCR_EL2.TGE=1 ("trap general exceptions"): exceptions from EL0 that
 * would go to EL1 are taken to EL2 instead, and EL1's registers are left untouched.
 * SVC (EC 0x15), UNDEFINED (0x00), BRK (0x3C: debug exceptions go to EL2 too) and data
 * aborts (0x24) from EL0 land in VBAR_EL2 + 0x400 with ESR_EL2.  A CPACR_EL1.FPEN trap
 * routed to EL2 this way is reported with EC 0x00, not 0x07.  The same exceptions with
 * TGE=0 are covered by exceptions.c.
 */
#include "rom-test.h"

#define ESR_EL1_SENTINEL 0xABCDUL

static uint64_t do_svc(uint64_t arg) { (void)arg; return AT_PC("svc #0x21"); }
static uint64_t do_udf(uint64_t arg) { (void)arg; return AT_PC("udf #7"); }
static uint64_t do_hvc(uint64_t arg) { (void)arg; return AT_PC("hvc #0x5"); }
static uint64_t do_brk(uint64_t arg) { (void)arg; return AT_PC("brk #0x3"); }
static uint64_t do_load(uint64_t addr) { return AT_PC_IN("ldr x0, [%1]", addr); }
static uint64_t do_fmov(uint64_t arg) { (void)arg; return AT_PC("fmov d0, xzr"); }

static void el1_untouched(const char *name)
{
	rt_check_field(name, "esr_el1-untouched", read_sysreg(esr_el1), ESR_EL1_SENTINEL);
}

int main(void)
{
	uint64_t pc;
	rt_record_all();
	write_sysreg(esr_el1, ESR_EL1_SENTINEL);
	write_sysreg(hcr_el2, HCR_RW | HCR_TGE);
	isb();

	rt_record_reset();
	pc = rt_run_el0(do_svc, 0);
	expect_exc("tge-svc-el0", 2, VEC_LOWER_A64, ESR_MAKE(EC_SVC64, 0x21), pc + 4, SPSR_EL0t);
	el1_untouched("tge-svc-el0");

	rt_record_reset();
	pc = rt_run_el0(do_udf, 0);
	expect_exc("tge-udf-el0", 2, VEC_LOWER_A64, ESR_MAKE(EC_UNKNOWN, 0), pc, SPSR_EL0t);
	el1_untouched("tge-udf-el0");

	rt_record_reset();
	pc = rt_run_el0(do_hvc, 0);
	expect_exc("tge-hvc-el0-undef", 2, VEC_LOWER_A64, ESR_MAKE(EC_UNKNOWN, 0), pc, SPSR_EL0t);

	rt_record_reset();
	pc = rt_run_el0(do_brk, 0);
	expect_exc("tge-brk-el0", 2, VEC_LOWER_A64, ESR_MAKE(EC_BRK64, 0x3), pc, SPSR_EL0t);
	el1_untouched("tge-brk-el0");

	/* A stage 1 (not stage 2) abort reported in ESR_EL2: ISV=0, as the ARM ARM gives an
	 * instruction syndrome in ESR_EL2 only for stage 2 aborts. */
	rt_record_reset();
	pc = rt_run_el0(do_load, UNMAPPED_PA);
	expect_exc_far("tge-dabt-el0", 2, VEC_LOWER_A64, ESR_MAKE(EC_DABT_LOW, 0x10), pc, SPSR_EL0t,
		       UNMAPPED_PA);
	el1_untouched("tge-dabt-el0");

	/* CPACR_EL1.FPEN=0 still traps EL0's FP access (E2H=0, so EL0 is not "in host"),
	 * but AArch64.AdvSIMDFPAccessTrap routes it to EL2 as an Uncategorized exception:
	 * EC 0x00, ISS 0, ELR = the instruction. */
	write_sysreg(cpacr_el1, 0);
	rt_record_reset();
	pc = rt_run_el0(do_fmov, 0);
	expect_exc("tge-fpen0-el0", 2, VEC_LOWER_A64, ESR_MAKE(EC_UNKNOWN, 0), pc, SPSR_EL0t);
	el1_untouched("tge-fpen0-el0");
	write_sysreg(cpacr_el1, 3UL << CPACR_FPEN_SHIFT);

	write_sysreg(hcr_el2, HCR_RW);
	isb();
	return rt_summary("routing");
}
