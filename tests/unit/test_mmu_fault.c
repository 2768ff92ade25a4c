/* Stage 1 faults and permissions, EL1&0 and EL2 regimes: every fault type at each level with
 * its exact syndrome (ESR EC/IL/ISS with DFSC/IFSC and WnR, FAR, ELR, target EL and vector).
 *
 * ARM ARM rules checked (DDI 0487 D5; Sail arm-v8.5-a pseudocode):
 * - AArch64.TranslationTableWalk: descriptor bit 0 = 0, or 01 at level 3 -> Translation fault at
 *   that level; a block above the first block level (level 0 for 4K, level 1 for 16K/64K without
 *   52-bit PA) -> Translation fault at the level of the block; output address or next-table
 *   address above TCR.IPS -> Address size fault at the level of the descriptor; TTBR above IPS
 *   -> Address size fault level 0; AF = 0 (no hardware AF update in ARMv8.0) -> Access flag fault.
 * - AArch64.CheckPermission: AP[2:1] for EL1/EL0 (and LDTR/STTR at EL1 checked as EL0); UXN for
 *   EL0, PXN for EL1, EL1 never executes what EL0 may write; SCTLR.WXN makes writable memory XN;
 *   in the EL2 regime only AP[2] counts (AP[1] is RES1) and bit 54 is XN.
 * - AArch64.FirstStageTranslate: unaligned accesses to Device memory -> Alignment fault (checked
 *   before permissions); Normal memory with SCTLR.A = 0 allows them.
 * - AArch64.FaultSyndrome / AArch64.AbortSyndrome: stage 1 data aborts have ISV = 0; WnR; EC
 *   0x24/0x25 (data), 0x20/0x21 (instruction), IL = 1; FAR = the faulting VA.
 * Fault combinations whose priority changed between ARM ARM versions (AF = 0 together with a
 * permission violation) are deliberately not tested. */
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
#define NO_FAULT 0xffu

enum access { LOAD, STORE, LDTR, STTR, FETCH, LOAD_UNALIGNED };
enum kind { LEAF, RAW, NONE };

struct s1_case {
    const char *name;
    unsigned el;             /* EL of the access */
    unsigned granule, ia_bits;
    int level;               /* level of the descriptor written for va */
    uint64_t va;             /* aligned to that level's size */
    enum kind kind;          /* LEAF: oa | bits | block/page type; RAW: oa | bits; NONE: nothing */
    uint64_t bits;
    uint64_t oa;             /* 0: RAM (block) or the target page (page) */
    uint64_t tcr, sctlr;     /* extra TCR_ELx / SCTLR_ELx bits */
    enum access access;
    unsigned fsc;            /* expected DFSC/IFSC, NO_FAULT for success */
};

#define RW MT_S1_RW
#define EL0_RW (MT_S1_RW | MT_AP_RW_ALL)
#define EL0_RO (MT_S1_RW | MT_AP_RO_ALL)
#define EL1_RO (MT_S1_RW | MT_AP_RO_EL1)
#define DEVICE (MT_AF | MT_ATTRIDX(MT_IDX_DEVICE))
#define PAGE4K 0x80401000ull
#define WXN SCTLR_WXN
/* TCR rows that replace TCR_EL1.IPS / TCR_EL2.PS (48 bits by default) instead of adding bits */
#define SET_FIELD (1ull << 63)
#define SET_IPS(n) (SET_FIELD | MT_TCR_IPS(n))
#define SET_PS2(n) (SET_FIELD | MT_TCR2_PS(n))

static const struct s1_case cases[] = {
    /* translation faults at each level (4K, 48-bit, start level 0) */
    { "L0 entry invalid", 1, 12, 48, 0, 0x800000000000, NONE, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(0) },
    { "L1 entry invalid", 1, 12, 48, 1, 0x80000000, RAW, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(1) },
    { "L2 entry invalid", 1, 12, 48, 2, 0x80400000, RAW, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(2) },
    { "L3 entry invalid", 1, 12, 48, 3, PAGE4K, RAW, RW, 0, 0, 0, STORE, MT_FSC_TRANSLATION(3) },
    { "reserved 10 at L2", 1, 12, 48, 2, 0x80400000, RAW, RW | 2, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(2) },
    { "01 at L3", 1, 12, 48, 3, PAGE4K, RAW, RW | 1, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(3) },
    { "4K block at L0", 1, 12, 48, 0, 0x800000000000, RAW, RW | 1, 0x800000000000, 0, 0, LOAD, MT_FSC_TRANSLATION(0) },
    { "16K block at L1", 1, 14, 48, 1, 0x1000000000, RAW, RW | 1, 0x1000000000, 0, 0, LOAD, MT_FSC_TRANSLATION(1) },
    { "64K block at L1", 1, 16, 48, 1, 0x40000000000, RAW, RW | 1, 0x40000000000, 0, 0, LOAD, MT_FSC_TRANSLATION(1) },
    { "16K L2 invalid", 1, 14, 48, 2, 0x84000000, RAW, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(2) },
    { "64K L3 invalid", 1, 16, 48, 3, 0xa0010000, RAW, 0, 0, 0, 0, STORE, MT_FSC_TRANSLATION(3) },
    { "input above T0SZ (39-bit)", 1, 12, 39, 0, 0x8000000000, NONE, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(0) },
    /* access flag */
    { "AF=0 page", 1, 12, 48, 3, PAGE4K, LEAF, RW & ~MT_AF, 0, 0, 0, LOAD, MT_FSC_ACCESS_FLAG(3) },
    { "AF=0 2M block", 1, 12, 48, 2, 0x80200000, LEAF, RW & ~MT_AF, 0, 0, 0, STORE, MT_FSC_ACCESS_FLAG(2) },
    { "AF=0 1G block", 1, 12, 48, 1, 0x80000000, LEAF, RW & ~MT_AF, 0, 0, 0, LOAD, MT_FSC_ACCESS_FLAG(1) },
    { "AF=0 64K page fetch", 1, 16, 48, 3, 0xa0000000, LEAF, EL1_RO & ~MT_AF, 0, 0, 0, FETCH, MT_FSC_ACCESS_FLAG(3) },
    /* address size: output address above TCR.IPS = 32 bits */
    { "OA above IPS, page", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0x100000000, SET_IPS(0), 0, LOAD, MT_FSC_ADDR_SIZE(3) },
    { "OA above IPS, 1G block", 1, 12, 48, 1, 0x80000000, LEAF, RW, 0x100000000, SET_IPS(0), 0, LOAD, MT_FSC_ADDR_SIZE(1) },
    { "OA above IPS 40, 2M block", 1, 12, 48, 2, 0x80200000, LEAF, RW, 0x10000000000, SET_IPS(2), 0, STORE, MT_FSC_ADDR_SIZE(2) },
    { "IPS 40, OA within", 1, 12, 48, 2, 0x80200000, LEAF, RW, 0, SET_IPS(2), 0, LOAD, NO_FAULT },
    /* EL1 and EL0 data permissions, AP[2:1] */
    { "EL1 store, AP=10", 1, 12, 48, 3, PAGE4K, LEAF, EL1_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL1 load, AP=10", 1, 12, 48, 3, PAGE4K, LEAF, EL1_RO, 0, 0, 0, LOAD, NO_FAULT },
    { "EL1 store, AP=11", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL1 store, AP=01", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, STORE, NO_FAULT },
    { "EL1 store, AP=11 2M block", 1, 12, 48, 2, 0x80200000, LEAF, EL0_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(2) },
    { "EL0 load, AP=00", 0, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, 0, LOAD, MT_FSC_PERMISSION(3) },
    { "EL0 load, AP=10", 0, 12, 48, 3, PAGE4K, LEAF, EL1_RO, 0, 0, 0, LOAD, MT_FSC_PERMISSION(3) },
    { "EL0 store, AP=11", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL0 load, AP=11", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, LOAD, NO_FAULT },
    { "EL0 store, AP=01", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, STORE, NO_FAULT },
    { "EL0 load, AP=01 1G block", 0, 12, 48, 1, 0x80000000, LEAF, EL0_RW, 0, 0, 0, LOAD, NO_FAULT },
    { "EL0 store, AP=00 16K page", 0, 14, 48, 3, 0x80004000, LEAF, RW, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL1 LDTR, AP=00", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, 0, LDTR, MT_FSC_PERMISSION(3) },
    { "EL1 STTR, AP=11", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, STTR, MT_FSC_PERMISSION(3) },
    { "EL1 LDTR, AP=11", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, LDTR, NO_FAULT },
    { "EL1 STTR, AP=01", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, STTR, NO_FAULT },
    /* execute permissions */
    { "EL1 fetch, PXN", 1, 12, 48, 3, PAGE4K, LEAF, EL1_RO | MT_PXN, 0, 0, 0, FETCH, MT_FSC_PERMISSION(3) },
    { "EL1 fetch, UXN only", 1, 12, 48, 3, PAGE4K, LEAF, EL1_RO | MT_UXN, 0, 0, 0, FETCH, NO_FAULT },
    { "EL0 fetch, UXN", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RO | MT_UXN, 0, 0, 0, FETCH, MT_FSC_PERMISSION(3) },
    { "EL0 fetch, PXN only", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RO | MT_PXN, 0, 0, 0, FETCH, NO_FAULT },
    { "EL1 fetch, EL0-writable (AP=01)", 1, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, FETCH, MT_FSC_PERMISSION(3) },
    { "EL1 fetch, writable, WXN", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, WXN, FETCH, MT_FSC_PERMISSION(3) },
    { "EL1 fetch, writable, no WXN", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, 0, FETCH, NO_FAULT },
    { "EL1 fetch, read-only, WXN", 1, 12, 48, 3, PAGE4K, LEAF, EL1_RO, 0, 0, WXN, FETCH, NO_FAULT },
    { "EL0 fetch, EL0-writable, WXN", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, WXN, FETCH, MT_FSC_PERMISSION(3) },
    { "EL0 fetch, EL0-writable", 0, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, FETCH, NO_FAULT },
    { "EL1 fetch, PXN 2M block", 1, 12, 48, 2, 0x80200000, LEAF, EL1_RO | MT_PXN, 0, 0, 0, FETCH, MT_FSC_PERMISSION(2) },
    { "EL1 fetch, unmapped", 1, 12, 48, 3, PAGE4K, RAW, 0, 0, 0, 0, FETCH, MT_FSC_TRANSLATION(3) },
    /* EL2 regime: AP[1] ignored, bit 54 = XN, no implicit PXN */
    { "EL2 store, AP=10", 2, 12, 48, 3, PAGE4K, LEAF, EL1_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL2 store, AP=11", 2, 12, 48, 3, PAGE4K, LEAF, EL0_RO, 0, 0, 0, STORE, MT_FSC_PERMISSION(3) },
    { "EL2 store, AP=01", 2, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, STORE, NO_FAULT },
    { "EL2 fetch, AP=01", 2, 12, 48, 3, PAGE4K, LEAF, EL0_RW, 0, 0, 0, FETCH, NO_FAULT },
    { "EL2 fetch, XN", 2, 12, 48, 3, PAGE4K, LEAF, EL1_RO | MT_XN, 0, 0, 0, FETCH, MT_FSC_PERMISSION(3) },
    { "EL2 fetch, writable, WXN", 2, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, WXN, FETCH, MT_FSC_PERMISSION(3) },
    { "EL2 L2 invalid, 64K", 2, 16, 48, 2, 0x80000000, RAW, 0, 0, 0, 0, LOAD, MT_FSC_TRANSLATION(2) },
    { "EL2 AF=0", 2, 12, 48, 3, PAGE4K, LEAF, RW & ~MT_AF, 0, 0, 0, LOAD, MT_FSC_ACCESS_FLAG(3) },
    { "EL2 OA above PS", 2, 12, 48, 3, PAGE4K, LEAF, RW, 0x100000000, SET_PS2(0), 0, LOAD, MT_FSC_ADDR_SIZE(3) },
    /* alignment: Device memory faults on an unaligned access (before the permission check),
     * Normal memory with SCTLR.A = 0 does not */
    { "unaligned Device", 1, 12, 48, 3, PAGE4K, LEAF, DEVICE, 0, 0, 0, LOAD_UNALIGNED, MT_FSC_ALIGNMENT },
    { "unaligned Device-nGnRE, EL0", 0, 12, 48, 3, PAGE4K, LEAF, MT_AF | MT_ATTRIDX(MT_IDX_DEVICE_NGNRE) | MT_AP_RW_ALL, 0, 0, 0, LOAD_UNALIGNED, MT_FSC_ALIGNMENT },
    { "unaligned Device, EL2", 2, 12, 48, 3, PAGE4K, LEAF, DEVICE, 0, 0, 0, LOAD_UNALIGNED, MT_FSC_ALIGNMENT },
    /* alignment before permission: the order of AArch64.FirstStageTranslate (Sail v8.5); no
     * oracle confirmed it */
    { "unaligned Device, EL0 no access: alignment first", 0, 12, 48, 3, PAGE4K, LEAF, DEVICE, 0, 0, 0, LOAD_UNALIGNED, MT_FSC_ALIGNMENT },
    { "aligned Device", 1, 12, 48, 3, PAGE4K, LEAF, DEVICE, 0, 0, 0, LOAD, NO_FAULT },
    { "unaligned Normal", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, 0, LOAD_UNALIGNED, NO_FAULT },
    { "unaligned Normal NC", 1, 12, 48, 3, PAGE4K, LEAF, MT_AF | MT_ATTRIDX(MT_IDX_NC), 0, 0, 0, LOAD_UNALIGNED, NO_FAULT },
    { "unaligned Normal, SCTLR.A", 1, 12, 48, 3, PAGE4K, LEAF, RW, 0, 0, SCTLR_A, LOAD_UNALIGNED, MT_FSC_ALIGNMENT },
};

static const uint32_t access_insn[] = {
    [LOAD] = I_LDR_X0_X1, [STORE] = I_STR_X2_X1, [LDTR] = I_LDTR_X0_X1, [STTR] = I_STTR_X2_X1,
    [LOAD_UNALIGNED] = I_LDUR_X0_X1_1,
};

static void run_case(const struct s1_case *c)
{
    struct cpu *cpu = mt_begin(c->el);
    uint64_t tcr = c->tcr & ~SET_FIELD;
    struct mt_regime r = c->el == 2 ? mt_s1_el2(cpu, c->granule, c->ia_bits, tcr, c->sctlr)
                                    : mt_s1_el1(cpu, c->granule, c->ia_bits, tcr, c->sctlr);
    if (c->tcr & SET_FIELD) {
        unsigned tcr_reg = c->el == 2 ? SR_TCR_EL2 : SR_TCR_EL1;
        uint64_t field = c->el == 2 ? MT_TCR2_PS(7) : MT_TCR_IPS(7);
        cpu->sr[tcr_reg] = (cpu->sr[tcr_reg] & ~field) | tcr;
    }
    uint64_t gsize = 1ull << c->granule;
    uint64_t target = c->access == FETCH ? MT_CODE2 : MT_DATA(1) + 0x10;
    uint64_t oa = c->oa ? c->oa : c->level == 3 ? target & ~(gsize - 1) : FIXTURE_RAM_BASE;
    uint64_t va = c->va + (c->oa ? 0x10 : target - oa);
    if (c->kind == LEAF)
        mt_map(&r, c->va, oa, c->level, c->bits);
    else if (c->kind == RAW)
        *mt_desc(&r, c->va, c->level) = oa | c->bits;
    mmu_translation_changed(cpu);
    mt_poke(MT_DATA(1) + 0x10, MARK0);
    mt_poke(MT_DATA(1) + 0x18, MARK1);
    cpu->r[1] = va;
    cpu->r[2] = X2;

    bool ran;
    uint64_t pc_of_access;
    if (c->access == FETCH) {
        static const uint32_t code[] = { I_MOVZ_X0_1234 };
        ran = mt_run_at(cpu, va, MT_CODE2, code, 1);
        pc_of_access = va;
    } else {
        ran = mt_run(cpu, &access_insn[c->access], 1);
        pc_of_access = FIXTURE_CODE;
    }
    if (!ran)
        return;
    unsigned failures = CU_get_number_of_failures();
    if (c->fsc == NO_FAULT) {
        mt_check_no_exception(cpu, pc_of_access + 4);
        switch (c->access) {
        case LOAD:
        case LDTR:
            CHECK_EQ_U64(cpu->r[0], MARK0);
            break;
        case STORE:
        case STTR:
            CHECK_EQ_U64(mt_peek(MT_DATA(1) + 0x10), X2);
            break;
        case LOAD_UNALIGNED: {
            uint64_t expect;
            memcpy(&expect, fixture_ram(MT_DATA(1) + 0x11), 8);
            CHECK_EQ_U64(cpu->r[0], expect);
            break;
        }
        case FETCH:
            CHECK_EQ_U64(cpu->r[0], 0x1234);
            break;
        }
    } else {
        unsigned target_el = c->el == 2 ? 2 : 1;
        bool same = c->el == target_el;
        unsigned ec = c->access == FETCH ? (same ? MT_EC_IABT_SAME : MT_EC_IABT_LOWER)
                                         : (same ? MT_EC_DABT_SAME : MT_EC_DABT_LOWER);
        bool wnr = c->access == STORE || c->access == STTR;
        uint64_t far = c->access == LOAD_UNALIGNED ? va + 1 : va;
        mt_check_abort(cpu, target_el, MT_ESR(ec, c->fsc | (wnr ? MT_ISS_WNR : 0)), far, pc_of_access);
        CHECK_EQ_U64(cpu->r[0], 0);
        CHECK_EQ_U64(mt_peek(MT_DATA(1) + 0x10), MARK0);
    }
    if (CU_get_number_of_failures() != failures)
        fprintf(stderr, "\n  case: %s\n", c->name);
}

static void test_fault_table(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* A table descriptor whose next-level address is above IPS -> Address size fault at the level
 * of the table descriptor (1 here); TTBR1_EL1 above IPS -> Address size fault level 0. */
static void test_fault_table_address_size(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime r = mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->sr[SR_TCR_EL1] &= ~MT_TCR_IPS(7); /* IPS 32 bits */
    mt_map(&r, PAGE4K, MT_DATA(1), 3, MT_S1_RW);
    uint64_t *l1 = mt_desc(&r, PAGE4K, 1);
    *l1 = (*l1 & 0xfff) | 0x100000000ull; /* table address 4 GiB */
    mmu_translation_changed(cpu);
    cpu->r[1] = PAGE4K + 0x10;
    MT_RUN(cpu, I_LDR_X0_X1);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_ADDR_SIZE(1)), PAGE4K + 0x10, FIXTURE_CODE);

    cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->sr[SR_TCR_EL1] &= ~MT_TCR_IPS(7);
    cpu->sr[SR_TTBR1_EL1] = 0x100000000ull;
    mmu_translation_changed(cpu);
    cpu->r[1] = 0xffff000000001000ull;
    MT_RUN(cpu, I_LDR_X0_X1);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_FSC_ADDR_SIZE(0)), 0xffff000000001000ull, FIXTURE_CODE);
}

/* The first faulting access of a sequence stops it: the earlier store happened, the later
 * instructions did not run, and the fault is reported for the second access's VA. */
static void test_fault_stops_at_faulting_insn(void)
{
    struct cpu *cpu = mt_begin(1);
    struct mt_regime r = mt_s1_el1(cpu, 12, 48, 0, 0);
    mt_map(&r, PAGE4K, MT_DATA(1), 3, MT_S1_RW);
    mt_map(&r, PAGE4K + 0x1000, MT_DATA(2), 3, MT_S1_RW | MT_AP_RO_EL1);
    mmu_translation_changed(cpu);
    cpu->r[1] = PAGE4K + 0xff8;
    cpu->r[2] = X2;
    MT_RUN(cpu, I_STR_X2_X1, I_STR_X2_X1_8, I_MOVZ_X0_1234);
    CHECK_EQ_U64(mt_peek(MT_DATA(1) + 0xff8), X2);
    CHECK_EQ_U64(mt_peek(MT_DATA(2)), 0);
    CHECK_EQ_U64(cpu->r[0], 0);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_ISS_WNR | MT_FSC_PERMISSION(3)), PAGE4K + 0x1000,
                   FIXTURE_CODE + 4);
}

UNIT_SUITE(mmu_fault,
           UNIT_TEST(test_fault_table),
           UNIT_TEST(test_fault_table_address_size),
           UNIT_TEST(test_fault_stops_at_faulting_insn))
