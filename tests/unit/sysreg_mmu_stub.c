/* Stand-ins for mmu_tlbi() and mmu_at() until mmu/ implements them (weak: the real ones win).
 * They do nothing, so the unit tests only check the traps and EL checks of TLBI and AT. */
#include "sysreg.h"

__attribute__((weak)) void mmu_tlbi(struct cpu *cpu, enum tlbi_op op, uint64_t value)
{
    (void)cpu;
    (void)op;
    (void)value;
}

__attribute__((weak)) bool mmu_at(struct cpu *cpu, const struct insn *in, enum at_op op, uint64_t va)
{
    (void)cpu;
    (void)in;
    (void)op;
    (void)va;
    return true;
}
