/* The CPU's interrupt inputs and their delivery: ARM ARM D1.13 (asynchronous exceptions), the
 * routing controls HCR_EL2.{IMO,FMO,AMO,TGE}, virtual interrupts HCR_EL2.{VI,VF,VSE}, and the
 * masking table (PSTATE.{A,I,F}). */
#ifndef ELSIM_CORE_INTERRUPT_H
#define ELSIM_CORE_INTERRUPT_H

#include <stdbool.h>

#include "cpu.h"

/* Inputs of the CPU (cpu->irq_lines). IRQ_LINE_VIRQ / IRQ_LINE_VFIQ are the virtual interrupt
 * signals of a GIC virtual CPU interface: each acts like HCR_EL2.VI / VF (ARM ARM D1.14.3,
 * "Virtual interrupts"), so is only delivered when HCR_EL2.IMO / FMO is 1. */
enum {
    IRQ_LINE_IRQ = 1u << 0,
    IRQ_LINE_FIQ = 1u << 1,
    IRQ_LINE_SERROR = 1u << 2,
    IRQ_LINE_VIRQ = 1u << 3,
    IRQ_LINE_VFIQ = 1u << 4,
};

/* Bits of cpu->pending. */
enum {
    PENDING_INTERRUPT = 1u << 0, /* an interrupt may be deliverable: run interrupt_check() */
    PENDING_STOP = 1u << 1,      /* leave cpu_run() */
};

/* Drive a physical input (level-sensitive). */
void cpu_set_irq_line(struct cpu *cpu, unsigned line, bool level);

/* Recompute PENDING_INTERRUPT after a change of the inputs, PSTATE.DAIF, HCR_EL2 or the EL. */
void interrupt_update(struct cpu *cpu);

/* Called by the run loop between blocks when PENDING_INTERRUPT is set: takes the highest
 * priority deliverable interrupt (AArch64.TakePhysicalIRQException and friends, virtual ones
 * included). Returns true if one was taken. */
bool interrupt_check(struct cpu *cpu);

/* True if some interrupt (deliverable or masked) would wake the CPU from WFI. */
bool interrupt_wakes_wfi(const struct cpu *cpu);

#endif
