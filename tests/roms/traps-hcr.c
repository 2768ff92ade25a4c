/*
 * Traps to EL2 configured in HCR_EL2, and the EL0 traps to EL1 configured in SCTLR_EL1:
 *   EC 0x01  WFI/WFE      HCR_EL2.TWI/TWE, SCTLR_EL1.nTWI
 *   EC 0x17  SMC          HCR_EL2.TSC (ELR is the SMC itself, ISS is its imm16)
 *   EC 0x18  MSR/MRS      HCR_EL2.TID3, TVM, TRVM, TACR, TSW; SCTLR_EL1.UCT, UMA
 *   EC 0x00  HVC at EL1 and EL2 is UNDEFINED when HCR_EL2.HCD=1
 * A trapped instruction has not executed: ELR_EL2 is its address, and the EL2 handler
 * (the recorder) skips it.
 */
#include "rom-test.h"

/* ISS of a trapped WFI/WFE taken from AArch64: CV=1, COND=0b1110, TI = 1 for WFE. */
#define ISS_WFX(ti) ((1UL << 24) | (0xEUL << 20) | (ti))

static void set_hcr(uint64_t bits)
{
	write_sysreg(hcr_el2, HCR_RW | bits);
	isb();
}

static uint64_t do_wfi(uint64_t arg) { (void)arg; return AT_PC("wfi"); }
/* SEVL sets the event register so the first WFE cannot wait (and so cannot trap); the
 * second finds it clear and would wait. */
static uint64_t do_wfe(uint64_t arg)
{
	(void)arg;
	uint64_t pc;
	__asm__ volatile("sevl\n\twfe\n\tmsr nzcv, xzr\n\tadr %0, 1f\n1:\twfe"
			 : "=&r"(pc)::"memory");
	return pc;
}
static uint64_t do_smc(uint64_t arg) { (void)arg; return AT_PC("smc #0x66"); }
static uint64_t do_hvc(uint64_t arg) { (void)arg; return AT_PC("hvc #0x77"); }
static uint64_t do_mrs_pfr0(uint64_t arg) { (void)arg; return AT_PC("mrs x1, id_aa64pfr0_el1"); }
static uint64_t do_mrs_mmfr0(uint64_t arg) { (void)arg; return AT_PC("mrs x3, id_aa64mmfr0_el1"); }
static uint64_t do_mrs_sctlr(uint64_t arg) { (void)arg; return AT_PC("mrs x1, sctlr_el1"); }
/* The callers pass the register's current value, so nothing changes if the trap is
 * missed (and reading it here could itself trap). */
static uint64_t do_msr_sctlr(uint64_t value)
{
	return AT_PC_IN_PRE("mov x2, %1", "msr sctlr_el1, x2", value);
}
static uint64_t do_msr_ttbr0(uint64_t value)
{
	return AT_PC_IN_PRE("mov x3, %1", "msr ttbr0_el1, x3", value);
}
static uint64_t do_mrs_actlr(uint64_t arg) { (void)arg; return AT_PC("mrs x3, actlr_el1"); }
static uint64_t do_dc_isw(uint64_t arg)
{
	(void)arg;
	return AT_PC_IN_PRE("mov x2, xzr", "dc isw, x2", 0);
}
static uint64_t do_mrs_ctr(uint64_t arg) { (void)arg; return AT_PC("mrs x1, ctr_el0"); }
static uint64_t do_mrs_daif(uint64_t arg) { (void)arg; return AT_PC("mrs x2, daif"); }

static void test_wfx(void)
{
	uint64_t pc;
	const uint64_t sctlr_el1 = read_sysreg(sctlr_el1);

	set_hcr(HCR_TWI);
	rt_record_reset();
	pc = rt_run_el1(do_wfi, 0);
	expect_exc("wfi-el1-twi", 2, VEC_LOWER_A64, ESR_MAKE(EC_WFX, ISS_WFX(0)), pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el0(do_wfi, 0);
	expect_exc("wfi-el0-twi", 2, VEC_LOWER_A64, ESR_MAKE(EC_WFX, ISS_WFX(0)), pc, SPSR_EL0t);

	/* SCTLR_EL1.nTWI=0 traps EL0's WFI to EL1, which has priority over HCR_EL2.TWI. */
	write_sysreg(sctlr_el1, sctlr_el1 & ~SCTLR_NTWI);
	rt_record_reset();
	pc = rt_run_el0(do_wfi, 0);
	expect_exc("wfi-el0-ntwi", 1, VEC_LOWER_A64, ESR_MAKE(EC_WFX, ISS_WFX(0)), pc, SPSR_EL0t);
	write_sysreg(sctlr_el1, sctlr_el1);

	/*
	 * HCR_EL2.TWE: the ARM ARM only traps a WFE that would otherwise wait, and lets any
	 * WFE complete at any time, so the trap "is not guaranteed to be taken".  QEMU never
	 * waits in WFE and so never traps it.  We accept both outcomes but, if the trap is
	 * taken, require exact values, and require that the WFE after SEVL did not trap.
	 */
	set_hcr(HCR_TWE);
	rt_record_reset();
	pc = rt_run_el1(do_wfe, 0);
	if (rt_exc_count == 0)
		rt_printf("PASS wfe-el1-twe (not trapped: the WFE completed at once, "
			  "which the ARM ARM permits)\n");
	else
		expect_exc("wfe-el1-twe", 2, VEC_LOWER_A64, ESR_MAKE(EC_WFX, ISS_WFX(1)), pc,
			   SPSR_EL1h);
	set_hcr(0);
}

static void test_smc_hvc(void)
{
	uint64_t pc;

	/* HCR_EL2.TSC: SMC at EL1 traps; unlike SVC/HVC, ELR is the SMC itself. */
	set_hcr(HCR_TSC);
	rt_record_reset();
	pc = rt_run_el1(do_smc, 0);
	expect_exc("smc-el1-tsc", 2, VEC_LOWER_A64, ESR_MAKE(EC_SMC64, 0x66), pc, SPSR_EL1h);

	/* HCR_EL2.HCD: HVC is UNDEFINED at EL1 (taken to EL1) and at EL2.  TSC stays set:
	 * the runtime's way back from EL1 then falls back from HVC to SMC. */
	set_hcr(HCR_TSC | HCR_HCD);
	rt_record_reset();
	pc = rt_run_el1(do_hvc, 0);
	expect_exc("hvc-el1-hcd", 1, VEC_CUR_SPX, ESR_MAKE(EC_UNKNOWN, 0), pc, SPSR_EL1h);
	rt_record_reset();
	pc = do_hvc(0);
	expect_exc("hvc-el2-hcd", 2, VEC_CUR_SPX, ESR_MAKE(EC_UNKNOWN, 0), pc, SPSR_EL2h);
	set_hcr(0);
}

static void test_sysreg_traps(void)
{
	uint64_t pc;

	/* TID3: ID group 3 reads, e.g. ID_AA64PFR0_EL1 = (3, 0, c0, c4, 0). */
	set_hcr(HCR_TID3);
	rt_record_reset();
	pc = rt_run_el1(do_mrs_pfr0, 0);
	expect_exc("tid3-id_aa64pfr0", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 0, 0, 0, 1, 4, 1)), pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el1(do_mrs_mmfr0, 0);
	expect_exc("tid3-id_aa64mmfr0", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 0, 0, 0, 3, 7, 1)), pc, SPSR_EL1h);

	/* TVM traps writes of the virtual memory controls: SCTLR_EL1 = (3, 0, c1, c0, 0),
	 * TTBR0_EL1 = (3, 0, c2, c0, 0); reads are not trapped. */
	set_hcr(HCR_TVM);
	rt_record_reset();
	pc = rt_run_el1(do_msr_sctlr, read_sysreg(sctlr_el1));
	expect_exc("tvm-sctlr_el1-write", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 0, 0, 1, 2, 0, 0)), pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el1(do_msr_ttbr0, read_sysreg(ttbr0_el1));
	expect_exc("tvm-ttbr0_el1-write", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 0, 0, 2, 3, 0, 0)), pc, SPSR_EL1h);
	rt_record_reset();
	rt_run_el1(do_mrs_sctlr, 0);
	expect_no_exception("tvm-sctlr_el1-read");

	/* TRVM traps the reads, not the writes. */
	set_hcr(HCR_TRVM);
	rt_record_reset();
	pc = rt_run_el1(do_mrs_sctlr, 0);
	expect_exc("trvm-sctlr_el1-read", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 0, 0, 1, 1, 0, 1)), pc, SPSR_EL1h);
	rt_record_reset();
	rt_run_el1(do_msr_sctlr, read_sysreg(sctlr_el1));
	expect_no_exception("trvm-sctlr_el1-write");

	/* TACR: ACTLR_EL1 = (3, 0, c1, c0, 1). */
	set_hcr(HCR_TACR);
	rt_record_reset();
	pc = rt_run_el1(do_mrs_actlr, 0);
	expect_exc("tacr-actlr_el1-read", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 1, 0, 1, 3, 0, 1)), pc, SPSR_EL1h);

	/* TSW: data cache maintenance by set/way, DC ISW = (1, 0, c7, c6, 2), a "write". */
	set_hcr(HCR_TSW);
	rt_record_reset();
	pc = rt_run_el1(do_dc_isw, 0);
	expect_exc("tsw-dc-isw", 2, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(1, 2, 0, 7, 2, 6, 0)), pc, SPSR_EL1h);
	set_hcr(0);
}

static void test_el0_sysreg_traps(void)
{
	const uint64_t sctlr_el1 = read_sysreg(sctlr_el1);
	uint64_t pc;

	/* SCTLR_EL1.UCT=0: CTR_EL0 = (3, 3, c0, c0, 1) read at EL0 traps to EL1. */
	write_sysreg(sctlr_el1, sctlr_el1 & ~SCTLR_UCT);
	rt_record_reset();
	pc = rt_run_el0(do_mrs_ctr, 0);
	expect_exc("uct-ctr_el0-el0", 1, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 1, 3, 0, 1, 0, 1)), pc, SPSR_EL0t);
	/* SCTLR_EL1.UMA=0: DAIF = (3, 3, c4, c2, 1) at EL0 traps to EL1. */
	write_sysreg(sctlr_el1, sctlr_el1 & ~SCTLR_UMA);
	rt_record_reset();
	pc = rt_run_el0(do_mrs_daif, 0);
	expect_exc("uma-daif-el0", 1, VEC_LOWER_A64,
		   ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, 1, 3, 4, 2, 2, 1)), pc, SPSR_EL0t);
	write_sysreg(sctlr_el1, sctlr_el1);
	rt_record_reset();
	rt_run_el0(do_mrs_daif, 0);
	expect_no_exception("uma-daif-el0-allowed");
}

int main(void)
{
	rt_record_all();
	test_wfx();
	test_smc_hvc();
	test_sysreg_traps();
	test_el0_sysreg_traps();
	return rt_summary("traps-hcr");
}
