/* Hints (NOP, YIELD, WFI, WFE, SEV, SEVL and the rest of the hint space), barriers, CLREX and
 * MSR (immediate) to PSTATE fields: system_hints, system_barriers, system_monitors,
 * system_register_cpsr_decode, AArch64.CheckForWFxTrap. */
#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "interrupt.h"
#include "sysreg.h"

#define VBAR1 0x40010000ull
#define VBAR2 0x40020000ull
#define CODE FIXTURE_CODE


enum { CUR_SP0 = 0x000, CUR_SPX = 0x200, LOWER = 0x400 };

#define ESR_UNDEF 0x02000000u
#define ESR_WFI 0x07e00000u /* EC 0x01, IL, CV=1, COND=0b1110, TI=0 */
#define ESR_WFE 0x07e00001u

static const uint32_t NOP = 0xd503201f;
static const uint32_t WFI = 0xd503207f;
static const uint32_t WFE = 0xd503205f;
static const uint32_t SEV = 0xd503209f;
static const uint32_t SEVL = 0xd50320bf;

static struct cpu *setup(unsigned el, uint64_t hcr)
{
    struct cpu *cpu = fixture_cpu(el);
    cpu->sr[SR_VBAR_EL1] = VBAR1;
    cpu->sr[SR_VBAR_EL2] = VBAR2;
    cpu->sr[SR_HCR_EL2] |= hcr;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_NTWI | SCTLR_NTWE; /* their reset value is UNKNOWN */
    cpu->sr[SR_ESR_EL1] = cpu->sr[SR_ESR_EL2] = 0xdeadbeef;
    interrupt_update(cpu);
    return cpu;
}

static enum stop_reason run1(struct cpu *cpu, uint32_t insn)
{
    cpu->pc = CODE;
    memcpy(fixture_ram(CODE), &insn, 4);
    return cpu_step(cpu);
}

static void check_taken(const struct cpu *cpu, unsigned el, uint64_t offset, uint64_t esr, uint64_t elr,
                        uint64_t spsr)
{
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->pc, (el == 2 ? VBAR2 : VBAR1) + offset);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], elr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1], spsr);
}

/* Completed like a NOP: next PC, same EL, no exception. */
static void check_continued(const struct cpu *cpu, unsigned el, enum stop_reason r)
{
    CHECK_EQ_U64(r, STOP_NONE);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
}

/* --- the hint space --- */

static void test_hint_space_is_nop(void)
{
    /* NOP, YIELD, XPACLRI, PACIA1716, PACIASP, AUTIASP, BTI c, ESB, PSB CSYNC, CSDB, DGH,
     * and unnamed hints #0x7f, #0x48: none of them has an effect in ARMv8.0. */
    static const uint32_t words[] = { 0xd503201f, 0xd503203f, 0xd50320ff, 0xd503211f, 0xd503233f,
                                      0xd50323bf, 0xd503245f, 0xd503221f, 0xd503223f, 0xd503229f,
                                      0xd50320df, 0xd5032fff, 0xd503291f };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(1, HCR_TWI | HCR_TWE);
        cpu->r[30] = 0x40001230;
        cpu->r[17] = 0x1717;
        cpu->r[16] = 0x1616;
        cpu->nzcv = FLAG_Z;
        check_continued(cpu, 1, run1(cpu, words[i]));
        CHECK_EQ_U64(cpu->r[30], 0x40001230);
        CHECK_EQ_U64(cpu->r[17], 0x1717);
        CHECK_EQ_U64(cpu->r[16], 0x1616);
        CHECK_EQ_U64(cpu->nzcv, FLAG_Z);
        CHECK_EQ_U64(cpu->event_register, 0);
    }
}

/* --- WFI --- */

static void test_wfi_waits(void)
{
    struct cpu *cpu = setup(1, 0);
    CHECK_EQ_U64(run1(cpu, WFI), STOP_WFI);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pending & PENDING_STOP, 0); /* consumed by cpu_step */
}

static void test_wfi_el1_twi_traps_to_el2(void)
{
    struct cpu *cpu = setup(1, HCR_TWI);
    run1(cpu, WFI);
    check_taken(cpu, 2, LOWER, ESR_WFI, CODE, 0x3c5);
}

static void test_wfe_el1_twe_traps_to_el2(void)
{
    struct cpu *cpu = setup(1, HCR_TWE);
    run1(cpu, WFE);
    check_taken(cpu, 2, LOWER, ESR_WFE, CODE, 0x3c5);
}

static void test_wfi_el1_twe_only_waits(void)
{
    struct cpu *cpu = setup(1, HCR_TWE);
    CHECK_EQ_U64(run1(cpu, WFI), STOP_WFI);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
}

static void test_wfi_el0_sctlr_traps_to_el1_before_el2(void)
{
    struct cpu *cpu = setup(0, HCR_TWI);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI;
    run1(cpu, WFI);
    check_taken(cpu, 1, LOWER, ESR_WFI, CODE, 0x3c0);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
}

static void test_wfe_el0_sctlr_traps_to_el1(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWE;
    run1(cpu, WFE);
    check_taken(cpu, 1, LOWER, ESR_WFE, CODE, 0x3c0);
}

static void test_wfi_el0_sctlr_trap_tge_to_el2(void)
{
    struct cpu *cpu = setup(0, HCR_TGE);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI;
    run1(cpu, WFI);
    check_taken(cpu, 2, LOWER, ESR_WFI, CODE, 0x3c0);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
}

static void test_wfi_el0_hcr_traps_to_el2(void)
{
    struct cpu *cpu = setup(0, HCR_TWI); /* SCTLR_EL1.nTWI=1: no EL0 trap to EL1 */
    run1(cpu, WFI);
    check_taken(cpu, 2, LOWER, ESR_WFI, CODE, 0x3c0);
}

static void test_wfx_el2_not_trapped(void)
{
    struct cpu *cpu = setup(2, HCR_TWI | HCR_TWE);
    cpu->sr[SR_SCTLR_EL1] &= ~(SCTLR_NTWI | SCTLR_NTWE);
    CHECK_EQ_U64(run1(cpu, WFI), STOP_WFI);
    CHECK_EQ_U64(run1(cpu, WFE), STOP_WFE);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
}

static void test_wfi_el1_sctlr_ntwi_ignored(void)
{
    struct cpu *cpu = setup(1, 0);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI; /* traps EL0 only */
    CHECK_EQ_U64(run1(cpu, WFI), STOP_WFI);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
}

/* A WFI with an interrupt pending (even masked) completes at once and is not trapped. */
static void test_wfi_with_pending_interrupt_completes(void)
{
    struct cpu *cpu = setup(1, HCR_TWI);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI;
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, true); /* masked by PSTATE.I at EL1 */
    check_continued(cpu, 1, run1(cpu, WFI));
}

static void test_wfi_el2_wakes_on_irq_routed_to_el1(void)
{
    struct cpu *cpu = setup(2, 0);
    cpu->daif = 0;
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, true); /* IMO=0: for EL1, not taken at EL2 */
    check_continued(cpu, 2, run1(cpu, WFI));
}

/* --- WFE and the event register --- */

static void test_wfe_without_event_waits(void)
{
    struct cpu *cpu = setup(1, 0);
    CHECK_EQ_U64(run1(cpu, WFE), STOP_WFE);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
}

static void test_sevl_then_wfe_continues(void)
{
    struct cpu *cpu = setup(1, HCR_TWE);
    const uint32_t code[] = { SEVL, WFE, WFE };
    memcpy(fixture_ram(CODE), code, sizeof code);
    cpu->pc = CODE;
    CHECK_EQ_U64(cpu_step(cpu), STOP_NONE);
    CHECK_EQ_U64(cpu->event_register, 1);
    CHECK_EQ_U64(cpu_step(cpu), STOP_NONE); /* consumes the event: not trapped */
    CHECK_EQ_U64(cpu->event_register, 0);
    CHECK_EQ_U64(cpu->pc, CODE + 8);
    cpu_step(cpu); /* no event: trapped by TWE */
    check_taken(cpu, 2, LOWER, ESR_WFE, CODE + 8, 0x3c5);
}

static void test_sev_sets_event(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWE;
    const uint32_t code[] = { SEV, WFE, NOP };
    CHECK_EQ_U64(fixture_run(cpu, code, 3), 3);
    CHECK_EQ_U64(cpu->pc, CODE + 12);
    CHECK_EQ_U64(cpu->event_register, 0);
}

static void test_wfe_wakes_on_pending_interrupt(void)
{
    struct cpu *cpu = setup(1, 0);
    cpu_set_irq_line(cpu, IRQ_LINE_FIQ, true);
    check_continued(cpu, 1, run1(cpu, WFE));
}

/* In a block, a WFI that waits ends cpu_run with the PC after it. */
static void test_wfi_in_block(void)
{
    struct cpu *cpu = setup(1, 0);
    const uint32_t code[] = { NOP, WFI, 0xd2800020 /* mov x0, #1 */ };
    memcpy(fixture_ram(CODE), code, sizeof code);
    cpu->pc = CODE;
    CHECK_EQ_U64(cpu_run(cpu, 100), STOP_WFI);
    CHECK_EQ_U64(cpu->pc, CODE + 8);
    CHECK_EQ_U64(cpu->insns, 2);
    CHECK_EQ_U64(cpu->r[0], 0);
}

/* --- barriers and CLREX --- */

static void test_barriers(void)
{
    /* DSB SY, DSB ISH, DSB #0 (SSBB), DSB #4 (PSSBB), DMB ISH, DMB #0, ISB, ISB #5 */
    static const uint32_t words[] = { 0xd5033f9f, 0xd5033b9f, 0xd503309f, 0xd503349f,
                                      0xd5033bbf, 0xd50330bf, 0xd5033fdf, 0xd50335df };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(0, 0);
        cpu->exclusive_valid = true;
        check_continued(cpu, 0, run1(cpu, words[i]));
        CHECK_EQ_U64(cpu->exclusive_valid, 1);
    }
}

static void test_clrex(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->exclusive_valid = true;
    check_continued(cpu, 0, run1(cpu, 0xd5033f5f)); /* clrex */
    CHECK_EQ_U64(cpu->exclusive_valid, 0);
    cpu->exclusive_valid = true;
    check_continued(cpu, 0, run1(cpu, 0xd503325f)); /* clrex #2 */
    CHECK_EQ_U64(cpu->exclusive_valid, 0);
}

static void test_barrier_space_unallocated(void)
{
    /* SB (ARMv8.5), op2 = 000, 001, 011; and a DSB with Rt != 31 */
    static const uint32_t words[] = { 0xd50330ff, 0xd5033f1f, 0xd5033f3f, 0xd5033f7f, 0xd5033f9e };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(1, 0);
        run1(cpu, words[i]);
        check_taken(cpu, 1, CUR_SPX, ESR_UNDEF, CODE, 0x3c5);
    }
}

/* ISB ends a block: the instruction after it is fetched again (here it was rewritten). */
static void test_isb_refetches(void)
{
    struct cpu *cpu = setup(1, 0);
    const uint32_t code[] = { 0xd5033fdf /* isb */, 0xd2800020 /* mov x0, #1 */, 0x14000000 };
    memcpy(fixture_ram(CODE), code, sizeof code);
    cpu->pc = CODE;
    CHECK_EQ_U64(cpu_run(cpu, 1), STOP_LIMIT);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->insns, 1);
}

/* --- MSR (immediate) --- */

static void test_msr_daifset_daifclr(void)
{
    struct cpu *cpu = setup(1, 0);
    cpu->daif = 0;
    check_continued(cpu, 1, run1(cpu, 0xd50342df)); /* msr daifset, #2 */
    CHECK_EQ_U64(cpu->daif, DAIF_I);
    check_continued(cpu, 1, run1(cpu, 0xd5034bdf)); /* msr daifset, #0xb */
    CHECK_EQ_U64(cpu->daif, DAIF_D | DAIF_I | DAIF_F);
    check_continued(cpu, 1, run1(cpu, 0xd50349ff)); /* msr daifclr, #9 */
    CHECK_EQ_U64(cpu->daif, DAIF_I);
    check_continued(cpu, 1, run1(cpu, 0xd5034fff)); /* msr daifclr, #0xf */
    CHECK_EQ_U64(cpu->daif, 0);
}

static void test_msr_daif_el0_uma(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    check_continued(cpu, 0, run1(cpu, 0xd5034fff)); /* msr daifclr, #0xf */
    CHECK_EQ_U64(cpu->daif, 0);
    check_continued(cpu, 0, run1(cpu, 0xd50344df)); /* msr daifset, #4 */
    CHECK_EQ_U64(cpu->daif, DAIF_A);
}

static void test_msr_daif_el0_trapped(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_UMA;
    run1(cpu, 0xd50342df); /* msr daifset, #2: Op0=0 Op2=6 Op1=3 CRn=4 Rt=31 CRm=2 write */
    check_taken(cpu, 1, LOWER, 0x620cd3e4, CODE, 0x3c0);
    cpu = setup(0, 0);
    cpu->daif = 0;
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_UMA;
    run1(cpu, 0xd5034fff); /* msr daifclr, #0xf */
    check_taken(cpu, 1, LOWER, 0x620ed3fe, CODE, 0x0);
}

static void test_msr_daif_el0_trapped_tge(void)
{
    struct cpu *cpu = setup(0, HCR_TGE);
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_UMA;
    run1(cpu, 0xd50342df);
    check_taken(cpu, 2, LOWER, 0x620cd3e4, CODE, 0x3c0);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
}

static void test_msr_spsel(void)
{
    struct cpu *cpu = setup(1, 0);
    cpu->sp_el[0] = 0x40070000;
    check_continued(cpu, 1, run1(cpu, 0xd50040bf)); /* msr spsel, #0 */
    CHECK_EQ_U64(cpu->sp_sel, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x40070000);
    CHECK_EQ_U64(cpu->sp_el[1], FIXTURE_STACK);
    cpu->r[REG_SP] = 0x40070010;
    check_continued(cpu, 1, run1(cpu, 0xd50041bf)); /* msr spsel, #1 */
    CHECK_EQ_U64(cpu->sp_sel, 1);
    CHECK_EQ_U64(cpu->r[REG_SP], FIXTURE_STACK);
    CHECK_EQ_U64(cpu->sp_el[0], 0x40070010);
    check_continued(cpu, 1, run1(cpu, 0xd5004fbf)); /* msr spsel, #0xf: CRm<0> = 1 */
    CHECK_EQ_U64(cpu->sp_sel, 1);
}

static void test_msr_spsel_el2(void)
{
    struct cpu *cpu = setup(2, 0);
    cpu->sp_el[0] = 0x40060000;
    check_continued(cpu, 2, run1(cpu, 0xd50040bf));
    CHECK_EQ_U64(cpu->sp_sel, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x40060000);
    CHECK_EQ_U64(cpu->sp_el[2], FIXTURE_STACK);
}

static void test_msr_spsel_el0_undefined(void)
{
    struct cpu *cpu = setup(0, 0);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    run1(cpu, 0xd50041bf);
    check_taken(cpu, 1, LOWER, ESR_UNDEF, CODE, 0x3c0);
}

static void test_msr_pstate_post_v80_undefined(void)
{
    /* CFINV, XAFLAG, AXFLAG, UAO, PAN, DIT, SSBS, TCO, an unallocated op1/op2 and Rt != 31 */
    static const uint32_t words[] = { 0xd500401f, 0xd500403f, 0xd500405f, 0xd500417f, 0xd500419f,
                                      0xd503415f, 0xd503413f, 0xd503419f, 0xd50140bf, 0xd50342de };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(1, 0);
        run1(cpu, words[i]);
        check_taken(cpu, 1, CUR_SPX, ESR_UNDEF, CODE, 0x3c5);
    }
}

/* DAIFClr in a block: a pending interrupt is taken right after it, with ELR = the next
 * instruction. */
static void test_daifclr_takes_interrupt_after_it(void)
{
    struct cpu *cpu = setup(1, 0);
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, true);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
    const uint32_t code[] = { 0xd50342ff /* msr daifclr, #2 */, 0xd2800020 /* mov x0, #1 */, NOP };
    memcpy(fixture_ram(CODE), code, sizeof code);
    memcpy(fixture_ram(VBAR1 + CUR_SPX + 0x80), (const uint32_t[]){ 0x14000000 /* b . */ }, 4);
    cpu->pc = CODE;
    cpu_run(cpu, 2);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pc, VBAR1 + 0x280);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], CODE + 4);
    CHECK_EQ_U64(cpu->sr[SR_SPSR_EL1], 0x345);
    CHECK_EQ_U64(cpu->r[0], 0);
}

UNIT_SUITE(system,
           UNIT_TEST(test_hint_space_is_nop),
           UNIT_TEST(test_wfi_waits),
           UNIT_TEST(test_wfi_el1_twi_traps_to_el2),
           UNIT_TEST(test_wfe_el1_twe_traps_to_el2),
           UNIT_TEST(test_wfi_el1_twe_only_waits),
           UNIT_TEST(test_wfi_el0_sctlr_traps_to_el1_before_el2),
           UNIT_TEST(test_wfe_el0_sctlr_traps_to_el1),
           UNIT_TEST(test_wfi_el0_sctlr_trap_tge_to_el2),
           UNIT_TEST(test_wfi_el0_hcr_traps_to_el2),
           UNIT_TEST(test_wfx_el2_not_trapped),
           UNIT_TEST(test_wfi_el1_sctlr_ntwi_ignored),
           UNIT_TEST(test_wfi_with_pending_interrupt_completes),
           UNIT_TEST(test_wfi_el2_wakes_on_irq_routed_to_el1),
           UNIT_TEST(test_wfe_without_event_waits),
           UNIT_TEST(test_sevl_then_wfe_continues),
           UNIT_TEST(test_sev_sets_event),
           UNIT_TEST(test_wfe_wakes_on_pending_interrupt),
           UNIT_TEST(test_wfi_in_block),
           UNIT_TEST(test_barriers),
           UNIT_TEST(test_clrex),
           UNIT_TEST(test_barrier_space_unallocated),
           UNIT_TEST(test_isb_refetches),
           UNIT_TEST(test_msr_daifset_daifclr),
           UNIT_TEST(test_msr_daif_el0_uma),
           UNIT_TEST(test_msr_daif_el0_trapped),
           UNIT_TEST(test_msr_daif_el0_trapped_tge),
           UNIT_TEST(test_msr_spsel),
           UNIT_TEST(test_msr_spsel_el2),
           UNIT_TEST(test_msr_spsel_el0_undefined),
           UNIT_TEST(test_msr_pstate_post_v80_undefined),
           UNIT_TEST(test_daifclr_takes_interrupt_after_it))
