/* The generic timer of each CPU (ARM ARM D11 "The Generic Timer in AArch64 state"): the
 * physical and virtual counts, the EL1 physical, EL1 virtual and EL2 physical timers with
 * their PPI outputs, and the two event streams that wake WFE.
 *
 * The system counter is the platform's (cpu->platform->system_counter, at CNTFRQ_EL0 ticks per
 * second). The timers' registers live in cpu->sr[] (core/sysregs.def), what the timer needs
 * besides them in cpu->timer. The outputs are levels driven through
 * cpu->platform->set_ppi: EL2 physical PPI 26, EL1 virtual PPI 27, EL1 physical PPI 30. */
#ifndef ELSIM_TIMER_TIMER_H
#define ELSIM_TIMER_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

enum { TIMER_PPI_EL2_PHYS = 26, TIMER_PPI_EL1_VIRT = 27, TIMER_PPI_EL1_PHYS = 30 };

/* Recompute ISTATUS and drive the three PPI outputs of this CPU through
 * cpu->platform->set_ppi(cpu->machine, cpu, intid, level) (NULL: not connected), only on
 * changes; set cpu->event_register if an enabled event stream's trigger bit made its
 * transition since the previous call. Called after every write to a timer register,
 * CNTVOFF_EL2, CNTKCTL_EL1 or CNTHCTL_EL2, and by the board after time advances. */
void timer_update(struct cpu *cpu);

/* The system-counter value at which this CPU's timer outputs or event streams next change
 * after the last timer_update() (UINT64_MAX if never): the board runs the CPUs until then and,
 * when all CPUs wait, jumps time to it. */
uint64_t timer_next_event(const struct cpu *cpu);

/* MRS of a timer row (CNTPCT_EL0, CNTVCT_EL0, CNTx_TVAL, CNTx_CTL with ISTATUS, CNTx_CVAL);
 * `id` is the SR_* row. Access checks and traps have been applied (core/sysreg.c). */
uint64_t timer_read(struct cpu *cpu, unsigned id);

/* MSR of a timer row (CNTx_TVAL, CNTx_CTL, CNTx_CVAL, CNTVOFF_EL2, CNTKCTL_EL1, CNTHCTL_EL2)
 * with the row's writable bits already applied (TVAL: bits 31:0). Returns true if a PPI output
 * changed, so that the run loop looks at interrupts before the next instruction. */
bool timer_write(struct cpu *cpu, unsigned id, uint64_t value);

#endif
