/* Stage 2 translation (EL1&0 accesses with HCR_EL2.VM = 1): walks for every granule, start level
 * (VTCR_EL2.SL0) and concatenated start tables; stage 2 faults taken to EL2 with HPFAR_EL2 and the
 * ISV syndrome a hypervisor emulates MMIO from; faults on the stage 1 walk (S1PTW, HCR_EL2.PTW);
 * HCR_EL2.DC and TGE.
 *
 * ARM ARM rules checked (DDI 0487 D5; Sail arm-v8.5-a pseudocode):
 * - AArch64.TranslationTableWalk (secondstage): start level 2 - SL0 (4K) / 3 - SL0 (16K, 64K);
 *   start table of 2^(inputsize - bottom(level)) entries, up to 16 concatenated tables; IPA above
 *   the VTCR.T0SZ range -> stage 2 Translation fault level 0; output above VTCR.PS -> Address size
 *   fault; blocks only from level 1 (4K) / 2 (16K, 64K).
 * - AArch64.SecondStageTranslate / AArch64.CheckS2Permission: S2AP[0] read, S2AP[1] write, XN
 *   (bit 54) for fetches; AF = 0 -> Access flag fault.
 * - AArch64.SecondStageWalk: a stage 2 fault on a stage 1 descriptor fetch is reported with
 *   S1PTW = 1 and HPFAR = the descriptor's IPA; with HCR_EL2.PTW = 1 a walk that lands in stage 2
 *   Device memory is a stage 2 Permission fault at the level of the stage 2 leaf.
 * - AArch64.FaultSyndrome: ISV = 1 with SAS/SSE/SRT/SF/AR for stage 2 data aborts that are not on
 *   the walk (LSInstructionSyndrome: single GP register loads/stores without writeback, including
 *   acquire/release; ISV = 0 for writeback and pairs). HPFAR_EL2.FIPA = IPA[47:12].
 * - AArch64.FirstStageTranslate: HCR_EL2.DC / TGE disable stage 1 of EL1&0 (DC: Normal WB memory
 *   and stage 2 on as if VM = 1; TGE: faults from EL0 go to EL2). */
#include <string.h>

#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "mmu_tables.h"
#include "sysreg.h"

#define MARK0 0x0123456789abcdefull
#define MARK1 0xfedcba9876543210ull
#define X2 0x1122334455667788ull
#define IPA_PAGE 0x80401000ull

struct s2_walk_case {
    const char *name;
    unsigned granule, ia_bits;
    int start_level, level;
    uint64_t ipa; /* aligned to the leaf size */
};

static const struct s2_walk_case walk_cases[] = {
    { "4K 40-bit SL0=1: 2 concatenated level 1 tables, block in the 2nd", 12, 40, 1, 1, 0x8040000000 },
    { "4K 40-bit SL0=1: page", 12, 40, 1, 3, IPA_PAGE },
    { "4K 40-bit SL0=1: page in the 2nd table", 12, 40, 1, 3, 0xfffffff000 },
    { "4K 39-bit SL0=1: one level 1 table, 2M block", 12, 39, 1, 2, 0x7fffe00000 },
    { "4K 48-bit SL0=2 (level 0): page", 12, 48, 0, 3, 0xfffffffff000 },
    { "4K 32-bit SL0=0: 4 concatenated level 2 tables, block in the 4th", 12, 32, 2, 2, 0xc0200000 },
    { "16K 36-bit SL0=1 (level 2): page", 14, 36, 2, 3, 0xfffffc000 },
    { "16K 37-bit SL0=1: 2 concatenated level 2 tables, 32M block in the 2nd", 14, 37, 2, 2, 0x1002000000 },
    { "16K 42-bit SL0=2 (level 1): 32M block", 14, 42, 1, 2, 0x3fffe000000 },
    { "64K 42-bit SL0=1 (level 2): page", 16, 42, 2, 3, 0x3ffffff0000 },
    { "64K 43-bit SL0=1: 2 concatenated level 2 tables, 512M block in the 2nd", 16, 43, 2, 2, 0x40020000000 },
    { "64K 48-bit SL0=2 (level 1): 512M block", 16, 48, 1, 2, 0x800000000000 },
};

/* Stage 1 off (VA = IPA): a load and a store through stage 2 reach the PA. */
static void test_s2_walk(void)
{
    for (size_t i = 0; i < sizeof walk_cases / sizeof walk_cases[0]; i++) {
        const struct s2_walk_case *c = &walk_cases[i];
        struct cpu *cpu = mt_begin(1);
        struct mt_regime s2 = mt_s2(cpu, c->granule, c->ia_bits, c->start_level, 1, 0);
        mt_check_load_store(cpu, &s2, c->ipa, c->level, MT_S2_RW, c->name);
    }
}

/* Both stages: VA -> IPA (stage 1, 16K) -> PA (stage 2, 64K), and an instruction fetch. */
static void test_s2_with_s1(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 16, 42, 2, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 14, 48, 0, 0);
    mt_map(&s1, 0x80004000, 0x100000000ull, 3, MT_S1_RW);
    mt_map(&s2, 0x100000000ull, MT_DATA(2), 3, MT_S2_RW);
    mt_map(&s1, 0x80008000, 0x100010000ull, 3, MT_S1_RW | MT_AP_RO_EL1);
    mt_map(&s2, 0x100010000ull, FIXTURE_RAM_BASE, 3, MT_S2_RW);
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(2) + 0x40, MARK1);
    cpu->r[1] = 0x80004040;
    cpu->r[2] = X2;
    MT_RUN(cpu, I_LDR_X0_X1, I_STR_X2_X1_8);
    CHECK_EQ_U64(cpu->r[0], MARK1);
    CHECK_EQ_U64(mt_peek(MT_DATA(2) + 0x48), X2);
    mt_check_no_exception(cpu, FIXTURE_CODE + 8);
    /* VA 0x8000_9000 -> IPA 0x1_0001_1000 -> PA MT_CODE2 */
    static const uint32_t code[] = { I_MOVZ_X0_1234 };
    if (!mt_run_at(cpu, 0x80009000, MT_CODE2, code, 1))
        return;
    CHECK_EQ_U64(cpu->r[0], 0x1234);
    mt_check_no_exception(cpu, 0x80009004);
}

enum access { LOAD, STORE, FETCH };
enum kind { LEAF, RAW };

struct s2_fault_case {
    const char *name;
    unsigned granule, ia_bits;
    int start_level, level;
    uint64_t ipa;
    enum kind kind;
    uint64_t bits, oa;   /* oa 0: RAM (block) / MT_DATA(1) or MT_CODE2 (page) */
    unsigned ps;         /* VTCR_EL2.PS, 5 = 48 bits */
    enum access access;
    unsigned fsc;        /* 0xff: no fault */
};

#define S2RW MT_S2_RW
#define S2_(ap) ((MT_S2_RW & ~MT_S2AP_RW) | (ap))

static const struct s2_fault_case fault_cases[] = {
    { "L1 invalid", 12, 40, 1, 1, 0x80000000, RAW, 0, 0, 5, LOAD, MT_FSC_TRANSLATION(1) },
    { "L2 invalid", 12, 40, 1, 2, 0x80400000, RAW, 0, 0, 5, STORE, MT_FSC_TRANSLATION(2) },
    { "L3 invalid", 12, 40, 1, 3, IPA_PAGE, RAW, S2RW, 0, 5, LOAD, MT_FSC_TRANSLATION(3) },
    { "L3 01", 12, 40, 1, 3, IPA_PAGE, RAW, S2RW | 1, 0, 5, LOAD, MT_FSC_TRANSLATION(3) },
    { "4K block at L0", 12, 48, 0, 0, 0x800000000000, RAW, S2RW | 1, 0x800000000000, 5, LOAD, MT_FSC_TRANSLATION(0) },
    { "64K block at L1", 16, 48, 1, 1, 0x40000000000, RAW, S2RW | 1, 0x40000000000, 5, LOAD, MT_FSC_TRANSLATION(1) },
    { "16K block at L1", 14, 42, 1, 1, 0x1000000000, RAW, S2RW | 1, 0x1000000000, 5, LOAD, MT_FSC_TRANSLATION(1) },
    { "AF=0 page", 12, 40, 1, 3, IPA_PAGE, LEAF, S2RW & ~MT_AF, 0, 5, LOAD, MT_FSC_ACCESS_FLAG(3) },
    { "AF=0 2M block", 12, 40, 1, 2, 0x80200000, LEAF, S2RW & ~MT_AF, 0, 5, STORE, MT_FSC_ACCESS_FLAG(2) },
    { "S2AP none, load", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_NONE), 0, 5, LOAD, MT_FSC_PERMISSION(3) },
    { "S2AP none, store", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_NONE), 0, 5, STORE, MT_FSC_PERMISSION(3) },
    { "S2AP read-only, store", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_RO), 0, 5, STORE, MT_FSC_PERMISSION(3) },
    { "S2AP read-only, load", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_RO), 0, 5, LOAD, 0xff },
    { "S2AP write-only, load", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_WO), 0, 5, LOAD, MT_FSC_PERMISSION(3) },
    { "S2AP write-only, store", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_WO), 0, 5, STORE, 0xff },
    { "S2AP read-only 1G block, store", 12, 40, 1, 1, 0x80000000, LEAF, S2_(MT_S2AP_RO), 0, 5, STORE, MT_FSC_PERMISSION(1) },
    { "XN, fetch", 12, 40, 1, 3, IPA_PAGE, LEAF, S2RW | MT_XN, 0, 5, FETCH, MT_FSC_PERMISSION(3) },
    { "XN, load", 12, 40, 1, 3, IPA_PAGE, LEAF, S2RW | MT_XN, 0, 5, LOAD, 0xff },
    { "read-only is executable", 12, 40, 1, 3, IPA_PAGE, LEAF, S2_(MT_S2AP_RO), 0, 5, FETCH, 0xff },
    { "fetch, L3 invalid", 12, 40, 1, 3, IPA_PAGE, RAW, 0, 0, 5, FETCH, MT_FSC_TRANSLATION(3) },
    { "OA above PS (32 bits), 2M block", 12, 40, 1, 2, 0x80200000, LEAF, S2RW, 0x100000000, 0, LOAD, MT_FSC_ADDR_SIZE(2) },
    { "OA above PS (40 bits), page", 12, 40, 1, 3, IPA_PAGE, LEAF, S2RW, 0x10000000000, 2, STORE, MT_FSC_ADDR_SIZE(3) },
    { "64K L3 invalid", 16, 42, 2, 3, 0xa0010000, RAW, 0, 0, 5, LOAD, MT_FSC_TRANSLATION(3) },
    { "16K S2AP read-only, store", 14, 36, 2, 3, 0x80004000, LEAF, S2_(MT_S2AP_RO), 0, 5, STORE, MT_FSC_PERMISSION(3) },
};

static void run_fault_case(const struct s2_fault_case *c)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, c->granule, c->ia_bits, c->start_level, 1, 0);
    cpu->sr[SR_VTCR_EL2] = (cpu->sr[SR_VTCR_EL2] & ~MT_TCR2_PS(7)) | MT_TCR2_PS(c->ps);
    uint64_t gsize = 1ull << c->granule;
    uint64_t target = c->access == FETCH ? MT_CODE2 : MT_DATA(1) + 0x10;
    uint64_t oa = c->oa ? c->oa : c->level == 3 ? target & ~(gsize - 1) : FIXTURE_RAM_BASE;
    uint64_t ipa = c->ipa + (c->oa ? 0x10 : target - oa);
    if (c->kind == LEAF)
        mt_map(&s2, c->ipa, oa, c->level, c->bits);
    else
        *mt_desc(&s2, c->ipa, c->level) = oa | c->bits;
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1) + 0x10, MARK0);
    cpu->r[1] = ipa;
    cpu->r[2] = X2;
    static const uint32_t load[] = { I_LDR_X0_X1 }, store[] = { I_STR_X2_X1 }, fetch[] = { I_MOVZ_X0_1234 };
    bool ran = c->access == FETCH ? mt_run_at(cpu, ipa, MT_CODE2, fetch, 1)
                                  : mt_run(cpu, c->access == LOAD ? load : store, 1);
    if (!ran)
        return;
    unsigned failures = CU_get_number_of_failures();
    uint64_t pc = c->access == FETCH ? ipa : FIXTURE_CODE;
    if (c->fsc == 0xff) {
        mt_check_no_exception(cpu, pc + 4);
        if (c->access == LOAD)
            CHECK_EQ_U64(cpu->r[0], MARK0);
        else if (c->access == STORE)
            CHECK_EQ_U64(mt_peek(MT_DATA(1) + 0x10), X2);
        else
            CHECK_EQ_U64(cpu->r[0], 0x1234);
    } else {
        uint32_t iss = c->fsc;
        unsigned ec = MT_EC_IABT_LOWER;
        if (c->access == LOAD) {
            iss |= MT_ISS_ISV(3, 0, 0, 1, 0);
            ec = MT_EC_DABT_LOWER;
        } else if (c->access == STORE) {
            iss |= MT_ISS_ISV(3, 0, 2, 1, 0) | MT_ISS_WNR;
            ec = MT_EC_DABT_LOWER;
        }
        mt_check_abort(cpu, 2, MT_ESR(ec, iss), ipa, pc);
        CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], MT_HPFAR(ipa));
        CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
        CHECK_EQ_U64(mt_peek(MT_DATA(1) + 0x10), MARK0);
        CHECK_EQ_U64(cpu->r[0], 0);
    }
    if (CU_get_number_of_failures() != failures)
        fprintf(stderr, "\n  case: %s\n", c->name);
}

static void test_s2_faults(void)
{
    for (size_t i = 0; i < sizeof fault_cases / sizeof fault_cases[0]; i++)
        run_fault_case(&fault_cases[i]);
}

/* An IPA above the VTCR_EL2.T0SZ range (stage 1 output within TCR_EL1.IPS) is a stage 2
 * Translation fault level 0 with HPFAR = the IPA. */
static void test_s2_ipa_above_t0sz(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s2(cpu, 12, 32, 2, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, IPA_PAGE, 0x100000000ull, 3, MT_S1_RW);
    mmu_translation_changed(cpu);
    cpu->r[1] = IPA_PAGE + 0x28;
    MT_RUN(cpu, I_LDR_X0_X1);
    mt_check_abort(cpu, 2, MT_ESR(MT_EC_DABT_LOWER, MT_ISS_ISV(3, 0, 0, 1, 0) | MT_FSC_TRANSLATION(0)),
                   IPA_PAGE + 0x28, FIXTURE_CODE);
    CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], MT_HPFAR(0x100000000ull));
}

/* A stage 1 fault is taken to EL1 even with stage 2 on (stage 1 is checked first). */
static void test_s2_stage1_fault_goes_to_el1(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, IPA_PAGE, 0x100000000ull, 3, MT_S1_RW | MT_AP_RO_EL1);
    mt_map(&s2, 0x100000000ull, MT_DATA(1), 3, MT_S2_RW);
    mmu_translation_changed(cpu);
    cpu->r[1] = IPA_PAGE;
    cpu->r[2] = X2;
    MT_RUN(cpu, I_STR_X2_X1);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_ISS_WNR | MT_FSC_PERMISSION(3)), IPA_PAGE, FIXTURE_CODE);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
    CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], 0xa50);
}

/* The ISV syndrome of stage 2 data aborts (S2AP none, so loads and stores fault): SAS = log2 of
 * the size, SSE = sign-extending load, SRT = Rt (31 for XZR), SF = 64-bit register, AR = acquire /
 * release; ISV = 0 with writeback and for register pairs. */
static void test_s2_isv_syndrome(void)
{
    static const struct { const char *text; uint32_t insn, iss; } cases[] = {
        { "ldr x0, [x1]", 0xf9400020, MT_ISS_ISV(3, 0, 0, 1, 0) },
        { "ldr w0, [x1]", 0xb9400020, MT_ISS_ISV(2, 0, 0, 0, 0) },
        { "ldrb w0, [x1]", 0x39400020, MT_ISS_ISV(0, 0, 0, 0, 0) },
        { "ldrh w3, [x1]", 0x79400023, MT_ISS_ISV(1, 0, 3, 0, 0) },
        { "ldrsh w0, [x1]", 0x79c00020, MT_ISS_ISV(1, 1, 0, 0, 0) },
        { "ldrsh x0, [x1]", 0x79800020, MT_ISS_ISV(1, 1, 0, 1, 0) },
        { "ldrsw x0, [x1]", 0xb9800020, MT_ISS_ISV(2, 1, 0, 1, 0) },
        { "ldr x5, [x1]", 0xf9400025, MT_ISS_ISV(3, 0, 5, 1, 0) },
        { "strb w2, [x1]", 0x39000022, MT_ISS_ISV(0, 0, 2, 0, 0) | MT_ISS_WNR },
        { "strh w2, [x1]", 0x79000022, MT_ISS_ISV(1, 0, 2, 0, 0) | MT_ISS_WNR },
        { "str w2, [x1]", 0xb9000022, MT_ISS_ISV(2, 0, 2, 0, 0) | MT_ISS_WNR },
        { "str x2, [x1]", 0xf9000022, MT_ISS_ISV(3, 0, 2, 1, 0) | MT_ISS_WNR },
        { "str xzr, [x1]", 0xf900003f, MT_ISS_ISV(3, 0, 31, 1, 0) | MT_ISS_WNR },
        { "ldar x0, [x1]", 0xc8dffc20, MT_ISS_ISV(3, 0, 0, 1, 1) },
        { "stlr w2, [x1]", 0x889ffc22, MT_ISS_ISV(2, 0, 2, 0, 1) | MT_ISS_WNR },
        { "ldr x0, [x1], #8 (writeback)", 0xf8408420, 0 },
        { "ldp x0, x3, [x1] (pair)", 0xa9400c20, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = mt_begin(1);
        struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
        mt_map(&s2, IPA_PAGE, MT_DATA(1), 3, MT_AF | MT_S2_MEMATTR(0xf) | MT_S2AP_NONE);
        mmu_translation_changed(cpu);
        cpu->r[1] = IPA_PAGE + 0x80;
        cpu->r[2] = X2;
        if (!mt_run(cpu, &cases[i].insn, 1))
            return;
        unsigned failures = CU_get_number_of_failures();
        mt_check_abort(cpu, 2, MT_ESR(MT_EC_DABT_LOWER, cases[i].iss | MT_FSC_PERMISSION(3)), IPA_PAGE + 0x80,
                       FIXTURE_CODE);
        CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], MT_HPFAR(IPA_PAGE));
        CHECK_EQ_U64(cpu->r[1], IPA_PAGE + 0x80); /* no writeback */
        if (CU_get_number_of_failures() != failures)
            fprintf(stderr, "\n  case: %s\n", cases[i].text);
    }
}

/* Stage 1 (4K, 48-bit) under stage 2 (4K, 40-bit, SL0 = 1), with the level 3 table of VA
 * IPA_PAGE moved to IPA 0x9000_0000, mapped at stage 2 by `s2_bits` (0: not mapped). */
#define WALK_IPA 0x90000000ull
static struct cpu *setup_walk_under_s2(uint64_t s2_bits, uint64_t hcr)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, IPA_PAGE, MT_DATA(1), 3, MT_S1_RW);
    uint64_t *l2 = mt_desc(&s1, IPA_PAGE, 2);
    uint64_t l3_table_pa = *l2 & 0xfffffffff000ull;
    *l2 = WALK_IPA | 3;
    if (s2_bits)
        mt_map(&s2, WALK_IPA, l3_table_pa, 3, s2_bits);
    else
        mt_map(&s2, WALK_IPA + 0x1000, l3_table_pa, 3, MT_S2_RW); /* the level 3 table exists, entry 0 does not */
    cpu->sr[SR_HCR_EL2] |= hcr;
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1) + 0x10, MARK0);
    cpu->r[1] = IPA_PAGE + 0x10;
    return cpu;
}

/* Stage 2 faults on the stage 1 walk: S1PTW = 1, ISV = 0, HPFAR = IPA of the stage 1 table. */
static void test_s2_fault_on_s1_walk(void)
{
    static const struct { const char *name; uint64_t s2_bits, hcr; uint32_t fsc; } cases[] = {
        { "table IPA unmapped", 0, 0, MT_FSC_TRANSLATION(3) },
        { "table IPA S2AP none", MT_AF | MT_S2_MEMATTR(0xf) | MT_S2AP_NONE, 0, MT_FSC_PERMISSION(3) },
        { "table IPA AF=0", MT_S2_RW & ~MT_AF, 0, MT_FSC_ACCESS_FLAG(3) },
        { "PTW=1, table in stage 2 Device memory", MT_AF | MT_S2_MEMATTR(0) | MT_S2AP_RW, MT_HCR_PTW, MT_FSC_PERMISSION(3) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = setup_walk_under_s2(cases[i].s2_bits, cases[i].hcr);
        MT_RUN(cpu, I_LDR_X0_X1);
        unsigned failures = CU_get_number_of_failures();
        mt_check_abort(cpu, 2, MT_ESR(MT_EC_DABT_LOWER, MT_ISS_S1PTW | cases[i].fsc), IPA_PAGE + 0x10, FIXTURE_CODE);
        CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], MT_HPFAR(WALK_IPA));
        CHECK_EQ_U64(cpu->r[0], 0);
        if (CU_get_number_of_failures() != failures)
            fprintf(stderr, "\n  case: %s\n", cases[i].name);
    }
}

/* The same walk succeeds when the table IPA is mapped Normal, or Device with HCR_EL2.PTW = 0.
 * (Device with PTW = 0: the walk is made; not confirmed with an oracle.) */
static void test_s2_walk_through_s2(void)
{
    static const uint64_t bits[] = { MT_S2_RW, MT_AF | MT_S2_MEMATTR(0) | MT_S2AP_RW };
    for (size_t i = 0; i < 2; i++) {
        struct cpu *cpu = setup_walk_under_s2(bits[i], 0);
        MT_RUN(cpu, I_LDR_X0_X1);
        CHECK_EQ_U64(cpu->r[0], MARK0);
        mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    }
}

/* HCR_EL2.DC = 1: stage 1 is off whatever SCTLR_EL1.M says (TTBR0_EL1 maps nothing here), memory
 * is Normal (an unaligned load works) and stage 2 translates although VM = 0. */
static void test_s2_hcr_dc(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    mt_map(&s2, IPA_PAGE, MT_DATA(1), 3, MT_S2_RW);
    cpu->sr[SR_HCR_EL2] = (cpu->sr[SR_HCR_EL2] & ~MT_HCR_VM) | MT_HCR_DC;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_M;
    cpu->sr[SR_TTBR0_EL1] = mt_alloc(0x1000); /* empty: stage 1 would fault at level 0 */
    cpu->sr[SR_TCR_EL1] = MT_TCR_T0SZ(16) | MT_TCR_IPS(5);
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1) + 0x10, MARK0);
    mt_poke(MT_DATA(1) + 0x18, MARK1);
    cpu->r[1] = IPA_PAGE + 0x10;
    MT_RUN(cpu, I_LDR_X0_X1, I_LDUR_X0_X1_1);
    uint64_t expect;
    memcpy(&expect, fixture_ram(MT_DATA(1) + 0x11), 8);
    CHECK_EQ_U64(cpu->r[0], expect);
    mt_check_no_exception(cpu, FIXTURE_CODE + 8);
}

/* HCR_EL2.TGE = 1 at EL0: stage 1 of EL1&0 is off (flat, Device memory for data), and the
 * alignment fault of an unaligned load is taken to EL2. */
static void test_s2_hcr_tge(void)
{
    struct cpu *cpu = mt_begin(0);
    cpu->sr[SR_HCR_EL2] |= MT_HCR_TGE;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_M;
    cpu->sr[SR_TTBR0_EL1] = mt_alloc(0x1000);
    cpu->sr[SR_TCR_EL1] = MT_TCR_T0SZ(16) | MT_TCR_IPS(5);
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1) + 0x10, MARK0);
    cpu->r[1] = MT_DATA(1) + 0x10;
    MT_RUN(cpu, I_LDR_X0_X1);
    CHECK_EQ_U64(cpu->r[0], MARK0);
    mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    MT_RUN(cpu, I_LDUR_X0_X1_1);
    mt_check_abort(cpu, 2, MT_ESR(MT_EC_DABT_LOWER, MT_FSC_ALIGNMENT), MT_DATA(1) + 0x11, FIXTURE_CODE);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
}

/* Stage 2 Device memory under stage 1 Normal memory: the combined type is Device, so an
 * unaligned load faults. The pseudocode (AArch64.SecondStageTranslate) raises this Alignment
 * fault as a stage 2 fault, taken to EL2; only EL, EC, DFSC and FAR are checked (ISV and HPFAR of
 * this case were not confirmed with an oracle). */
static void test_s2_device_alignment(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, IPA_PAGE, IPA_PAGE, 3, MT_S1_RW);
    mt_map(&s2, IPA_PAGE, MT_DATA(1), 3, MT_AF | MT_S2_MEMATTR(0) | MT_S2AP_RW);
    mmu_translation_changed(cpu);
    cpu->r[1] = IPA_PAGE + 0x10;
    MT_RUN(cpu, I_LDR_X0_X1, I_LDUR_X0_X1_1);
    CHECK_EQ_U64(cpu->el, 2);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2] >> 26, MT_EC_DABT_LOWER);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2] & 0x3f, MT_FSC_ALIGNMENT);
    CHECK_EQ_U64(cpu->sr[SR_FAR_EL2], IPA_PAGE + 0x11);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL2], FIXTURE_CODE + 4);
}

UNIT_SUITE(mmu_stage2,
           UNIT_TEST(test_s2_walk),
           UNIT_TEST(test_s2_with_s1),
           UNIT_TEST(test_s2_faults),
           UNIT_TEST(test_s2_ipa_above_t0sz),
           UNIT_TEST(test_s2_stage1_fault_goes_to_el1),
           UNIT_TEST(test_s2_isv_syndrome),
           UNIT_TEST(test_s2_fault_on_s1_walk),
           UNIT_TEST(test_s2_walk_through_s2),
           UNIT_TEST(test_s2_hcr_dc),
           UNIT_TEST(test_s2_hcr_tge),
           UNIT_TEST(test_s2_device_alignment))
