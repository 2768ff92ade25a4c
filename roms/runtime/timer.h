/*
 * Generic timer helpers for the ROMs (ARM ARM D11, "The Generic Timer in AArch64 state").
 *
 * Counter reads are preceded by an ISB so that they are not taken early (ARM ARM D11.2.2:
 * reads of CNTPCT_EL0 / CNTVCT_EL0 may otherwise occur out of order).  Timeouts are
 * measured on the virtual counter, which no CNTHCTL_EL2 setting traps in ARMv8.0, so the
 * same helper works at EL2, at EL1 and (with CNTKCTL_EL1.EL0VCTEN) at EL0.
 */
#ifndef RT_TIMER_H
#define RT_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "sysreg.h"

/* Timer PPIs on the `virt` board (INTIDs). */
#define TIMER_INTID_HYP_PHYS 26  /* CNTHP_*: EL2 physical timer */
#define TIMER_INTID_VIRT     27  /* CNTV_*: EL1 virtual timer */
#define TIMER_INTID_HYP_VIRT 28  /* CNTHV_* (FEAT_VHE) */
#define TIMER_INTID_PHYS     30  /* CNTP_*: EL1 physical timer (non-secure) */

/* CNTx_CTL_EL0 bits. */
#define CNT_CTL_ENABLE  BIT(0)
#define CNT_CTL_IMASK   BIT(1)
#define CNT_CTL_ISTATUS BIT(2)

/* CNTHCTL_EL2 with HCR_EL2.E2H = 0. */
#define CNTHCTL_EL1PCTEN BIT(0) /* EL0/EL1 reads of CNTPCT_EL0 not trapped */
#define CNTHCTL_EL1PCEN  BIT(1) /* EL0/EL1 accesses to CNTP_* not trapped */
#define CNTHCTL_EVNTEN   BIT(2)

/* CNTKCTL_EL1. */
#define CNTKCTL_EL0PCTEN BIT(0)
#define CNTKCTL_EL0VCTEN BIT(1)
#define CNTKCTL_EVNTEN   BIT(2)
#define CNTKCTL_EL0VTEN  BIT(8)
#define CNTKCTL_EL0PTEN  BIT(9)

static inline uint64_t timer_cntpct(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static inline uint64_t timer_cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0) & 0xFFFFFFFF;
}

/* Ticks of the system counter in ms milliseconds (at least 1). */
static inline uint64_t timer_ms(uint64_t ms)
{
	uint64_t t = timer_freq() * ms / 1000;
	return t ? t : 1;
}

/* True once `ticks` virtual-counter ticks have passed since `start` (a timer_cntvct()). */
static inline bool timer_elapsed(uint64_t start, uint64_t ticks)
{
	return timer_cntvct() - start >= ticks;
}

/*
 * Wait, with WFI, until *flag >= value or `ticks` of the virtual counter have passed;
 * returns whether the flag got there.  The flag is set by an interrupt handler on this
 * CPU, or by another CPU (which must then wake this one with an interrupt, or the wait
 * lasts until the timeout or some other interrupt).  IRQs are masked around the test and
 * the WFI so that the interrupt cannot slip in between them (WFI wakes on a pending IRQ
 * even when PSTATE.I masks it), then unmasked so that it is taken.  The caller's DAIF is
 * restored.
 */
static inline bool timer_wait_flag(volatile unsigned *flag, unsigned value, uint64_t ticks)
{
	uint64_t daif = read_sysreg(daif);
	uint64_t start = timer_cntvct();
	bool ok;
	for (;;) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		if (*flag >= value) {
			ok = true;
			break;
		}
		if (timer_elapsed(start, ticks)) {
			ok = false;
			break;
		}
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb" ::: "memory");
	}
	write_sysreg(daif, daif);
	isb();
	return ok;
}

#endif
