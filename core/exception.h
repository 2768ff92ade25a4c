/* Taking exceptions and returning from them: ARM ARM D1.10 and the pseudocode
 * AArch64.TakeException / AArch64.ExceptionReturn. Syndromes are built by small named helpers,
 * one per exception class. */
#ifndef ELSIM_CORE_EXCEPTION_H
#define ELSIM_CORE_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Exception classes (ESR_ELx.EC), ARM ARM D17.2.37. */
enum exception_class {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,
    EC_ILLEGAL_STATE = 0x0E,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_INSN_ABORT_LOWER = 0x20,
    EC_INSN_ABORT_SAME = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DATA_ABORT_LOWER = 0x24,
    EC_DATA_ABORT_SAME = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_SERROR = 0x2F,
    EC_BRK64 = 0x3C,
};

/* The vector offset group of an exception (added to the 0x000/0x200/0x400 base). */
enum exception_kind { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };

#define ESR_IL (1u << 25)
static inline uint32_t esr_make(enum exception_class ec, bool il32, uint32_t iss)
{
    return ((uint32_t)ec << 26) | (il32 ? ESR_IL : 0) | (iss & 0x1ffffff);
}

/* AArch64.TakeException: enter target_el at the vector for `kind`, saving PSTATE to SPSR_ELx and
 * preferred_return to ELR_ELx; for synchronous exceptions and SErrors ESR_ELx = esr, and FAR_ELx
 * = far when far_valid. Leaves cpu->pc at the vector. */
void take_exception(struct cpu *cpu, unsigned target_el, enum exception_kind kind, uint32_t esr,
                    uint64_t far, bool far_valid, uint64_t preferred_return);

/* The EL a synchronous exception from the current EL goes to when nothing routes it elsewhere:
 * EL1 from EL0/EL1 (EL2 from EL0 when HCR_EL2.TGE=1), EL2 from EL2. */
unsigned exception_sync_target_el(const struct cpu *cpu);

/* Raise a synchronous exception at instruction `in` (preferred return = its PC). Returns
 * EXEC_LEAVE, so handlers can `return raise_sync(...)`. */
int raise_sync(struct cpu *cpu, const struct insn *in, unsigned target_el, uint32_t esr);
int raise_sync_far(struct cpu *cpu, const struct insn *in, unsigned target_el, uint32_t esr, uint64_t far);
/* UNDEFINED: EC 0x00 to the default target EL. */
int raise_undefined(struct cpu *cpu, const struct insn *in);

/* AArch64.ExceptionReturn from the current EL (ERET): restores PSTATE from SPSR_ELx and the PC
 * from ELR_ELx, or marks an illegal exception return (PSTATE.IL). */
void exception_return(struct cpu *cpu);

/* SPSR value for the current PSTATE (AArch64 format). */
uint64_t pstate_to_spsr(const struct cpu *cpu);

/* Human-readable name of an exception class, for traces and statistics. */
const char *exception_class_name(unsigned ec);

#endif
