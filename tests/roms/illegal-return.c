/*
 * Illegal exception returns, EC 0x0E (ARM ARM "Illegal return events from AArch64 state",
 * the pseudocode AArch64.ExceptionReturn / IllegalExceptionReturn).
 *
 * An ERET whose SPSR names a higher EL, an unimplemented or reserved mode, an EL1 while
 * HCR_EL2.TGE=1, or AArch32 at an AArch64-only level is an illegal return: PSTATE.EL,
 * nRW and SP keep their values, NZCV and DAIF are still copied from SPSR, PSTATE.IL is
 * set and the PC becomes ELR.  The instruction there is then not executed: it takes an
 * Illegal Execution state exception (ESR ISS 0), whose SPSR shows IL=1 (bit 20) and
 * whose ELR is that instruction.  An ERET with SPSR.IL=1 to a legal level has the same
 * effect at the level returned to.
 */
#include "rom-test.h"

#define ESR_ILL ESR_MAKE(EC_ILLEGAL, 0)
#define NZCV_ZC (PSR_Z | PSR_C)
#define NZCV_NV (PSR_N | PSR_V)

/* ERET from the current level to the next instruction with SPSR = spsr; returns the
 * address of that instruction.  Works at EL1 and EL2. */
static uint64_t eret_here(uint64_t spsr)
{
	uint64_t pc;
	if (current_el() == 2)
		__asm__ volatile("msr spsr_el2, %1\n\tadr %0, 1f\n\tmsr elr_el2, %0\n\teret\n1:\tnop"
				 : "=&r"(pc)
				 : "r"(spsr)
				 : "cc", "memory");
	else
		__asm__ volatile("msr spsr_el1, %1\n\tadr %0, 1f\n\tmsr elr_el1, %0\n\teret\n1:\tnop"
				 : "=&r"(pc)
				 : "r"(spsr)
				 : "cc", "memory");
	return pc;
}

static uint64_t el1_eret_to_el2(uint64_t arg)
{
	(void)arg;
	return eret_here(NZCV_ZC | PSR_DAIF | PSR_MODE_EL2h);
}

static uint64_t first_insn_fn(uint64_t arg) { return arg + 1; }

static void test_from_el1(void)
{
	uint64_t pc;

	/* EL1 -> EL2 by ERET is illegal: stay at EL1h, take EC 0x0E at EL1. */
	rt_record_reset();
	pc = rt_run_el1(el1_eret_to_el2, 0);
	expect_exc("eret-el1-to-el2", 1, VEC_CUR_SPX, ESR_ILL, pc,
		   NZCV_ZC | PSR_IL | PSR_DAIF | PSR_MODE_EL1h);
}

static void test_from_el2(void)
{
	uint64_t pc;

	/* M = 0b0001 is a reserved encoding. */
	rt_record_reset();
	pc = eret_here(NZCV_NV | PSR_DAIF | 0x1);
	expect_exc("eret-reserved-mode", 2, VEC_CUR_SPX, ESR_ILL, pc,
		   NZCV_NV | PSR_IL | PSR_DAIF | PSR_MODE_EL2h);

	/* EL3h: EL3 is not implemented. */
	rt_record_reset();
	pc = eret_here(PSR_DAIF | 0xD);
	expect_exc("eret-el3-absent", 2, VEC_CUR_SPX, ESR_ILL, pc,
		   PSR_IL | PSR_DAIF | PSR_MODE_EL2h);

	/* AArch32 SVC mode (M = 0b10011) while HCR_EL2.RW=1 makes EL1 AArch64-only.  SPSR
	 * bits 9:6 (E, A, I, F in AArch32 layout) land in DAIF as PSTATE stays AArch64. */
	rt_record_reset();
	pc = eret_here(PSR_DAIF | 0x13);
	expect_exc("eret-aarch32-el1", 2, VEC_CUR_SPX, ESR_ILL, pc,
		   PSR_IL | PSR_DAIF | PSR_MODE_EL2h);

	/* EL1 while HCR_EL2.TGE=1. */
	write_sysreg(hcr_el2, HCR_RW | HCR_TGE);
	isb();
	rt_record_reset();
	pc = eret_here(PSR_DAIF | PSR_MODE_EL1h);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	expect_exc("eret-el1-with-tge", 2, VEC_CUR_SPX, ESR_ILL, pc,
		   PSR_IL | PSR_DAIF | PSR_MODE_EL2h);

	/* A legal ERET to EL2t keeps working (the control case). */
	rt_record_reset();
	eret_here(PSR_DAIF | PSR_MODE_EL2t);
	__asm__ volatile("msr spsel, #1" ::: "memory");
	expect_no_exception("eret-el2t-legal");
}

static void test_spsr_il(void)
{
	uint64_t r;

	/* SPSR.IL=1 on a legal return to EL1: the first instruction at EL1 takes the
	 * exception, at EL1 from EL1 (current EL, SP_ELx). */
	rt_record_reset();
	r = rt_run_lower(PSR_IL | PSR_DAIF | PSR_MODE_EL1h, first_insn_fn, 41);
	expect_exc("spsr-il-to-el1", 1, VEC_CUR_SPX, ESR_ILL, (uint64_t)first_insn_fn,
		   PSR_IL | PSR_DAIF | PSR_MODE_EL1h);
	CHECK("spsr-il-to-el1.result", r, 42);

	/* The same to EL0: taken to EL1 from a lower level. */
	rt_record_reset();
	r = rt_run_lower(PSR_IL | PSR_DAIF | PSR_MODE_EL0t, first_insn_fn, 9);
	expect_exc("spsr-il-to-el0", 1, VEC_LOWER_A64, ESR_ILL, (uint64_t)first_insn_fn,
		   PSR_IL | PSR_DAIF | PSR_MODE_EL0t);
	CHECK("spsr-il-to-el0.result", r, 10);
}

int main(void)
{
	rt_record_all();
	test_from_el1();
	test_from_el2();
	test_spsr_il();
	return rt_summary("illegal-return");
}
