/* The cycle cost model (DESIGN.md section 5, docs/cost-model.md): what each instruction class,
 * exception entry and return, TLB miss, table-walk access and MMIO access costs in model cycles.
 *
 * Static costs (instructions) are looked up once, when a block is decoded, and summed per block
 * (core/block.c), so the run loop adds one number per block. Dynamic costs (exceptions, walks,
 * MMIO) are charged where they happen with cost_charge(). The table is process-wide: set it
 * (cost_model_set, cost_model_load_json) before the first block is decoded; decoded blocks keep
 * the costs they were decoded with. */
#ifndef ELSIM_CORE_COST_MODEL_H
#define ELSIM_CORE_COST_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

/* Instruction classes: the static cost of an instruction. */
enum cost_class {
    COST_ALU,             /* integer data processing, moves, bitfield, conditional select */
    COST_MUL,             /* MADD/MSUB, SMULL/UMULL, SMULH/UMULH */
    COST_DIV,             /* SDIV, UDIV */
    COST_LOAD,            /* any load (single, pair, exclusive, acquire, literal, SIMD&FP) */
    COST_STORE,           /* any store */
    COST_BRANCH,          /* every branch (taken or not: not distinguished statically) and ERET */
    COST_FP,              /* scalar floating point */
    COST_FP_DIV,          /* FDIV, FSQRT */
    COST_SIMD,            /* Advanced SIMD and crypto */
    COST_HINT,            /* NOP, YIELD, WFI, WFE, SEV (the wait itself is not charged) */
    COST_EXCEPTION_GEN,   /* SVC, HVC, SMC, BRK, HLT (the exception entry is charged apart) */
    COST_DMB, COST_DSB, COST_ISB,
    COST_MSR_PSTATE,      /* MSR DAIFSet/DAIFClr/SPSel (immediate) */
    COST_CACHE_MAINT,     /* DC, IC */
    COST_TLBI,
    COST_AT,
    /* MRS / MSR by register class (reads, then writes) */
    COST_SYSREG_READ_PLAIN, COST_SYSREG_READ_ID, COST_SYSREG_READ_TRANSLATION,
    COST_SYSREG_READ_EL2_CONTROL, COST_SYSREG_READ_GIC, COST_SYSREG_READ_TIMER,
    COST_SYSREG_READ_PMU, COST_SYSREG_READ_DEBUG,
    COST_SYSREG_WRITE_PLAIN, COST_SYSREG_WRITE_ID, COST_SYSREG_WRITE_TRANSLATION,
    COST_SYSREG_WRITE_EL2_CONTROL, COST_SYSREG_WRITE_GIC, COST_SYSREG_WRITE_TIMER,
    COST_SYSREG_WRITE_PMU, COST_SYSREG_WRITE_DEBUG,
    COST_OTHER,           /* UNDEFINED and not-implemented words */
    COST_CLASS_COUNT
};

enum { COST_MMIO_DEVICES = 8 };

struct cost_model {
    uint32_t insn[COST_CLASS_COUNT];
    uint32_t exception_entry;   /* per exception taken (synchronous or interrupt) */
    uint32_t exception_return;  /* per ERET */
    uint32_t tlb_miss;          /* per TLB miss, before the walk's accesses */
    uint32_t walk_read[2];      /* per descriptor read: [0] stage 1, [1] stage 2 (incl. nested) */
    uint32_t mmio_default;      /* per MMIO access to a device without its own entry */
    struct {
        const char *device;     /* the board's device name ("pl011", "gicv3-distributor"...) */
        uint32_t cycles;
    } mmio[COST_MMIO_DEVICES];
};

/* The table in use (the defaults until set). */
extern struct cost_model cost_model_current;

/* The default table (docs/cost-model.md). */
const struct cost_model *cost_model_defaults(void);
void cost_model_set(const struct cost_model *model);

/* Override entries of the current table from a JSON file: an object whose keys are the dotted
 * names of docs/cost-model.md ("insn.alu", "exception.entry", "mmio.pl011"...), either flat or
 * as nested objects ({"insn": {"alu": 1}}); values are integers (instruction classes at least
 * 1). On error returns false with a one-line message naming the bad key in err and leaves the
 * table unchanged. */
bool cost_model_load_json(const char *path, char *err, size_t errlen);

/* The class of an instruction word (decode-time; the word's pattern and fields decide). */
enum cost_class cost_model_classify(uint32_t word);
/* The static cost of an instruction word with the current table. */
static inline uint32_t cost_model_insn_cycles(uint32_t word)
{
    return cost_model_current.insn[cost_model_classify(word)];
}
/* The cost of one MMIO access to the named device. */
uint32_t cost_model_mmio_cycles(const char *device);
/* The dotted name of an instruction class ("insn.alu"), for tables and tests. */
const char *cost_class_name(enum cost_class c);

/* Charge dynamic cycles to the CPU at its current EL. */
static inline void cost_charge(struct cpu *cpu, uint64_t cycles)
{
    cpu->cycles += cycles;
    cpu->cycles_at_el[cpu->el] += cycles;
}

#endif
