/* The Performance Monitors Extension, PMUv3 for ARMv8.0 (ARM ARM D5 "The Performance Monitors
 * Extension", D13.4 register descriptions): a cycle counter and six event counters.
 *
 * Counting costs nothing per instruction: a counter's value is derived when it is read from the
 * CPU's running totals per EL (cycles_at_el, insns_at_el and the exception totals below) as the
 * value it had at its last synchronisation plus what its source gained since. Every change of
 * what a counter counts (enables, filters, event types, HPMN) synchronises first. */
#ifndef ELSIM_CORE_PMU_H
#define ELSIM_CORE_PMU_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct insn;

enum {
    PMU_EVENT_COUNTERS = 6,   /* PMCR_EL0.N */
    PMU_CYCLE_SLOT = PMU_EVENT_COUNTERS, /* index of PMCCNTR in the arrays below */
    PMU_PPI = 23,             /* the PMU overflow interrupt (PPI 7), as on QEMU virt */
};

/* Common events this PMU counts (ARM ARM D5.10 "PMU events and event numbers"). */
enum pmu_event {
    PMU_SW_INCR = 0x00,
    PMU_INST_RETIRED = 0x08,
    PMU_EXC_TAKEN = 0x09,
    PMU_EXC_RETURN = 0x0a,
    PMU_CPU_CYCLES = 0x11,
    PMU_EXC_HVC = 0x8a,
};

struct pmu_state {
    uint64_t base[PMU_EVENT_COUNTERS + 1]; /* the counter's source at its last synchronisation */
    uint64_t exc_taken_at_el[3];   /* exceptions taken, by the EL they were taken from */
    uint64_t exc_hvc_at_el[3];     /* HVC exceptions taken, by the EL of the HVC */
    uint64_t exc_return_at_el[3];  /* ERETs, by the EL that executed them */
    bool irq_level;                /* the PMU interrupt request last driven */
};

/* Counters zero, bases at the current totals (called from sysreg_reset). */
void pmu_reset(struct cpu *cpu);
/* Bring the counters up to date: overflow flags and the overflow interrupt. The machine calls
 * it between quanta so that an overflow interrupt is not held back until the next PMU access. */
void pmu_update(struct cpu *cpu);
/* A lower bound of the CPU cycles until a counter with its overflow interrupt enabled
 * overflows (UINT64_MAX: none), for the scheduler to end a quantum there. */
uint64_t pmu_cycles_to_overflow(struct cpu *cpu);

/* Exceptions, for the EXC_* events (core/exception.c). */
static inline void pmu_count_exception(struct pmu_state *p, unsigned from_el, bool hvc)
{
    p->exc_taken_at_el[from_el]++;
    p->exc_hvc_at_el[from_el] += hvc;
}

#endif
