/* Delivery of asynchronous exceptions: ARM ARM D1.13.4 "Asynchronous exception routing",
 * D1.13.5 "Asynchronous exception masking" and D1.14.3 "Virtual interrupts", for a
 * non-secure PE with EL2 (EL3 not implemented).
 *
 * Physical IRQ/FIQ/SError go to EL2 when HCR_EL2.IMO/FMO/AMO (or TGE) is 1, else to EL1. An
 * interrupt is never taken to an EL below the current one; one routed to EL2 is taken from
 * EL0/EL1 whatever PSTATE.{I,F,A} say; otherwise (EL1 target from EL0/EL1, EL2 target at EL2)
 * PSTATE.{I,F,A} mask it.
 * Virtual IRQ/FIQ/SError (HCR_EL2.VI/VF/VSE, or a GIC virtual CPU interface) exist only while
 * the corresponding IMO/FMO/AMO is 1 and TGE is 0; they are taken to EL1 from EL0/EL1,
 * masked by PSTATE.{I,F,A}, and never at EL2.
 *
 * The order among several deliverable interrupts is IMPLEMENTATION DEFINED; elsim takes
 * physical before virtual, and SError, then FIQ, then IRQ within each. */
#include "interrupt.h"

#include <stdint.h>

#include "exception.h"
#include "sysreg.h"


/* ESR of an SError: EC 0x2F, IL=1, ISS=0. Without the RAS extension (ARMv8.0) IDS=0 and the
 * rest of the ISS reads as zero, which RAS later names "uncategorized" (DFSC=0). A virtual
 * SError has the same ESR: VSESR_EL2 needs RAS. */
#define SERROR_ESR ((uint32_t)EC_SERROR << 26 | ESR_IL)

struct interrupt_source {
    enum exception_kind kind;
    uint32_t line;         /* physical input, IRQ_LINE_* */
    uint32_t virtual_line; /* virtual input from a GIC virtual CPU interface, or 0 */
    uint64_t route;        /* HCR_EL2.{IMO,FMO,AMO}: physical to EL2, virtual enabled */
    uint64_t virtual_bit;  /* HCR_EL2.{VI,VF,VSE} */
    uint32_t mask;         /* PSTATE.{I,F,A} */
};

/* In priority order within physical and within virtual interrupts. */
static const struct interrupt_source sources[] = {
    { EXC_SERROR, IRQ_LINE_SERROR, 0, HCR_AMO, HCR_VSE, DAIF_A },
    { EXC_FIQ, IRQ_LINE_FIQ, IRQ_LINE_VFIQ, HCR_FMO, HCR_VF, DAIF_F },
    { EXC_IRQ, IRQ_LINE_IRQ, IRQ_LINE_VIRQ, HCR_IMO, HCR_VI, DAIF_I },
};
enum { SOURCE_COUNT = sizeof sources / sizeof sources[0] };

/* The EL a physical interrupt would be taken to now, or 0 if it is not pending or cannot be
 * taken (masked at the current EL, or routed below it). */
static unsigned physical_target(const struct cpu *cpu, const struct interrupt_source *s)
{
    if (!(cpu->irq_lines & s->line))
        return 0;
    unsigned target = (cpu->sr[SR_HCR_EL2] & (s->route | HCR_TGE)) ? 2 : 1;
    if (target < cpu->el)
        return 0;
    /* PSTATE masks all but an interrupt routed to EL2 from EL0/EL1. */
    bool masked = (cpu->daif & s->mask) != 0;
    if (masked && !(target == 2 && cpu->el < 2))
        return 0;
    return target;
}

/* Is the virtual interrupt of s pending (signalled and enabled by HCR_EL2.xMO, TGE=0)? */
static bool virtual_pending(const struct cpu *cpu, const struct interrupt_source *s)
{
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    if (!(hcr & s->route) || (hcr & HCR_TGE))
        return false;
    return (hcr & s->virtual_bit) || (cpu->irq_lines & s->virtual_line);
}

/* Can the virtual interrupt of s be taken now (to EL1)? */
static bool virtual_deliverable(const struct cpu *cpu, const struct interrupt_source *s)
{
    return cpu->el < 2 && !(cpu->daif & s->mask) && virtual_pending(cpu, s);
}

static bool any_deliverable(const struct cpu *cpu)
{
    for (unsigned i = 0; i < SOURCE_COUNT; i++)
        if (physical_target(cpu, &sources[i]) || virtual_deliverable(cpu, &sources[i]))
            return true;
    return false;
}

void cpu_set_irq_line(struct cpu *cpu, unsigned line, bool level)
{
    if (level)
        cpu->irq_lines |= line;
    else
        cpu->irq_lines &= ~line;
    interrupt_update(cpu);
}

void interrupt_update(struct cpu *cpu)
{
    if (any_deliverable(cpu))
        cpu->pending |= PENDING_INTERRUPT;
    else
        cpu->pending &= ~PENDING_INTERRUPT;
}

/* AArch64.TakePhysical{IRQ,FIQ,SError}Exception and AArch64.TakeVirtual...Exception: the
 * preferred return is the next instruction to execute, cpu->pc at a block boundary. */
bool interrupt_check(struct cpu *cpu)
{
    for (unsigned i = 0; i < SOURCE_COUNT; i++) {
        const struct interrupt_source *s = &sources[i];
        unsigned target = physical_target(cpu, s);
        if (target) {
            take_exception(cpu, target, s->kind, s->kind == EXC_SERROR ? SERROR_ESR : 0, 0, false,
                           cpu->pc);
            return true;
        }
    }
    for (unsigned i = 0; i < SOURCE_COUNT; i++) {
        const struct interrupt_source *s = &sources[i];
        if (virtual_deliverable(cpu, s)) {
            /* Taking a virtual SError clears HCR_EL2.VSE: it is the only self-clearing bit. */
            if (s->kind == EXC_SERROR)
                cpu->sr[SR_HCR_EL2] &= ~HCR_VSE;
            take_exception(cpu, 1, s->kind, s->kind == EXC_SERROR ? SERROR_ESR : 0, 0, false, cpu->pc);
            return true;
        }
    }
    interrupt_update(cpu);
    return false;
}

/* InterruptPending(): any physical interrupt, masked or not, whatever its routing, and any
 * virtual interrupt enabled by HCR_EL2.{IMO,FMO,AMO}. */
bool interrupt_wakes_wfi(const struct cpu *cpu)
{
    if (cpu->irq_lines & (IRQ_LINE_IRQ | IRQ_LINE_FIQ | IRQ_LINE_SERROR))
        return true;
    for (unsigned i = 0; i < SOURCE_COUNT; i++) {
        const struct interrupt_source *s = &sources[i];
        uint64_t hcr = cpu->sr[SR_HCR_EL2];
        if ((hcr & s->route) && ((hcr & s->virtual_bit) || (cpu->irq_lines & s->virtual_line)))
            return true;
    }
    return false;
}
