/*
 * Virtual interrupts: HCR_EL2.VI / VF / VSE raise a virtual IRQ / FIQ / SError for
 * EL1 and EL0, provided HCR_EL2.IMO / FMO / AMO route the physical one to EL2.  They are
 * taken at EL1 (from EL1: VBAR_EL1 + 0x280/0x300/0x380; from EL0: + 0x480/0x500/0x580),
 * never at EL2, and only while PSTATE.I / F / A is clear; while masked they stay
 * pending and show in ISR_EL1 (I bit 7, F bit 6, A bit 8).  IRQ and FIQ do not write
 * ESR_EL1.  ELR is the first instruction not executed: the one after the MSR DAIFClr
 * that unmasked the interrupt (both QEMU and elsim check interrupts right after it).
 */
#include "rom-test.h"

#define ISR_A BIT(8)
#define ISR_I BIT(7)
#define ISR_F BIT(6)

static void set_hcr(uint64_t bits)
{
	write_sysreg(hcr_el2, HCR_RW | bits);
	isb();
}

static uint64_t read_isr(uint64_t arg) { (void)arg; return read_sysreg(isr_el1); }

/* At EL1 with everything masked: unmask one of I/F/A and return the PC after the MSR. */
static uint64_t unmask_irq(uint64_t arg)
{
	(void)arg;
	uint64_t pc;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #2\n1:\tnop" : "=&r"(pc)::"memory");
	return pc;
}
static uint64_t unmask_fiq(uint64_t arg)
{
	(void)arg;
	uint64_t pc;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #1\n1:\tnop" : "=&r"(pc)::"memory");
	return pc;
}
static uint64_t unmask_serror(uint64_t arg)
{
	(void)arg;
	uint64_t pc;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #4\n1:\tnop" : "=&r"(pc)::"memory");
	return pc;
}
static uint64_t el0_code(uint64_t arg) { return arg; }

static void test_virq(void)
{
	uint64_t pc;

	/* Pending but masked at EL1: visible in ISR_EL1, not taken. */
	set_hcr(HCR_IMO | HCR_VI);
	rt_record_reset();
	CHECK("virq-masked.isr_el1", rt_run_el1(read_isr, 0), ISR_I);
	expect_no_exception("virq-masked");

	/* Unmasked at EL1: taken to EL1, current EL with SP_EL1, IRQ entry 0x280.  SPSR
	 * shows I=0 (D, A, F still set); NZCV is whatever the compiled code left. */
	rt_record_reset();
	pc = rt_run_el1(unmask_irq, 0);
	rt_last.spsr &= ~0xF0000000UL;
	expect_exc("virq-el1", 1, VEC_CUR_SPX + VEC_IRQ, 0, pc,
		   PSR_D | PSR_A | PSR_F | PSR_MODE_EL1h);

	/* Entering EL0 with I clear: taken before EL0's first instruction, entry 0x480. */
	rt_record_reset();
	rt_run_lower(PSR_D | PSR_A | PSR_F | PSR_MODE_EL0t, el0_code, 0);
	expect_exc("virq-el0", 1, VEC_LOWER_A64 + VEC_IRQ, 0, (uint64_t)el0_code,
		   PSR_D | PSR_A | PSR_F | PSR_MODE_EL0t);

	/* Never taken at EL2, even with PSTATE.I clear there. */
	rt_record_reset();
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tnop\n\tmsr daifset, #2" ::: "memory");
	expect_no_exception("virq-not-at-el2");

	/* Without IMO the virtual IRQ is not signalled at all. */
	set_hcr(HCR_VI);
	rt_record_reset();
	CHECK("virq-no-imo.isr_el1", rt_run_el1(read_isr, 0), 0);
	rt_run_el1(unmask_irq, 0);
	expect_no_exception("virq-no-imo");
	set_hcr(0);
}

static void test_vfiq(void)
{
	uint64_t pc;

	set_hcr(HCR_FMO | HCR_VF);
	rt_record_reset();
	CHECK("vfiq-masked.isr_el1", rt_run_el1(read_isr, 0), ISR_F);
	expect_no_exception("vfiq-masked");

	rt_record_reset();
	pc = rt_run_el1(unmask_fiq, 0);
	rt_last.spsr &= ~0xF0000000UL;
	expect_exc("vfiq-el1", 1, VEC_CUR_SPX + VEC_FIQ, 0, pc,
		   PSR_D | PSR_A | PSR_I | PSR_MODE_EL1h);

	rt_record_reset();
	rt_run_lower(PSR_D | PSR_A | PSR_I | PSR_MODE_EL0t, el0_code, 0);
	expect_exc("vfiq-el0", 1, VEC_LOWER_A64 + VEC_FIQ, 0, (uint64_t)el0_code,
		   PSR_D | PSR_A | PSR_I | PSR_MODE_EL0t);
	set_hcr(0);
}

static void test_vserror(void)
{
	uint64_t pc;

	set_hcr(HCR_AMO | HCR_VSE);
	rt_record_reset();
	CHECK("vserror-masked.isr_el1", rt_run_el1(read_isr, 0), ISR_A);
	expect_no_exception("vserror-masked");

	/* Taken at entry 0x380 with EC 0x2F.  Without FEAT_RAS the rest of the SError
	 * syndrome is IMPLEMENTATION DEFINED, so only EC and IL are compared.  Taking the
	 * virtual SError clears HCR_EL2.VSE. */
	rt_record_reset();
	pc = rt_run_el1(unmask_serror, 0);
	rt_last.spsr &= ~0xF0000000UL;
	rt_last.esr &= ~0x1FFFFFFUL;
	expect_exc("vserror-el1", 1, VEC_CUR_SPX + VEC_SERROR, ESR_MAKE(EC_SERROR, 0), pc,
		   PSR_D | PSR_I | PSR_F | PSR_MODE_EL1h);
	CHECK("vserror-el1.vse-cleared", read_sysreg(hcr_el2) & HCR_VSE, 0);
	set_hcr(0);
}

int main(void)
{
	rt_record_all();
	test_virq();
	test_vfiq();
	test_vserror();
	return rt_summary("virq");
}
