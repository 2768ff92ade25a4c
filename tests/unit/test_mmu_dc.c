/* Data cache maintenance by VA and DC ZVA under translation (DC_IVAC, DC_CVAC, DC_CIVAC and
 * AArch64.DC_ZVA in the pseudocode): no caches are modelled, but the address is translated,
 * faults are taken with CM = 1 and WnR = 1 (AArch64.FaultSyndrome for AccType_DC), DC IVAC
 * needs write permission while the other operations need none above EL0, and DC ZVA to Device
 * memory is an alignment fault reported with the operand as given in FAR. */
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "mmu_tables.h"

/* SYS #op1, C7, Cm, #op2, X1 */
#define DC_IVAC_X1 (0xd5087621u)
#define DC_CVAC_X1 (0xd50b7a21u)
#define DC_CIVAC_X1 (0xd50b7e21u)
#define DC_ZVA_X1 (0xd50b7421u)

/* DC CIVAC on an unmapped VA: a translation fault with CM = 1, WnR = 1. */
static void test_dc_civac_translation_fault(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->r[1] = 0x100000040ull;
    MT_RUN(cpu, DC_CIVAC_X1);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_ISS_CM | MT_ISS_WNR | MT_FSC_TRANSLATION(1)), 0x100000040ull,
                   FIXTURE_CODE);
}

/* Read-only RAM (mt_s1_el1 maps it so, with a 2 MiB block at level 2): DC IVAC needs write
 * permission and faults; DC CVAC needs none at EL1 and completes. */
static void test_dc_ivac_needs_write_permission(void)
{
    struct cpu *cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->r[1] = MT_DATA(0) + 0x80;
    MT_RUN(cpu, DC_IVAC_X1);
    mt_check_abort(cpu, 1, MT_ESR(MT_EC_DABT_SAME, MT_ISS_CM | MT_ISS_WNR | MT_FSC_PERMISSION(2)), MT_DATA(0) + 0x80,
                   FIXTURE_CODE);

    cpu = mt_begin(1);
    mt_s1_el1(cpu, 12, 48, 0, 0);
    cpu->r[1] = MT_DATA(0) + 0x80;
    MT_RUN(cpu, DC_CVAC_X1);
    mt_check_no_exception(cpu, FIXTURE_CODE + 4);
}

/* DC ZVA with the MMU off at EL2: data accesses are Device-nGnRnE, so an alignment fault (a
 * write, CM = 0) with FAR = X1 as given, and no byte zeroed. */
static void test_dc_zva_device_alignment_fault(void)
{
    struct cpu *cpu = mt_begin(2);
    mt_poke(MT_DATA(0) + 0x40, 0x1122334455667788ull);
    cpu->r[1] = MT_DATA(0) + 0x47;
    MT_RUN(cpu, DC_ZVA_X1);
    mt_check_abort(cpu, 2, MT_ESR(MT_EC_DABT_SAME, MT_ISS_WNR | 0x21u), MT_DATA(0) + 0x47, FIXTURE_CODE);
    CHECK_EQ_U64(mt_peek(MT_DATA(0) + 0x40), 0x1122334455667788ull);
}

UNIT_SUITE(mmu_dc,
           UNIT_TEST(test_dc_civac_translation_fault),
           UNIT_TEST(test_dc_ivac_needs_write_permission),
           UNIT_TEST(test_dc_zva_device_alignment_fault))
