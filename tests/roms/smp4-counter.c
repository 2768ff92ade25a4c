/*
 * Four CPUs (run with -smp 4 / --smp 4) brought up with PSCI CPU_ON count to a shared
 * total with load/store exclusives (ARMv8.0: no LSE atomics), and the exclusive monitors
 * behave across CPUs (ARM ARM B2.9, "Synchronization and semaphores").
 *
 *  - CPU 0 builds an EL2 identity map (RAM Normal Write-Back Inner Shareable, the first GiB
 *    Device) so that the exclusives operate on Normal memory, as the architecture requires
 *    for the global monitor; each CPU turns its EL2 MMU and caches on with it.
 *  - CPU 0 starts CPUs 1..3 (context ID = CPU number) and each reports MPIDR_EL1
 *    (0x8000000n), CurrentEL (EL2) and that its MMU is on.  On CPU 0's signal all four add
 *    1 to a 64-bit counter N times with LDXR/STXR, and 1 to a 32-bit counter N times with
 *    LDAXR/STLXR (W registers); a failed store-exclusive is retried.  The totals must be
 *    exactly 4N, and each CPU's own count N.
 *  - Another CPU's store clears the monitor: CPU 0 executes LDXR, waits (plain loads
 *    only) until it sees CPU 1's plain store to the same location, and its STXR must fail
 *    (status 1) without writing.  CLREX makes a STXR fail too; an undisturbed LDXR/STXR
 *    succeeds (within a few tries).
 *  - The secondary CPUs call CPU_OFF; CPU 0 sees AFFINITY_INFO = OFF for each.
 * Waits poll with a bound in counter ticks, so nothing depends on the simulator's speed.
 */
#include "mmu-test.h"
#include "smp-test.h"
#include "timer.h"

#define NCPUS 4
#define ITER 20000

struct percpu {
	volatile uint64_t mpidr, currentel, mmu_on, context;
	volatile uint64_t adds64, adds32, retries;
	volatile unsigned ready, done;
} __attribute__((aligned(64)));
static struct percpu cpus[NCPUS];

static volatile uint64_t counter64 __attribute__((aligned(64)));
static volatile uint32_t counter32 __attribute__((aligned(64)));
static volatile uint64_t contested __attribute__((aligned(64)));
static volatile unsigned go __attribute__((aligned(64)));
static volatile unsigned interfere, interfere_stores, release_cpus;

static struct pt_pool pool;
static struct pt s1;

/* One LDXR/ADD/STXR attempt; returns the store-exclusive status (0 = stored). */
static inline uint32_t try_add64(volatile uint64_t *p)
{
	uint64_t v;
	uint32_t status;
	__asm__ volatile("ldxr	%0, [%2]\n\t"
			 "add	%0, %0, #1\n\t"
			 "stxr	%w1, %0, [%2]"
			 : "=&r"(v), "=&r"(status)
			 : "r"(p)
			 : "memory");
	return status;
}

static inline uint32_t try_add32_acqrel(volatile uint32_t *p)
{
	uint32_t v, status;
	__asm__ volatile("ldaxr	%w0, [%2]\n\t"
			 "add	%w0, %w0, #1\n\t"
			 "stlxr	%w1, %w0, [%2]"
			 : "=&r"(v), "=&r"(status)
			 : "r"(p)
			 : "memory");
	return status;
}

static void mmu_on(void)
{
	write_sysreg(mair_el2, PT_MAIR);
	write_sysreg(tcr_el2, pt_tcr_el2(&s1, 2));
	write_sysreg(ttbr0_el2, pt_ttbr(&s1, 0));
	__asm__ volatile("isb\n\ttlbi alle2\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}

/* The counting every CPU does once `go` is set. */
static void count(struct percpu *me)
{
	uint64_t retries = 0;
	for (unsigned i = 0; i < ITER; i++) {
		while (try_add64(&counter64))
			retries++;
		me->adds64 = me->adds64 + 1;
		while (try_add32_acqrel(&counter32))
			retries++;
		me->adds32 = me->adds32 + 1;
	}
	me->retries = retries;
	dsb_sy();
}

void smp_secondary_main(unsigned cpu)
{
	struct percpu *me = &cpus[cpu & (NCPUS - 1)];
	me->context = cpu;
	me->mpidr = read_sysreg(mpidr_el1);
	me->currentel = read_sysreg(CurrentEL);
	mmu_on();
	me->mmu_on = read_sysreg(sctlr_el2) & SCTLR_M;
	dsb_sy();
	me->ready = 1;
	if (!smp_poll_flag(&go, 1, timer_ms(10000)))
		return;
	count(me);
	me->done = 1;
	dsb_sy();
	if (cpu == 1) {
		/* Plain stores to the location CPU 0 holds exclusively, until it has seen one. */
		smp_poll_flag(&interfere, 1, timer_ms(10000));
		uint64_t start = timer_cntvct();
		while (interfere == 1 && !timer_elapsed(start, timer_ms(10000))) {
			contested = contested + 1;
			interfere_stores = interfere_stores + 1;
			dsb_sy();
		}
	}
	smp_poll_flag(&release_cpus, 1, timer_ms(10000));
}

static void test_bring_up(void)
{
	for (unsigned c = 1; c < NCPUS; c++) {
		static const char *const names[] = { "", "cpu1", "cpu2", "cpu3" };
		rt_check_field(names[c], "cpu-on", smp_start(c), PSCI_SUCCESS);
	}
	for (unsigned c = 1; c < NCPUS; c++) {
		static const char *const names[] = { "", "cpu1", "cpu2", "cpu3" };
		const char *t = names[c];
		rt_check_field(t, "ready", smp_poll_flag(&cpus[c].ready, 1, timer_ms(5000)), 1);
		rt_check_field(t, "context-id", cpus[c].context, c);
		rt_check_field(t, "mpidr", cpus[c].mpidr, 0x80000000UL | c);
		rt_check_field(t, "currentel", cpus[c].currentel, 2 << 2);
		rt_check_field(t, "mmu-on", cpus[c].mmu_on, SCTLR_M);
		rt_check_field(t, "affinity-on", smp_affinity(c), PSCI_AFF_ON);
	}
}

static void test_count(void)
{
	go = 1;
	dsb_sy();
	__asm__ volatile("sev" ::: "memory");
	count(&cpus[0]);
	bool all = true;
	for (unsigned c = 1; c < NCPUS; c++)
		all &= smp_poll_flag(&cpus[c].done, 1, timer_ms(20000));
	CHECK("count.all-done", all, 1);
	dsb_sy();
	CHECK("count.total64", counter64, (uint64_t)NCPUS * ITER);
	CHECK("count.total32", counter32, (uint32_t)(NCPUS * ITER));
	for (unsigned c = 0; c < NCPUS; c++) {
		static const char *const names[] = { "count.cpu0", "count.cpu1", "count.cpu2",
						      "count.cpu3" };
		rt_check_field(names[c], "adds64", cpus[c].adds64, ITER);
		rt_check_field(names[c], "adds32", cpus[c].adds32, ITER);
	}
	uint64_t retries = 0;
	for (unsigned c = 0; c < NCPUS; c++)
		retries += cpus[c].retries;
	rt_printf("  (store-exclusive retries in all: %lu)\n", retries);
}

static void test_monitor(void)
{
	/* Another CPU's store to the marked location clears the global monitor. */
	contested = 0x1000;
	dsb_sy();
	interfere = 1;
	dsb_sy();
	uint64_t seen, now = 0, value, start = timer_cntvct();
	uint32_t status;
	bool changed = false;
	__asm__ volatile("ldxr %0, [%1]" : "=&r"(seen) : "r"(&contested) : "memory");
	while (!timer_elapsed(start, timer_ms(5000))) {
		now = contested; /* plain loads leave the monitor alone */
		if (now != seen) {
			changed = true;
			break;
		}
	}
	value = 0xDEAD;
	__asm__ volatile("stxr %w0, %2, [%1]" : "=&r"(status) : "r"(&contested), "r"(value)
			 : "memory");
	interfere = 2;
	dsb_sy();
	CHECK("monitor.cpu1-stored", changed, 1);
	CHECK("monitor.stxr-fails", status, 1);
	CHECK("monitor.not-written", contested != 0xDEAD, 1);

	/* CLREX: the following store-exclusive fails and writes nothing. */
	static volatile uint64_t local __attribute__((aligned(64)));
	local = 5;
	__asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
			 : "=&r"(seen), "=&r"(status)
			 : "r"(&local), "r"(value)
			 : "memory");
	CHECK("clrex.ldxr-value", seen, 5);
	CHECK("clrex.stxr-fails", status, 1);
	CHECK("clrex.not-written", local, 5);
	/* Undisturbed: succeeds (a store-exclusive may fail spuriously, so allow retries). */
	unsigned tries = 0;
	do {
		__asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]"
				 : "=&r"(seen), "=&r"(status)
				 : "r"(&local), "r"(value)
				 : "memory");
	} while (status && ++tries < 100);
	CHECK("ldxr-stxr.succeeds", status, 0);
	CHECK("ldxr-stxr.written", local, 0xDEAD);
}

int main(void)
{
	/* EL2 identity map: the first GiB (UART) Device, RAM Normal Write-Back. */
	pt_pool_init(&pool, MMU_POOL_BASE, MMU_POOL_SIZE);
	pt_init_s1(&s1, &pool, 4096, 39);
	pt_map(&s1, 0, 0, 0x40000000, PT_ATTRIDX(PT_MAIR_IDX_DEVICE) | PT_AF | PT_XN);
	pt_map(&s1, 0x40000000, 0x40000000, 0x40000000, PT_S1_NORMAL_RW);
	mmu_on();
	CHECK("cpu0.mmu-on", read_sysreg(sctlr_el2) & SCTLR_M, SCTLR_M);

	test_bring_up();
	test_count();
	test_monitor();

	release_cpus = 1;
	dsb_sy();
	for (unsigned c = 1; c < NCPUS; c++) {
		static const char *const names[] = { "", "cpu1", "cpu2", "cpu3" };
		rt_check_field(names[c], "off", smp_wait_off(c, timer_ms(5000)), 1);
	}
	write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) & ~(SCTLR_M | SCTLR_C | SCTLR_I));
	isb();
	return rt_summary("smp4-counter");
}
