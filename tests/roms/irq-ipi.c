/*
 * Software-generated interrupts (IPIs) on one CPU and between two CPUs, with GICv2 or
 * GICv3 (compiled twice: GIC_VERSION = 2 -> irq-ipi-gicv2, 3 -> irq-ipi-gicv3; run with
 * the matching gic-version).  Both CPUs run at EL2 with HCR_EL2.IMO = 1, so physical IRQs
 * are taken at EL2 (VBAR_EL2 + 0x280) whenever PSTATE.I is clear.
 *
 *  1. Identification: ID_AA64PFR0_EL1.GIC and GICD_PIDR2.ArchRev say the expected
 *     version; GICv2 GICD_TYPER.CPUNumber = 1 and GICD_ITARGETSR0..7 read as the reading
 *     CPU's own bit on each CPU.
 *  2. Priorities, running priority and preemption on CPU 0: SGIs 5 (priority 0x80),
 *     3 (0xA0) and 4 (0xC0) sent to itself with IRQs masked are pending (ISPENDR0,
 *     ISR_EL1.I, HPPIR = 5) and, once unmasked, are taken highest priority first.  In the
 *     handler of 3 the CPU sends itself SGI 7 (also 0xA0): it stays pending even with IRQs
 *     unmasked (same group priority as the running one) and is taken after 3's EOI, before
 *     4.  In the handler of 4 it sends SGI 6 (0x40), which preempts: taken nested, with
 *     4 and 6 both active and RPR = 0x40, then RPR back to 0xC0.  The sequence of IARs
 *     and of RPRs is compared exactly; RPR is 0xFF when idle.
 *  3. Ping-pong: CPU 0 sends SGI 1 to CPU 1 N times; each time CPU 1 answers with SGI 2
 *     from its handler and CPU 0 waits for it.  GICv2 IARs carry the source CPU in bits
 *     12:10.  Then a broadcast (GICv2 TargetListFilter = 1, GICv3 IRM = 1) of SGI 9 to
 *     "all but self", to which CPU 1 answers with SGI 11 sent to both CPUs (CPU 1 takes
 *     its own after 9's EOI), and SGI 15 to stop CPU 1.  Each CPU's log of IARs must be
 *     exactly the expected sequence: nothing lost, duplicated or reordered.
 *
 * Waits are WFI loops bounded by the counter: no check depends on the speed of the
 * simulator.  Only CPU 0 prints.
 */
#include "gic.h"
#include "smp-test.h"
#include "timer.h"

#ifndef GIC_VERSION
#error "compile with -DGIC_VERSION=2 or 3"
#endif
#if GIC_VERSION == 3
#define ROM_NAME "irq-ipi-gicv3"
#else
#define ROM_NAME "irq-ipi-gicv2"
#endif

#define SGI_PING 1
#define SGI_PONG 2
#define SGI_BCAST 9
#define SGI_BOTH 11
#define SGI_STOP 15
#define ROUNDS 32
#define LOG_MAX 128

/* IAR of SGI `intid` sent by CPU `src`. */
static uint32_t sgi_iar(unsigned intid, unsigned src)
{
	return GIC_VERSION == 2 ? (src << 10) | intid : intid;
}

struct irq_log {
	volatile unsigned n;
	volatile uint32_t iar[LOG_MAX];
	volatile uint32_t rpr[LOG_MAX];
};
static struct irq_log log_cpu[2];

/* What the handlers saw inside the nested scenario (CPU 0). */
static volatile unsigned sgi7_taken_early;  /* log length change while 3 ran unmasked */
static volatile unsigned sgi7_pending_in_3;
static volatile unsigned nested_both_active;
static volatile uint32_t nested_apr, rpr_after_nested;
static volatile unsigned nested_seen;

static volatile unsigned pongs, both_seen, cpu1_ready, cpu1_stop;
static volatile uint64_t cpu1_itargetsr, cpu1_final_rpr;

static void irq_handler(struct rt_frame *f)
{
	(void)f;
	unsigned cpu = gic_cpu_number() & 1;
	uint32_t iar = gic_ack();
	struct irq_log *l = &log_cpu[cpu];
	unsigned n = l->n;
	if (n < LOG_MAX) {
		l->iar[n] = iar;
		l->rpr[n] = gic_rpr();
	}
	l->n = n + 1;

	unsigned intid = gic_iar_intid(iar) & 0x3FF;
	if (cpu == 1) {
		if (intid == SGI_PING)
			gic_send_sgi(SGI_PONG, 1U << 0);
		else if (intid == SGI_BCAST)
			gic_send_sgi(SGI_BOTH, (1U << 0) | (1U << 1));
	} else if (intid == SGI_PONG) {
		pongs = pongs + 1;
	} else if (intid == SGI_BOTH) {
		both_seen = 1;
	} else if (intid == 3) {
		/* SGI 7 has 3's group priority: pending, but not signalled while 3 is active. */
		gic_send_sgi(7, 1U << 0);
		uint64_t start = timer_cntvct();
		while (!gic_is_pending(7) && !timer_elapsed(start, timer_ms(1000)))
			;
		sgi7_pending_in_3 = gic_is_pending(7);
		unsigned before = l->n;
		__asm__ volatile("msr daifclr, #2\n\tisb\n\tnop\n\tnop\n\tmsr daifset, #2" ::: "memory");
		sgi7_taken_early = l->n - before;
	} else if (intid == 4) {
		/* SGI 6 (0x40) preempts 4 (0xC0): wait for the nested IRQ with IRQs unmasked. */
		unsigned before = l->n;
		gic_send_sgi(6, 1U << 0);
		uint64_t start = timer_cntvct();
		__asm__ volatile("msr daifclr, #2" ::: "memory");
		while (l->n == before && !timer_elapsed(start, timer_ms(1000)))
			;
		__asm__ volatile("msr daifset, #2" ::: "memory");
		rpr_after_nested = gic_rpr();
	} else if (intid == 6) {
		nested_seen = 1;
		nested_both_active = gic_is_active(4) && gic_is_active(6);
		nested_apr = gic_apr();
	}
	gic_eoi(iar);
}

/* ---- CPU 1 ---- */

void smp_secondary_main(unsigned cpu)
{
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
	isb();
	gic_init_cpu();
	for (unsigned i = 0; i < 16; i++)
		gic_set_priority(i, 0x80);
	for (unsigned i = 0; i < 16; i++)
		gic_enable(i);
	if (GIC_VERSION == 2)
		cpu1_itargetsr = mmio_read32(GICD_BASE + GICD_ITARGETSR);
	(void)cpu;
	dsb_sy();
	cpu1_ready = 1;
	dsb_sy();
	/* Serve SGIs until CPU 0 says stop (and wakes us with SGI 15). */
	while (!timer_wait_flag(&cpu1_stop, 1, timer_ms(10000)))
		;
	cpu1_final_rpr = gic_rpr();
}

/* ---- CPU 0 ---- */

static void test_identification(void)
{
	CHECK("id.pfr0-gic", (read_sysreg(id_aa64pfr0_el1) >> 24) & 0xF, GIC_VERSION == 3);
	uint32_t pidr2 = mmio_read32(GICD_BASE + (GIC_VERSION == 3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2));
	CHECK("id.gicd-pidr2-archrev", (pidr2 >> 4) & 0xF, GIC_VERSION);
	if (GIC_VERSION == 2) {
		/* CPUNumber (bits 7:5) = number of CPU interfaces - 1. */
		CHECK("id.gicd-typer-cpunumber", (mmio_read32(GICD_BASE + GICD_TYPER) >> 5) & 7, 1);
		for (unsigned i = 0; i < 8; i++)
			if (i == 0 || i == 7)
				CHECK(i ? "id.itargetsr7-cpu0" : "id.itargetsr0-cpu0",
				      mmio_read32(GICD_BASE + GICD_ITARGETSR + 4 * i), 0x01010101);
	} else {
		/* CPU 0's redistributor is the first frame; CPU 1's the second, and Last. */
		CHECK("id.gicr0-found", gic_redist(0), GICR_BASE);
		CHECK("id.gicr1-found", gic_redist(1), GICR_BASE + GICR_STRIDE);
		CHECK("id.gicr1-last", mmio_read64(GICR_BASE + GICR_STRIDE + GICR_TYPER) & GICR_TYPER_LAST,
		      GICR_TYPER_LAST);
		CHECK("id.icc-sre-el2", read_sysreg(icc_sre_el2) & 0xF, 0xF);
	}
	CHECK("id.rpr-idle", gic_rpr(), 0xFF);
	CHECK("id.hppir-none", gic_hppir(), GIC_INTID_SPURIOUS);
}

static void test_priorities(void)
{
	static const unsigned prio[16] = { [3] = 0xA0, [4] = 0xC0, [5] = 0x80, [6] = 0x40,
					   [7] = 0xA0 };
	for (unsigned i = 3; i <= 7; i++) {
		gic_set_priority(i, prio[i]);
		gic_enable(i);
	}
	CHECK("prio.readback-5", gic_get_priority(5), 0x80);
	CHECK("prio.readback-6", gic_get_priority(6), 0x40);

	/* IRQs masked at EL2: the three SGIs are pending, nothing is taken. */
	gic_send_sgi(3, 1U << 0);
	gic_send_sgi(4, 1U << 0);
	gic_send_sgi(5, 1U << 0);
	uint64_t start = timer_cntvct();
	while (!(gic_is_pending(3) && gic_is_pending(4) && gic_is_pending(5)) &&
	       !timer_elapsed(start, timer_ms(1000)))
		;
	CHECK("masked.pending-3", gic_is_pending(3), 1);
	CHECK("masked.pending-4", gic_is_pending(4), 1);
	CHECK("masked.pending-5", gic_is_pending(5), 1);
	if (GIC_VERSION == 2) {
		/* GICD_SPENDSGIRn: one byte per SGI, one bit per source CPU (CPU 0: bit 0). */
		CHECK("masked.spendsgir0", mmio_read32(GICD_BASE + GICD_SPENDSGIR), 0x01000000);
		CHECK("masked.spendsgir1", mmio_read32(GICD_BASE + GICD_SPENDSGIR + 4), 0x00000101);
	}
	/* ISR_EL1.I shows the physical IRQ at EL2 once it is signalled. */
	start = timer_cntvct();
	while (!(read_sysreg(isr_el1) & BIT(7)) && !timer_elapsed(start, timer_ms(1000)))
		;
	CHECK("masked.isr-el1", read_sysreg(isr_el1), BIT(7));
	CHECK("masked.hppir", gic_hppir(), sgi_iar(5, 0));
	CHECK("masked.not-taken", log_cpu[0].n, 0);

	/* Unmask: 5, 3, (7 sent in 3's handler), 4, (6 nested in 4's handler). */
	timer_wait_flag(&log_cpu[0].n, 5, timer_ms(2000));
	static const uint32_t want_intid[5] = { 5, 3, 7, 4, 6 };
	static const uint32_t want_rpr[5] = { 0x80, 0xA0, 0xA0, 0xC0, 0x40 };
	CHECK("order.count", log_cpu[0].n, 5);
	static const char *const iar_names[5] = { "order.iar0", "order.iar1", "order.iar2",
						  "order.iar3", "order.iar4" };
	static const char *const rpr_names[5] = { "order.rpr0", "order.rpr1", "order.rpr2",
						  "order.rpr3", "order.rpr4" };
	for (unsigned i = 0; i < 5; i++) {
		CHECK(iar_names[i], log_cpu[0].iar[i], sgi_iar(want_intid[i], 0));
		CHECK(rpr_names[i], log_cpu[0].rpr[i], want_rpr[i]);
	}
	CHECK("same-priority.sgi7-pending", sgi7_pending_in_3, 1);
	CHECK("same-priority.sgi7-not-taken", sgi7_taken_early, 0);
	CHECK("preempt.nested-seen", nested_seen, 1);
	CHECK("preempt.both-active", nested_both_active, 1);
	if (GIC_VERSION == 3) /* ICC_AP1R0_EL1: one bit per group priority, 0xC0 and 0x40. */
		CHECK("preempt.ap1r0", nested_apr, BIT(0xC0 >> 3) | BIT(0x40 >> 3));
	CHECK("preempt.rpr-after-nested", rpr_after_nested, 0xC0);
	CHECK("idle.rpr", gic_rpr(), 0xFF);
	CHECK("idle.apr", gic_apr(), 0);
	unsigned busy = 0;
	for (unsigned i = 3; i <= 7; i++)
		busy |= (gic_is_pending(i) << i) | (gic_is_active(i) << (i + 8));
	CHECK("idle.no-pending-or-active", busy, 0);
	CHECK("idle.hppir", gic_hppir(), GIC_INTID_SPURIOUS);
}

static void test_ping_pong(void)
{
	for (unsigned i = 0; i < 16; i++) {
		gic_set_priority(i, 0x80);
		gic_enable(i);
	}
	log_cpu[0].n = 0;
	CHECK("smp.cpu-on", smp_start(1), PSCI_SUCCESS);
	CHECK("smp.cpu1-ready", smp_poll_flag(&cpu1_ready, 1, timer_ms(5000)), 1);
	if (GIC_VERSION == 2)
		CHECK("smp.cpu1-itargetsr0", cpu1_itargetsr, 0x02020202);

	unsigned i;
	for (i = 0; i < ROUNDS; i++) {
		gic_send_sgi(SGI_PING, 1U << 1);
		if (!timer_wait_flag(&pongs, i + 1, timer_ms(2000)))
			break;
	}
	CHECK("pingpong.rounds", i, ROUNDS);
	CHECK("pingpong.pongs", pongs, ROUNDS);

	gic_send_sgi_others(SGI_BCAST);
	CHECK("broadcast.answered", timer_wait_flag(&both_seen, 1, timer_ms(2000)), 1);

	cpu1_stop = 1;
	dsb_sy();
	gic_send_sgi(SGI_STOP, 1U << 1);
	CHECK("smp.cpu1-off", smp_wait_off(1, timer_ms(5000)), 1);
	CHECK("smp.cpu1-final-rpr", cpu1_final_rpr, 0xFF);

	/* CPU 1: N pings from CPU 0, the broadcast, its own SGI 11, the stop. */
	unsigned bad = 0, first_bad = ~0U;
	CHECK("cpu1-log.count", log_cpu[1].n, ROUNDS + 3);
	for (unsigned k = 0; k < ROUNDS + 3 && k < LOG_MAX; k++) {
		uint32_t want = k < ROUNDS ? sgi_iar(SGI_PING, 0)
			      : k == ROUNDS ? sgi_iar(SGI_BCAST, 0)
			      : k == ROUNDS + 1 ? sgi_iar(SGI_BOTH, 1) : sgi_iar(SGI_STOP, 0);
		if (log_cpu[1].iar[k] != want || log_cpu[1].rpr[k] != 0x80) {
			if (!bad++)
				first_bad = k;
		}
	}
	CHECK("cpu1-log.mismatches", bad, 0);
	if (bad)
		rt_printf("  first mismatch at %u: iar 0x%x rpr 0x%x\n", first_bad,
			  log_cpu[1].iar[first_bad], log_cpu[1].rpr[first_bad]);
	CHECK("cpu1-log.first-ping", log_cpu[1].iar[0], sgi_iar(SGI_PING, 0));
	CHECK("cpu1-log.broadcast", log_cpu[1].iar[ROUNDS], sgi_iar(SGI_BCAST, 0));
	CHECK("cpu1-log.own-sgi", log_cpu[1].iar[ROUNDS + 1], sgi_iar(SGI_BOTH, 1));
	CHECK("cpu1-log.stop", log_cpu[1].iar[ROUNDS + 2], sgi_iar(SGI_STOP, 0));

	/* CPU 0: N pongs from CPU 1, then CPU 1's SGI 11. */
	bad = 0;
	CHECK("cpu0-log.count", log_cpu[0].n, ROUNDS + 1);
	for (unsigned k = 0; k < ROUNDS + 1 && k < LOG_MAX; k++) {
		uint32_t want = k < ROUNDS ? sgi_iar(SGI_PONG, 1) : sgi_iar(SGI_BOTH, 1);
		if (log_cpu[0].iar[k] != want || log_cpu[0].rpr[k] != 0x80) {
			if (!bad++)
				first_bad = k;
		}
	}
	CHECK("cpu0-log.mismatches", bad, 0);
	if (bad)
		rt_printf("  first mismatch at %u: iar 0x%x rpr 0x%x\n", first_bad,
			  log_cpu[0].iar[first_bad], log_cpu[0].rpr[first_bad]);
	CHECK("cpu0-log.first-pong", log_cpu[0].iar[0], sgi_iar(SGI_PONG, 1));
	CHECK("cpu0-log.cpu1-sgi", log_cpu[0].iar[ROUNDS], sgi_iar(SGI_BOTH, 1));
}

int main(void)
{
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
	isb();
	rt_set_handler(2, VEC_CUR_SPX + VEC_IRQ, irq_handler);
	gic_init_dist();
	gic_init_cpu();
	CHECK("id.detected-version", gic_version, GIC_VERSION);
	test_identification();
	test_priorities();
	test_ping_pong();
	return rt_summary(ROM_NAME);
}
