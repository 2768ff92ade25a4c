/* A guest that sleeps ten seconds: the EL1 physical timer is set 10 s ahead and the CPU waits in
 * WFI (IRQs masked at PSTATE: a pending interrupt still ends a WFI). In elsim's deterministic
 * mode model time jumps to the timer event, so the run ends at once while the guest sees ten
 * seconds pass on its counter. Prints the elapsed counter ticks and how many WFIs it took. */
#include "gic.h"
#include "rt.h"
#include "timer.h"

int main(void)
{
    gic_init_dist();
    gic_init_cpu();
    gic_enable(TIMER_INTID_PHYS);

    uint64_t start = timer_cntpct();
    uint64_t ten_seconds = 10 * timer_freq();
    write_sysreg(cntp_cval_el0, start + ten_seconds);
    write_sysreg(cntp_ctl_el0, CNT_CTL_ENABLE);
    isb();
    unsigned wfis = 0;
    while (!(read_sysreg(cntp_ctl_el0) & CNT_CTL_ISTATUS)) {
        __asm__ volatile("wfi" ::: "memory");
        wfis++;
    }
    uint64_t elapsed = timer_cntpct() - start;
    rt_printf("slept %lu ticks (%lu s at %lu Hz) in %u WFI\n", elapsed, elapsed / timer_freq(), timer_freq(), wfis);
    return elapsed >= ten_seconds ? 0 : 1;
}
