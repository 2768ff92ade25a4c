/* Address translation instructions (AT AT_E0R/W, AT_E1R/W, AT_E2R/W, AT_12E0R/W, AT_12E1R/W) and the
 * PAR_EL1 they write.
 *
 * ARM ARM rules checked (DDI 0487 C5.5 / D5; Sail arm-v8.5-a pseudocode):
 * - AArch64.AT_S1Ex / AArch64.AT_S12Ex: the walk of the named regime and EL, permissions checked
 *   as for a read or a write at that EL; a fault is reported in PAR_EL1 (not taken), except a
 *   stage 2 fault on the stage 1 walk of an AT executed at EL1, which is taken to EL2 (ISS CM = 1,
 *   WnR = 1, S1PTW = 1); S12 with stage 2 disabled behaves as S1.
 * - AArch64.EncodePAR: success = ATTR[63:56] (PARAttrsDecode: the MAIR encoding of the result),
 *   PA[47:12], bit 11 RES1, NS (bit 9, 1 for the Non-secure regimes elsim has), SH[8:7]
 *   (PARShareabilityDecode: 0b10 for Device and Normal Non-cacheable); fault = F, FST[6:1]
 *   (EncodeLDFSC), PTW (bit 8), S (bit 9), bit 11 RES1.
 * - CombineS1S2Desc: Device at either stage gives Device; shareability ORed. */
#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "mmu_tables.h"
#include "sysreg.h"

#define VA 0x80401000ull
#define IPA 0x100401000ull

enum at_insn_op { AT_E1R, AT_E1W, AT_E0R, AT_E0W, AT_E2R, AT_E2W, AT_12E1R, AT_12E1W, AT_12E0R, AT_12E0W };
static const uint32_t at_insn[] = {
    [AT_E1R] = 0xd5087801, [AT_E1W] = 0xd5087821, [AT_E0R] = 0xd5087841, [AT_E0W] = 0xd5087861,
    [AT_E2R] = 0xd50c7801, [AT_E2W] = 0xd50c7821, [AT_12E1R] = 0xd50c7881, [AT_12E1W] = 0xd50c78a1,
    [AT_12E0R] = 0xd50c78c1, [AT_12E0W] = 0xd50c78e1,
}; /* at <op>, x1 */

/* Run one AT at `el` with X1 = va; PAR_EL1 starts as a sentinel. */
static bool run_at(struct cpu *cpu, enum at_insn_op op, uint64_t va)
{
    cpu->r[1] = va;
    cpu->sr[SR_PAR_EL1] = 0x5a5a5a5a5a5a5a5aull;
    return mt_run(cpu, &at_insn[op], 1);
}

struct at_case {
    const char *name;
    enum at_insn_op op;
    int level;
    uint64_t bits;   /* stage 1 leaf for VA (0: unmapped) */
    uint64_t va_off; /* added to VA */
    uint64_t par;
};

#define RW MT_S1_RW
#define LEAF_PA (MT_DATA(1))

static const struct at_case s1_cases[] = {
    { "Normal WB, inner shareable", AT_E1R, 3, RW, 0x123, MT_PAR_OK(LEAF_PA, 0xff, 3) },
    { "Normal WB, outer shareable", AT_E1R, 3, (RW & ~MT_SH_INNER) | MT_SH_OUTER, 0, MT_PAR_OK(LEAF_PA, 0xff, 2) },
    { "Normal WB, non-shareable", AT_E1W, 3, RW & ~MT_SH_INNER, 0, MT_PAR_OK(LEAF_PA, 0xff, 0) },
    { "Normal NC", AT_E1R, 3, MT_AF | MT_ATTRIDX(MT_IDX_NC), 0, MT_PAR_OK(LEAF_PA, 0x44, 2) },
    { "Device-nGnRnE", AT_E1R, 3, MT_AF | MT_ATTRIDX(MT_IDX_DEVICE), 0, MT_PAR_OK(LEAF_PA, 0x00, 2) },
    { "Device-nGnRE", AT_E1R, 3, MT_AF | MT_ATTRIDX(MT_IDX_DEVICE_NGNRE) | MT_SH_INNER, 0, MT_PAR_OK(LEAF_PA, 0x04, 2) },
    { "1G block keeps VA[29:12]", AT_E1R, 1, RW, 0x90000 + 0x345, MT_PAR_OK(FIXTURE_RAM_BASE + 0x90000, 0xff, 3) },
    { "2M block keeps VA[20:12]", AT_E1R, 2, RW, 0x91000, MT_PAR_OK(FIXTURE_RAM_BASE + 0x91000, 0xff, 3) },
    { "S1E1W, read-only", AT_E1W, 3, RW | MT_AP_RO_EL1, 0, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 0) },
    { "S1E1R, read-only", AT_E1R, 3, RW | MT_AP_RO_EL1, 0, MT_PAR_OK(LEAF_PA, 0xff, 3) },
    { "S1E0R, EL1-only", AT_E0R, 3, RW, 0, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 0) },
    { "S1E0R, EL0 read/write", AT_E0R, 3, RW | MT_AP_RW_ALL, 0, MT_PAR_OK(LEAF_PA, 0xff, 3) },
    { "S1E0W, EL0 read-only", AT_E0W, 3, RW | MT_AP_RO_ALL, 0, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 0) },
    { "S1E0W, EL0 read/write", AT_E0W, 3, RW | MT_AP_RW_ALL, 0, MT_PAR_OK(LEAF_PA, 0xff, 3) },
    { "S1E1R, execute-never does not matter", AT_E1R, 3, RW | MT_PXN | MT_UXN, 0, MT_PAR_OK(LEAF_PA, 0xff, 3) },
    { "unmapped", AT_E1R, 3, 0, 0, MT_PAR_FAULT(MT_FSC_TRANSLATION(3), 0, 0) },
    { "AF=0", AT_E1W, 3, RW & ~MT_AF, 0, MT_PAR_FAULT(MT_FSC_ACCESS_FLAG(3), 0, 0) },
    { "AF=0 2M block", AT_E0R, 2, (RW & ~MT_AF) | MT_AP_RW_ALL, 0, MT_PAR_FAULT(MT_FSC_ACCESS_FLAG(2), 0, 0) },
    { "beyond T0SZ", AT_E1R, -1, 0, 0x1000000000000ull - VA, MT_PAR_FAULT(MT_FSC_TRANSLATION(0), 0, 0) },
};

/* Stage 1 of EL1&0 (4K, 48-bit), the AT executed at EL1 and again at EL2. */
static void test_at_s1_el1(void)
{
    for (unsigned el = 1; el <= 2; el++)
        for (size_t i = 0; i < sizeof s1_cases / sizeof s1_cases[0]; i++) {
            const struct at_case *c = &s1_cases[i];
            struct cpu *cpu = mt_begin(el);
            struct mt_regime r = mt_s1_el1(cpu, 12, 48, 0, 0);
            uint64_t va = c->level == 1 ? 0x80000000 : c->level == 2 ? 0x80200000 : VA;
            if (c->bits)
                mt_map(&r, va, c->level == 3 ? LEAF_PA : FIXTURE_RAM_BASE, c->level, c->bits);
            else if (c->level == 3)
                mt_map(&r, va + 0x1000, LEAF_PA, 3, RW); /* the table exists, the entry not */
            mmu_translation_changed(cpu);
            if (!run_at(cpu, c->op, va + c->va_off))
                return;
            if (cpu->sr[SR_PAR_EL1] != c->par)
                fprintf(stderr, "\n  case (at EL%u): %s\n", el, c->name);
            CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], c->par);
            mt_check_no_exception(cpu, FIXTURE_CODE + 4);
        }
}

/* AT AT_E2R/W: the EL2 regime (64K granule here). */
static void test_at_s1_el2(void)
{
    static const struct { enum at_insn_op op; uint64_t bits, par; } cases[] = {
        { AT_E2R, RW, MT_PAR_OK(MT_DATA(2) + 0xa000, 0xff, 3) },
        { AT_E2W, RW | MT_AP_RO_EL1, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 0) },
        { AT_E2W, RW | MT_AP_RW_ALL, MT_PAR_OK(MT_DATA(2) + 0xa000, 0xff, 3) }, /* AP[1] ignored at EL2 */
        { AT_E2R, MT_AF | MT_ATTRIDX(MT_IDX_DEVICE_NGNRE), MT_PAR_OK(MT_DATA(2) + 0xa000, 0x04, 2) },
        { AT_E2R, 0, MT_PAR_FAULT(MT_FSC_TRANSLATION(3), 0, 0) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = mt_begin(2);
        struct mt_regime r = mt_s1_el2(cpu, 16, 48, 0, 0);
        mt_map(&r, 0xa0000000 + 0x10000, MT_DATA(3), 3, RW);
        if (cases[i].bits)
            mt_map(&r, 0xa0000000, MT_DATA(2), 3, cases[i].bits);
        mmu_translation_changed(cpu);
        if (!run_at(cpu, cases[i].op, 0xa000abcd))
            return;
        CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], cases[i].par);
    }
}

/* Stage 1 (4K) VA -> IPA and stage 2 (4K, 40-bit, SL0 = 1) IPA -> PA for the S12 cases. */
static struct cpu *setup_two_stages(unsigned el, uint64_t s1_bits, uint64_t s2_bits)
{
    struct cpu *cpu = mt_begin(el);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&s1, VA, IPA, 3, s1_bits);
    if (s2_bits)
        mt_map(&s2, IPA, MT_DATA(2), 3, s2_bits);
    else
        mt_map(&s2, IPA + 0x1000, MT_DATA(2), 3, MT_S2_RW); /* the level 3 entry for IPA is invalid */
    mmu_translation_changed(cpu);
    return cpu;
}

static void test_at_s12(void)
{
    static const struct { const char *name; enum at_insn_op op; uint64_t s1, s2, par; } cases[] = {
        { "S12E1R", AT_12E1R, RW, MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S12E1W", AT_12E1W, RW, MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S12E0R", AT_12E0R, RW | MT_AP_RO_ALL, MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S12E1R, stage 2 non-shareable: stage 1 inner wins", AT_12E1R, RW, MT_S2_RW & ~MT_SH_INNER, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S12E1R, stage 1 non-shareable, stage 2 inner", AT_12E1R, RW & ~MT_SH_INNER, MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S12E1R, stage 2 Device", AT_12E1R, RW, MT_AF | MT_S2_MEMATTR(0) | MT_S2AP_RW, MT_PAR_OK(MT_DATA(2), 0x00, 2) },
        { "S12E1R, stage 2 Device-nGnRE", AT_12E1R, RW, MT_AF | MT_S2_MEMATTR(1) | MT_S2AP_RW, MT_PAR_OK(MT_DATA(2), 0x04, 2) },
        { "S12E1R, stage 1 Device-nGnRE, stage 2 Normal", AT_12E1R, MT_AF | MT_ATTRIDX(MT_IDX_DEVICE_NGNRE), MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0x04, 2) },
        { "S12E1R, stage 2 unmapped", AT_12E1R, RW, 0, MT_PAR_FAULT(MT_FSC_TRANSLATION(3), 0, 1) },
        { "S12E1W, stage 2 read-only", AT_12E1W, RW, (MT_S2_RW & ~MT_S2AP_RW) | MT_S2AP_RO, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 1) },
        { "S12E1R, stage 2 write-only", AT_12E1R, RW, (MT_S2_RW & ~MT_S2AP_RW) | MT_S2AP_WO, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 1) },
        { "S12E1R, stage 2 AF=0", AT_12E1R, RW, MT_S2_RW & ~MT_AF, MT_PAR_FAULT(MT_FSC_ACCESS_FLAG(3), 0, 1) },
        { "S12E0R, stage 1 EL1-only: stage 1 fault", AT_12E0R, RW, MT_S2_RW, MT_PAR_FAULT(MT_FSC_PERMISSION(3), 0, 0) },
        { "S12E0W, EL0 read/write", AT_12E0W, RW | MT_AP_RW_ALL, MT_S2_RW, MT_PAR_OK(MT_DATA(2), 0xff, 3) },
        { "S1E1R at EL2 gives the IPA", AT_E1R, RW, 0, MT_PAR_OK(IPA, 0xff, 3) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = setup_two_stages(2, cases[i].s1, cases[i].s2);
        if (!run_at(cpu, cases[i].op, VA + 0x10))
            return;
        if (cpu->sr[SR_PAR_EL1] != cases[i].par)
            fprintf(stderr, "\n  case: %s\n", cases[i].name);
        CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], cases[i].par);
        mt_check_no_exception(cpu, FIXTURE_CODE + 4);
    }
}

/* AT AT_12E1R with HCR_EL2.VM = 0 is AT AT_E1R: PAR holds the stage 1 output. */
static void test_at_s12_without_stage2(void)
{
    struct cpu *cpu = setup_two_stages(2, RW, MT_S2_RW);
    cpu->sr[SR_HCR_EL2] &= ~MT_HCR_VM;
    mmu_translation_changed(cpu);
    if (!run_at(cpu, AT_12E1R, VA))
        return;
    CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], MT_PAR_OK(IPA, 0xff, 3));
}

/* AT AT_E1R at EL1 under stage 2: PAR holds the IPA; the stage 1 walk goes through stage 2, and a
 * stage 2 fault on it is taken to EL2 (AT: CM = 1, WnR = 1; S1PTW = 1; PAR_EL1 UNKNOWN). The same walk fault of an AT AT_12E1R at EL2 is reported in PAR (PTW = 1, S = 1). */
static void test_at_stage2_fault_on_walk(void)
{
    struct cpu *cpu = setup_two_stages(1, RW, MT_S2_RW);
    if (!run_at(cpu, AT_E1R, VA))
        return;
    CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], MT_PAR_OK(IPA, 0xff, 3));

    for (unsigned el = 1; el <= 2; el++) {
        cpu = mt_begin(el);
        struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
        struct mt_regime s1 = mt_s1_el1(cpu, 12, 48, 0, 0);
        mt_map(&s1, VA, IPA, 3, RW);
        uint64_t *l2 = mt_desc(&s1, VA, 2);
        uint64_t l3_pa = *l2 & 0xfffffffff000ull;
        *l2 = 0x90000000ull | 3; /* the level 3 table's IPA: stage 2 entry invalid */
        mt_map(&s2, 0x90001000ull, l3_pa, 3, MT_S2_RW);
        mmu_translation_changed(cpu);
        if (!run_at(cpu, el == 1 ? AT_E1R : AT_12E1R, VA + 0x10))
            return;
        if (el == 1) {
            mt_check_abort(cpu, 2,
                           MT_ESR(MT_EC_DABT_LOWER, MT_ISS_CM | MT_ISS_S1PTW | MT_ISS_WNR | MT_FSC_TRANSLATION(3)),
                           VA + 0x10, FIXTURE_CODE);
            CHECK_EQ_U64(cpu->sr[SR_HPFAR_EL2], MT_HPFAR(0x90000000ull));
        } else {
            CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], MT_PAR_FAULT(MT_FSC_TRANSLATION(3), 1, 1));
            mt_check_no_exception(cpu, FIXTURE_CODE + 4);
        }
    }
}

/* Stage 1 off (SCTLR_EL1.M = 0) with stage 2 on: AT_12E1R gives stage 2's PA with the attributes
 * of stage 1 off (Device-nGnRnE for data, HCR_EL2.DC = 0) combined with stage 2 Normal. */
static void test_at_s12_stage1_off(void)
{
    struct cpu *cpu = mt_begin(2);
    struct mt_regime s2 = mt_s2(cpu, 12, 40, 1, 1, 0);
    mt_map(&s2, IPA, MT_DATA(2), 3, MT_S2_RW);
    mmu_translation_changed(cpu);
    if (!run_at(cpu, AT_12E1R, IPA + 0x10))
        return;
    CHECK_EQ_U64(cpu->sr[SR_PAR_EL1], MT_PAR_OK(MT_DATA(2), 0x00, 2));
}

UNIT_SUITE(mmu_at,
           UNIT_TEST(test_at_s1_el1),
           UNIT_TEST(test_at_s1_el2),
           UNIT_TEST(test_at_s12),
           UNIT_TEST(test_at_s12_without_stage2),
           UNIT_TEST(test_at_stage2_fault_on_walk),
           UNIT_TEST(test_at_s12_stage1_off))
