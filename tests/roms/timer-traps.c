/*
 * Generic timer virtualization controls (ARM ARM D11, and the CNTHCTL_EL2 / CNTKCTL_EL1 /
 * CNTVOFF_EL2 register descriptions; ARMv8.0, HCR_EL2.E2H = 0):
 *
 *  - CNTVOFF_EL2: CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (mod 2^64) at EL2 and EL1, checked
 *    by bracketing one CNTVCT read between two CNTPCT reads (ISB between each), with offsets
 *    that make the virtual count wrap; the virtual timer compares CVAL with the virtual
 *    count (ISTATUS flips when only CNTVOFF changes), the physical timer ignores the
 *    offset; TVAL writes sign-extend and TVAL reads give CVAL - CNTVCT.
 *  - CNTHCTL_EL2.EL1PCTEN = 0 traps EL1 and EL0 reads of CNTPCT_EL0 to EL2, EL1PCEN = 0
 *    EL1 and EL0 accesses to CNTP_CTL/CVAL/TVAL_EL0: EC 0x18 with the exact ISS (Op0, Op2,
 *    Op1, CRn, Rt, CRm, direction), ELR = the instruction.  CNTVCT_EL0, CNTV_* and
 *    CNTFRQ_EL0 are never trapped by it.
 *  - CNTKCTL_EL1 traps EL0 accesses to EL1 first (EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN;
 *    CNTFRQ_EL0 needs EL0PCTEN or EL0VCTEN); these take priority over the EL2 traps.
 *  - CNTVOFF_EL2, CNTHCTL_EL2 and CNTHP_CTL_EL2 are UNDEFINED at EL1 (EC 0x00 at EL1).
 */
#include "rom-test.h"
#include "timer.h"

/* MRS/MSR ISS fields of the timer registers: op0 = 3, op1 = 3, CRn = 14. */
#define ISS_TIMER(crm, op2, rt, read) ESR_MAKE(EC_SYSREG, ISS_SYSREG(3, op2, 3, 14, rt, crm, read))
#define ESR_UNDEF ESR_MAKE(EC_UNKNOWN, 0)

static void set_cnthctl(uint64_t v)
{
	write_sysreg(cnthctl_el2, v);
	isb();
}

static void set_cntkctl(uint64_t v)
{
	write_sysreg(cntkctl_el1, v);
	isb();
}

/* ---- counters and offsets ---- */

struct bracket {
	uint64_t p1, v, p2;
};

static void sample(struct bracket *b)
{
	isb();
	b->p1 = read_sysreg(cntpct_el0);
	isb();
	b->v = read_sysreg(cntvct_el0);
	isb();
	b->p2 = read_sysreg(cntpct_el0);
}

/* CNTVCT read between the two CNTPCT reads: p1 - off <= v <= p2 - off (mod 2^64). */
static bool bracket_ok(const struct bracket *b, uint64_t off)
{
	return b->v - (b->p1 - off) <= b->p2 - b->p1;
}

static struct bracket el1_sample;
static uint64_t sample_at_el1(uint64_t arg)
{
	(void)arg;
	sample(&el1_sample);
	return 0;
}

static void test_offsets(void)
{
	set_cnthctl(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	uint64_t p = timer_cntpct();
	const uint64_t offs[] = { 0, 0x1000, p + (UL(1) << 40), UL(0x8000000000000000),
				  ~UL(0) };
	static const char *const names[] = { "off0", "off-small", "off-wrap", "off-half",
					      "off-max" };
	for (unsigned i = 0; i < 5; i++) {
		write_sysreg(cntvoff_el2, offs[i]);
		isb();
		rt_check_field(names[i], "readback", read_sysreg(cntvoff_el2), offs[i]);
		struct bracket b;
		sample(&b);
		rt_check_field(names[i], "el2-cntvct", bracket_ok(&b, offs[i]), 1);
		if (!bracket_ok(&b, offs[i]))
			rt_printf("  p1 0x%lx v 0x%lx p2 0x%lx\n", b.p1, b.v, b.p2);
		rt_run_el1(sample_at_el1, 0);
		rt_check_field(names[i], "el1-cntvct", bracket_ok(&el1_sample, offs[i]), 1);
	}

	/* The virtual timer compares CVAL with the virtual count: moving only CNTVOFF by
	 * +-2^40 ticks (hours) around CVAL = 2^63 flips ISTATUS. */
	const uint64_t cval = UL(0x8000000000000000), margin = UL(1) << 40;
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	write_sysreg(cntvoff_el2, timer_cntpct() - cval - margin); /* virtual = cval + 2^40 */
	isb();
	CHECK("vtimer.met-after-offset", read_sysreg(cntv_ctl_el0),
	      CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
	write_sysreg(cntvoff_el2, timer_cntpct() - cval + margin); /* virtual = cval - 2^40 */
	isb();
	CHECK("vtimer.not-met-after-offset", read_sysreg(cntv_ctl_el0),
	      CNT_CTL_ENABLE | CNT_CTL_IMASK);
	/* Wrapped virtual count (just below 2^64): CVAL 0x10 is met (unsigned compare), CVAL
	 * 2^64 - 1 is not. */
	write_sysreg(cntvoff_el2, timer_cntpct() + margin);
	write_sysreg(cntv_cval_el0, 0x10);
	isb();
	CHECK("vtimer.wrapped-count-small-cval", read_sysreg(cntv_ctl_el0) & CNT_CTL_ISTATUS,
	      CNT_CTL_ISTATUS);
	write_sysreg(cntv_cval_el0, ~UL(0));
	isb();
	CHECK("vtimer.wrapped-count-max-cval", read_sysreg(cntv_ctl_el0) & CNT_CTL_ISTATUS, 0);
	/* Disabled: ISTATUS reads 0 even when the condition holds. */
	write_sysreg(cntv_cval_el0, 0x10);
	write_sysreg(cntv_ctl_el0, CNT_CTL_IMASK);
	isb();
	CHECK("vtimer.disabled-istatus", read_sysreg(cntv_ctl_el0), CNT_CTL_IMASK);
	/* The physical timer does not see CNTVOFF. */
	write_sysreg(cntp_cval_el0, timer_cntpct() + margin);
	write_sysreg(cntp_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	isb();
	CHECK("ptimer.ignores-offset", read_sysreg(cntp_ctl_el0), CNT_CTL_ENABLE | CNT_CTL_IMASK);
	write_sysreg(cntp_ctl_el0, 0);

	/* TVAL: writes set CVAL = CNTVCT + SignExtend(TVAL), reads give CVAL - CNTVCT. */
	write_sysreg(cntvoff_el2, timer_cntpct() - (UL(1) << 50)); /* virtual count ~2^50 */
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	isb();
	uint64_t v1 = timer_cntvct();
	write_sysreg(cntv_tval_el0, 0x40000000);
	uint64_t v2 = timer_cntvct();
	uint64_t c = read_sysreg(cntv_cval_el0);
	CHECK("tval.write-positive", c - (v1 + 0x40000000) <= v2 - v1, 1);
	v1 = timer_cntvct();
	write_sysreg(cntv_tval_el0, 0x80000000); /* -2^31 */
	v2 = timer_cntvct();
	c = read_sysreg(cntv_cval_el0);
	CHECK("tval.write-negative", c - (v1 - 0x80000000) <= v2 - v1, 1);
	CHECK("tval.write-negative-istatus", read_sysreg(cntv_ctl_el0) & CNT_CTL_ISTATUS,
	      CNT_CTL_ISTATUS);
	uint64_t x = timer_cntvct() + 0x20000000;
	write_sysreg(cntv_cval_el0, x);
	v1 = timer_cntvct();
	int32_t tv = (int32_t)read_sysreg(cntv_tval_el0);
	v2 = timer_cntvct();
	uint64_t at = x - (uint64_t)(int64_t)tv; /* the count TVAL was computed from */
	CHECK("tval.read", at - v1 <= v2 - v1, 1);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntvoff_el2, 0);
	isb();
}

/* ---- traps ---- */

static uint64_t mrs_cntpct(uint64_t a) { (void)a; return AT_PC("mrs x1, cntpct_el0"); }
static uint64_t mrs_cntvct(uint64_t a) { (void)a; return AT_PC("mrs x2, cntvct_el0"); }
static uint64_t mrs_cntfrq(uint64_t a) { (void)a; return AT_PC("mrs x2, cntfrq_el0"); }
static uint64_t mrs_cntp_ctl(uint64_t a) { (void)a; return AT_PC("mrs x3, cntp_ctl_el0"); }
static uint64_t mrs_cntp_tval(uint64_t a) { (void)a; return AT_PC("mrs x1, cntp_tval_el0"); }
static uint64_t msr_cntp_cval(uint64_t v)
{
	return AT_PC_IN_PRE("mov x2, %1", "msr cntp_cval_el0, x2", v);
}
static uint64_t msr_cntp_ctl(uint64_t v)
{
	return AT_PC_IN_PRE("mov x0, %1", "msr cntp_ctl_el0, x0", v);
}
static uint64_t mrs_cntv_ctl(uint64_t a) { (void)a; return AT_PC("mrs x1, cntv_ctl_el0"); }
static uint64_t msr_cntv_cval(uint64_t v)
{
	return AT_PC_IN_PRE("mov x3, %1", "msr cntv_cval_el0, x3", v);
}
static uint64_t mrs_cntvoff(uint64_t a) { (void)a; return AT_PC("mrs x1, cntvoff_el2"); }
static uint64_t msr_cnthctl(uint64_t v)
{
	return AT_PC_IN_PRE("mov x2, %1", "msr cnthctl_el2, x2", v);
}
static uint64_t mrs_cnthp_ctl(uint64_t a) { (void)a; return AT_PC("mrs x3, cnthp_ctl_el2"); }

/* Run fn at EL1 (el = 1) or EL0 (el = 0) and expect the trap (el_to, esr), ELR = its PC. */
static void expect_trap(const char *name, unsigned el, rt_lower_fn fn, uint64_t arg,
			unsigned el_to, uint64_t esr)
{
	rt_record_reset();
	uint64_t pc = el ? rt_run_el1(fn, arg) : rt_run_el0(fn, arg);
	unsigned vec = el_to == el ? VEC_CUR_SPX + VEC_SYNC : VEC_LOWER_A64 + VEC_SYNC;
	expect_exc(name, el_to, vec, esr, pc, el ? SPSR_EL1h : SPSR_EL0t);
}

static void expect_no_trap(const char *name, unsigned el, rt_lower_fn fn, uint64_t arg)
{
	rt_record_reset();
	if (el)
		rt_run_el1(fn, arg);
	else
		rt_run_el0(fn, arg);
	expect_no_exception(name);
}

static void test_el1_traps(void)
{
	const uint64_t cval = read_sysreg(cntp_cval_el0);

	/* EL1PCTEN = 0: only the physical count traps. */
	set_cnthctl(CNTHCTL_EL1PCEN);
	expect_trap("el1pcten0.cntpct", 1, mrs_cntpct, 0, 2, ISS_TIMER(0, 1, 1, 1));
	expect_no_trap("el1pcten0.cntvct", 1, mrs_cntvct, 0);
	expect_no_trap("el1pcten0.cntp-ctl", 1, mrs_cntp_ctl, 0);

	/* EL1PCEN = 0: the EL1 physical timer registers trap, reads and writes. */
	set_cnthctl(CNTHCTL_EL1PCTEN);
	expect_trap("el1pcen0.mrs-cntp-ctl", 1, mrs_cntp_ctl, 0, 2, ISS_TIMER(2, 1, 3, 1));
	expect_trap("el1pcen0.mrs-cntp-tval", 1, mrs_cntp_tval, 0, 2, ISS_TIMER(2, 0, 1, 1));
	expect_trap("el1pcen0.msr-cntp-cval", 1, msr_cntp_cval, cval, 2, ISS_TIMER(2, 2, 2, 0));
	expect_trap("el1pcen0.msr-cntp-ctl", 1, msr_cntp_ctl, 0, 2, ISS_TIMER(2, 1, 0, 0));
	expect_no_trap("el1pcen0.cntpct", 1, mrs_cntpct, 0);
	expect_no_trap("el1pcen0.cntv-ctl", 1, mrs_cntv_ctl, 0);
	expect_no_trap("el1pcen0.msr-cntv-cval", 1, msr_cntv_cval, 0);
	expect_no_trap("el1pcen0.cntfrq", 1, mrs_cntfrq, 0);

	/* Both set: nothing traps. */
	set_cnthctl(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	expect_no_trap("el1-open.cntpct", 1, mrs_cntpct, 0);
	expect_no_trap("el1-open.cntp-ctl", 1, mrs_cntp_ctl, 0);
	expect_no_trap("el1-open.msr-cntp-cval", 1, msr_cntp_cval, cval);

	/* EL2 registers from EL1: UNDEFINED, taken to EL1. */
	expect_trap("el1.mrs-cntvoff-el2", 1, mrs_cntvoff, 0, 1, ESR_UNDEF);
	expect_trap("el1.msr-cnthctl-el2", 1, msr_cnthctl, 0, 1, ESR_UNDEF);
	expect_trap("el1.mrs-cnthp-ctl-el2", 1, mrs_cnthp_ctl, 0, 1, ESR_UNDEF);
	CHECK("el1.cnthctl-unchanged", read_sysreg(cnthctl_el2) & 3, 3);
}

static void test_el0_traps(void)
{
	/* CNTKCTL_EL1 = 0: every EL0 access traps to EL1, even where EL2 would trap too. */
	set_cnthctl(0);
	set_cntkctl(0);
	expect_trap("el0-k0.cntpct", 0, mrs_cntpct, 0, 1, ISS_TIMER(0, 1, 1, 1));
	expect_trap("el0-k0.cntvct", 0, mrs_cntvct, 0, 1, ISS_TIMER(0, 2, 2, 1));
	expect_trap("el0-k0.cntfrq", 0, mrs_cntfrq, 0, 1, ISS_TIMER(0, 0, 2, 1));
	expect_trap("el0-k0.cntv-ctl", 0, mrs_cntv_ctl, 0, 1, ISS_TIMER(3, 1, 1, 1));
	expect_trap("el0-k0.cntp-ctl", 0, mrs_cntp_ctl, 0, 1, ISS_TIMER(2, 1, 3, 1));
	expect_trap("el0-k0.msr-cntv-cval", 0, msr_cntv_cval, 0, 1, ISS_TIMER(3, 2, 3, 0));

	/* CNTFRQ_EL0 needs EL0PCTEN or EL0VCTEN. */
	set_cntkctl(CNTKCTL_EL0VCTEN);
	expect_no_trap("el0-kvct.cntfrq", 0, mrs_cntfrq, 0);
	expect_no_trap("el0-kvct.cntvct", 0, mrs_cntvct, 0);
	expect_trap("el0-kvct.cntpct", 0, mrs_cntpct, 0, 1, ISS_TIMER(0, 1, 1, 1));

	/* EL1 lets everything through; CNTHCTL_EL2 = 0 then traps the physical ones to EL2. */
	set_cntkctl(CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN | CNTKCTL_EL0VTEN | CNTKCTL_EL0PTEN);
	expect_trap("el0-h0.cntpct", 0, mrs_cntpct, 0, 2, ISS_TIMER(0, 1, 1, 1));
	expect_trap("el0-h0.cntp-ctl", 0, mrs_cntp_ctl, 0, 2, ISS_TIMER(2, 1, 3, 1));
	expect_trap("el0-h0.msr-cntp-ctl", 0, msr_cntp_ctl, 0, 2, ISS_TIMER(2, 1, 0, 0));
	expect_no_trap("el0-h0.cntvct", 0, mrs_cntvct, 0);
	expect_no_trap("el0-h0.cntv-ctl", 0, mrs_cntv_ctl, 0);
	expect_no_trap("el0-h0.cntfrq", 0, mrs_cntfrq, 0);

	set_cnthctl(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	expect_no_trap("el0-open.cntpct", 0, mrs_cntpct, 0);
	expect_no_trap("el0-open.cntp-ctl", 0, mrs_cntp_ctl, 0);
	expect_no_trap("el0-open.msr-cntp-ctl", 0, msr_cntp_ctl, 0);
	set_cntkctl(0);
}

int main(void)
{
	rt_record_all();
	test_offsets();
	test_el1_traps();
	test_el0_traps();
	return rt_summary("timer-traps");
}
