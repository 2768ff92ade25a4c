/*
 * The seven microbenchmarks of Dall et al., "ARM Virtualization: Performance and
 * Architectural Implications" (ISCA 2016), Table II, run by VM 0's vCPU 0 (ABI.md).
 *
 * Same-CPU benchmarks read PMCCNTR_EL0 with an ISB before each read, as the paper did, around
 * one operation; the instruction and exception counters (PMEVCNTR0/1: INST_RETIRED and
 * EXC_TAKEN, counting at EL2 too) are read just outside that bracket.  Cross-CPU ones take
 * their end points from the generic counter (CNTVCT_EL0, CNTVOFF_EL2 = 0), converted to
 * cycles at 1 GHz; their instructions and exceptions are those of this physical CPU's part
 * of the operation.  Every figure is the average over the counted iterations.
 */
#include "guest.h"

/* PMU (ARM ARM D7, "The Performance Monitors Extension"). */
#define PMCR_E  BIT(0)
#define PMCR_P  BIT(1)
#define PMCR_C  BIT(2)
#define PMCR_LC BIT(6)
#define PMU_NSH BIT(27) /* PMEVTYPER / PMCCFILTR: count at EL2 */
#define EVT_INST_RETIRED 0x08
#define EVT_EXC_TAKEN    0x09

static void pmu_setup(void)
{
	write_sysreg(pmevtyper0_el0, EVT_INST_RETIRED | PMU_NSH);
	write_sysreg(pmevtyper1_el0, EVT_EXC_TAKEN | PMU_NSH);
	write_sysreg(pmccfiltr_el0, PMU_NSH);
	write_sysreg(pmcntenset_el0, BIT(31) | BIT(1) | BIT(0));
	write_sysreg(pmcr_el0, PMCR_LC | PMCR_C | PMCR_P | PMCR_E);
	isb();
}

static inline uint64_t cycles(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v)::"memory");
	return v;
}
static inline uint64_t insns(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, pmevcntr0_el0" : "=r"(v)::"memory");
	return v;
}
static inline uint64_t excs(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, pmevcntr1_el0" : "=r"(v)::"memory");
	return v;
}

struct acc {
	uint64_t cycles, insns, excs;
	unsigned n;
};

/* One same-CPU measurement of OP per iteration, warm-up iterations discarded. */
#define MEASURE(a, iters, OP)                                                     \
	do {                                                                      \
		for (unsigned it_ = 0; it_ < BENCH_WARMUP + (iters); it_++) {     \
			uint64_t i0_ = insns(), e0_ = excs(), c0_ = cycles();     \
			OP;                                                       \
			uint64_t c1_ = cycles(), i1_ = insns(), e1_ = excs();     \
			if (it_ >= BENCH_WARMUP) {                                \
				(a).cycles += c1_ - c0_;                          \
				(a).insns += i1_ - i0_;                           \
				(a).excs += e1_ - e0_;                            \
				(a).n++;                                          \
			}                                                         \
		}                                                                 \
	} while (0)

static uint64_t ticks_to_cycles(uint64_t ticks)
{
	return ticks * 1000000000UL / read_sysreg(cntfrq_el0);
}

static uint64_t avg(uint64_t sum, uint64_t n)
{
	return (sum + n / 2) / n;
}

/* The results, printed together at the end in the ABI's order (the benchmarks do not run in
 * that order: see bench_main). */
enum { HYPERCALL, GIC_TRAP, VIRTUAL_IPI, VIRQ_COMPLETION, VM_SWITCH, IO_OUT, IO_IN, NR_BENCH };
static const char *const bench_names[NR_BENCH] = {
	"hypercall", "gic_trap", "virtual_ipi", "virq_completion", "vm_switch", "io_out", "io_in",
};
static struct result {
	struct acc a;
	unsigned ops; /* operations per iteration (VM Switch measures a round trip: two) */
} results[NR_BENCH];

static void report(unsigned bench, const struct acc *a, unsigned ops)
{
	results[bench].a = *a;
	results[bench].ops = ops;
}

static void print_results(void)
{
	for (unsigned b = 0; b < NR_BENCH; b++) {
		const struct acc *a = &results[b].a;
		uint64_t n = (uint64_t)a->n * results[b].ops;
		rt_printf("paper: design=%s gic=%u bench=%s cycles=%lu insns=%lu exceptions=%lu "
			  "iterations=%u\n",
			  guest_design ? "split" : "type1", gic_version, bench_names[b],
			  avg(a->cycles, n), avg(a->insns, n), avg(a->excs, n), a->n);
	}
}

static unsigned errors;

static void check(const char *what, uint64_t got, uint64_t expected)
{
	if (got != expected) {
		rt_printf("guest: error: %s: got 0x%lx expected 0x%lx\n", what, got, expected);
		errors++;
	}
}

/* The cost of the bracket itself (nothing between the reads), printed for reference. */
static void bench_empty(void)
{
	struct acc a = { 0 };
	MEASURE(a, BENCH_ITERS, (void)0);
	rt_printf("guest: measurement bracket alone: cycles=%lu insns=%lu exceptions=%lu\n",
		  avg(a.cycles, a.n), avg(a.insns, a.n), avg(a.excs, a.n));
}

/* Hypercall: an HVC that does nothing, round trip. */
static void bench_hypercall(void)
{
	struct acc a = { 0 };
	uint64_t r = 0;
	MEASURE(a, BENCH_ITERS, r |= hvc(HVC_NOP, 0));
	check("hypercall result", r, 0);
	report(HYPERCALL, &a, 1);
}

/* Interrupt Controller Trap: a read of an emulated distributor register (GICD_TYPER). */
static void bench_gic_trap(void)
{
	struct acc a = { 0 };
	uint32_t typer = 0;
	MEASURE(a, BENCH_ITERS, typer = mmio_read32(GICD_BASE + GICD_TYPER));
	check("GICD_TYPER.ITLinesNumber covers SPI 48", (typer & 0x1F) >= 1, 1);
	report(GIC_TRAP, &a, 1);
}

/* Virtual IPI: from before the sending vCPU's SGI (a trapped GICD_SGIR / ICC_SGI1R_EL1
 * write) until the handler runs on vCPU 1 on physical CPU 1; vCPU 1 answers with SGI 2,
 * which ends our wait (not measured). */
static void bench_virtual_ipi(void)
{
	struct acc a = { 0 };
	uint64_t ticks = 0;
	while (!gs.vcpu1_ready) /* a memory flag: no interrupt would end a WFI */
		;
	for (unsigned it = 0; it < BENCH_WARMUP + BENCH_CROSS_ITERS; it++) {
		gs.ipi_pong = 0;
		uint64_t i0 = insns(), e0 = excs();
		uint64_t t0 = counter_ticks();
		gic_send_sgi(1, 1U << 1);
		uint64_t i1 = insns(), e1 = excs();
		guest_wait_flag(&gs.ipi_pong);
		if (it >= BENCH_WARMUP) {
			ticks += gs.ipi_t1 - t0;
			a.insns += i1 - i0;
			a.excs += e1 - e0;
			a.n++;
		}
	}
	a.cycles = ticks_to_cycles(ticks);
	report(VIRTUAL_IPI, &a, 1);
}

/* Virtual IRQ Completion: acknowledge and EOI of a virtual interrupt that the hypervisor
 * put in a list register beforehand (HVC INJECT, outside the bracket; IRQs stay masked so
 * it is not taken). */
static void bench_virq_completion(void)
{
	struct acc a = { 0 };
	for (unsigned it = 0; it < BENCH_WARMUP + BENCH_ITERS; it++) {
		hvc(HVC_INJECT, IRQ_IO);
		uint64_t i0 = insns(), e0 = excs(), c0 = cycles();
		uint32_t iar = virq_ack();
		virq_eoi(iar);
		uint64_t c1 = cycles(), i1 = insns(), e1 = excs();
		check("acknowledged INTID", GICC_IAR_INTID(iar), IRQ_IO);
		if (it >= BENCH_WARMUP) {
			a.cycles += c1 - c0;
			a.insns += i1 - i0;
			a.excs += e1 - e0;
			a.n++;
		}
	}
	report(VIRQ_COMPLETION, &a, 1);
}

/* VM Switch: a YIELD to VM 1, which yields straight back; half the round trip.  The first
 * YIELD boots VM 1, the last one lets it finish. */
static void bench_vm_switch(void)
{
	struct acc a = { 0 };
	hvc(HVC_YIELD, 1);
	MEASURE(a, BENCH_ITERS, hvc(HVC_YIELD, 1));
	hvc(HVC_YIELD, 1);
	report(VM_SWITCH, &a, 2);
}

/* I/O Latency Out and In, one notification per iteration: out = from before our
 * QueueNotify write until the backend runs (its timestamp, read back at offset 0x100); in =
 * from that timestamp (the backend signals at once) until our SPI 48 handler runs.
 * Instructions and exceptions: out = the notify write on this CPU; in = from after it until
 * the handler has run (the wait, the physical and the virtual interrupt). */
static void bench_io(void)
{
	struct acc out = { 0 }, in = { 0 };
	uint64_t out_ticks = 0, in_ticks = 0;
	for (unsigned it = 0; it < BENCH_WARMUP + BENCH_CROSS_ITERS; it++) {
		gs.io_done = 0;
		uint64_t i0 = insns(), e0 = excs();
		uint64_t t0 = counter_ticks();
		mmio_write32(VIO_BASE + VIO_QUEUE_NOTIFY, 0);
		uint64_t i1 = insns(), e1 = excs();
		guest_wait_flag(&gs.io_done);
		uint64_t i2 = insns(), e2 = excs();
		uint64_t tb = mmio_read64(VIO_BASE + VIO_TIMESTAMP);
		if (it >= BENCH_WARMUP) {
			out_ticks += tb - t0;
			in_ticks += gs.io_t - tb;
			out.insns += i1 - i0;
			out.excs += e1 - e0;
			in.insns += i2 - i1;
			in.excs += e2 - e1;
			out.n++;
			in.n++;
		}
	}
	out.cycles = ticks_to_cycles(out_ticks);
	in.cycles = ticks_to_cycles(in_ticks);
	report(IO_OUT, &out, 1);
	report(IO_IN, &in, 1);
}

void bench_main(void)
{
	pmu_setup();
	bench_empty();
	/* The same-CPU benchmarks first, VM Switch last of them: until VM 0 has yielded to VM 1
	 * and VM 1 has finished, VM 0's vCPU 0 must not wait for interrupts, since a hypervisor
	 * that traps WFI may then run VM 1 (type1 does, as Xen). */
	bench_hypercall();
	bench_gic_trap();
	bench_virq_completion();
	bench_vm_switch();
	bench_virtual_ipi();
	bench_io();
	print_results();
	gic_send_sgi(3, 1U << 1); /* vCPU 1 may finish */
	if (gs.unexpected)
		check("unexpected interrupts", gs.unexpected, 0);
	rt_printf("guest: done, %u errors\n", errors);
	hvc(HVC_DONE, errors);
	for (;;)
		__asm__ volatile("wfi");
}
