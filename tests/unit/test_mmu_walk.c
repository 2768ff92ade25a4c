/* Stage 1 translation that succeeds: the table walk for every granule, start level and leaf
 * level, the TTBR0/TTBR1 split, EPD0/EPD1, top-byte-ignore, the EL2 regime, and instruction
 * fetches through translation.
 *
 * ARM ARM rules checked (DDI 0487, D5.2; Sail arm-v8.5-a pseudocode):
 * - AArch64.TranslationTableWalk: start level = 4 - ceil((inputsize - grainsize) / stride);
 *   index bits per level; block descriptors (01) at level 1 (4K) and 2 (all granules), page
 *   descriptors (11) at level 3; output address = desc[47:bottom] : IA[bottom-1:0].
 * - TTBR selection by VA bit 55 (TBI) or 63 (no TBI), the range check of bits top..inputsize
 *   (all zeros for TTBR0, all ones for TTBR1) -> Translation fault level 0; TCR.EPDn -> Translation
 *   fault level 0 (the "!basefound || disabled" branch). AddrTop: TBI0/TBI1.
 * - EL2 regime: TTBR0_EL2, TCR_EL2.{T0SZ,TG0,PS}, SCTLR_EL2.M.
 * Expected values follow from the table contents: the marker stored at the PA a VA must reach.
 * Faults of the walk and permission checks are in test_mmu_fault.c. */
#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "mmu_tables.h"
#include "sysreg.h"

#define MARK0 0x0123456789abcdefull
#define MARK1 0xfedcba9876543210ull
#define X2 0x1122334455667788ull

struct walk_case {
    const char *name;
    unsigned granule, ia_bits;
    int level;     /* leaf level */
    uint64_t va;   /* VA the leaf maps (aligned to the leaf size) */
};

/* Blocks map to the start of RAM, so the data sits 0x80010 into the block; pages map MT_DATA(1). */
static const struct walk_case walk_cases[] = {
    { "4K 48-bit, level 1 block (1 GiB)", 12, 48, 1, 0x80000000 },
    { "4K 48-bit, level 2 block (2 MiB)", 12, 48, 2, 0x80200000 },
    { "4K 48-bit, level 3 page", 12, 48, 3, 0x80401000 },
    { "4K 48-bit, page at the top of the range", 12, 48, 3, 0xfffffffff000 },
    { "4K 39-bit (start level 1), level 1 block", 12, 39, 1, 0x80000000 },
    { "4K 39-bit (start level 1), level 3 page", 12, 39, 3, 0x7ffffff000 },
    { "4K 32-bit (start level 1, 4 entries), level 2 block", 12, 32, 2, 0xc0000000 },
    { "16K 48-bit (start level 0), level 2 block (32 MiB)", 14, 48, 2, 0x82000000 },
    { "16K 48-bit, level 3 page", 14, 48, 3, 0x80004000 },
    { "16K 47-bit (start level 1), level 2 block", 14, 47, 2, 0x84000000 },
    { "16K 36-bit (start level 2), level 3 page", 14, 36, 3, 0xfffffc000 },
    { "64K 48-bit (start level 1), level 2 block (512 MiB)", 16, 48, 2, 0x80000000 },
    { "64K 48-bit, level 3 page", 16, 48, 3, 0xa0010000 },
    { "64K 42-bit (start level 2), level 3 page", 16, 42, 3, 0x3ffffff0000 },
    { "64K 32-bit (start level 2, 4 entries), level 2 block", 16, 32, 2, 0xe0000000 },
};

/* A load from the VA returns the marker at the PA, a store lands at the PA. */
static void test_walk_granules_and_levels(void)
{
    for (size_t i = 0; i < sizeof walk_cases / sizeof walk_cases[0]; i++) {
        const struct walk_case *c = &walk_cases[i];
        struct cpu *cpu = mt_begin(1);
        struct mt_regime r = mt_s1_el1(cpu, c->granule, c->ia_bits, 0, 0);
        mt_check_load_store(cpu, &r, c->va, c->level, MT_S1_RW, c->name);
    }
}

/* An instruction fetch goes through stage 1 too: code at a VA mapped to another PA. */
static void test_walk_fetch_translated(void)
{
    static const unsigned granules[] = { 12, 14, 16 };
    for (size_t i = 0; i < 3; i++) {
        struct cpu *cpu = mt_begin(1);
        struct mt_regime r = mt_s1_el1(cpu, granules[i], 48, 0, 0);
        uint64_t va = 0x500000000ull; /* 16 GiB + the code page's offset in its page */
        uint64_t gsize = 1ull << granules[i];
        mt_map(&r, va, MT_CODE2 & ~(gsize - 1), 3, MT_S1_RW | MT_AP_RO_EL1);
        uint64_t entry = va + (MT_CODE2 & (gsize - 1));
        static const uint32_t code[] = { I_MOVZ_X0_1234 };
        if (!mt_run_at(cpu, entry, MT_CODE2, code, 1))
            return;
        CHECK_EQ_U64(cpu->r[0], 0x1234);
        mt_check_no_exception(cpu, entry + 4);
    }
}

/* TTBR1_EL1 translates the upper range (VA bits 63:inputsize all ones), with its own T1SZ. */
static void test_walk_ttbr1_split(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->sr[SR_TCR_EL1] = (cpu->sr[SR_TCR_EL1] & ~(0x3full << 16)) | MT_TCR_T1SZ(25);
    struct mt_regime hi = mt_tables(12, 39, 1);
    cpu->sr[SR_TTBR1_EL1] = hi.root;
    uint64_t va = 0xffffff8000401000ull; /* the lowest 2 MiB + 4 KiB of the 39-bit upper range */
    mt_map(&hi, va, MT_DATA(2), 3, MT_S1_RW);
    mt_poke(MT_DATA(2) + 0x20, MARK1);
    mmu_translation_changed(cpu);
    cpu->r[1] = va + 0x20;
    cpu->r[2] = X2;
    MT_RUN(cpu, I_LDR_X0_X1, I_STR_X2_X1_8);
    CHECK_EQ_U64(cpu->r[0], MARK1);
    CHECK_EQ_U64(mt_peek(MT_DATA(2) + 0x28), X2);
    mt_check_no_exception(cpu, FIXTURE_CODE + 8);
}

/* Just below the TTBR1 range (bit 39 clear, bits 63:40 set): neither range -> Translation fault
 * level 0; with EPD1 = 1 a TTBR1 address faults at level 0 without a walk. */
static void test_walk_ttbr_range_faults(void)
{
    static const struct { uint64_t va, tcr; } cases[] = {
        { 0xffffff7ffffff000ull, 0 },
        { 0xffffff8000401000ull, MT_TCR_EPD1 },
        { 0x0000008000000000ull, 0 }, /* above TTBR0's 39-bit range */
    };
    for (size_t i = 0; i < 3; i++) {
        struct cpu *cpu = mt_begin(1);
        mt_s1_el1(cpu, 12, 39, 0, 0);
        struct mt_regime hi = mt_tables(12, 39, 1);
        mt_map(&hi, 0xffffff8000401000ull, MT_DATA(2), 3, MT_S1_RW);
        cpu->sr[SR_TTBR1_EL1] = hi.root;
        cpu->sr[SR_TCR_EL1] |= cases[i].tcr;
        mmu_translation_changed(cpu);
        cpu->r[1] = cases[i].va;
        MT_RUN(cpu, I_LDR_X0_X1);
        mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_TRANSLATION(0)), cases[i].va, FIXTURE_CODE);
        CHECK_EQ_U64(cpu->r[0], 0);
    }
}

/* EPD0 = 1: TTBR0 addresses fault at level 0 while TTBR1 still translates; the code runs from a
 * TTBR1 address. */
static void test_walk_epd0(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, MT_TCR_EPD0, 0);
    struct mt_regime hi = mt_tables(12, 48, 0);
    uint64_t code_va = 0xffff000040000000ull;
    mt_map(&hi, code_va, FIXTURE_RAM_BASE, 2, MT_S1_RW | MT_AP_RO_EL1);
    cpu->sr[SR_TTBR1_EL1] = hi.root;
    mmu_translation_changed(cpu);
    cpu->r[1] = MT_DATA(1); /* identity-mapped by TTBR0, which is disabled */
    static const uint32_t code[] = { I_LDR_X0_X1 };
    if (!mt_run_at(cpu, code_va + 0x3000, FIXTURE_RAM_BASE + 0x3000, code, 1))
        return;
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_TRANSLATION(0)), MT_DATA(1), code_va + 0x3000);
}

/* Top-byte-ignore: with TBI0/TBI1 = 1 bits 63:56 are ignored (bit 55 selects the TTBR); with
 * TBI = 0 a tagged address is outside both ranges -> Translation fault level 0. */
static void test_walk_tbi(void)
{
    static const struct { uint64_t tcr, va; bool fault; } cases[] = {
        { MT_TCR_TBI0, 0x5a00000080401010ull, false },
        { 0, 0x5a00000080401010ull, true },
        { MT_TCR_TBI1, 0xa5ffff8000401010ull, false },
        { MT_TCR_TBI0, 0xa5ffff8000401010ull, true }, /* TBI1 = 0: bit 63 = 1 selects TTBR1, bits 62:39 not ones */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = mt_begin(1);
        struct mt_regime lo = mt_s1_el1(cpu, 12, 39, cases[i].tcr, 0);
        mt_map(&lo, 0x80401000, MT_DATA(1), 3, MT_S1_RW);
        struct mt_regime hi = mt_tables(12, 39, 1);
        mt_map(&hi, 0xffffff8000401000ull, MT_DATA(2), 3, MT_S1_RW);
        cpu->sr[SR_TTBR1_EL1] = hi.root;
        mmu_translation_changed(cpu);
        mt_poke(MT_DATA(1) + 0x10, MARK0);
        mt_poke(MT_DATA(2) + 0x10, MARK1);
        cpu->r[1] = cases[i].va;
        MT_RUN(cpu, I_LDR_X0_X1);
        if (cases[i].fault) {
            mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_TRANSLATION(0)), cases[i].va, FIXTURE_CODE);
        } else {
            CHECK_EQ_U64(cpu->r[0], (cases[i].va >> 55) & 1 ? MARK1 : MARK0);
            mt_check_no_exception(cpu, FIXTURE_CODE + 4);
        }
    }
}

/* The EL2 regime: TTBR0_EL2 / TCR_EL2 / MAIR_EL2 / SCTLR_EL2 for each granule. */
static void test_walk_el2_regime(void)
{
    static const struct walk_case cases[] = {
        { "EL2 4K page", 12, 48, 3, 0x80401000 },
        { "EL2 4K 1 GiB block", 12, 48, 1, 0x80000000 },
        { "EL2 16K page", 14, 40, 3, 0x80004000 },
        { "EL2 64K 512 MiB block", 16, 48, 2, 0x80000000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct walk_case *c = &cases[i];
        struct cpu *cpu = mt_begin(2);
        struct mt_regime r = mt_s1_el2(cpu, c->granule, c->ia_bits, 0, 0);
        uint64_t pa = MT_DATA(3) + 0x30;
        uint64_t oa = c->level == 3 ? MT_DATA(3) : FIXTURE_RAM_BASE;
        mt_map(&r, c->va, oa, c->level, MT_S1_RW);
        mt_poke(pa, MARK1);
        cpu->r[1] = c->va + (pa - oa);
        cpu->r[2] = X2;
        MT_RUN(cpu, I_LDR_X0_X1, I_STR_X2_X1_8);
        CHECK_EQ_U64(cpu->r[0], MARK1);
        CHECK_EQ_U64(mt_peek(pa + 8), X2);
        mt_check_no_exception(cpu, FIXTURE_CODE + 8);
    }
}

/* The EL1&0 regime does not apply at EL2: with every EL1&0 walk disabled (EPD0 = EPD1 = 1), EL2
 * with its MMU off still reads flat; the same code at EL1 cannot even be fetched (Translation
 * fault level 0 on the fetch). */
static void test_walk_regimes_are_separate(void)
{
    struct cpu *cpu = mt_begin(2);
    mt_s1_el1(cpu, 12, 48, MT_TCR_EPD0 | MT_TCR_EPD1, 0);
    mt_poke(MT_DATA(1), MARK0);
    cpu->r[1] = MT_DATA(1);
    MT_RUN(cpu, I_LDR_X0_X1);
    CHECK_EQ_U64(cpu->r[0], MARK0);
    mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    cpu->r[0] = 0;
    cpu_set_el_sp(cpu, 1, 1);
    MT_RUN(cpu, I_LDR_X0_X1);
    CHECK_EQ_U64(cpu->r[0], 0);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_IABT_SAME, MT_FSC_TRANSLATION(0)), FIXTURE_CODE, FIXTURE_CODE);
}

UNIT_SUITE(mmu_walk,
           UNIT_TEST(test_walk_granules_and_levels),
           UNIT_TEST(test_walk_fetch_translated),
           UNIT_TEST(test_walk_ttbr1_split),
           UNIT_TEST(test_walk_ttbr_range_faults),
           UNIT_TEST(test_walk_epd0),
           UNIT_TEST(test_walk_tbi),
           UNIT_TEST(test_walk_el2_regime),
           UNIT_TEST(test_walk_regimes_are_separate))
