/* Routing, masking and taking of physical and virtual IRQ, FIQ and SError (ARM ARM D1.13.4,
 * D1.13.5, D1.14.3) through cpu_set_irq_line, HCR_EL2 and interrupt_update. An interrupt is
 * taken by the next cpu_step: the tests check the exact vector, ELR, SPSR and ESR. */
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
enum { IRQ = 0x80, FIQ = 0x100, SERROR = 0x180 };

#define ESR_SERROR 0xbe000000u /* EC 0x2F, IL=1, ISS=0 */

static const uint32_t NOP = 0xd503201f;

/* A CPU at el (SP_ELx; SP_EL0 at EL0) with PSTATE.DAIF = daif and HCR_EL2 |= hcr, a NOP at
 * CODE, and the given input lines asserted. */
static struct cpu *setup(unsigned el, uint32_t daif, uint64_t hcr, unsigned lines)
{
    struct cpu *cpu = fixture_cpu(el);
    cpu->sr[SR_VBAR_EL1] = VBAR1;
    cpu->sr[SR_VBAR_EL2] = VBAR2;
    cpu->sr[SR_ESR_EL1] = cpu->sr[SR_ESR_EL2] = 0xdeadbeef;
    cpu->sr[SR_ELR_EL1] = cpu->sr[SR_ELR_EL2] = 0x5a5a5a5a;
    cpu->sr[SR_HCR_EL2] |= hcr;
    cpu->daif = daif;
    memcpy(fixture_ram(CODE), &NOP, 4);
    cpu->pc = CODE;
    cpu_set_irq_line(cpu, lines, true);
    return cpu;
}

/* The next step takes an interrupt to el at VBAR_ELx + offset. */
static void check_taken(struct cpu *cpu, unsigned el, uint64_t offset, uint64_t spsr, uint64_t esr)
{
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, PENDING_INTERRUPT);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->sp_sel, 1);
    CHECK_EQ_U64(cpu->daif, 0x3c0);
    CHECK_EQ_U64(cpu->pc, (el == 2 ? VBAR2 : VBAR1) + offset);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], CODE);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1], spsr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL1 : SR_ELR_EL2], 0x5a5a5a5a);
}

/* Nothing is taken: the NOP executes. */
static void check_not_taken(struct cpu *cpu, unsigned el)
{
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
    CHECK_EQ_U64(interrupt_check(cpu), 0);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], 0x5a5a5a5a);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL2], 0x5a5a5a5a);
}

/* --- physical, routed to EL1 (IMO/FMO/AMO = 0, TGE = 0) --- */

static void test_irq_el1_unmasked(void)
{
    check_taken(setup(1, 0, 0, IRQ_LINE_IRQ), 1, CUR_SPX + IRQ, 0x005, 0xdeadbeef);
}

static void test_irq_el1_sp0(void)
{
    struct cpu *cpu = setup(1, DAIF_F, 0, IRQ_LINE_IRQ);
    cpu_set_el_sp(cpu, 1, 0);
    check_taken(cpu, 1, CUR_SP0 + IRQ, 0x044, 0xdeadbeef);
}

static void test_irq_el1_masked(void)
{
    check_not_taken(setup(1, DAIF_I, 0, IRQ_LINE_IRQ), 1);
}

static void test_irq_el0_to_el1(void)
{
    check_taken(setup(0, 0, 0, IRQ_LINE_IRQ), 1, LOWER + IRQ, 0x000, 0xdeadbeef);
}

static void test_irq_el0_masked(void)
{
    check_not_taken(setup(0, DAIF_I, 0, IRQ_LINE_IRQ), 0);
}

static void test_fiq_serror_el0_masked(void)
{
    check_not_taken(setup(0, DAIF_F | DAIF_A, 0, IRQ_LINE_FIQ | IRQ_LINE_SERROR), 0);
    check_taken(setup(0, DAIF_A, 0, IRQ_LINE_FIQ | IRQ_LINE_SERROR), 1, LOWER + FIQ, 0x100, 0xdeadbeef);
}

static void test_irq_for_el1_not_taken_at_el2(void)
{
    check_not_taken(setup(2, 0, 0, IRQ_LINE_IRQ | IRQ_LINE_FIQ | IRQ_LINE_SERROR), 2);
}

static void test_fiq_el1(void)
{
    check_taken(setup(1, DAIF_I | DAIF_A, 0, IRQ_LINE_FIQ), 1, CUR_SPX + FIQ, 0x185, 0xdeadbeef);
}

static void test_fiq_el1_masked(void)
{
    check_not_taken(setup(1, DAIF_F, 0, IRQ_LINE_FIQ), 1);
}

static void test_serror_el1(void)
{
    check_taken(setup(1, DAIF_D, 0, IRQ_LINE_SERROR), 1, CUR_SPX + SERROR, 0x205, ESR_SERROR);
}

static void test_serror_el0(void)
{
    check_taken(setup(0, 0, 0, IRQ_LINE_SERROR), 1, LOWER + SERROR, 0x000, ESR_SERROR);
}

static void test_serror_el1_masked(void)
{
    check_not_taken(setup(1, DAIF_A, 0, IRQ_LINE_SERROR), 1);
}

/* --- physical, routed to EL2 --- */

static void test_irq_imo_el1_to_el2_despite_mask(void)
{
    check_taken(setup(1, 0x3c0, HCR_IMO, IRQ_LINE_IRQ), 2, LOWER + IRQ, 0x3c5, 0xdeadbeef);
}

static void test_irq_imo_el0_to_el2(void)
{
    check_taken(setup(0, 0x3c0, HCR_IMO, IRQ_LINE_IRQ), 2, LOWER + IRQ, 0x3c0, 0xdeadbeef);
}

static void test_irq_imo_el2_masked(void)
{
    check_not_taken(setup(2, DAIF_I, HCR_IMO, IRQ_LINE_IRQ), 2);
}

static void test_irq_imo_el2_unmasked(void)
{
    check_taken(setup(2, 0, HCR_IMO, IRQ_LINE_IRQ), 2, CUR_SPX + IRQ, 0x009, 0xdeadbeef);
}

static void test_irq_imo_el2_sp0(void)
{
    struct cpu *cpu = setup(2, 0, HCR_IMO, IRQ_LINE_IRQ);
    cpu_set_el_sp(cpu, 2, 0);
    check_taken(cpu, 2, CUR_SP0 + IRQ, 0x008, 0xdeadbeef);
}

static void test_irq_tge_el0_to_el2(void)
{
    check_taken(setup(0, 0x3c0, HCR_TGE, IRQ_LINE_IRQ), 2, LOWER + IRQ, 0x3c0, 0xdeadbeef);
}

static void test_fiq_fmo_el1_to_el2(void)
{
    check_taken(setup(1, 0x3c0, HCR_FMO, IRQ_LINE_FIQ), 2, LOWER + FIQ, 0x3c5, 0xdeadbeef);
}

static void test_fiq_tge_el0_to_el2(void)
{
    check_taken(setup(0, 0x3c0, HCR_TGE, IRQ_LINE_FIQ), 2, LOWER + FIQ, 0x3c0, 0xdeadbeef);
}

static void test_serror_amo_el1_to_el2(void)
{
    check_taken(setup(1, 0x3c0, HCR_AMO, IRQ_LINE_SERROR), 2, LOWER + SERROR, 0x3c5, ESR_SERROR);
}

static void test_serror_amo_el2(void)
{
    check_taken(setup(2, DAIF_I | DAIF_F, HCR_AMO, IRQ_LINE_SERROR), 2, CUR_SPX + SERROR, 0x0c9, ESR_SERROR);
    check_not_taken(setup(2, DAIF_A, HCR_AMO, IRQ_LINE_SERROR), 2);
}

/* IMO routes only IRQ: a FIQ stays with EL1 and is masked there. */
static void test_routing_bits_are_per_kind(void)
{
    check_not_taken(setup(1, DAIF_F, HCR_IMO | HCR_AMO, IRQ_LINE_FIQ), 1);
}

/* --- priority among simultaneous interrupts --- */

static void test_priority_serror_fiq_irq(void)
{
    struct cpu *cpu = setup(1, 0, 0, IRQ_LINE_IRQ | IRQ_LINE_FIQ | IRQ_LINE_SERROR);
    check_taken(cpu, 1, CUR_SPX + SERROR, 0x005, ESR_SERROR);
    cpu = setup(1, 0, 0, IRQ_LINE_IRQ | IRQ_LINE_FIQ);
    check_taken(cpu, 1, CUR_SPX + FIQ, 0x005, 0xdeadbeef);
}

/* A masked higher-priority interrupt does not hide a deliverable lower one. */
static void test_priority_skips_masked(void)
{
    check_taken(setup(1, DAIF_A | DAIF_F, 0, IRQ_LINE_IRQ | IRQ_LINE_FIQ | IRQ_LINE_SERROR), 1, CUR_SPX + IRQ,
                0x145, 0xdeadbeef);
}

static void test_physical_before_virtual(void)
{
    check_taken(setup(1, 0, HCR_IMO | HCR_FMO | HCR_VF, IRQ_LINE_IRQ), 2, LOWER + IRQ, 0x005, 0xdeadbeef);
}

/* --- virtual interrupts --- */

static void test_virq_el1(void)
{
    check_taken(setup(1, 0, HCR_IMO | HCR_VI, 0), 1, CUR_SPX + IRQ, 0x005, 0xdeadbeef);
}

static void test_virq_el0(void)
{
    check_taken(setup(0, DAIF_F, HCR_IMO | HCR_VI, 0), 1, LOWER + IRQ, 0x040, 0xdeadbeef);
}

static void test_virq_masked(void)
{
    check_not_taken(setup(1, DAIF_I, HCR_IMO | HCR_VI, 0), 1);
}

static void test_virq_needs_imo(void)
{
    struct cpu *cpu = setup(1, 0, HCR_VI, 0);
    CHECK_EQ_U64(interrupt_wakes_wfi(cpu), 0);
    check_not_taken(cpu, 1);
}

static void test_virq_not_at_el2(void)
{
    struct cpu *cpu = setup(2, 0, HCR_IMO | HCR_VI | HCR_FMO | HCR_VF | HCR_AMO | HCR_VSE, 0);
    check_not_taken(cpu, 2);
    CHECK_EQ_U64(cpu->sr[SR_HCR_EL2] & HCR_VSE, HCR_VSE);
}

static void test_virq_not_with_tge(void)
{
    check_not_taken(setup(0, 0, HCR_TGE | HCR_IMO | HCR_VI | HCR_FMO | HCR_VF | HCR_AMO | HCR_VSE, 0), 0);
}

static void test_virq_from_gic_line(void)
{
    struct cpu *cpu = setup(1, 0, HCR_IMO, IRQ_LINE_VIRQ);
    check_taken(cpu, 1, CUR_SPX + IRQ, 0x005, 0xdeadbeef);
    cpu = setup(1, 0, 0, IRQ_LINE_VIRQ); /* IMO=0: no virtual interrupt */
    check_not_taken(cpu, 1);
}

static void test_vfiq(void)
{
    check_taken(setup(1, DAIF_I, HCR_FMO | HCR_VF, 0), 1, CUR_SPX + FIQ, 0x085, 0xdeadbeef);
    check_taken(setup(1, 0, HCR_FMO, IRQ_LINE_VFIQ), 1, CUR_SPX + FIQ, 0x005, 0xdeadbeef);
    check_not_taken(setup(1, DAIF_F, HCR_FMO | HCR_VF, 0), 1);
}

/* A virtual SError has ISS=0 (no RAS, no VSESR_EL2) and clears HCR_EL2.VSE when taken. */
static void test_vserror(void)
{
    struct cpu *cpu = setup(0, 0, HCR_AMO | HCR_VSE, 0);
    check_taken(cpu, 1, LOWER + SERROR, 0x000, ESR_SERROR);
    CHECK_EQ_U64(cpu->sr[SR_HCR_EL2], (1ull << 31) | HCR_AMO);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
    cpu->daif = 0;
    interrupt_update(cpu);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
}

static void test_vserror_masked(void)
{
    struct cpu *cpu = setup(1, DAIF_A, HCR_AMO | HCR_VSE, 0);
    check_not_taken(cpu, 1);
    CHECK_EQ_U64(cpu->sr[SR_HCR_EL2] & HCR_VSE, HCR_VSE);
}

static void test_virtual_priority(void)
{
    check_taken(setup(1, 0, HCR_IMO | HCR_VI | HCR_FMO | HCR_VF | HCR_AMO | HCR_VSE, 0), 1,
                CUR_SPX + SERROR, 0x005, ESR_SERROR);
    check_taken(setup(1, 0, HCR_IMO | HCR_VI | HCR_FMO | HCR_VF, 0), 1, CUR_SPX + FIQ, 0x005, 0xdeadbeef);
}

/* --- interrupt_update after changes of HCR_EL2, lines and PSTATE --- */

static void test_update_follows_hcr_and_lines(void)
{
    struct cpu *cpu = setup(1, DAIF_I, 0, IRQ_LINE_IRQ);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
    cpu->sr[SR_HCR_EL2] |= HCR_IMO;
    interrupt_update(cpu);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, PENDING_INTERRUPT);
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, false);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
    CHECK_EQ_U64(cpu->irq_lines, 0);
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, true);
    check_taken(cpu, 2, LOWER + IRQ, 0x085, 0xdeadbeef);
    /* Level-sensitive: still asserted, but masked at EL2 now. */
    CHECK_EQ_U64(cpu->irq_lines, IRQ_LINE_IRQ);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
}

/* ERET unmasks: the interrupt is taken on the first instruction after the return. */
static void test_eret_unmasking_takes_interrupt(void)
{
    struct cpu *cpu = setup(2, 0x3c0, 0, IRQ_LINE_IRQ);
    cpu->sr[SR_SPSR_EL2] = 0x005; /* EL1h, unmasked */
    cpu->sr[SR_ELR_EL2] = CODE + 0x40;
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
    memcpy(fixture_ram(CODE), (const uint32_t[]){ 0xd69f03e0 /* eret */ }, 4);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pc, CODE + 0x40);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, PENDING_INTERRUPT);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pc, VBAR1 + CUR_SPX + IRQ);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], CODE + 0x40);
    CHECK_EQ_U64(cpu->sr[SR_SPSR_EL1], 0x005);
}

/* Taking an exception to EL2 makes an interrupt routed to EL1 undeliverable, and returning
 * to EL1 makes it deliverable again. */
static void test_exception_entry_updates_pending(void)
{
    struct cpu *cpu = setup(1, 0, 0, IRQ_LINE_FIQ);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, PENDING_INTERRUPT);
    take_exception(cpu, 2, EXC_SYNC, 0x5a000000, 0, false, CODE);
    CHECK_EQ_U64(cpu->pending & PENDING_INTERRUPT, 0);
}

/* WFI wake-up: any physical interrupt, masked or routed elsewhere; virtual ones when enabled. */
static void test_wakes_wfi(void)
{
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, 0, 0)), 0);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, 0, IRQ_LINE_IRQ)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(2, 0x3c0, 0, IRQ_LINE_FIQ)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(2, 0x3c0, 0, IRQ_LINE_SERROR)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, HCR_IMO | HCR_VI, 0)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, HCR_AMO | HCR_VSE, 0)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, HCR_FMO, IRQ_LINE_VFIQ)), 1);
    CHECK_EQ_U64(interrupt_wakes_wfi(setup(1, 0x3c0, HCR_VI | HCR_VF | HCR_VSE, IRQ_LINE_VIRQ)), 0);
}

/* A CPU stopped by WFI with nothing pending resumes after the WFI and takes the interrupt
 * that woke it (here at EL1, unmasked). */
static void test_wfi_then_interrupt(void)
{
    struct cpu *cpu = setup(1, 0, 0, 0);
    memcpy(fixture_ram(CODE), (const uint32_t[]){ 0xd503207f /* wfi */ }, 4);
    CHECK_EQ_U64(cpu_step(cpu), STOP_WFI);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    cpu_set_irq_line(cpu, IRQ_LINE_IRQ, true);
    CHECK_EQ_U64(interrupt_wakes_wfi(cpu), 1);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->pc, VBAR1 + CUR_SPX + IRQ);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], CODE + 4);
}

UNIT_SUITE(interrupt,
           UNIT_TEST(test_irq_el1_unmasked),
           UNIT_TEST(test_irq_el1_sp0),
           UNIT_TEST(test_irq_el1_masked),
           UNIT_TEST(test_irq_el0_to_el1),
           UNIT_TEST(test_irq_el0_masked),
           UNIT_TEST(test_fiq_serror_el0_masked),
           UNIT_TEST(test_irq_for_el1_not_taken_at_el2),
           UNIT_TEST(test_fiq_el1),
           UNIT_TEST(test_fiq_el1_masked),
           UNIT_TEST(test_serror_el1),
           UNIT_TEST(test_serror_el0),
           UNIT_TEST(test_serror_el1_masked),
           UNIT_TEST(test_irq_imo_el1_to_el2_despite_mask),
           UNIT_TEST(test_irq_imo_el0_to_el2),
           UNIT_TEST(test_irq_imo_el2_masked),
           UNIT_TEST(test_irq_imo_el2_unmasked),
           UNIT_TEST(test_irq_imo_el2_sp0),
           UNIT_TEST(test_irq_tge_el0_to_el2),
           UNIT_TEST(test_fiq_fmo_el1_to_el2),
           UNIT_TEST(test_fiq_tge_el0_to_el2),
           UNIT_TEST(test_serror_amo_el1_to_el2),
           UNIT_TEST(test_serror_amo_el2),
           UNIT_TEST(test_routing_bits_are_per_kind),
           UNIT_TEST(test_priority_serror_fiq_irq),
           UNIT_TEST(test_priority_skips_masked),
           UNIT_TEST(test_physical_before_virtual),
           UNIT_TEST(test_virq_el1),
           UNIT_TEST(test_virq_el0),
           UNIT_TEST(test_virq_masked),
           UNIT_TEST(test_virq_needs_imo),
           UNIT_TEST(test_virq_not_at_el2),
           UNIT_TEST(test_virq_not_with_tge),
           UNIT_TEST(test_virq_from_gic_line),
           UNIT_TEST(test_vfiq),
           UNIT_TEST(test_vserror),
           UNIT_TEST(test_vserror_masked),
           UNIT_TEST(test_virtual_priority),
           UNIT_TEST(test_update_follows_hcr_and_lines),
           UNIT_TEST(test_eret_unmasking_takes_interrupt),
           UNIT_TEST(test_exception_entry_updates_pending),
           UNIT_TEST(test_wakes_wfi),
           UNIT_TEST(test_wfi_then_interrupt))
