/* What the files of mmu/ share: the translation regime of an access. */
#ifndef ELSIM_MMU_INTERNAL_H
#define ELSIM_MMU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu.h"
#include "tlb.h"

struct cpu;

/* A translation regime as seen by one access (ARM ARM D5.1): which stages apply, the EL whose
 * permissions are checked, and the tags of its TLB entries. */
struct mmu_regime {
    enum tlb_regime regime;
    unsigned perm_el;        /* 0 for EL0 (and unprivileged accesses), 1, or 2 */
    bool s1, s2;             /* stage 1 / stage 2 enabled */
    bool stage1_only;        /* AT S1Ex: stop at the IPA (stage 2 still translates table walks) */
    bool default_cacheable;  /* HCR_EL2.DC: stage 1 off gives Normal write-back */
    unsigned top;            /* AddrTop: 55 with top-byte-ignore, else 63 */
    uint16_t asid, vmid;
    uint64_t sctlr, mair;
};

void mmu_regime_el10(const struct cpu *cpu, unsigned perm_el, uint64_t va, struct mmu_regime *r);
void mmu_regime_el2(const struct cpu *cpu, struct mmu_regime *r);

/* Translate va in regime r (use_tlb false: walk without looking up or filling the TLB). */
bool mmu_translate_regime(struct cpu *cpu, const struct mmu_regime *r, uint64_t va, enum mmu_access access,
                          unsigned size, bool use_tlb, struct mmu_result *result, struct mmu_fault *fault);

#endif
