/* Address translation. This first version implements the MMU-off (flat) regime of
 * AArch64.TranslateAddress: stage 1 disabled (SCTLR_ELx.M=0) and stage 2 disabled
 * (HCR_EL2.VM=0). Enabled stage 1 or stage 2 translation stops the run as not implemented yet
 * (the MMU issue implements the walks). */
#include "mmu.h"

#include <stdio.h>
#include <string.h>

#include "block.h"
#include "cpu.h"
#include "interrupt.h"
#include "memory.h"
#include "sysreg.h"

enum { PA_BITS = 48 }; /* ID_AA64MMFR0_EL1.PARange = 0b0101 */

/* AArch64.TranslateAddressS1Off: the flat mapping when stage 1 is disabled. Data accesses are
 * Device-nGnRnE (unless HCR_EL2.DC makes EL1&0 accesses Normal), instruction fetches Normal. */
static bool translate_s1_off(struct cpu *cpu, uint64_t va, enum mmu_access access, unsigned el,
                             struct mmu_result *result, struct mmu_fault *fault)
{
    if (va >> PA_BITS) {
        fault->fsc = FSC_ADDRESS_SIZE_L0;
        return false;
    }
    bool dc = el < 2 && (cpu->sr[SR_HCR_EL2] & HCR_DC);
    result->pa = va;
    result->device = access != MMU_FETCH && !dc;
    result->attr = result->device ? 0x00 : 0xff;
    result->sh = 2; /* Outer Shareable */
    return true;
}

bool mmu_translate(struct cpu *cpu, uint64_t va, enum mmu_access access, unsigned el_for_perms,
                   struct mmu_result *result, struct mmu_fault *fault)
{
    *fault = (struct mmu_fault){0};
    unsigned regime_el = cpu->el == 2 ? 2 : 1;
    uint64_t sctlr = regime_el == 2 ? cpu->sr[SR_SCTLR_EL2] : cpu->sr[SR_SCTLR_EL1];
    bool tge = cpu->el < 2 && (cpu->sr[SR_HCR_EL2] & HCR_TGE);
    bool s1_enabled = (sctlr & SCTLR_M) && !tge;
    bool s2_enabled = regime_el == 1 && (cpu->sr[SR_HCR_EL2] & HCR_VM) && !tge;
    if (s1_enabled || s2_enabled) {
        fault->unimplemented = true;
        return false;
    }
    return translate_s1_off(cpu, va, access, el_for_perms, result, fault);
}

uint64_t mmu_context_tag(const struct cpu *cpu)
{
    (void)cpu;
    return 0; /* one flat context while translation is off */
}

void mmu_translation_changed(struct cpu *cpu)
{
    mem_flush_fast_tlb(cpu);
    memset(cpu->jump_cache, 0, sizeof cpu->jump_cache);
    cpu->xlat_ctx = mmu_context_tag(cpu);
}

/* TLB maintenance. With translation off nothing but the flat mapping is cached, which no TLBI
 * changes; dropping the fast TLB keeps the instruction honest until the MMU issue adds the
 * tagged TLB. */
void mmu_tlbi(struct cpu *cpu, enum tlbi_op op, uint64_t value)
{
    (void)op;
    (void)value;
    mmu_translation_changed(cpu);
}

#define PAR_RES1 (1ull << 11)
#define PAR_NS (1ull << 9)

/* AT S1Ex / S12Ex (AArch64.AT): translate va in the instruction's regime and write PAR_EL1.
 * Only the flat regime is modelled yet; an enabled stage 1 or stage 2 stops the run. */
bool mmu_at(struct cpu *cpu, const struct insn *in, enum at_op op, uint64_t va)
{
    bool el2_regime = op == AT_S1E2R || op == AT_S1E2W;
    bool two_stage = op >= AT_S12E1R;
    uint64_t sctlr = el2_regime ? cpu->sr[SR_SCTLR_EL2] : cpu->sr[SR_SCTLR_EL1];
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    if ((sctlr & SCTLR_M) || (two_stage && (hcr & HCR_VM))) {
        snprintf(cpu->stop_message, sizeof cpu->stop_message,
                 "AT with the MMU enabled is not implemented yet (PC 0x%llx)", (unsigned long long)insn_pc(cpu, in));
        cpu->stop_reason = STOP_UNIMPLEMENTED;
        cpu->pending |= PENDING_STOP;
        cpu->pc = insn_pc(cpu, in);
        return false;
    }
    if (va >> PA_BITS) {
        /* Address size fault, level 0: PAR_EL1.F=1 with FST; stage 1 (S=0). */
        cpu->sr[SR_PAR_EL1] = PAR_RES1 | ((uint64_t)FSC_ADDRESS_SIZE_L0 << 1) | 1;
        return true;
    }
    bool normal = !el2_regime && (hcr & HCR_DC);
    uint64_t attr = normal ? 0xff : 0x00; /* Normal WB (HCR_EL2.DC) or Device-nGnRnE */
    cpu->sr[SR_PAR_EL1] = (attr << 56) | (va & 0xfffffffff000ull) | PAR_RES1 | PAR_NS | (2ull << 7);
    return true;
}
