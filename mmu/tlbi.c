/* TLB maintenance instructions (ARM ARM D5.10, C5.5 "A64 system instructions for TLB
 * maintenance"): what each one invalidates, on this CPU or, for the Inner Shareable forms (and
 * the EL1 forms under HCR_EL2.FB), on every CPU. Invalidating more than the ARM ARM requires is
 * allowed; less never. */
#include "cpu.h"
#include "memory.h"
#include "mmu_internal.h"
#include "platform.h"
#include "sysreg.h"

#define TCR_EL1_AS (1ull << 36)

struct tlbi_row {
    enum tlb_regime regime;
    bool inner_shareable;
    bool by_vmid, by_asid, by_va, by_ipa, non_global_only;
};

static const struct tlbi_row rows[TLBI_OP_COUNT] = {
    [TLBI_VMALLE1IS] = { TLB_EL10, true, true, false, false, false, false },
    [TLBI_VAE1IS] = { TLB_EL10, true, true, true, true, false, false },
    [TLBI_ASIDE1IS] = { TLB_EL10, true, true, true, false, false, true },
    [TLBI_VAAE1IS] = { TLB_EL10, true, true, false, true, false, false },
    [TLBI_VALE1IS] = { TLB_EL10, true, true, true, true, false, false },
    [TLBI_VAALE1IS] = { TLB_EL10, true, true, false, true, false, false },
    [TLBI_VMALLE1] = { TLB_EL10, false, true, false, false, false, false },
    [TLBI_VAE1] = { TLB_EL10, false, true, true, true, false, false },
    [TLBI_ASIDE1] = { TLB_EL10, false, true, true, false, false, true },
    [TLBI_VAAE1] = { TLB_EL10, false, true, false, true, false, false },
    [TLBI_VALE1] = { TLB_EL10, false, true, true, true, false, false },
    [TLBI_VAALE1] = { TLB_EL10, false, true, false, true, false, false },
    [TLBI_IPAS2E1IS] = { TLB_EL10, true, true, false, false, true, false },
    [TLBI_IPAS2LE1IS] = { TLB_EL10, true, true, false, false, true, false },
    [TLBI_ALLE2IS] = { TLB_EL2, true, false, false, false, false, false },
    [TLBI_VAE2IS] = { TLB_EL2, true, true, false, true, false, false },
    [TLBI_ALLE1IS] = { TLB_EL10, true, false, false, false, false, false },
    [TLBI_VALE2IS] = { TLB_EL2, true, true, false, true, false, false },
    [TLBI_VMALLS12E1IS] = { TLB_EL10, true, true, false, false, false, false },
    [TLBI_IPAS2E1] = { TLB_EL10, false, true, false, false, true, false },
    [TLBI_IPAS2LE1] = { TLB_EL10, false, true, false, false, true, false },
    [TLBI_ALLE2] = { TLB_EL2, false, false, false, false, false, false },
    [TLBI_VAE2] = { TLB_EL2, false, true, false, true, false, false },
    [TLBI_ALLE1] = { TLB_EL10, false, false, false, false, false, false },
    [TLBI_VALE2] = { TLB_EL2, false, true, false, true, false, false },
    [TLBI_VMALLS12E1] = { TLB_EL10, false, true, false, false, false, false },
};

/* The VA operand: VA[55:12] in bits 43:0, sign-extended from bit 55 as the TLB keys VAs. */
static uint64_t operand_va(uint64_t value)
{
    uint64_t va = (value & 0xfffffffffffull) << 12;
    return (va >> 55) & 1 ? va | 0xff00000000000000ull : va;
}

static void invalidate_on(struct cpu *cpu, void *arg)
{
    tlb_invalidate(cpu->tlb, arg);
    mmu_translation_changed(cpu);
}

void mmu_tlbi(struct cpu *cpu, enum tlbi_op op, uint64_t value)
{
    const struct tlbi_row *row = &rows[op];
    struct tlb_match m = {
        .regime = (uint8_t)row->regime,
        .by_vmid = row->by_vmid,
        /* EL2 entries carry VMID 0; EL1&0 operations act on the current VMID. */
        .vmid = row->regime == TLB_EL2 ? 0 : (uint16_t)((cpu->sr[SR_VTTBR_EL2] >> 48) & 0xff),
        .by_asid = row->by_asid,
        .asid = (uint16_t)(value >> 48),
        .by_va = row->by_va,
        .va = operand_va(value),
        .by_ipa = row->by_ipa,
        .ipa = (value & 0xfffffffffull) << 12, /* IPA[47:12] in bits 35:0 */
        .non_global_only = row->non_global_only,
    };
    if (!(cpu->sr[SR_TCR_EL1] & TCR_EL1_AS))
        m.asid &= 0xff;
    bool forced_broadcast = cpu->el == 1 && (cpu->sr[SR_HCR_EL2] & HCR_FB);
    if ((row->inner_shareable || forced_broadcast) && cpu->platform->for_each_cpu)
        cpu->platform->for_each_cpu(cpu->machine, invalidate_on, &m);
    else
        invalidate_on(cpu, &m);
}
