/* Address translation for accesses of the CPU: AArch64.TranslateAddress (AArch64.FullTranslate:
 * AArch64.FirstStageTranslate then AArch64.SecondStageTranslate), with the TLB in front of the
 * walks. Faults come in the pseudocode's order: stage 1 walk, stage 1 alignment (Device),
 * stage 1 permission, stage 2 walk, stage 2 alignment, stage 2 permission. */
#include <string.h>

#include "cost_model.h"
#include "cpu.h"
#include "memory.h"
#include "mmu_internal.h"
#include "sysreg.h"
#include "tlb.h"
#include "walk.h"

#define SCTLR_WXN (1ull << 19)
#define TCR_EL1_AS (1ull << 36)
#define TCR_EL1_A1 (1ull << 22)
#define TCR_EL1_TBI0 (1ull << 37)
#define TCR_EL1_TBI1 (1ull << 38)
#define TCR_EL2_TBI (1ull << 20)

/* --- Regimes ---------------------------------------------------------------------------------- */

void mmu_regime_el10(const struct cpu *cpu, unsigned perm_el, uint64_t va, struct mmu_regime *r)
{
    uint64_t hcr = cpu->sr[SR_HCR_EL2], tcr = cpu->sr[SR_TCR_EL1];
    memset(r, 0, sizeof *r);
    r->regime = TLB_EL10;
    r->perm_el = perm_el;
    /* HCR_EL2.TGE and DC make stage 1 behave as disabled; DC makes stage 2 behave as enabled. */
    r->s1 = (cpu->sr[SR_SCTLR_EL1] & SCTLR_M) && !(hcr & (HCR_TGE | HCR_DC));
    r->s2 = (hcr & (HCR_VM | HCR_DC)) != 0;
    r->default_cacheable = (hcr & HCR_DC) != 0;
    r->sctlr = cpu->sr[SR_SCTLR_EL1];
    r->mair = cpu->sr[SR_MAIR_EL1];
    bool tbi = (va >> 55) & 1 ? tcr & TCR_EL1_TBI1 : tcr & TCR_EL1_TBI0;
    r->top = tbi ? 55 : 63;
    uint64_t ttbr = cpu->sr[(tcr & TCR_EL1_A1) ? SR_TTBR1_EL1 : SR_TTBR0_EL1];
    r->asid = (uint16_t)(ttbr >> 48);
    if (!(tcr & TCR_EL1_AS))
        r->asid &= 0xff;
    r->vmid = (uint16_t)((cpu->sr[SR_VTTBR_EL2] >> 48) & 0xff); /* 8-bit VMIDs in ARMv8.0 */
}

void mmu_regime_el2(const struct cpu *cpu, struct mmu_regime *r)
{
    memset(r, 0, sizeof *r);
    r->regime = TLB_EL2;
    r->perm_el = 2;
    r->s1 = (cpu->sr[SR_SCTLR_EL2] & SCTLR_M) != 0;
    r->sctlr = cpu->sr[SR_SCTLR_EL2];
    r->mair = cpu->sr[SR_MAIR_EL2];
    r->top = (cpu->sr[SR_TCR_EL2] & TCR_EL2_TBI) ? 55 : 63;
}

/* The VA as the TLB knows it: with top-byte-ignore the tag byte is replaced by copies of bit 55. */
static uint64_t canonical_va(uint64_t va, unsigned top)
{
    if (top == 63)
        return va;
    return (va & 0x00ffffffffffffffull) | ((va >> 55) & 1 ? 0xff00000000000000ull : 0);
}

/* --- Attributes ------------------------------------------------------------------------------- */

enum { CACHE_NC = 1, CACHE_WT = 2, CACHE_WB = 3 };

/* Cacheability of a MAIR nibble for Normal memory. */
static unsigned mair_cacheability(unsigned nibble)
{
    if (nibble == 0x4)
        return CACHE_NC;
    return (nibble & 0x4) ? CACHE_WB : CACHE_WT; /* 0b00RW/0b10RW WT, 0b01RW/0b11RW WB */
}

static unsigned mair_nibble(unsigned cacheability, unsigned hint_from)
{
    switch (cacheability) {
    case CACHE_NC: return 0x4;
    case CACHE_WT: return 0x8 | (hint_from & 3);
    default: return 0xc | (hint_from & 3);
    }
}

static bool attr_is_device(uint8_t attr) { return (attr & 0xf0) == 0; }

/* The shareability a translation reports (PARShareabilityDecode): Device memory and Normal
 * memory that is Non-cacheable inside and out are Outer Shareable whatever the descriptor said. */
static uint8_t effective_shareability(uint8_t attr, unsigned sh)
{
    if (attr_is_device(attr) || attr == 0x44)
        return 2;
    return (uint8_t)sh;
}

/* Stage 2 MemAttr[3:0] in MAIR format (S2AttrDecode). */
static uint8_t s2_attr(unsigned memattr)
{
    if ((memattr & 0xc) == 0)
        return (uint8_t)((memattr & 3) << 2); /* Device nGnRnE / nGnRE / nGRE / GRE */
    static const uint8_t nibble[4] = { 0x4, 0x4, 0xb, 0xf }; /* reserved, NC, WT, WB */
    return (uint8_t)(nibble[memattr >> 2] << 4 | nibble[memattr & 3]);
}

/* CombineS1S2Desc: the more restrictive of the two. */
static void combine_attrs(uint8_t s1, uint8_t s1_sh, uint8_t s2, uint8_t s2_sh, uint8_t *attr, uint8_t *sh)
{
    if (attr_is_device(s1) || attr_is_device(s2)) {
        unsigned d1 = attr_is_device(s1) ? (s1 >> 2) & 3 : 3, d2 = attr_is_device(s2) ? (s2 >> 2) & 3 : 3;
        *attr = (uint8_t)((d1 < d2 ? d1 : d2) << 2);
        *sh = 2;
        return;
    }
    unsigned outer = mair_cacheability(s1 >> 4), inner = mair_cacheability(s1 & 15);
    unsigned o2 = mair_cacheability(s2 >> 4), i2 = mair_cacheability(s2 & 15);
    outer = outer < o2 ? outer : o2;
    inner = inner < i2 ? inner : i2;
    *attr = (uint8_t)(mair_nibble(outer, s1 >> 4) << 4 | mair_nibble(inner, s1));
    if (outer == CACHE_NC && inner == CACHE_NC) {
        *sh = 2;
        return;
    }
    /* Outer Shareable (10) > Inner Shareable (11) > Non-shareable (00). */
    static const unsigned rank[4] = { 0, 0, 2, 1 };
    *sh = rank[s1_sh] >= rank[s2_sh] ? s1_sh : s2_sh;
}

/* --- Permissions -------------------------------------------------------------------------------- */

/* AArch64.CheckPermission's permission bits, computed once per walk. */
static uint8_t s1_permissions(const struct mmu_regime *r, const struct walk_result *w)
{
    bool wxn = (r->sctlr & SCTLR_WXN) != 0;
    if (r->regime == TLB_EL2) {
        bool wr = !(w->ap & 2);
        bool xn = w->xn || (wr && wxn);
        return (uint8_t)((PERM_R | (wr ? PERM_W : 0) | (xn ? 0 : PERM_X)) << S1_PRIV_SHIFT);
    }
    bool priv_w = !(w->ap & 2), user_r = w->ap & 1, user_w = w->ap == 1;
    bool user_xn = w->xn || (user_w && wxn);
    bool priv_xn = w->pxn || (priv_w && wxn) || user_w; /* never run EL0-writable code at EL1 */
    unsigned user = (user_r ? PERM_R : 0) | (user_w ? PERM_W : 0) | (user_xn ? 0 : PERM_X);
    unsigned priv = PERM_R | (priv_w ? PERM_W : 0) | (priv_xn ? 0 : PERM_X);
    return (uint8_t)(user << S1_EL0_SHIFT | priv << S1_PRIV_SHIFT);
}

/* The permissions an access needs (AArch64.CheckPermission, AArch64.CheckS2Permission). */
static unsigned needed(const struct mmu_regime *r, enum mmu_access access)
{
    switch (access) {
    case MMU_FETCH: return PERM_X;
    case MMU_WRITE:
    case MMU_DCZVA: return PERM_W;
    case MMU_DC: return r->perm_el == 0 ? PERM_R : 0;
    default: return PERM_R;
    }
}

static bool s1_allows(const struct mmu_regime *r, uint8_t perms, enum mmu_access access)
{
    unsigned shift = r->perm_el == 0 ? S1_EL0_SHIFT : S1_PRIV_SHIFT;
    unsigned need = needed(r, access);
    return ((perms >> shift) & need) == need;
}

static bool s2_allows(const struct mmu_regime *r, uint8_t perms, enum mmu_access access)
{
    unsigned need = needed(r, access);
    return (perms & need) == need;
}

static bool fault(struct mmu_fault *f, uint8_t fsc, unsigned level, bool stage2, uint64_t ipa)
{
    f->fsc = (uint8_t)(fsc | level);
    f->stage2 = stage2;
    f->ipa = ipa;
    return false;
}

/* --- Tracing ---------------------------------------------------------------------------------- */

static void trace_descriptor(void *ctx, bool stage2, int level, uint64_t address, uint64_t value)
{
    struct cpu *cpu = ctx;
    cpu->mmu.walk_reads[stage2]++;
    if (cpu_event_wanted(cpu, ELSIM_EV_WALK)) {
        struct mmu_walk_event walk = { .kind = MMU_WALK_DESCRIPTOR, .stage2 = stage2, .level = level,
                                       .address = address, .value = value };
        struct elsim_event ev = { .kind = ELSIM_EV_WALK, .u.walk = &walk };
        cpu_emit(cpu, &ev);
    }
}

static void trace_event(struct cpu *cpu, const struct mmu_walk_event *walk)
{
    if (walk->kind == MMU_WALK_START && walk->tlb_miss && cpu_event_wanted(cpu, ELSIM_EV_TLB_MISS)) {
        struct elsim_event ev = { .kind = ELSIM_EV_TLB_MISS, .u.tlb_miss = { walk->va, walk->access } };
        cpu_emit(cpu, &ev);
    }
    if (cpu_event_wanted(cpu, ELSIM_EV_WALK)) {
        struct elsim_event ev = { .kind = ELSIM_EV_WALK, .u.walk = walk };
        cpu_emit(cpu, &ev);
    }
}

/* The cycles of a TLB miss and its walk (core/cost_model.h): a fixed cost plus each descriptor
 * read, stage 2 reads including those that translate stage 1 table addresses (a nested 4 KiB
 * walk reads up to 24 descriptors). AT instructions and debugger translations walk without
 * the TLB and are not charged here (AT has its instruction cost). */
static void charge_walk(struct cpu *cpu, uint64_t reads_s1, uint64_t reads_s2)
{
    const struct cost_model *m = &cost_model_current;
    cost_charge(cpu, m->tlb_miss + reads_s1 * m->walk_read[0] + reads_s2 * m->walk_read[1]);
}

/* --- Stage 2 ---------------------------------------------------------------------------------- */

/* The stage 2 walk of an IPA (AArch64.SecondStageTranslate's AArch64.TranslationTableWalk). */
static bool stage2_walk(struct cpu *cpu, uint64_t ipa, struct walk_result *w, struct mmu_fault *f)
{
    struct walk_config c;
    struct walk_tracer tracer = { trace_descriptor, cpu };
    walk_config_stage2(cpu, ipa, &c);
    cpu->mmu.walks[1]++;
    if (walk_table(cpu, &c, ipa, NULL, &tracer, w, f))
        return true;
    f->ipa = ipa;
    return false;
}

/* AArch64.SecondStageWalk for a stage 1 table address: a read with S1PTW set in any fault, and
 * HCR_EL2.PTW making a walk into Device memory a permission fault. */
static bool translate_table_address(void *ctx, uint64_t ipa, uint64_t *pa, struct mmu_fault *f)
{
    struct cpu *cpu = ctx;
    struct walk_result w;
    if (!stage2_walk(cpu, ipa, &w, f)) {
        f->s1ptw = true;
        return false;
    }
    bool readable = (w.descriptor >> 6) & 1;
    bool device = attr_is_device(s2_attr((unsigned)(w.descriptor >> 2) & 15));
    if (!readable || ((cpu->sr[SR_HCR_EL2] & HCR_PTW) && device)) {
        fault(f, FSC_PERMISSION_L0, w.level, true, ipa);
        f->s1ptw = true;
        return false;
    }
    *pa = w.output;
    return true;
}

/* Stage 2 of an access: fills the stage 2 fields of *e from the IPA. */
static bool walk_stage2(struct cpu *cpu, uint64_t ipa, struct tlb_entry *e, struct mmu_fault *f)
{
    struct walk_result w;
    if (!stage2_walk(cpu, ipa, &w, f))
        return false;
    e->pa = w.output & ~0xfffull;
    e->ipa = ipa & ~0xfffull;
    e->s2_level = (uint8_t)w.level;
    e->s2_block_bits = (uint8_t)w.block_bits;
    unsigned s2ap = (unsigned)(w.descriptor >> 6) & 3;
    e->s2_perms = (uint8_t)(((s2ap & 1) ? PERM_R : 0) | ((s2ap & 2) ? PERM_W : 0) |
                            (((w.descriptor >> 54) & 1) ? 0 : PERM_X));
    uint8_t attr, sh;
    combine_attrs(e->attr, e->sh, s2_attr((unsigned)(w.descriptor >> 2) & 15), (uint8_t)((w.descriptor >> 8) & 3),
                  &attr, &sh);
    e->attr = attr;
    e->sh = sh;
    return true;
}

/* --- Filling a TLB entry ------------------------------------------------------------------------ */

/* Stage 1 of an access: fills the stage 1 fields of *e (e->pa holds the IPA, or the PA without
 * stage 2). Stage 1 disabled with stage 2 enabled gives the flat IPA = VA. */
static bool walk_stage1(struct cpu *cpu, const struct mmu_regime *r, uint64_t va, struct tlb_entry *e,
                        struct mmu_fault *f)
{
    if (!r->s1) {
        if (va >> 48)
            return fault(f, FSC_ADDRESS_SIZE_L0, 0, false, 0);
        e->pa = va & ~0xfffull;
        e->s1_perms = (PERM_R | PERM_W | PERM_X) << S1_EL0_SHIFT | (PERM_R | PERM_W | PERM_X) << S1_PRIV_SHIFT;
        e->s1_block_bits = 12;
        e->global = 1;
        /* AArch64.TranslateAddressS1Off: Device-nGnRnE data, or Normal write-back with DC. */
        e->attr = r->default_cacheable ? 0xff : 0x00;
        e->sh = r->default_cacheable ? 0 : 2;
        return true;
    }
    struct walk_config c;
    struct walk_result w;
    struct walk_tracer tracer = { trace_descriptor, cpu };
    struct walk_table_translator tables = { translate_table_address, cpu };
    if (r->regime == TLB_EL2)
        walk_config_el2(cpu, va, r->top, &c);
    else
        walk_config_el1(cpu, va, r->top, &c);
    cpu->mmu.walks[0]++;
    if (!walk_table(cpu, &c, va, r->s2 ? &tables : NULL, &tracer, &w, f))
        return false;
    e->pa = w.output & ~0xfffull;
    e->s1_level = (uint8_t)w.level;
    e->s1_block_bits = (uint8_t)w.block_bits;
    e->s1_perms = s1_permissions(r, &w);
    e->global = !w.not_global;
    unsigned index = (unsigned)(w.descriptor >> 2) & 7;
    e->attr = (uint8_t)(r->mair >> (8 * index));
    e->sh = effective_shareability(e->attr, (w.descriptor >> 8) & 3);
    return true;
}

/* The alignment fault of Device memory: a misaligned data access, or any DC ZVA. */
static bool device_alignment_ok(bool device, enum mmu_access access, bool aligned)
{
    return !device || access == MMU_FETCH || (aligned && access != MMU_DCZVA);
}

/* Walk both stages for an access that missed in the TLB, checking stage 1 alignment and
 * permissions before stage 2 is walked (AArch64.FullTranslate order). */
static bool fill(struct cpu *cpu, const struct mmu_regime *r, uint64_t key_va, uint64_t va, enum mmu_access access,
                 bool aligned, struct tlb_entry *e, struct mmu_fault *f)
{
    memset(e, 0, sizeof *e);
    e->va = key_va;
    e->regime = (uint8_t)r->regime;
    e->s1_enabled = r->s1;
    e->asid = r->asid;
    e->vmid = r->regime == TLB_EL10 ? r->vmid : 0;
    e->ipa = TLB_NO_IPA;
    e->s2_perms = PERM_R | PERM_W | PERM_X;
    e->s2_block_bits = 12;
    if (!walk_stage1(cpu, r, va, e, f))
        return false;
    e->s1_device = attr_is_device(e->attr);
    if (!device_alignment_ok(e->s1_device, access, aligned))
        return fault(f, FSC_ALIGNMENT, 0, false, 0);
    if (!s1_allows(r, e->s1_perms, access))
        return fault(f, FSC_PERMISSION_L0, e->s1_level, false, 0);
    if (r->s2 && !r->stage1_only) {
        uint64_t ipa = e->pa | (va & 0xfff);
        if (!walk_stage2(cpu, ipa, e, f))
            return false;
    }
    e->device = attr_is_device(e->attr);
    return true;
}

/* The checks of a cached translation for one access, in the pseudocode's order: stage 1
 * alignment and permission, then stage 2 alignment and permission. */
static bool check(const struct mmu_regime *r, const struct tlb_entry *e, uint64_t va, enum mmu_access access,
                  bool aligned, struct mmu_fault *f)
{
    uint64_t ipa = e->ipa | (va & 0xfff);
    if (!device_alignment_ok(e->s1_device, access, aligned))
        return fault(f, FSC_ALIGNMENT, 0, false, 0);
    if (!s1_allows(r, e->s1_perms, access))
        return fault(f, FSC_PERMISSION_L0, e->s1_level, false, 0);
    if (!device_alignment_ok(e->device, access, aligned))
        return fault(f, FSC_ALIGNMENT, 0, true, ipa);
    if (!s2_allows(r, e->s2_perms, access))
        return fault(f, FSC_PERMISSION_L0, e->s2_level, true, ipa);
    return true;
}

/* --- The entry points ----------------------------------------------------------------------------- */

/* AArch64.TranslateAddressS1Off with stage 2 disabled too: the flat mapping. */
static bool translate_flat(const struct mmu_regime *r, uint64_t va, enum mmu_access access, bool aligned,
                           struct mmu_result *result, struct mmu_fault *f)
{
    if (va >> 48)
        return fault(f, FSC_ADDRESS_SIZE_L0, 0, false, 0);
    bool device = access != MMU_FETCH && !r->default_cacheable;
    if (!device_alignment_ok(device, access, aligned))
        return fault(f, FSC_ALIGNMENT, 0, false, 0);
    result->pa = va;
    result->device = device;
    result->attr = device ? 0x00 : 0xff;
    result->sh = 2;
    return true;
}

bool mmu_translate_regime(struct cpu *cpu, const struct mmu_regime *r, uint64_t va, enum mmu_access access,
                          unsigned size, bool use_tlb, struct mmu_result *result, struct mmu_fault *f)
{
    memset(f, 0, sizeof *f);
    bool aligned = !(va & (size - 1));
    if (!r->s1 && (!r->s2 || r->stage1_only))
        return translate_flat(r, va, access, aligned, result, f);

    uint64_t key_va = canonical_va(va, r->top) & ~0xfffull;
    struct tlb_key key = { key_va, r->asid, r->regime == TLB_EL10 ? r->vmid : 0, (uint8_t)r->regime, r->s1 };
    const struct tlb_entry *e = use_tlb ? tlb_lookup(cpu->tlb, &key) : NULL;
    struct tlb_entry fresh;
    if (e) {
        cpu->mmu.tlb_hits++;
    } else {
        if (use_tlb)
            cpu->mmu.tlb_misses++;
        struct mmu_walk_event start = { .kind = MMU_WALK_START, .va = va, .access = access, .el = r->perm_el,
                                        .tlb_miss = use_tlb };
        trace_event(cpu, &start);
        uint64_t reads_s1 = cpu->mmu.walk_reads[0], reads_s2 = cpu->mmu.walk_reads[1];
        bool ok = fill(cpu, r, key_va, canonical_va(va, r->top), access, aligned, &fresh, f);
        if (use_tlb)
            charge_walk(cpu, cpu->mmu.walk_reads[0] - reads_s1, cpu->mmu.walk_reads[1] - reads_s2);
        struct mmu_walk_event done = { .kind = MMU_WALK_DONE, .va = va, .ok = ok,
                                       .pa = fresh.pa | (va & 0xfff), .output_is_ipa = r->stage1_only && r->s2,
                                       .fsc = f->fsc, .fault_stage2 = f->stage2 };
        trace_event(cpu, &done);
        if (!ok)
            return false;
        if (use_tlb)
            tlb_insert(cpu->tlb, &fresh);
        e = &fresh;
    }
    if (!check(r, e, va, access, aligned, f))
        return false;
    result->pa = e->pa | (va & 0xfff);
    result->device = e->device;
    result->attr = e->attr;
    result->sh = e->sh;
    return true;
}

bool mmu_translate(struct cpu *cpu, uint64_t va, enum mmu_access access, unsigned el_for_perms, unsigned size,
                   struct mmu_result *result, struct mmu_fault *fault)
{
    struct mmu_regime r;
    if (cpu->el == 2)
        mmu_regime_el2(cpu, &r);
    else
        mmu_regime_el10(cpu, el_for_perms, va, &r);
    return mmu_translate_regime(cpu, &r, va, access, size, true, result, fault);
}

bool mmu_translate_debug(struct cpu *cpu, uint64_t va, struct mmu_result *result, struct mmu_fault *fault)
{
    struct mmu_regime r;
    if (cpu->el == 2)
        mmu_regime_el2(cpu, &r);
    else
        mmu_regime_el10(cpu, cpu->el, va, &r);
    return mmu_translate_regime(cpu, &r, va, MMU_READ, 1, false, result, fault);
}

uint64_t mmu_context_tag(const struct cpu *cpu)
{
    /* The jump cache finds a block by VA without translating: the tag must change with
     * everything that decides what a VA fetches (EL and permissions, ASID, VMID) and with
     * every invalidation (the generation). */
    struct mmu_regime r;
    if (cpu->el == 2)
        mmu_regime_el2(cpu, &r);
    else
        mmu_regime_el10(cpu, cpu->el, 0, &r);
    return cpu->xlat_gen << 40 ^ (uint64_t)r.asid << 16 ^ (uint64_t)r.vmid << 8 ^ (uint64_t)r.s1 << 3 ^
           (uint64_t)r.s2 << 2 ^ cpu->el;
}

void mmu_translation_changed(struct cpu *cpu)
{
    mem_flush_fast_tlb(cpu);
    cpu->xlat_gen++;
    cpu->xlat_ctx = mmu_context_tag(cpu);
}

void mmu_context_switched(struct cpu *cpu)
{
    /* The fast TLB is tagged by VA alone; the TLB and the jump cache carry ASID and VMID. */
    mem_flush_fast_tlb(cpu);
    cpu->xlat_ctx = mmu_context_tag(cpu);
}
