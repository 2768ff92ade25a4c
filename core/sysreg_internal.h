/* Inside the system register module: the rows of core/sysregs.def as core/sysreg.c builds them,
 * and the read/write functions their READ and WRITE columns name (core/sysreg_access.c). */
#ifndef ELSIM_CORE_SYSREG_INTERNAL_H
#define ELSIM_CORE_SYSREG_INTERNAL_H

#include <stdint.h>

#include "cpu.h"
#include "insn.h"

/* A read returns the value; a write returns EXEC_NEXT, or EXEC_LEAVE with cpu->pc set (the
 * run loop must see the change before the next instruction, or an exception was taken). */
typedef uint64_t sysreg_read_fn(struct cpu *cpu, unsigned id);
typedef int sysreg_write_fn(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value);

struct sysreg_info {
    const char *name;
    uint16_t encoding;     /* op0:op1:CRn:CRm:op2, bits 20:5 of the instruction shifted down */
    uint16_t access;       /* ACC_* (core/sysreg.c) */
    uint64_t traps;        /* trap rules, bit i = rule i of core/sysreg.c */
    uint64_t reset;        /* reset value, or the TLBI / AT operation */
    uint64_t wmask;        /* writable bits */
    sysreg_read_fn *read;  /* NULL: not readable */
    sysreg_write_fn *write; /* NULL: not writable */
};

extern const struct sysreg_info sysreg_table[SR_COUNT];

/* A write of a stored register: the writable bits from value, the others keep their reset
 * value. */
static inline uint64_t sysreg_masked(unsigned id, uint64_t value)
{
    const struct sysreg_info *r = &sysreg_table[id];
    return (value & r->wmask) | (r->reset & ~r->wmask);
}

#define SYSREG_READ_FUNCTIONS(X)                                                                  \
    X(stored) X(nzcv) X(daif) X(currentel) X(spsel) X(sp_el0) X(sp_el1) X(fpcr) X(fpsr) X(midr)    \
    X(mpidr) X(dczid) X(ccsidr) X(isr) X(timer) X(gic) X(pmu)
#define SYSREG_WRITE_FUNCTIONS(X)                                                                 \
    X(stored) X(fptrap) X(xlat) X(ttbr) X(hcr) X(nzcv) X(daif) X(spsel) X(sp_el0) X(sp_el1) X(fpcr) X(fpsr)         \
    X(timer) X(oslar) X(claimset) X(claimclr) \
    X(ignore) X(ic_inval) X(dc_va) X(dc_zva) X(at) X(tlbi) X(gic) X(pmu)

/* MRS of a GICv3 CPU interface register (READ column `gic`): the access may trap or be
 * UNDEFINED, so exec_mrs hands the whole instruction to this function (core/sysreg_access.c). */
int sysreg_mrs_gic(struct cpu *cpu, const struct insn *in, unsigned id);
/* MRS of a PMU register (READ column `pmu`, core/pmu.c): UNDEFINED for a counter that the EL
 * may not see (MDCR_EL2.HPMN, PMSELR_EL0.SEL). */
int sysreg_mrs_pmu(struct cpu *cpu, const struct insn *in, unsigned id);

#define SYSREG_DECLARE_READ(name) sysreg_read_fn sysreg_read_##name;
#define SYSREG_DECLARE_WRITE(name) sysreg_write_fn sysreg_write_##name;
SYSREG_READ_FUNCTIONS(SYSREG_DECLARE_READ)
SYSREG_WRITE_FUNCTIONS(SYSREG_DECLARE_WRITE)
#undef SYSREG_DECLARE_READ
#undef SYSREG_DECLARE_WRITE

#endif
