/*
 * Lab 5: the virtual timer and CNTVOFF_EL2 (docs/labs/5-vtimer.md).
 *
 * A guest (EL1) sees time through the virtual counter, CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2,
 * an offset only the hypervisor (EL2) can write: that is how a hypervisor hides the time a VM
 * did not run, or gives a migrated VM a continuous clock. The virtual timer's condition is
 * CNTVCT_EL0 >= CNTV_CVAL_EL0 (CNTV_CTL_EL0.ISTATUS), so moving CNTVOFF_EL2 moves when the
 * guest's timer fires. The timer's interrupt is masked (IMASK) here: the guest polls ISTATUS.
 */
#include "rt.h"
#include "timer.h"

#define WAIT 20000  /* ticks the guest sets its timer ahead */
#define SHIFT 10000 /* ticks the hypervisor moves the guest's clock by: less than the count, so
                     * the virtual count does not wrap below 0 (the comparison is unsigned) */

/* EL2: the guest's hypercalls. HVC #1 moves its clock back, HVC #2 forward again. */
static void on_hvc(struct rt_frame *f)
{
	uint64_t imm = f->esr & 0xFFFF, off = read_sysreg(cntvoff_el2);
	if (ESR_EC(f->esr) != EC_HVC64 || (imm != 1 && imm != 2)) {
		rt_describe_exception(f);
		semihost_exit(1);
	}
	write_sysreg(cntvoff_el2, imm == 1 ? off + SHIFT : off - SHIFT);
	isb();
	rt_say(2, "HVC #%lu: CNTVOFF_EL2 0x%lx -> 0x%lx: the guest's clock goes %s by %u ticks\n",
	       imm, off, read_sysreg(cntvoff_el2), imm == 1 ? "back" : "forward", SHIFT);
}

static uint64_t istatus(void)
{
	isb();
	return (read_sysreg(cntv_ctl_el0) & CNT_CTL_ISTATUS) != 0;
}

static uint64_t guest(uint64_t arg)
{
	(void)arg;
	uint64_t p = timer_cntpct(), v = timer_cntvct();
	rt_say(1, "CNTPCT_EL0 = 0x%lx, CNTVCT_EL0 = 0x%lx: they differ by 0x%lx, CNTVOFF_EL2 less\n"
	       "      the ticks between the two reads\n", p, v, p - v);
	uint64_t cval = v + WAIT;
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	rt_say(1, "virtual timer: CVAL = 0x%lx (now + %u ticks), ENABLE, IMASK; polling ISTATUS\n", cval,
	    WAIT);
	while (!istatus())
		;
	rt_say(1, "ISTATUS = 1 at CNTVCT_EL0 = 0x%lx (>= CVAL)\n", timer_cntvct());
	__asm__ volatile("hvc #1" ::: "memory");
	rt_say(1, "after HVC #1: CNTVCT_EL0 = 0x%lx, ISTATUS = %lu (CVAL is in the future again)\n",
	    timer_cntvct(), istatus());
	__asm__ volatile("hvc #2" ::: "memory");
	rt_say(1, "after HVC #2: CNTVCT_EL0 = 0x%lx, ISTATUS = %lu\n", timer_cntvct(), istatus());
	write_sysreg(cntv_ctl_el0, 0);
	return istatus();
}

int main(void)
{
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, on_hvc);
	rt_printf("\nlab 5: the virtual timer and CNTVOFF_EL2\n\n");
	/* Start the guest's clock at about 0: the offset is the physical count now. */
	write_sysreg(cntvoff_el2, timer_cntpct());
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	isb();
	rt_say(2, "CNTVOFF_EL2 = 0x%lx: the guest's virtual count starts near 0\n",
	       read_sysreg(cntvoff_el2));
	uint64_t fired = rt_run_el1(guest, 0);
	rt_say(2, "guest done\n");
	return fired ? 1 : 0;
}
