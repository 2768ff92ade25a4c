/* PMUv3 for ARMv8.0: PMCR_EL0, the cycle counter PMCCNTR_EL0 with PMCCFILTR_EL0, six event
 * counters PMEVCNTRn_EL0 / PMEVTYPERn_EL0 (and PMSELR_EL0 / PMXEVCNTR / PMXEVTYPER), the
 * enable, overflow and interrupt-enable set/clear pairs, PMSWINC_EL0, and the EL2 partition of
 * the counters by MDCR_EL2.HPMN / HPME (ARM ARM D5, D13.4).
 *
 * Counter values live in cpu->sr[] (PMCCNTR_EL0, PMEVCNTRn_EL0) as of their last
 * synchronisation; a counter's source is the sum, over the ELs its filter counts, of the CPU's
 * running total of its event. Synchronising adds what the source gained since (when the counter
 * is enabled) and records the source again, so nothing runs per instruction. The trap rules
 * (PMUSERENR_EL0, MDCR_EL2.TPM / TPMCR) are applied before these functions run
 * (core/sysreg.c); the checks that need the counter number (HPMN, PMSELR_EL0.SEL) are here. */
#include "pmu.h"

#include "cpu.h"
#include "exception.h"
#include "platform.h"
#include "sysreg.h"
#include "sysreg_internal.h"

#define PMCR_E (1ull << 0)
#define PMCR_P (1ull << 1)
#define PMCR_C (1ull << 2)
#define PMCR_D (1ull << 3)
#define PMCR_LC (1ull << 6)
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK (0x1full << PMCR_N_SHIFT)
#define MDCR_HPMN_MASK 0x1full
#define MDCR_HPME (1ull << 7)
#define FILTER_P (1ull << 31)   /* do not count at EL1 */
#define FILTER_U (1ull << 30)   /* do not count at EL0 */
#define FILTER_NSH (1ull << 27) /* count at EL2 */
#define EVTYPE_EVENT 0x3ffull   /* evtCount, 10 bits in ARMv8.0 */
#define CYCLE_BIT (1ull << 31)
#define ALL_COUNTERS (CYCLE_BIT | ((1ull << PMU_EVENT_COUNTERS) - 1))
#define SEL_CYCLE 31

/* MDCR_EL2.HPMN: counters [0, HPMN) belong to EL0/EL1, [HPMN, N) to EL2. A value above N is
 * CONSTRAINED UNPREDICTABLE: here it acts as N. */
static unsigned hpmn(const struct cpu *cpu)
{
    unsigned n = (unsigned)(cpu->sr[SR_MDCR_EL2] & MDCR_HPMN_MASK);
    return n < PMU_EVENT_COUNTERS ? n : PMU_EVENT_COUNTERS;
}

/* The counters the current EL may see (bit n, bit 31 = PMCCNTR): at EL0 and EL1 the event
 * counters from HPMN up are RAZ/WI in the enable, overflow and interrupt registers. */
static uint64_t accessible(const struct cpu *cpu)
{
    return cpu->el == 2 ? ALL_COUNTERS : CYCLE_BIT | ((1ull << hpmn(cpu)) - 1);
}

/* Is counter `slot` enabled? PMCR_EL0.E for PMCCNTR and the EL0/EL1 counters, MDCR_EL2.HPME
 * for the EL2 ones, and its PMCNTENSET bit. */
static bool enabled(const struct cpu *cpu, unsigned slot)
{
    uint64_t bit = slot == PMU_CYCLE_SLOT ? CYCLE_BIT : 1ull << slot;
    bool global = slot == PMU_CYCLE_SLOT || slot < hpmn(cpu) ? cpu->sr[SR_PMCR_EL0] & PMCR_E
                                                              : cpu->sr[SR_MDCR_EL2] & MDCR_HPME;
    return global && (cpu->sr[SR_PMCNTENSET_EL0] & bit);
}

static uint64_t filter_of(const struct cpu *cpu, unsigned slot)
{
    return slot == PMU_CYCLE_SLOT ? cpu->sr[SR_PMCCFILTR_EL0] : cpu->sr[SR_PMEVTYPER0_EL0 + slot];
}

static unsigned event_of(const struct cpu *cpu, unsigned slot)
{
    return slot == PMU_CYCLE_SLOT ? PMU_CPU_CYCLES : (unsigned)(cpu->sr[SR_PMEVTYPER0_EL0 + slot] & EVTYPE_EVENT);
}

/* The filter of PMEVTYPERn / PMCCFILTR for an EL, Non-secure without EL3: P for EL1, U for
 * EL0, NSH (set = count) for EL2. */
static bool counts_at(uint64_t filter, unsigned el)
{
    switch (el) {
    case 0: return !(filter & FILTER_U);
    case 1: return !(filter & FILTER_P);
    default: return (filter & FILTER_NSH) != 0;
    }
}

/* The CPU's per-EL running total of an event, NULL for an event not counted here. */
static const uint64_t *per_el_total(const struct cpu *cpu, unsigned event)
{
    switch (event) {
    case PMU_INST_RETIRED: return cpu->insns_at_el;
    case PMU_EXC_TAKEN: return cpu->pmu.exc_taken_at_el;
    case PMU_EXC_RETURN: return cpu->pmu.exc_return_at_el;
    case PMU_CPU_CYCLES: return cpu->cycles_at_el;
    case PMU_EXC_HVC: return cpu->pmu.exc_hvc_at_el;
    default: return NULL;
    }
}

static uint64_t source(const struct cpu *cpu, unsigned slot)
{
    const uint64_t *total = per_el_total(cpu, event_of(cpu, slot));
    uint64_t filter = filter_of(cpu, slot), sum = 0;
    for (unsigned el = 0; total && el < 3; el++)
        if (counts_at(filter, el))
            sum += total[el];
    return sum;
}

/* Add to a counter, setting its overflow flag when it wraps: event counters at 32 bits,
 * PMCCNTR at 32 bits or, with PMCR_EL0.LC, at 64. */
static void add(struct cpu *cpu, unsigned slot, uint64_t delta)
{
    bool overflow;
    uint64_t bit;
    if (slot == PMU_CYCLE_SLOT) {
        uint64_t old = cpu->sr[SR_PMCCNTR_EL0];
        cpu->sr[SR_PMCCNTR_EL0] = old + delta;
        overflow = cpu->sr[SR_PMCR_EL0] & PMCR_LC ? old + delta < old : ((old & 0xffffffff) + delta) >> 32 != 0;
        bit = CYCLE_BIT;
    } else {
        uint64_t sum = cpu->sr[SR_PMEVCNTR0_EL0 + slot] + delta;
        cpu->sr[SR_PMEVCNTR0_EL0 + slot] = sum & 0xffffffff;
        overflow = sum >> 32 != 0;
        bit = 1ull << slot;
    }
    if (overflow)
        cpu->sr[SR_PMOVSSET_EL0] |= bit;
}

/* Bring every counter up to date with the current configuration. */
static void sync_counters(struct cpu *cpu)
{
    for (unsigned slot = 0; slot <= PMU_CYCLE_SLOT; slot++) {
        uint64_t now = source(cpu, slot), base = cpu->pmu.base[slot];
        if (enabled(cpu, slot)) {
            bool divided = slot == PMU_CYCLE_SLOT && (cpu->sr[SR_PMCR_EL0] & PMCR_D);
            add(cpu, slot, divided ? now / 64 - base / 64 : now - base);
        }
        cpu->pmu.base[slot] = now;
    }
}

/* After a change of configuration: the sources as the new configuration defines them. */
static void rebase(struct cpu *cpu)
{
    for (unsigned slot = 0; slot <= PMU_CYCLE_SLOT; slot++)
        cpu->pmu.base[slot] = source(cpu, slot);
}

/* The overflow interrupt request (CheckForPMUOverflow): an overflowed counter with its
 * interrupt enabled, while the counter's PMCR_EL0.E / MDCR_EL2.HPME is set. */
static void update_irq(struct cpu *cpu)
{
    uint64_t pending = cpu->sr[SR_PMOVSSET_EL0] & cpu->sr[SR_PMINTENSET_EL1];
    bool e = cpu->sr[SR_PMCR_EL0] & PMCR_E, hpme = cpu->sr[SR_MDCR_EL2] & MDCR_HPME;
    bool level = (pending & CYCLE_BIT) && e;
    for (unsigned n = 0; n < PMU_EVENT_COUNTERS; n++)
        level |= (pending >> n & 1) && (n < hpmn(cpu) ? e : hpme);
    if (level != cpu->pmu.irq_level) {
        cpu->pmu.irq_level = level;
        if (cpu->platform->set_ppi)
            cpu->platform->set_ppi(cpu->machine, cpu, PMU_PPI, level);
    }
}

void pmu_reset(struct cpu *cpu)
{
    rebase(cpu);
    update_irq(cpu);
}

void pmu_update(struct cpu *cpu)
{
    sync_counters(cpu);
    update_irq(cpu);
}

uint64_t pmu_cycles_to_overflow(struct cpu *cpu)
{
    uint64_t watched = cpu->sr[SR_PMINTENSET_EL1] & ~cpu->sr[SR_PMOVSSET_EL0];
    if (!watched)
        return UINT64_MAX;
    sync_counters(cpu);
    uint64_t best = UINT64_MAX;
    for (unsigned slot = 0; slot <= PMU_CYCLE_SLOT; slot++) {
        uint64_t bit = slot == PMU_CYCLE_SLOT ? CYCLE_BIT : 1ull << slot;
        if (!(watched & bit) || !enabled(cpu, slot) || !per_el_total(cpu, event_of(cpu, slot)))
            continue;
        /* Each counted unit (a cycle, an instruction, an exception) takes at least a cycle. */
        uint64_t left;
        if (slot == PMU_CYCLE_SLOT) {
            uint64_t v = cpu->sr[SR_PMCCNTR_EL0];
            left = cpu->sr[SR_PMCR_EL0] & PMCR_LC ? 0 - v : (1ull << 32) - (v & 0xffffffff);
            if (cpu->sr[SR_PMCR_EL0] & PMCR_D)
                left = left > UINT64_MAX / 64 ? UINT64_MAX : left * 64;
        } else {
            left = (1ull << 32) - cpu->sr[SR_PMEVCNTR0_EL0 + slot];
        }
        best = left < best ? left : best;
    }
    return best;
}

/* --- The registers (READ / WRITE column `pmu` of core/sysregs.def) ------------------------------ */

static unsigned selected(const struct cpu *cpu)
{
    return (unsigned)(cpu->sr[SR_PMSELR_EL0] & 0x1f);
}

/* The event counter a register names (PMEVCNTRn, PMEVTYPERn, or PMXEV* through PMSELR_EL0.SEL),
 * SEL_CYCLE for PMXEVTYPER with SEL = 31 (PMCCFILTR_EL0), -1 for the other registers. */
static int counter_named(const struct cpu *cpu, unsigned id)
{
    if (id >= SR_PMEVCNTR0_EL0 && id < SR_PMEVCNTR0_EL0 + PMU_EVENT_COUNTERS)
        return (int)(id - SR_PMEVCNTR0_EL0);
    if (id >= SR_PMEVTYPER0_EL0 && id < SR_PMEVTYPER0_EL0 + PMU_EVENT_COUNTERS)
        return (int)(id - SR_PMEVTYPER0_EL0);
    if (id == SR_PMXEVCNTR_EL0 || id == SR_PMXEVTYPER_EL0)
        return (int)selected(cpu);
    return -1;
}

/* Counter n does not exist for this access: n >= N (PMSELR_EL0.SEL out of range, or 31 for
 * PMXEVCNTR_EL0: CONSTRAINED UNPREDICTABLE, UNDEFINED here), or n >= HPMN from EL0/EL1
 * (UNDEFINED, after the traps). */
static bool counter_undefined(const struct cpu *cpu, unsigned id)
{
    int n = counter_named(cpu, id);
    if (n < 0 || (n == SEL_CYCLE && id == SR_PMXEVTYPER_EL0))
        return false;
    return n >= PMU_EVENT_COUNTERS || (cpu->el < 2 && (unsigned)n >= hpmn(cpu));
}

uint64_t sysreg_read_pmu(struct cpu *cpu, unsigned id)
{
    pmu_update(cpu);
    uint64_t visible = accessible(cpu);
    unsigned sel = selected(cpu);
    switch (id) {
    case SR_PMCR_EL0:
        /* N reads as HPMN from EL0 and EL1; P and C are write-only. */
        return (cpu->sr[id] & ~PMCR_N_MASK) | (uint64_t)(cpu->el == 2 ? PMU_EVENT_COUNTERS : hpmn(cpu)) << PMCR_N_SHIFT;
    case SR_PMCNTENSET_EL0: case SR_PMOVSSET_EL0: case SR_PMINTENSET_EL1:
        return cpu->sr[id] & visible;
    case SR_PMCNTENCLR_EL0: case SR_PMOVSCLR_EL0: case SR_PMINTENCLR_EL1:
        return cpu->sr[id - 1] & visible;
    case SR_PMXEVTYPER_EL0:
        return sel == SEL_CYCLE ? cpu->sr[SR_PMCCFILTR_EL0]
                                : sel < PMU_EVENT_COUNTERS ? cpu->sr[SR_PMEVTYPER0_EL0 + sel] : 0;
    case SR_PMXEVCNTR_EL0:
        return sel < PMU_EVENT_COUNTERS ? cpu->sr[SR_PMEVCNTR0_EL0 + sel] : 0;
    default:
        return cpu->sr[id];
    }
}

int sysreg_mrs_pmu(struct cpu *cpu, const struct insn *in, unsigned id)
{
    if (counter_undefined(cpu, id))
        return raise_undefined(cpu, in);
    cpu->r[in->rd] = sysreg_read_pmu(cpu, id);
    return EXEC_NEXT;
}

/* PMSWINC_EL0: each enabled counter of the SW_INCR event whose bit is written, counting at the
 * current EL, counts one. */
static void software_increment(struct cpu *cpu, uint64_t bits)
{
    for (unsigned n = 0; n < PMU_EVENT_COUNTERS; n++)
        if ((bits >> n & 1) && enabled(cpu, n) && event_of(cpu, n) == PMU_SW_INCR &&
            counts_at(filter_of(cpu, n), cpu->el))
            add(cpu, n, 1);
}

int sysreg_write_pmu(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    if (counter_undefined(cpu, id))
        return raise_undefined(cpu, in);
    sync_counters(cpu);
    uint64_t mask = accessible(cpu);
    unsigned sel = selected(cpu);
    switch (id) {
    case SR_PMCR_EL0:
        /* C zeroes PMCCNTR; P the event counters this EL owns (all at EL2). */
        if (value & PMCR_C)
            cpu->sr[SR_PMCCNTR_EL0] = 0;
        for (unsigned n = 0; n < PMU_EVENT_COUNTERS && (value & PMCR_P); n++)
            if (mask >> n & 1)
                cpu->sr[SR_PMEVCNTR0_EL0 + n] = 0;
        cpu->sr[id] = sysreg_masked(id, value);
        break;
    case SR_PMCNTENSET_EL0: case SR_PMOVSSET_EL0: case SR_PMINTENSET_EL1:
        cpu->sr[id] |= value & mask & ALL_COUNTERS;
        break;
    case SR_PMCNTENCLR_EL0: case SR_PMOVSCLR_EL0: case SR_PMINTENCLR_EL1:
        cpu->sr[id - 1] &= ~(value & mask);
        break;
    case SR_PMSWINC_EL0:
        software_increment(cpu, value & mask);
        break;
    case SR_PMXEVTYPER_EL0:
        if (sel == SEL_CYCLE)
            cpu->sr[SR_PMCCFILTR_EL0] = sysreg_masked(SR_PMCCFILTR_EL0, value);
        else
            cpu->sr[SR_PMEVTYPER0_EL0 + sel] = sysreg_masked(SR_PMEVTYPER0_EL0 + sel, value);
        break;
    case SR_PMXEVCNTR_EL0:
        cpu->sr[SR_PMEVCNTR0_EL0 + sel] = value & 0xffffffff;
        break;
    default: /* PMCCNTR, PMEVCNTRn, PMEVTYPERn, PMCCFILTR, PMSELR, PMUSERENR, MDCR_EL2 */
        cpu->sr[id] = sysreg_masked(id, value);
        break;
    }
    rebase(cpu);
    update_irq(cpu);
    return EXEC_NEXT;
}
