/*
 * Secondary CPUs for the multi-CPU ROM tests: PSCI calls over SMC (DEN0022D) and a common
 * entry point that gives each CPU its own stack and the runtime's vector tables.
 *
 * smp_start(cpu) powers CPU `cpu` (MPIDR Aff0) on at smp_secondary_entry with the context
 * ID = cpu.  The entry takes stack smp_stacks[cpu], configures EL2 as start.S does for
 * CPU 0 (HCR_EL2.RW, no FP traps, MMU off, both vector tables) and calls the ROM's
 * smp_secondary_main(cpu); when that returns the CPU calls CPU_OFF.  Secondary CPUs must
 * not print (the console is CPU 0's): they leave what they saw in memory for CPU 0 to
 * check.  Include this header from one source file per ROM (it defines the stacks).
 */
#ifndef SMP_TEST_H
#define SMP_TEST_H

#include <stdbool.h>

#include "rom-test.h"

#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON64 0xC4000003UL
#define PSCI_AFFINITY_INFO64 0xC4000004UL
#define PSCI_SUCCESS 0UL
#define PSCI_AFF_ON 0UL
#define PSCI_AFF_OFF 1UL

#define SMP_MAX_CPUS 4
#define SMP_STACK_SIZE 8192

/* Defined by the ROM: what a secondary CPU does (at EL2, SP = its own stack, DAIF masked). */
void smp_secondary_main(unsigned cpu);

char smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE] __attribute__((aligned(16)));
extern char rt_vectors_el2[], rt_vectors_el1[];
void smp_secondary_entry(uint64_t cpu);
void smp_secondary_c(uint64_t cpu);

/* x0 = context ID = CPU number: SP = top of smp_stacks[cpu]. */
__asm__(".pushsection .text\n"
	".global smp_secondary_entry\n"
	".balign 4\n"
	"smp_secondary_entry:\n"
	"	adrp	x1, smp_stacks\n"
	"	add	x1, x1, :lo12:smp_stacks\n"
	"	add	x2, x0, #1\n"
	"	mov	x3, #" "8192" "\n"
	"	madd	x1, x2, x3, x1\n"
	"	mov	sp, x1\n"
	"	bl	smp_secondary_c\n"
	"1:	b	1b\n"
	".popsection\n");
_Static_assert(SMP_STACK_SIZE == 8192, "smp_secondary_entry hard-codes the stack size");

void smp_secondary_c(uint64_t cpu)
{
	write_sysreg(hcr_el2, HCR_RW);
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1);
	write_sysreg(cpacr_el1, 3UL << CPACR_FPEN_SHIFT);
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_NTWI | SCTLR_NTWE | SCTLR_UCT | SCTLR_UMA);
	write_sysreg(vbar_el2, (uint64_t)rt_vectors_el2);
	write_sysreg(vbar_el1, (uint64_t)rt_vectors_el1);
	isb();
	smp_secondary_main((unsigned)cpu);
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	rt_smc(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* CPU_ON of CPU `cpu` (Aff0); returns the PSCI status. */
static inline uint64_t smp_start(unsigned cpu)
{
	dsb_sy();
	return rt_smc(PSCI_CPU_ON64, cpu, (uint64_t)smp_secondary_entry, cpu);
}

static inline uint64_t smp_affinity(unsigned cpu)
{
	return rt_smc(PSCI_AFFINITY_INFO64, cpu, 0, 0);
}

/* Poll AFFINITY_INFO until CPU `cpu` is OFF, for at most `ticks` of the virtual counter. */
static inline bool smp_wait_off(unsigned cpu, uint64_t ticks)
{
	isb();
	uint64_t start = read_sysreg(cntvct_el0);
	for (;;) {
		if (smp_affinity(cpu) == PSCI_AFF_OFF)
			return true;
		isb();
		if (read_sysreg(cntvct_el0) - start >= ticks)
			return false;
	}
}

/* Poll (no WFI: nobody may send an interrupt) until *flag >= value or `ticks` pass. */
static inline bool smp_poll_flag(volatile unsigned *flag, unsigned value, uint64_t ticks)
{
	isb();
	uint64_t start = read_sysreg(cntvct_el0);
	for (;;) {
		if (*flag >= value)
			return true;
		isb();
		if (read_sysreg(cntvct_el0) - start >= ticks)
			return false;
		__asm__ volatile("yield" ::: "memory");
	}
}

#endif
