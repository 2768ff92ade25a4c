/* The PL011's interrupt output reaches the GIC as SPI 1 (INTID 33) on the virt board
 * (DESIGN.md section 2), level-sensitive: with UARTIMSC.TXIM set, a transmitted character
 * raises UARTRIS.TXRIS, the line goes high and INTID 33 becomes pending; masking it again
 * (UARTIMSC) drops the line, and the interrupt, acknowledged and ended, is then neither pending
 * nor active. Built for GICv2 and GICv3 (GIC_VERSION). */
#include "gic.h"
#include "rom-test.h"
#include "timer.h"

#if GIC_VERSION == 3
#define ROM_NAME "uart-irq-gicv3"
#else
#define ROM_NAME "uart-irq-gicv2"
#endif

#define UART_BASE 0x09000000ull
#define UART_DR 0x000
#define UART_IMSC 0x038
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_TXIM (1u << 5)
#define UART_INTID 33

/* Wait (bounded by counter ticks, never by a simulator's speed) until INTID 33 is pending. */
static bool wait_pending(bool pending)
{
	uint64_t start = timer_cntpct();
	while (gic_is_pending(UART_INTID) != pending)
		if (timer_elapsed(start, timer_ms(1000)))
			return false;
	return true;
}

int main(void)
{
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
	isb();
	gic_init_dist();
	gic_init_cpu();
	CHECK("detected-version", gic_version, GIC_VERSION);
	gic_route_spi(UART_INTID, 0);
	gic_set_edge(UART_INTID, false);
	gic_enable(UART_INTID);

	mmio_write32(UART_BASE + UART_ICR, 0x7ff);
	mmio_write32(UART_BASE + UART_IMSC, UART_TXIM);
	mmio_write32(UART_BASE + UART_DR, '.');
	mmio_write32(UART_BASE + UART_DR, '\n');
	CHECK("tx.mis", mmio_read32(UART_BASE + UART_MIS) & UART_TXIM, UART_TXIM);
	CHECK("tx.spi-pending", wait_pending(true), true);
	CHECK("tx.hppir", gic_iar_intid(gic_hppir()), UART_INTID);
	uint32_t iar = gic_ack();
	CHECK("tx.iar", gic_iar_intid(iar), UART_INTID);
	CHECK("tx.active", gic_is_active(UART_INTID), true);
	/* Level-sensitive: still asserted, so pending again while active until the device clears. */
	CHECK("tx.pending-while-asserted", gic_is_pending(UART_INTID), true);
	mmio_write32(UART_BASE + UART_IMSC, 0);
	CHECK("masked.mis", mmio_read32(UART_BASE + UART_MIS) & UART_TXIM, 0);
	CHECK("masked.spi-not-pending", wait_pending(false), true);
	gic_eoi(iar);
	CHECK("eoi.inactive", gic_is_active(UART_INTID), false);
	CHECK("eoi.hppir-spurious", gic_iar_intid(gic_hppir()), 1023);
	return rt_summary(ROM_NAME);
}
