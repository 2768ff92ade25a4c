/* Exception entry and return: AArch64.TakeException, AArch64.ExceptionReturn and
 * IllegalExceptionReturn (ARM ARM D1.10, D1.11). */
#include "exception.h"

#include "cost_model.h"
#include "interrupt.h"
#include "memory.h"
#include "sysreg.h"


/* SPSR_ELx bits for AArch64 (ARM ARM C5.2.18). */
enum {
    SPSR_M_SP = 1u << 0,   /* M[0]: SP_ELx selected */
    SPSR_M_EL_SHIFT = 2,   /* M[3:2]: EL */
    SPSR_M_RW = 1u << 4,   /* M[4]: 1 = AArch32 */
    SPSR_IL = 1u << 20,
    SPSR_SS = 1u << 21,
};
#define SPSR_NZCV_MASK 0xf0000000u
#define SPSR_DAIF_MASK (DAIF_D | DAIF_A | DAIF_I | DAIF_F)

uint64_t pstate_to_spsr(const struct cpu *cpu)
{
    return (uint64_t)cpu->nzcv | (cpu->ss ? SPSR_SS : 0) | (cpu->il ? SPSR_IL : 0) | cpu->daif |
           ((uint64_t)cpu->el << SPSR_M_EL_SHIFT) | (cpu->sp_sel ? SPSR_M_SP : 0);
}

static uint64_t *elr(struct cpu *cpu, unsigned el) { return &cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1]; }
static uint64_t *spsr(struct cpu *cpu, unsigned el) { return &cpu->sr[el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1]; }

unsigned exception_sync_target_el(const struct cpu *cpu)
{
    if (cpu->el == 2)
        return 2;
    if (cpu->el == 0 && (cpu->sr[SR_HCR_EL2] & HCR_TGE))
        return 2;
    return 1;
}

/* AArch64.TakeException. */
void take_exception(struct cpu *cpu, unsigned target_el, enum exception_kind kind, uint32_t esr,
                    uint64_t far, bool far_valid, uint64_t preferred_return)
{
    uint64_t base = cpu->sr[target_el == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1] & ~0x7ffull;
    uint64_t offset;
    if (target_el > cpu->el)
        offset = 0x400; /* lower EL using AArch64 (no AArch32 in this model) */
    else if (cpu->sp_sel)
        offset = 0x200; /* current EL with SP_ELx */
    else
        offset = 0x000; /* current EL with SP_EL0 */

    if (kind == EXC_SYNC || kind == EXC_SERROR) {
        cpu->sr[target_el == 2 ? SR_ESR_EL2 : SR_ESR_EL1] = esr;
        if (far_valid)
            cpu->sr[target_el == 2 ? SR_FAR_EL2 : SR_FAR_EL1] = far;
    }
    if (kind == EXC_SYNC)
        cpu->sync_taken[target_el][esr >> 26]++;
    else
        cpu->async_taken[target_el][kind]++;
    unsigned from_el = cpu->el;
    *spsr(cpu, target_el) = pstate_to_spsr(cpu);
    *elr(cpu, target_el) = preferred_return;

    cpu_set_el_sp(cpu, target_el, 1);
    /* The entry's cycles belong to the EL entered; the EXC_* events to the EL left. */
    cost_charge(cpu, cost_model_current.exception_entry);
    pmu_count_exception(&cpu->pmu, from_el, kind == EXC_SYNC && esr >> 26 == EC_HVC64);
    cpu->daif = DAIF_D | DAIF_A | DAIF_I | DAIF_F;
    cpu->il = 0;
    cpu->ss = 0;
    cpu->pc = base + offset + 0x80 * (uint64_t)kind;
    interrupt_update(cpu);
    if (cpu_event_wanted(cpu, ELSIM_EV_EXCEPTION)) {
        struct elsim_event ev = { .kind = ELSIM_EV_EXCEPTION, .el = from_el, .pc = preferred_return,
                                  .u.exception = { target_el, kind, esr, esr >> 26, esr & 0x1ffffff, cpu->pc } };
        cpu_emit(cpu, &ev);
    }
    if (cpu->break_on_any)
        debug_exception_taken(cpu, from_el, target_el, kind == EXC_SYNC, esr);
}

int raise_sync(struct cpu *cpu, const struct insn *in, unsigned target_el, uint32_t esr)
{
    take_exception(cpu, target_el, EXC_SYNC, esr, 0, false, insn_pc(cpu, in));
    return EXEC_LEAVE;
}

int raise_sync_far(struct cpu *cpu, const struct insn *in, unsigned target_el, uint32_t esr, uint64_t far)
{
    take_exception(cpu, target_el, EXC_SYNC, esr, far, true, insn_pc(cpu, in));
    return EXEC_LEAVE;
}

int raise_undefined(struct cpu *cpu, const struct insn *in)
{
    return raise_sync(cpu, in, exception_sync_target_el(cpu), esr_make(EC_UNKNOWN, true, 0));
}

/* IllegalExceptionReturn: is the return described by spsr_value illegal from the current EL? */
static bool illegal_return(const struct cpu *cpu, uint64_t spsr_value)
{
    if (spsr_value & SPSR_M_RW)
        return true; /* AArch32 is not implemented at any EL */
    unsigned target = (spsr_value >> SPSR_M_EL_SHIFT) & 3;
    if (spsr_value & 2)
        return true; /* M[1] is reserved */
    if (target == 3 || target > cpu->el)
        return true; /* EL3 is not implemented; never return to a higher EL */
    if (target == 1 && (cpu->sr[SR_HCR_EL2] & HCR_TGE))
        return true; /* EL1 is not usable while HCR_EL2.TGE = 1 */
    if (target == 0 && (spsr_value & SPSR_M_SP))
        return true; /* EL0 has only SP_EL0 */
    return false;
}

/* AArch64.ExceptionReturn. */
void exception_return(struct cpu *cpu)
{
    unsigned el = cpu->el;
    uint64_t spsr_value = *spsr(cpu, el);
    uint64_t target_pc = *elr(cpu, el);
    /* The return's cycles and the EXC_RETURN event belong to the EL that executes the ERET. */
    cost_charge(cpu, cost_model_current.exception_return);
    cpu->pmu.exc_return_at_el[el]++;

    cpu->exclusive_valid = false; /* ClearExclusiveLocal on exception return */
    cpu->event_register = true;   /* SendEventLocal: an exception return is a WFE wake-up event */
    cpu->nzcv = (uint32_t)(spsr_value & SPSR_NZCV_MASK);
    cpu->daif = (uint32_t)(spsr_value & SPSR_DAIF_MASK);
    /* DebugExceptionReturnSS: SPSR.SS is restored only while software step is enabled
     * (MDSCR_EL1.SS); elsim does not check the rest of that condition. */
    cpu->ss = (cpu->sr[SR_MDSCR_EL1] & 1) && (spsr_value & SPSR_SS);
    bool illegal = illegal_return(cpu, spsr_value);
    if (illegal) {
        /* PSTATE.{EL, nRW, SP} unchanged; PSTATE.IL set; the rest restored from SPSR. */
        cpu->il = 1;
    } else {
        cpu->il = (spsr_value & SPSR_IL) != 0;
        cpu_set_el_sp(cpu, (spsr_value >> SPSR_M_EL_SHIFT) & 3, spsr_value & SPSR_M_SP);
    }
    cpu->pc = target_pc;
    cpu->erets++;
    interrupt_update(cpu);
    if (cpu_event_wanted(cpu, ELSIM_EV_ERET)) {
        struct elsim_event ev = { .kind = ELSIM_EV_ERET, .el = el, .pc = target_pc,
                                  .u.eret = { cpu->el, illegal } };
        cpu_emit(cpu, &ev);
    }
    if (cpu->break_on_any)
        debug_exception_returned(cpu, el, cpu->el);
}

static const char *const class_names[64] = {
    [EC_UNKNOWN] = "unknown reason (UNDEFINED)",
    [EC_WFX] = "WFI/WFE trapped",
    [0x03] = "MCR/MRC (cp15) trapped",
    [0x04] = "MCRR/MRRC (cp15) trapped",
    [0x05] = "MCR/MRC (cp14) trapped",
    [0x06] = "LDC/STC trapped",
    [EC_FP_ACCESS] = "FP/SIMD access trapped",
    [0x0C] = "MRRC (cp14) trapped",
    [EC_ILLEGAL_STATE] = "illegal execution state",
    [0x11] = "SVC (AArch32)",
    [0x12] = "HVC (AArch32)",
    [0x13] = "SMC (AArch32)",
    [EC_SVC64] = "SVC",
    [EC_HVC64] = "HVC",
    [EC_SMC64] = "SMC trapped",
    [EC_SYSREG] = "MSR/MRS/system instruction trapped",
    [EC_INSN_ABORT_LOWER] = "instruction abort from a lower EL",
    [EC_INSN_ABORT_SAME] = "instruction abort at the same EL",
    [EC_PC_ALIGN] = "PC alignment fault",
    [EC_DATA_ABORT_LOWER] = "data abort from a lower EL",
    [EC_DATA_ABORT_SAME] = "data abort at the same EL",
    [EC_SP_ALIGN] = "SP alignment fault",
    [0x28] = "FP exception (AArch32)",
    [0x2C] = "FP exception",
    [EC_SERROR] = "SError interrupt",
    [0x30] = "breakpoint from a lower EL",
    [0x31] = "breakpoint at the same EL",
    [0x32] = "software step from a lower EL",
    [0x33] = "software step at the same EL",
    [0x34] = "watchpoint from a lower EL",
    [0x35] = "watchpoint at the same EL",
    [0x38] = "BKPT (AArch32)",
    [EC_BRK64] = "BRK",
};

const char *exception_class_name(unsigned ec)
{
    const char *name = ec < 64 ? class_names[ec] : NULL;
    return name ? name : "reserved exception class";
}
