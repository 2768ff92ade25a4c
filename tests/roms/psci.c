/*
 * PSCI 1.1 (Arm DEN0022D) and the SMCCC 1.1 discovery calls (Arm DEN0028) over SMC from
 * EL2, with two CPUs (run with -smp 2 / --smp 2).  Every check compares the full 64-bit
 * x0 that the firmware returns.
 *
 *   - PSCI_VERSION, PSCI_FEATURES (implemented and unknown IDs), unknown function IDs,
 *     MIGRATE_INFO_TYPE, SMCCC_VERSION and SMCCC_ARCH_FEATURES;
 *   - CPU_ON / AFFINITY_INFO argument checking: absent MPIDRs, the calling CPU, affinity
 *     levels other than 0;
 *   - SMP: CPU_ON of CPU 1 (SMC64 and SMC32 forms, and made at EL1) with an entry point and
 *     a context ID.
 *     CPU 1 must start at the entry in the highest implemented non-secure EL (EL2, also
 *     when CPU_ON is called at EL1), MMU and caches off, every exception masked,
 *     x0 = context ID (DEN0022D 6.4); it records what it sees in RAM, waits for CPU 0's
 *     release and calls CPU_OFF.  Meanwhile CPU 0 checks
 *     AFFINITY_INFO (ON_PENDING or ON, then ON) and that another CPU_ON is ALREADY_ON;
 *     after the release it polls AFFINITY_INFO until CPU 1 is OFF.  CPU 1's CNTPCT_EL0
 *     must agree with CPU 0's (one system counter);
 *   - SYSTEM_RESET: the machine restarts at the image's entry point, the image loaded again
 *     (as QEMU's system reset does) and the rest of RAM kept.  A marker word outside the image
 *     tells the first boot from the second; the second boot checks that it runs at EL2 with
 *     CPU 1 off again, that a word of the image's .data changed by the first boot has its
 *     loaded value again, and that the GIC distributor the first boot enabled is disabled
 *     (GICD_CTLR reset), then ends the test.
 */
#include <stdbool.h>

#include "rom-test.h"

/* Function IDs (DEN0022D table 5.1, DEN0028 section 7). */
#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_SUSPEND 0x84000001UL
#define PSCI_CPU_SUSPEND64 0xC4000001UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON 0x84000003UL
#define PSCI_CPU_ON64 0xC4000003UL
#define PSCI_AFFINITY_INFO 0x84000004UL
#define PSCI_AFFINITY_INFO64 0xC4000004UL
#define PSCI_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define PSCI_FEATURES 0x8400000AUL
#define SMCCC_VERSION 0x80000000UL
#define SMCCC_ARCH_FEATURES 0x80000001UL

/* Return codes, as the 64-bit values x0 holds. */
#define PSCI_SUCCESS 0UL
#define PSCI_NOT_SUPPORTED ((uint64_t)-1)
#define PSCI_INVALID_PARAMETERS ((uint64_t)-2)
#define PSCI_ALREADY_ON ((uint64_t)-4)

/* AFFINITY_INFO states. */
#define AFF_ON 0UL
#define AFF_OFF 1UL
#define AFF_ON_PENDING 2UL

/* Survives SYSTEM_RESET: RAM outside the image (which ends well below 0x4010_0000). */
#define RESET_MARKER_ADDR 0x48000000UL
#define RESET_MARKER 0x5053434952535431UL /* "PSCIRST1" */

/* In the image's .data: the first boot changes it, the reset loads the image again. */
static volatile uint64_t image_word = 0x494D414745574F52UL; /* "IMAGEWOR" */

#define GICD_CTLR ((volatile uint32_t *)0x08000000UL)

struct reset_note {
	uint64_t marker;
	uint64_t checks;   /* rt_checks and rt_failures of the first boot */
	uint64_t failures;
};
#define NOTE ((volatile struct reset_note *)RESET_MARKER_ADDR)

static uint64_t self_mpidr(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffUL; /* Aff3..Aff0 */
}

/* ---- CPU 1 ---- */

/* What CPU 1 saw on entry, written by cpu1_entry (assembly) and cpu1_main. */
struct cpu1_record {
	uint64_t daif, x0, currentel, sctlr, mpidr, cntpct;
	uint64_t started; /* how many times CPU 1 came up */
	uint64_t release; /* set by CPU 0: CPU 1 may call CPU_OFF */
};
volatile struct cpu1_record cpu1;

/* CPU 1's own stack (the runtime's stacks belong to CPU 0). */
#define CPU1_STACK_SIZE 4096
static char cpu1_stack[CPU1_STACK_SIZE] __attribute__((aligned(16)));
char *const cpu1_stack_top = cpu1_stack + CPU1_STACK_SIZE;

extern char rt_vectors_el2[], rt_vectors_el1[];
void cpu1_main(uint64_t context_id);
void cpu1_entry(uint64_t context_id);

/* The CPU_ON entry point: record DAIF, x0 and CurrentEL before any instruction can change
 * them, take our own stack and continue in C. */
__asm__(".pushsection .text\n"
	".global cpu1_entry\n"
	".balign 4\n"
	"cpu1_entry:\n"
	"	mrs	x9, daif\n"
	"	mrs	x10, CurrentEL\n"
	"	adrp	x12, cpu1\n"
	"	add	x12, x12, :lo12:cpu1\n"
	"	str	x9, [x12, #0]\n"
	"	str	x0, [x12, #8]\n"
	"	str	x10, [x12, #16]\n"
	"	adrp	x12, cpu1_stack_top\n"
	"	ldr	x12, [x12, :lo12:cpu1_stack_top]\n"
	"	mov	sp, x12\n"
	"	bl	cpu1_main\n"
	"1:	b	1b\n"
	".popsection\n");

void cpu1_main(uint64_t context_id)
{
	/* Exceptions on this CPU go to the runtime's handlers (which report and end the run). */
	if (current_el() == 2) {
		cpu1.sctlr = read_sysreg(sctlr_el2);
		write_sysreg(vbar_el2, (uint64_t)rt_vectors_el2);
	} else {
		cpu1.sctlr = read_sysreg(sctlr_el1);
		write_sysreg(vbar_el1, (uint64_t)rt_vectors_el1);
	}
	cpu1.mpidr = read_sysreg(mpidr_el1); /* at EL1: VMPIDR_EL2, reset to MPIDR_EL1 */
	cpu1.cntpct = read_sysreg(cntpct_el0);
	isb();
	dsb_sy();
	cpu1.started = cpu1.started + 1;
	dsb_sy();
	(void)context_id; /* recorded by cpu1_entry */
	while (!cpu1.release)
		__asm__ volatile("yield" ::: "memory");
	rt_smc(PSCI_CPU_OFF, 0, 0, 0);
	/* CPU_OFF does not return on success. */
	cpu1.started = 0xDEAD;
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- CPU 0 ---- */

static void test_discovery(void)
{
	CHECK("psci-version", rt_smc(PSCI_VERSION, 0, 0, 0), 0x10001);
	CHECK("migrate-info-type", rt_smc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);

	static const struct {
		const char *name;
		uint64_t fid;
	} implemented[] = {
		{ "features.psci-version", PSCI_VERSION },
		{ "features.cpu-suspend", PSCI_CPU_SUSPEND },
		{ "features.cpu-suspend64", PSCI_CPU_SUSPEND64 },
		{ "features.cpu-off", PSCI_CPU_OFF },
		{ "features.cpu-on", PSCI_CPU_ON },
		{ "features.cpu-on64", PSCI_CPU_ON64 },
		{ "features.affinity-info", PSCI_AFFINITY_INFO },
		{ "features.affinity-info64", PSCI_AFFINITY_INFO64 },
		{ "features.migrate-info-type", PSCI_MIGRATE_INFO_TYPE },
		{ "features.system-off", PSCI_SYSTEM_OFF },
		{ "features.system-reset", PSCI_SYSTEM_RESET },
		{ "features.psci-features", PSCI_FEATURES },
	};
	/* For CPU_SUSPEND the result is a flags word: 0 = original power_state format, no
	 * OS-initiated mode.  For the others, 0 = implemented, no feature flags. */
	for (size_t i = 0; i < sizeof implemented / sizeof implemented[0]; i++)
		CHECK(implemented[i].name, rt_smc(PSCI_FEATURES, implemented[i].fid, 0, 0), 0);

	/* Functions that are not implemented, or not functions at all. */
	CHECK("features.unknown-psci-id", rt_smc(PSCI_FEATURES, 0x8400001FUL, 0, 0),
	      PSCI_NOT_SUPPORTED);
	CHECK("features.psci-version64", rt_smc(PSCI_FEATURES, 0xC4000000UL, 0, 0),
	      PSCI_NOT_SUPPORTED);
	CHECK("features.unknown-id", rt_smc(PSCI_FEATURES, 0x12345678UL, 0, 0), PSCI_NOT_SUPPORTED);

	/* Function IDs the firmware does not know: NOT_SUPPORTED (DEN0028 "Unknown Function
	 * Identifier"), whether or not they lie in the PSCI range. */
	CHECK("unknown-psci-function", rt_smc(0x8400001FUL, 0, 0, 0), PSCI_NOT_SUPPORTED);
	CHECK("unknown-function", rt_smc(0x82000042UL, 0, 0, 0), PSCI_NOT_SUPPORTED);

	/* SMCCC 1.1: SMCCC_VERSION is discovered through PSCI_FEATURES. */
	CHECK("features.smccc-version", rt_smc(PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
	CHECK("smccc-version", rt_smc(SMCCC_VERSION, 0, 0, 0), 0x10001);
	CHECK("smccc-arch-features.version", rt_smc(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0);
	CHECK("smccc-arch-features.unknown", rt_smc(SMCCC_ARCH_FEATURES, 0x8000FF00UL, 0, 0),
	      PSCI_NOT_SUPPORTED);
}

static void test_arguments(void)
{
	uint64_t self = self_mpidr();

	/* CPU 0 boots; CPU 1 waits for CPU_ON. */
	CHECK("mpidr.cpu0", read_sysreg(mpidr_el1), 0x80000000UL);

	/* CPU_ON of an MPIDR that names no CPU, and of the caller itself. */
	CHECK("cpu-on.absent-aff0", rt_smc(PSCI_CPU_ON64, 2, (uint64_t)cpu1_entry, 0),
	      PSCI_INVALID_PARAMETERS);
	CHECK("cpu-on.absent-aff1", rt_smc(PSCI_CPU_ON64, 0x100, (uint64_t)cpu1_entry, 0),
	      PSCI_INVALID_PARAMETERS);
	CHECK("cpu-on.absent-aff2", rt_smc(PSCI_CPU_ON64, 0x10000, (uint64_t)cpu1_entry, 0),
	      PSCI_INVALID_PARAMETERS);
	CHECK("cpu-on.self", rt_smc(PSCI_CPU_ON64, self, (uint64_t)cpu1_entry, 0),
	      PSCI_ALREADY_ON);
	CHECK("cpu-on32.self", rt_smc(PSCI_CPU_ON, self, (uint64_t)cpu1_entry, 0),
	      PSCI_ALREADY_ON);

	/* AFFINITY_INFO: self is ON, CPU 1 is OFF, absent CPUs are invalid. */
	CHECK("affinity-info.self", rt_smc(PSCI_AFFINITY_INFO64, self, 0, 0), AFF_ON);
	CHECK("affinity-info32.self", rt_smc(PSCI_AFFINITY_INFO, self, 0, 0), AFF_ON);
	CHECK("affinity-info.cpu1-off", rt_smc(PSCI_AFFINITY_INFO64, 1, 0, 0), AFF_OFF);
	CHECK("affinity-info.absent", rt_smc(PSCI_AFFINITY_INFO64, 2, 0, 0),
	      PSCI_INVALID_PARAMETERS);
	CHECK("affinity-info.absent-aff1", rt_smc(PSCI_AFFINITY_INFO64, 0x100, 0, 0),
	      PSCI_INVALID_PARAMETERS);
	/* Lowest affinity level other than 0: DEN0022D makes levels above 0 optional from
	 * PSCI 1.0 on, and an implementation that has only CPU-level power control (one
	 * cluster, as here) rejects them with INVALID_PARAMETERS, as TF-A does. */
	CHECK("affinity-info.level1", rt_smc(PSCI_AFFINITY_INFO64, 0, 1, 0),
	      PSCI_INVALID_PARAMETERS);
}

/* Waits below give up after 2 s of system counter time (or many tries, should the
 * counter not move), so that a CPU that never comes fails the check instead of hanging. */
static bool waited_too_long(uint64_t start, unsigned tries)
{
	return read_sysreg(cntpct_el0) - start > 2 * read_sysreg(cntfrq_el0) || tries > 10000000;
}

/* Poll AFFINITY_INFO(1) until it reports `state`; false if it never does. */
static bool wait_affinity(uint64_t state)
{
	uint64_t start = read_sysreg(cntpct_el0);
	for (unsigned i = 0; !waited_too_long(start, i); i++)
		if (rt_smc(PSCI_AFFINITY_INFO64, 1, 0, 0) == state)
			return true;
	return false;
}

/* Wait until CPU 1 has come up `count` times in all. */
static bool wait_started(uint64_t count)
{
	uint64_t start = read_sysreg(cntpct_el0);
	for (unsigned i = 0; !waited_too_long(start, i); i++) {
		if (cpu1.started >= count)
			return true;
		__asm__ volatile("yield" ::: "memory");
	}
	return false;
}

static uint64_t cpu_on_at_el1(uint64_t context_id)
{
	return rt_smc(PSCI_CPU_ON64, 1, (uint64_t)cpu1_entry, context_id);
}

/*
 * CPU_ON of CPU 1 through function `fid`.  Right after a successful CPU_ON, AFFINITY_INFO
 * must say ON or ON_PENDING (DEN0022D 5.1.5: the power-up has been accepted); once CPU 1
 * runs it is ON.  CPU 1 then waits for its release, so that it stays ON until stop_cpu1.
 */
static void start_cpu1(const char *test, uint64_t fid, uint64_t context_id, uint64_t count)
{
	cpu1.daif = cpu1.x0 = cpu1.currentel = cpu1.sctlr = cpu1.mpidr = cpu1.cntpct = ~0UL;
	cpu1.release = 0;
	dsb_sy();
	isb();
	uint64_t before = read_sysreg(cntpct_el0);
	/* fid 0: CPU_ON (SMC64) made at EL1, where SMC is not trapped (HCR_EL2.TSC=0). */
	uint64_t r = fid ? rt_smc(fid, 1, (uint64_t)cpu1_entry, context_id)
			 : rt_run_el1(cpu_on_at_el1, context_id);
	rt_check_field(test, "cpu-on", r, PSCI_SUCCESS);
	uint64_t state = rt_smc(PSCI_AFFINITY_INFO64, 1, 0, 0);
	rt_check_field(test, "affinity-after-cpu-on", state == AFF_ON || state == AFF_ON_PENDING,
		       true);
	rt_check_field(test, "started", wait_started(count), true);
	isb();
	uint64_t after = read_sysreg(cntpct_el0);
	rt_check_field(test, "affinity-on", rt_smc(PSCI_AFFINITY_INFO64, 1, 0, 0), AFF_ON);
	/* The system counter is one for all CPUs (ARM ARM D11.1.2): what CPU 1 read lies
	 * between CPU 0's readings before the CPU_ON and after CPU 1 came up. */
	rt_check_field(test, "cntpct-after-cpu-on", cpu1.cntpct >= before, true);
	rt_check_field(test, "cntpct-before-started", cpu1.cntpct <= after, true);
	if (cpu1.cntpct < before || cpu1.cntpct > after)
		rt_printf("  (CNTPCT_EL0: cpu0 0x%lx before CPU_ON, cpu1 0x%lx, cpu0 0x%lx after)\n",
			  before, (uint64_t)cpu1.cntpct, after);
}

/* Release CPU 1 (it calls CPU_OFF) and wait until AFFINITY_INFO says OFF. */
static void stop_cpu1(const char *test)
{
	cpu1.release = 1;
	dsb_sy();
	rt_check_field(test, "affinity-off", wait_affinity(AFF_OFF), true);
}

/* What CPU 1 must have seen on entry (DEN0022D 6.4): EL `el`, all of D, A, I, F masked,
 * MMU and data cache off (SCTLR_ELx.M and .C of that EL), x0 = the context ID. */
static void check_record(const char *test, unsigned el, uint64_t context_id)
{
	rt_check_field(test, "currentel", cpu1.currentel, el << 2);
	rt_check_field(test, "x0", cpu1.x0, context_id);
	rt_check_field(test, "daif", cpu1.daif, PSR_DAIF);
	rt_check_field(test, "sctlr.mc", cpu1.sctlr & (SCTLR_M | BIT(2)), 0);
	rt_check_field(test, "mpidr", cpu1.mpidr, 0x80000001UL);
}

static void test_smp(void)
{
	/* 1. CPU_ON (SMC64) with a 64-bit context ID; CPU_ON again while it is on. */
	const uint64_t ctx64 = 0x123456789ABCDEF0UL;
	start_cpu1("smp.on64", PSCI_CPU_ON64, ctx64, 1);
	check_record("smp.on64", 2, ctx64);
	CHECK("smp.on64.cpu-on-while-on", rt_smc(PSCI_CPU_ON64, 1, (uint64_t)cpu1_entry, ctx64),
	      PSCI_ALREADY_ON);
	CHECK("smp.on64.cpu-on32-while-on", rt_smc(PSCI_CPU_ON, 1, (uint64_t)cpu1_entry, 0),
	      PSCI_ALREADY_ON);
	stop_cpu1("smp.on64");
	CHECK("smp.on64.started-once", cpu1.started, 1);

	/* 2. CPU_ON again after the OFF, through SMC32: 32-bit arguments, so the upper
	 * halves of x1..x3 are ignored (DEN0028 2.6: SMC32 uses W registers). */
	start_cpu1("smp.on32", PSCI_CPU_ON, 0xFFFFFFFFCAFEF00DUL, 2);
	check_record("smp.on32", 2, 0xCAFEF00DUL);
	CHECK("smp.on32.cpu-on-while-on", rt_smc(PSCI_CPU_ON64, 1, (uint64_t)cpu1_entry, 0),
	      PSCI_ALREADY_ON);
	stop_cpu1("smp.on32");
	CHECK("smp.on32.started-twice", cpu1.started, 2);

	/* 3. CPU_ON made at EL1 (SMC not trapped): the new CPU still starts in the highest
	 * implemented non-secure EL, EL2 here (DEN0022D 6.4, as QEMU and TF-A do), in the
	 * execution state of that EL on the caller (AArch64). */
	start_cpu1("smp.from-el1", 0, 0x0123456789ABCDEFUL, 3);
	check_record("smp.from-el1", 2, 0x0123456789ABCDEFUL);
	stop_cpu1("smp.from-el1");

	/* 4. Leave CPU 1 on (waiting for a release that never comes): SYSTEM_RESET must
	 * power it off. */
	start_cpu1("smp.before-reset", PSCI_CPU_ON64, 0, 4);
}

static int second_boot(void)
{
	/* .bss was zeroed again by start.S: carry the first boot's counts over. */
	rt_checks += (unsigned)NOTE->checks;
	rt_failures += (unsigned)NOTE->failures;
	NOTE->marker = 0;
	CHECK("system-reset.second-boot", 1, 1);
	CHECK("system-reset.currentel", current_el(), 2);
	CHECK("system-reset.mpidr", read_sysreg(mpidr_el1), 0x80000000UL);
	CHECK("system-reset.cpu1-off", rt_smc(PSCI_AFFINITY_INFO64, 1, 0, 0), AFF_OFF);
	CHECK("system-reset.image-reloaded", image_word, 0x494D414745574F52UL);
	CHECK("system-reset.gicd-ctlr", *GICD_CTLR & 3, 0);
	/* And CPU 1 can be started again after the reset. */
	start_cpu1("system-reset.on", PSCI_CPU_ON64, 0x42, 1);
	check_record("system-reset.on", 2, 0x42);
	stop_cpu1("system-reset.on");
	return rt_summary("psci");
}

int main(void)
{
	if (NOTE->marker == RESET_MARKER)
		return second_boot();

	rt_record_all();
	test_discovery();
	test_arguments();
	test_smp();

	image_word = 0;
	*GICD_CTLR = 3;
	CHECK("system-reset.gicd-ctlr-before", *GICD_CTLR & 3, 3);
	rt_printf("psci: first boot done, SYSTEM_RESET\n");
	NOTE->checks = rt_checks;
	NOTE->failures = rt_failures;
	NOTE->marker = RESET_MARKER;
	dsb_sy();
	uint64_t r = rt_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
	/* Not reached when SYSTEM_RESET works. */
	NOTE->marker = 0;
	CHECK("system-reset.returned", r, ~0UL);
	CHECK("system-reset.no-return", 0, 1);
	return rt_summary("psci");
}
