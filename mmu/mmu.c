/* Address translation. This first version implements the MMU-off (flat) regime of
 * AArch64.TranslateAddress: stage 1 disabled (SCTLR_ELx.M=0) and stage 2 disabled
 * (HCR_EL2.VM=0). Enabled stage 1 or stage 2 translation stops the run as not implemented yet
 * (the MMU issue implements the walks). */
#include "mmu.h"

#include <string.h>

#include "block.h"
#include "cpu.h"
#include "memory.h"

enum { PA_BITS = 48 }; /* ID_AA64MMFR0_EL1.PARange = 0b0101 */
enum { SCTLR_M = 1 << 0 };
#define HCR_VM (1ull << 0)
#define HCR_DC (1ull << 12)
#define HCR_TGE (1ull << 27)

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
