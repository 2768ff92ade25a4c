/* The TLB: what each TLBI must invalidate, and VMID / ASID isolation without TLBI.
 *
 * A TLB MAY keep or drop any entry at any time, so these tests only check what the ARM ARM
 * REQUIRES (D5.10 "TLB maintenance requirements", C5.5 TLBI descriptions; Sail TLBI_* and
 * AArch64.TranslationTableWalk's TLBLookup/TLBCache):
 * - after a descriptor is changed and the right TLBI + DSB + ISB completes, the next access uses
 *   the new descriptor: VMALLE1(IS) every EL1&0 entry of the current VMID; VAE1(IS) the VA for
 *   the given ASID and global entries; VALE1(IS) the last level; VAAE1(IS)/VAALE1(IS) the VA for
 *   every ASID; ASIDE1(IS) the non-global entries of the ASID; VMALLS12E1(IS) stage 1 and stage 2
 *   of the current VMID; IPAS2E1(IS)/IPAS2LE1(IS) the stage 2 entry for the IPA (followed by
 *   VMALLE1IS as the ARM ARM requires for entries that combine both stages); ALLE1(IS) all
 *   EL1&0 entries; ALLE2(IS), VAE2(IS), VALE2(IS) the EL2 regime.
 * - ASIDs are 8 bits unless TCR_EL1.AS = 1 (TTBR0_EL1.ASID[15:8] then ignored), and come from
 *   TTBR1_EL1 when TCR_EL1.A1 = 1.
 * - switching VTTBR_EL2.VMID or TTBR0_EL1.ASID (with the tables) needs no TLBI: entries of one
 *   VMID/ASID are never used for another (VMID 1 and 2 map the same IPA to different PAs).
 * The TLBIs at EL2 run with the CPU moved to EL2 by cpu_set_el_sp (as an exception entry does),
 * never through mmu_translation_changed, so only the TLBI itself can drop the cached entry. */
#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "mmu_tables.h"
#include "sysreg.h"
#include "tlb.h"

#define MARK0 0x0123456789abcdefull
#define MARK1 0xfedcba9876543210ull
#define VA 0x80401000ull

/* TLBI <op>, x2 (or without a register for the "all" forms). */
#define TLBI_VMALLE1 0xd508871fu
#define TLBI_VMALLE1IS 0xd508831fu
#define TLBI_VAE1 0xd5088722u
#define TLBI_VAE1IS 0xd5088322u
#define TLBI_VALE1 0xd50887a2u
#define TLBI_VALE1IS 0xd50883a2u
#define TLBI_VAAE1 0xd5088762u
#define TLBI_VAAE1IS 0xd5088362u
#define TLBI_VAALE1 0xd50887e2u
#define TLBI_VAALE1IS 0xd50883e2u
#define TLBI_ASIDE1 0xd5088742u
#define TLBI_ASIDE1IS 0xd5088342u
#define TLBI_IPAS2E1 0xd50c8422u
#define TLBI_IPAS2E1IS 0xd50c8022u
#define TLBI_IPAS2LE1 0xd50c84a2u
#define TLBI_IPAS2LE1IS 0xd50c80a2u
#define TLBI_VMALLS12E1 0xd50c87dfu
#define TLBI_VMALLS12E1IS 0xd50c83dfu
#define TLBI_ALLE1 0xd50c879fu
#define TLBI_ALLE1IS 0xd50c839fu
#define TLBI_ALLE2 0xd50c871fu
#define TLBI_ALLE2IS 0xd50c831fu
#define TLBI_VAE2 0xd50c8722u
#define TLBI_VAE2IS 0xd50c8322u
#define TLBI_VALE2 0xd50c87a2u
#define TLBI_VALE2IS 0xd50c83a2u

/* The VA operand of TLBI VA*: ASID[63:48], VA[55:12] in bits 43:0. */
static uint64_t va_operand(unsigned asid, uint64_t va)
{
    return (uint64_t)asid << 48 | ((va >> 12) & 0xfffffffffffull);
}

/* Load [va] at `el` and return X0 (the CPU returns to its EL afterwards). */
static bool load_at(struct cpu *cpu, unsigned el, uint64_t va, uint64_t *value)
{
    unsigned home = cpu->el;
    cpu_set_el_sp(cpu, el, 1);
    cpu->r[0] = 0;
    cpu->r[1] = va;
    static const uint32_t code[] = { I_LDR_X0_X1 };
    bool ok = mt_run(cpu, code, 1);
    *value = cpu->r[0];
    if (ok)
        mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    cpu_set_el_sp(cpu, home, 1);
    return ok;
}

/* Run `insn` (a TLBI, MSR...) with X2 / X3 = operand, then DSB ISH and ISB, at `el`. */
static bool run_at_el(struct cpu *cpu, unsigned el, uint32_t insn, uint64_t operand)
{
    unsigned home = cpu->el;
    cpu_set_el_sp(cpu, el, 1);
    cpu->r[2] = cpu->r[3] = operand;
    uint32_t code[] = { insn, I_DSB_ISH, I_ISB };
    bool ok = mt_run(cpu, code, 3);
    if (ok)
        mt_check_no_exception(cpu, FIXTURE_CODE + 12);
    cpu_set_el_sp(cpu, home, 1);
    return ok;
}

enum change { STAGE1, STAGE2 };

struct tlbi_case {
    const char *name;
    uint32_t tlbi;
    unsigned el;          /* EL the TLBI runs at */
    enum change change;   /* which descriptor is changed to point at MT_DATA(2) */
    bool ng;              /* stage 1 page not global */
    unsigned asid;        /* TTBR0_EL1.ASID (TTBR1_EL1.ASID + 2 when A1) */
    uint64_t tcr;         /* extra TCR_EL1 bits (AS, A1) */
    unsigned op_asid;     /* ASID in the operand */
    bool ipa_op;          /* operand is IPA[47:12] instead of a VA */
    uint32_t then;        /* a second TLBI after the first (0: none) */
};

static const struct tlbi_case cases[] = {
    { "VMALLE1", TLBI_VMALLE1, 1, STAGE1, false, 5, 0, 0, false, 0 },
    { "VMALLE1IS, non-global", TLBI_VMALLE1IS, 1, STAGE1, true, 5, 0, 0, false, 0 },
    { "VAE1, its ASID", TLBI_VAE1, 1, STAGE1, true, 5, 0, 5, false, 0 },
    { "VAE1IS, its ASID", TLBI_VAE1IS, 1, STAGE1, true, 5, 0, 5, false, 0 },
    { "VAE1, global entry, another ASID", TLBI_VAE1, 1, STAGE1, false, 5, 0, 9, false, 0 },
    { "VALE1", TLBI_VALE1, 1, STAGE1, true, 5, 0, 5, false, 0 },
    { "VALE1IS, global", TLBI_VALE1IS, 1, STAGE1, false, 5, 0, 77, false, 0 },
    { "VAAE1, any ASID", TLBI_VAAE1, 1, STAGE1, true, 5, 0, 9, false, 0 },
    { "VAAE1IS", TLBI_VAAE1IS, 1, STAGE1, true, 5, 0, 0, false, 0 },
    { "VAALE1", TLBI_VAALE1, 1, STAGE1, true, 5, 0, 9, false, 0 },
    { "VAALE1IS", TLBI_VAALE1IS, 1, STAGE1, true, 5, 0, 9, false, 0 },
    { "ASIDE1", TLBI_ASIDE1, 1, STAGE1, true, 5, 0, 5, false, 0 },
    { "ASIDE1IS", TLBI_ASIDE1IS, 1, STAGE1, true, 5, 0, 5, false, 0 },
    { "ASIDE1, 16-bit ASID (TCR.AS)", TLBI_ASIDE1, 1, STAGE1, true, 0x1205, MT_TCR_AS, 0x1205, false, 0 },
    { "VAE1, 16-bit ASID (TCR.AS)", TLBI_VAE1, 1, STAGE1, true, 0xab05, MT_TCR_AS, 0xab05, false, 0 },
    { "ASIDE1, 8-bit ASID: TTBR0.ASID[15:8] ignored", TLBI_ASIDE1, 1, STAGE1, true, 0x1205, 0, 0x05, false, 0 },
    { "ASIDE1, ASID from TTBR1 (TCR.A1)", TLBI_ASIDE1, 1, STAGE1, true, 5, MT_TCR_A1, 7, false, 0 },
    { "VAE1, ASID from TTBR1 (TCR.A1)", TLBI_VAE1, 1, STAGE1, true, 5, MT_TCR_A1, 7, false, 0 },
    { "VMALLE1 at EL2 (current VMID)", TLBI_VMALLE1, 2, STAGE1, true, 5, 0, 0, false, 0 },
    { "VAE1IS at EL2", TLBI_VAE1IS, 2, STAGE1, true, 5, 0, 5, false, 0 },
    { "VMALLS12E1, stage 1 change", TLBI_VMALLS12E1, 2, STAGE1, true, 5, 0, 0, false, 0 },
    { "VMALLS12E1IS, stage 2 change", TLBI_VMALLS12E1IS, 2, STAGE2, false, 5, 0, 0, false, 0 },
    { "ALLE1, stage 1 change", TLBI_ALLE1, 2, STAGE1, true, 5, 0, 0, false, 0 },
    { "ALLE1IS, stage 2 change", TLBI_ALLE1IS, 2, STAGE2, false, 5, 0, 0, false, 0 },
    { "IPAS2E1IS + VMALLE1IS", TLBI_IPAS2E1IS, 2, STAGE2, false, 5, 0, 0, true, TLBI_VMALLE1IS },
    { "IPAS2E1 + VMALLE1", TLBI_IPAS2E1, 2, STAGE2, true, 5, 0, 0, true, TLBI_VMALLE1 },
    { "IPAS2LE1IS + VMALLE1IS", TLBI_IPAS2LE1IS, 2, STAGE2, false, 5, 0, 0, true, TLBI_VMALLE1IS },
    { "IPAS2LE1 + VMALLE1", TLBI_IPAS2LE1, 2, STAGE2, false, 5, 0, 0, true, TLBI_VMALLE1 },
};

/* EL1&0 with stage 1 (4K, 48-bit) VA -> IPA VA and stage 2 (4K, 40-bit, VMID 1) IPA -> PA; first
 * both map to MT_DATA(1), then one descriptor is changed to MT_DATA(2) and the TLBI runs. */
static void run_tlbi_case(const struct tlbi_case *c)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, c->tcr, 0);
    uint64_t s1_bits = MT_S1_RW | (c->ng ? MT_NG : 0);
    mt_map(&s1, VA, VA, 3, s1_bits);
    mt_map(&s2, VA, MT_DATA(1), 3, MT_S2_RW);
    if (c->tcr & MT_TCR_A1) {
        cpu->sr[SR_TTBR0_EL1] |= (uint64_t)(c->asid + 2) << 48; /* not the ASID in use */
        cpu->sr[SR_TTBR1_EL1] = (uint64_t)c->op_asid << 48 | mt_alloc(0x1000);
    } else {
        cpu->sr[SR_TTBR0_EL1] |= (uint64_t)c->asid << 48;
    }
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1), MARK0);
    mt_poke(MT_DATA(2), MARK1);

    uint64_t value;
    if (!load_at(cpu, 1, VA, &value))
        return;
    CHECK_EQ_U64(value, MARK0);
    if (c->change == STAGE1)
        mt_map(&s1, VA, MT_DATA(2), 3, s1_bits); /* IPA MT_DATA(2): identity-mapped at stage 2 */
    else
        mt_map(&s2, VA, MT_DATA(2), 3, MT_S2_RW);
    uint64_t operand = c->ipa_op ? (VA >> 12) : va_operand(c->op_asid, VA);
    if (!run_at_el(cpu, c->el, c->tlbi, operand))
        return;
    if (c->then && !run_at_el(cpu, c->el, c->then, 0))
        return;
    if (!load_at(cpu, 1, VA, &value))
        return;
    if (value != MARK1)
        fprintf(stderr, "\n  case: %s\n", c->name);
    CHECK_EQ_U64(value, MARK1);
}

static void test_tlbi_reach(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_tlbi_case(&cases[i]);
}

/* TLBI VAE1 with a VA inside a 2 MiB block removes the block's entry: the block is made invalid
 * and the access faults (a Translation fault is never cached). */
static void test_tlbi_block_entry(void)
{
    static const uint32_t ops[] = { TLBI_VAE1, TLBI_VAAE1IS };
    for (size_t i = 0; i < 2; i++) {
        struct cpu *cpu = mt_begin(1);
        struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
        mt_map(&s1, 0x80200000, FIXTURE_RAM_BASE, 2, MT_S1_RW);
        mmu_translation_changed(cpu);
        mt_poke(MT_DATA(1) + 0x10, MARK0);
        uint64_t va = 0x80200000 + (MT_DATA(1) - FIXTURE_RAM_BASE) + 0x10;
        uint64_t value;
        if (!load_at(cpu, 1, va, &value))
            return;
        CHECK_EQ_U64(value, MARK0);
        *mt_desc(&s1, 0x80200000, 2) = 0;
        if (!run_at_el(cpu, 1, ops[i], va_operand(0, 0x80200000 + 0x5000)))
            return;
        cpu->r[1] = va;
        MT_RUN(cpu, I_LDR_X0_X1);
        mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_TRANSLATION(2)), va, FIXTURE_CODE);
    }
}

/* The EL2 regime: ALLE2, VAE2, VALE2 and their IS forms. */
static void test_tlbi_el2(void)
{
    static const uint32_t ops[] = { TLBI_ALLE2, TLBI_ALLE2IS, TLBI_VAE2, TLBI_VAE2IS, TLBI_VALE2, TLBI_VALE2IS };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct cpu *cpu = mt_begin(2);
        struct mt_regime r = mt_s1_el2(cpu, 12, 48, 0, 0);
        mt_map(&r, VA, MT_DATA(1), 3, MT_S1_RW);
        mmu_translation_changed(cpu);
        mt_poke(MT_DATA(1), MARK0);
        mt_poke(MT_DATA(2), MARK1);
        uint64_t value;
        if (!load_at(cpu, 2, VA, &value))
            return;
        CHECK_EQ_U64(value, MARK0);
        mt_map(&r, VA, MT_DATA(2), 3, MT_S1_RW);
        if (!run_at_el(cpu, 2, ops[i], va_operand(0, VA)) || !load_at(cpu, 2, VA, &value))
            return;
        CHECK_EQ_U64(value, MARK1);
    }
}

/* VMID isolation: VMID 1 and VMID 2 map IPA VA to MT_DATA(1) and MT_DATA(2) (stage 1 is shared);
 * MSR VTTBR_EL2 at EL2 switches between them, never a TLBI; every load sees its VMID's PA. */
static void test_tlb_vmid_isolation(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime vm1 = mt_s2(cpu, 12, 40, 1, 1, 0);
    uint64_t vttbr1 = cpu->sr[SR_VTTBR_EL2];
    struct mt_regime vm2 = mt_s2(cpu, 12, 40, 1, 2, 0);
    uint64_t vttbr2 = cpu->sr[SR_VTTBR_EL2];
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, VA, VA, 3, MT_S1_RW);
    mt_map(&vm1, VA, MT_DATA(1), 3, MT_S2_RW);
    mt_map(&vm2, VA, MT_DATA(2), 3, MT_S2_RW);
    mt_poke(MT_DATA(1), MARK0);
    mt_poke(MT_DATA(2), MARK1);
    cpu->sr[SR_VTTBR_EL2] = vttbr1;
    mmu_translation_changed(cpu);
    for (unsigned round = 0; round < 6; round++) {
        bool second = round & 1;
        if (round && !run_at_el(cpu, 2, I_MSR_VTTBR_EL2_X3, second ? vttbr2 : vttbr1))
            return;
        uint64_t value;
        if (!load_at(cpu, 1, VA, &value))
            return;
        CHECK_EQ_U64(value, second ? MARK1 : MARK0);
    }
}

/* ASID isolation: two stage 1 tables map VA (not global) to MT_DATA(1) / MT_DATA(2) under two
 * ASIDs; MSR TTBR0_EL1 at EL1 switches, never a TLBI. With TCR.AS = 1 the ASIDs differ only in
 * bits 15:8. */
static void test_tlb_asid_isolation(void)
{
    static const struct { uint64_t tcr; unsigned asid1, asid2; } configs[] = {
        { 0, 1, 2 },
        { MT_TCR_AS, 0x0101, 0x0201 },
    };
    for (size_t k = 0; k < 2; k++) {
        struct cpu *cpu = mt_begin(1);
        struct mt_regime t2 = mt_s1_el1(cpu, 12, 48, configs[k].tcr, 0);
        uint64_t ttbr2 = t2.root | (uint64_t)configs[k].asid2 << 48;
        struct mt_regime t1 = mt_s1_el1(cpu, 12, 48, configs[k].tcr, 0);
        uint64_t ttbr1 = t1.root | (uint64_t)configs[k].asid1 << 48;
        mt_map(&t1, VA, MT_DATA(1), 3, MT_S1_RW | MT_NG);
        mt_map(&t2, VA, MT_DATA(2), 3, MT_S1_RW | MT_NG);
        mt_poke(MT_DATA(1), MARK0);
        mt_poke(MT_DATA(2), MARK1);
        cpu->sr[SR_TTBR0_EL1] = ttbr1;
        mmu_translation_changed(cpu);
        for (unsigned round = 0; round < 6; round++) {
            bool second = round & 1;
            if (round && !run_at_el(cpu, 1, I_MSR_TTBR0_EL1_X3, second ? ttbr2 : ttbr1))
                return;
            uint64_t value;
            if (!load_at(cpu, 1, VA, &value))
                return;
            CHECK_EQ_U64(value, second ? MARK1 : MARK0);
        }
    }
}

/* A TLB entry filled while stage 1 was off (flat VA = IPA, Device data) must not serve the same
 * VA once SCTLR_EL1.M is set: then the memory type comes from the stage 1 descriptor and MAIR
 * (Normal here), so an unaligned load with SCTLR_EL1.A = 0 succeeds. */
static void test_tlb_stage1_off_entries_not_reused(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s2(cpu, 12, 40, 1, 1, 0);
    mt_poke(MT_DATA(0), 0x1122334455667788ull);
    mt_poke(MT_DATA(0) + 8, 0x99aabbccddeeff00ull);
    cpu->r[1] = MT_DATA(0);
    MT_RUN(cpu, I_LDR_X0_X1);
    CHECK_EQ_U64(cpu->r[0], 0x1122334455667788ull);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->r[1] = MT_DATA(0) + 4;
    MT_RUN(cpu, I_LDR_X0_X1);
    mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    CHECK_EQ_U64(cpu->r[0], 0xddeeff0011223344ull);
}

/* The TLB structure itself (mmu/tlb.c): fragments of 2 MiB stage 1 blocks land in many sets;
 * an invalidation by VA inside a block drops all of them, one outside drops none of them (and
 * only the VA's own page), also when more blocks are cached than the TLB keeps track of. */
static struct tlb_entry fragment(uint64_t va, unsigned block_bits)
{
    return (struct tlb_entry){ .va = va, .pa = va, .ipa = TLB_NO_IPA, .regime = TLB_EL10, .global = 1,
                               .s1_enabled = 1, .s1_block_bits = (uint8_t)block_bits, .s2_block_bits = 12 };
}

static unsigned count_entries(const struct tlb *tlb)
{
    unsigned n = 0;
    for (unsigned s = 0; s < TLB_SETS; s++)
        for (unsigned w = 0; w < TLB_WAYS; w++)
            n += tlb->entries[s][w].regime != 0;
    return n;
}

static void test_tlb_large_block_invalidation(void)
{
    static struct tlb tlb;
    for (unsigned blocks = 3; blocks <= TLB_LARGE_BLOCKS + 8; blocks += TLB_LARGE_BLOCKS + 5) {
        tlb_flush(&tlb);
        /* `blocks` 2 MiB blocks at 0x4000_0000 + 2 MiB * b, 8 fragments each; one 4 KiB page. */
        for (unsigned b = 0; b < blocks; b++)
            for (unsigned f = 0; f < 8; f++) {
                struct tlb_entry e = fragment(0x40000000ull + ((uint64_t)b << 21) + f * 0x11000ull, 21);
                tlb_insert(&tlb, &e);
            }
        struct tlb_entry page = fragment(0x10000000ull, 12);
        tlb_insert(&tlb, &page);
        CHECK_EQ_U64(count_entries(&tlb), blocks * 8 + 1);
        CHECK_EQ_U64(tlb.large_blocks_overflow, blocks > TLB_LARGE_BLOCKS);
        struct tlb_match outside = { .regime = TLB_EL10, .by_vmid = true, .by_va = true, .va = 0x10000000ull };
        CHECK_EQ_U64(tlb_invalidate(&tlb, &outside), 1);           /* just the 4 KiB page */
        struct tlb_match inside = { .regime = TLB_EL10, .by_vmid = true, .by_va = true,
                                    .va = 0x40000000ull + (1ull << 21) + 0x1ff000ull };
        CHECK_EQ_U64(tlb_invalidate(&tlb, &inside), 8);            /* every fragment of block 1 */
        CHECK_EQ_U64(tlb_invalidate(&tlb, &inside), 0);
        CHECK_EQ_U64(count_entries(&tlb), (blocks - 1) * 8);
        CHECK_EQ_U64(tlb.large_entries, (blocks - 1) * 8);
    }
}

UNIT_SUITE(mmu_tlb,
           UNIT_TEST(test_tlb_large_block_invalidation),
           UNIT_TEST(test_tlb_stage1_off_entries_not_reused),
           UNIT_TEST(test_tlbi_reach),
           UNIT_TEST(test_tlbi_block_entry),
           UNIT_TEST(test_tlbi_el2),
           UNIT_TEST(test_tlb_vmid_isolation),
           UNIT_TEST(test_tlb_asid_isolation))
