/* The PL031 RTC's alarm on the virt board: with RTCIMSC set, the count reaching RTCMR raises
 * RTCINTR, SPI 2 (INTID 34), level-sensitive (DESIGN.md section 2), without any access to the
 * RTC in between -- the CPU only waits in WFI (PSTATE.I masked: WFI still wakes on the pending
 * interrupt), and the simulator must end the wait when the second comes. Then RTCRIS and
 * RTCMIS read 1, RTCDR equals the match value, at least one second of counter time has passed,
 * the interrupt is acknowledged as INTID 34, and RTCICR drops it. Built for GICv2 and GICv3. */
#include "gic.h"
#include "rom-test.h"
#include "timer.h"

#if GIC_VERSION == 3
#define ROM_NAME "rtc-alarm-gicv3"
#else
#define ROM_NAME "rtc-alarm-gicv2"
#endif

#define RTC_BASE 0x09010000ull
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define RTC_MIS 0x18
#define RTC_ICR 0x1c
#define RTC_INTID 34

int main(void)
{
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
	isb();
	gic_init_dist();
	gic_init_cpu();
	CHECK("detected-version", gic_version, GIC_VERSION);
	gic_route_spi(RTC_INTID, 0);
	gic_set_edge(RTC_INTID, false);
	gic_enable(RTC_INTID);

	mmio_write32(RTC_BASE + RTC_ICR, 1);
	uint32_t match = mmio_read32(RTC_BASE + RTC_DR) + 2;
	mmio_write32(RTC_BASE + RTC_MR, match);
	mmio_write32(RTC_BASE + RTC_IMSC, 1);
	uint64_t start = timer_cntpct();
	CHECK("armed.not-pending", gic_is_pending(RTC_INTID), false);
	unsigned waits = 0;
	while (!gic_is_pending(RTC_INTID) && waits < 1000000) {
		__asm__ volatile("wfi" ::: "memory");
		waits++;
	}
	CHECK("alarm.pending", gic_is_pending(RTC_INTID), true);
	CHECK("alarm.waited-in-wfi", waits > 0, true);
	CHECK("alarm.not-early", timer_elapsed(start, timer_ms(1000)), true);
	CHECK("alarm.ris", mmio_read32(RTC_BASE + RTC_RIS), 1);
	CHECK("alarm.mis", mmio_read32(RTC_BASE + RTC_MIS), 1);
	CHECK("alarm.count-is-match", mmio_read32(RTC_BASE + RTC_DR), match);
	uint32_t iar = gic_ack();
	CHECK("alarm.iar", gic_iar_intid(iar), RTC_INTID);
	mmio_write32(RTC_BASE + RTC_ICR, 1);
	CHECK("cleared.mis", mmio_read32(RTC_BASE + RTC_MIS), 0);
	gic_eoi(iar);
	CHECK("cleared.not-pending", gic_is_pending(RTC_INTID), false);
	CHECK("cleared.not-active", gic_is_active(RTC_INTID), false);
	return rt_summary(ROM_NAME);
}
