/*
 * FP/SIMD access traps, EC 0x07: CPACR_EL1.FPEN traps EL0/EL1 accesses to EL1, and
 * CPTR_EL2.TFP traps EL0/EL1/EL2 accesses to EL2.  For an instruction executed in
 * AArch64 the ISS is CV=1, COND=0b1110 (as QEMU reports; the ARM ARM fixes COND to
 * 0b1110 for exceptions from AArch64) and ELR is the trapped instruction.
 *
 * The runtime is compiled with -mgeneral-regs-only; the only FP/SIMD instructions in
 * this ROM are the ones below.
 */
#include "rom-test.h"

#define ESR_FP ESR_MAKE(EC_FP, (1UL << 24) | (0xEUL << 20))

static uint64_t do_fmov(uint64_t arg) { (void)arg; return AT_PC("fmov d0, xzr"); }
/* An Advanced SIMD instruction traps the same way. */
static uint64_t do_simd(uint64_t arg) { (void)arg; return AT_PC("movi v1.16b, #0"); }

static void set_fpen(unsigned fpen)
{
	write_sysreg(cpacr_el1, (uint64_t)fpen << CPACR_FPEN_SHIFT);
	isb();
}

static void set_tfp(int on)
{
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | (on ? CPTR_TFP : 0));
	isb();
}

int main(void)
{
	uint64_t pc;
	rt_record_all();

	/* FPEN=0b00: EL1 and EL0 trap to EL1. */
	set_fpen(0);
	rt_record_reset();
	pc = rt_run_el1(do_fmov, 0);
	expect_exc("fpen0-el1", 1, VEC_CUR_SPX, ESR_FP, pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el1(do_simd, 0);
	expect_exc("fpen0-el1-simd", 1, VEC_CUR_SPX, ESR_FP, pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el0(do_fmov, 0);
	expect_exc("fpen0-el0", 1, VEC_LOWER_A64, ESR_FP, pc, SPSR_EL0t);

	/* FPEN=0b01: only EL0 traps. */
	set_fpen(1);
	rt_record_reset();
	rt_run_el1(do_fmov, 0);
	expect_no_exception("fpen1-el1");
	rt_record_reset();
	pc = rt_run_el0(do_fmov, 0);
	expect_exc("fpen1-el0", 1, VEC_LOWER_A64, ESR_FP, pc, SPSR_EL0t);

	/* FPEN=0b11: nothing traps at EL1. */
	set_fpen(3);
	rt_record_reset();
	rt_run_el0(do_fmov, 0);
	rt_run_el1(do_fmov, 0);
	expect_no_exception("fpen3");

	/* CPTR_EL2.TFP: EL1, EL0 and EL2 itself trap to EL2. */
	set_tfp(1);
	rt_record_reset();
	pc = rt_run_el1(do_fmov, 0);
	expect_exc("tfp-el1", 2, VEC_LOWER_A64, ESR_FP, pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el0(do_fmov, 0);
	expect_exc("tfp-el0", 2, VEC_LOWER_A64, ESR_FP, pc, SPSR_EL0t);
	rt_record_reset();
	pc = do_fmov(0);
	expect_exc("tfp-el2", 2, VEC_CUR_SPX, ESR_FP, pc, SPSR_EL2h);

	/* Both enabled: the EL1 trap (CPACR_EL1) has priority over CPTR_EL2.TFP. */
	set_fpen(0);
	rt_record_reset();
	pc = rt_run_el1(do_fmov, 0);
	expect_exc("fpen0-and-tfp-el1", 1, VEC_CUR_SPX, ESR_FP, pc, SPSR_EL1h);
	rt_record_reset();
	pc = rt_run_el0(do_fmov, 0);
	expect_exc("fpen0-and-tfp-el0", 1, VEC_LOWER_A64, ESR_FP, pc, SPSR_EL0t);

	set_tfp(0);
	set_fpen(3);
	return rt_summary("fp-trap");
}
