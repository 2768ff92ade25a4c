/* Exception-generating instructions (SVC, HVC, SMC, BRK, HLT, DCPS), hints (NOP, YIELD, WFE, WFI,
 * SEV, SEVL), barriers (DSB, DMB, ISB, CLREX) and MSR (immediate) to PSTATE fields: the op0=00
 * part of the system instruction space (ARM ARM C4.1.3, C5.2, C6.2). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exception.h"
#include "insn.h"
#include "interrupt.h"
#include "platform.h"
#include "sysreg.h"

/* The semihosting call of A64 (Arm "Semihosting for AArch32 and AArch64"). */
enum { SEMIHOSTING_HLT_IMM = 0xF000 };

/* A trap that the pseudocode describes as "to EL1" goes to EL2 when HCR_EL2.TGE=1
 * (AArch64.WFxTrap, AArch64.SystemRegisterTrap). */
static unsigned route_el1(const struct cpu *cpu)
{
    return (cpu->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
}

static int exec_nop(struct cpu *cpu, const struct insn *in)
{
    (void)cpu;
    (void)in;
    return EXEC_NEXT;
}

/* ------------------------------------------------------------------------------------------
 * Exception generation. in->imm holds the ESR value, built at decode time from imm16.
 * ------------------------------------------------------------------------------------------ */

/* AArch64.CallSupervisor: the preferred return is the next instruction. */
static int exec_svc(struct cpu *cpu, const struct insn *in)
{
    take_exception(cpu, exception_sync_target_el(cpu), EXC_SYNC, (uint32_t)in->imm, 0, false,
                   insn_pc(cpu, in) + 4);
    return EXEC_LEAVE;
}

/* system_exceptions_runtime_hvc: UNDEFINED at EL0 and when HCR_EL2.HCD=1 (EL3 is not
 * implemented, so HCD rather than SCR_EL3.HCE enables HVC); then AArch64.CallHypervisor. */
static int exec_hvc(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 0 || (cpu->sr[SR_HCR_EL2] & HCR_HCD))
        return raise_undefined(cpu, in);
    take_exception(cpu, 2, EXC_SYNC, (uint32_t)in->imm, 0, false, insn_pc(cpu, in) + 4);
    return EXEC_LEAVE;
}

/* AArch64.CheckForSMCUndefOrTrap, then the modelled EL3 firmware in place of
 * AArch64.CallSecureMonitor (DESIGN.md section 3): UNDEFINED at EL0, trapped to EL2 from EL1
 * when HCR_EL2.TSC=1 (preferred return = the SMC itself), otherwise a firmware call that
 * returns to the next instruction. The firmware may stop the CPU (PSCI), so the block ends. */
static int exec_smc(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 0)
        return raise_undefined(cpu, in);
    if (cpu->el == 1 && (cpu->sr[SR_HCR_EL2] & HCR_TSC))
        return raise_sync(cpu, in, 2, (uint32_t)in->imm);
    cpu->platform->firmware_call(cpu->machine, cpu);
    return leave_to_next(cpu, in);
}

/* AArch64.SoftwareBreakpoint: from EL0/EL1 to EL2 when HCR_EL2.TGE or MDCR_EL2.TDE is set;
 * the preferred return is the BRK itself. */
static int exec_brk(struct cpu *cpu, const struct insn *in)
{
    unsigned target = 1;
    if (cpu->el == 2 || (cpu->sr[SR_HCR_EL2] & HCR_TGE) || (cpu->sr[SR_MDCR_EL2] & MDCR_TDE))
        target = 2;
    return raise_sync(cpu, in, target, (uint32_t)in->imm);
}

/* HLT #0xF000: a semihosting call, which continues at the next instruction. It may stop the
 * machine (SYS_EXIT sets PENDING_STOP), so the block ends. */
static int exec_semihosting(struct cpu *cpu, const struct insn *in)
{
    cpu->platform->semihosting_call(cpu->machine, cpu);
    return leave_to_next(cpu, in);
}

bool trans_SVC(struct insn *out, const struct arg_SVC *a)
{
    out->imm = esr_make(EC_SVC64, true, a->imm);
    out->fn = exec_svc;
    out->ends_block = 1;
    return true;
}

bool trans_HVC(struct insn *out, const struct arg_HVC *a)
{
    out->imm = esr_make(EC_HVC64, true, a->imm);
    out->fn = exec_hvc;
    out->ends_block = 1;
    return true;
}

bool trans_SMC(struct insn *out, const struct arg_SMC *a)
{
    out->imm = esr_make(EC_SMC64, true, a->imm);
    out->fn = exec_smc;
    out->ends_block = 1;
    return true;
}

bool trans_BRK(struct insn *out, const struct arg_BRK *a)
{
    out->imm = esr_make(EC_BRK64, true, a->imm);
    out->fn = exec_brk;
    out->ends_block = 1;
    return true;
}

/* Other HLT immediates would enter Debug state, which is UNDEFINED with halting debug
 * disabled (EDSCR.HDE=0): halting debug is not implemented. */
bool trans_HLT(struct insn *out, const struct arg_HLT *a)
{
    if (a->imm != SEMIHOSTING_HLT_IMM)
        return false;
    out->fn = exec_semihosting;
    out->ends_block = 1;
    return true;
}

/* DCPS1-3 are UNDEFINED outside Debug state, and LL=00 is unallocated. */
bool trans_DCPS(struct insn *out, const struct arg_DCPS *a)
{
    (void)out;
    (void)a;
    return false;
}

/* ------------------------------------------------------------------------------------------
 * Hints (system_hints). Hint encodings without a defined effect in ARMv8.0 execute as NOP:
 * that is architected (the PAuth, BTI, ESB, PSB, CSDB... hints of later versions included).
 * ------------------------------------------------------------------------------------------ */

enum { HINT_NOP, HINT_YIELD, HINT_WFE, HINT_WFI, HINT_SEV, HINT_SEVL };

/* ESR of a trapped WFI/WFE: CV=1, COND=0b1110 (A64 instructions are unconditional), TI. */
static uint32_t wfx_syndrome(bool is_wfe)
{
    return esr_make(EC_WFX, true, 1u << 24 | 0xEu << 20 | (is_wfe ? 1u : 0u));
}

/* AArch64.CheckForWFxTrap at each level, in the order of the pseudocode: the EL0 trap of
 * SCTLR_EL1.nTWx (to EL1, or EL2 when TGE=1) before HCR_EL2.TWx (EL0/EL1 to EL2). Takes the
 * exception and returns true if the instruction is trapped. */
static bool wfx_trapped(struct cpu *cpu, const struct insn *in, bool is_wfe)
{
    uint64_t ntw = is_wfe ? SCTLR_NTWE : SCTLR_NTWI;
    uint64_t tw = is_wfe ? HCR_TWE : HCR_TWI;
    if (cpu->el == 0 && !(cpu->sr[SR_SCTLR_EL1] & ntw)) {
        raise_sync(cpu, in, route_el1(cpu), wfx_syndrome(is_wfe));
        return true;
    }
    if (cpu->el < 2 && (cpu->sr[SR_HCR_EL2] & tw)) {
        raise_sync(cpu, in, 2, wfx_syndrome(is_wfe));
        return true;
    }
    return false;
}

/* WaitForInterrupt: the CPU sleeps after this instruction until the run loop sees a wake-up
 * event (cpu_run returns STOP_WFI). */
static int wait_for_interrupt(struct cpu *cpu, const struct insn *in, enum stop_reason reason)
{
    cpu->stop_reason = reason;
    cpu->pending |= PENDING_STOP;
    return leave_to_next(cpu, in);
}

/* WFI: completes at once, without trapping, when an interrupt is pending (masked or not);
 * the block then ends so that a deliverable one is taken after the WFI. */
static int exec_wfi(struct cpu *cpu, const struct insn *in)
{
    if (interrupt_wakes_wfi(cpu))
        return leave_to_next(cpu, in);
    if (wfx_trapped(cpu, in, false))
        return EXEC_LEAVE;
    return wait_for_interrupt(cpu, in, STOP_WFI);
}

/* WFE: consumes a set event register; otherwise (trap checks first) waits for an event or an
 * interrupt. Waking on any pending interrupt, masked or not, is allowed: a WFE may complete
 * at any time. Events from other CPUs (SEV, clearing of the global monitor) and the timer
 * event stream set cpu->event_register and wake a CPU stopped in STOP_WFE. */
static int exec_wfe(struct cpu *cpu, const struct insn *in)
{
    if (cpu->event_register) {
        cpu->event_register = false;
        return EXEC_NEXT;
    }
    if (wfx_trapped(cpu, in, true))
        return EXEC_LEAVE;
    if (interrupt_wakes_wfi(cpu))
        return leave_to_next(cpu, in);
    return wait_for_interrupt(cpu, in, STOP_WFE);
}

/* SEVL: an event for this CPU only. */
static int exec_sevl(struct cpu *cpu, const struct insn *in)
{
    (void)in;
    cpu->event_register = true;
    return EXEC_NEXT;
}

/* SEV: an event for every CPU of the machine (SendEvent), which wakes those waiting in WFE. */
static int exec_sev(struct cpu *cpu, const struct insn *in)
{
    (void)in;
    cpu->event_register = true;
    if (cpu->platform->send_event)
        cpu->platform->send_event(cpu->machine);
    return EXEC_NEXT;
}

bool trans_HINT(struct insn *out, const struct arg_HINT *a)
{
    static exec_fn *const fns[] = {
        [HINT_NOP] = exec_nop, [HINT_YIELD] = exec_nop, [HINT_WFE] = exec_wfe,
        [HINT_WFI] = exec_wfi, [HINT_SEV] = exec_sev,   [HINT_SEVL] = exec_sevl,
    };
    unsigned op = a->crm << 3 | a->op2;
    out->fn = op < sizeof fns / sizeof fns[0] ? fns[op] : exec_nop;
    /* A WFx may stop the CPU or take a trap; after a WFE that consumed the event the block
     * end sentinel continues at the next instruction. */
    out->ends_block = op == HINT_WFI || op == HINT_WFE;
    return true;
}

/* ------------------------------------------------------------------------------------------
 * Barriers (system_barriers) and CLREX (system_monitors). One host thread runs the CPUs in
 * program order, so DSB and DMB (any option, SSBB and PSSBB included) have nothing to wait
 * for. ISB ends the block so that the next instruction is fetched and decoded afresh.
 * ------------------------------------------------------------------------------------------ */

static int exec_isb(struct cpu *cpu, const struct insn *in)
{
    return leave_to_next(cpu, in);
}

static int exec_clrex(struct cpu *cpu, const struct insn *in)
{
    (void)in;
    cpu->exclusive_valid = false;
    return EXEC_NEXT;
}

bool trans_BARRIER(struct insn *out, const struct arg_BARRIER *a)
{
    switch (a->op2) {
    case 2: out->fn = exec_clrex; return true;
    case 4: /* DSB */
    case 5: out->fn = exec_nop; return true; /* DMB */
    case 6: out->fn = exec_isb; out->ends_block = 1; return true;
    default: return false; /* 7 = SB is ARMv8.5; the rest is unallocated */
    }
}

/* ------------------------------------------------------------------------------------------
 * MSR (immediate): system_register_cpsr_decode. SPSel (op1=000) needs EL1 or higher
 * (AArch64.CheckSystemAccess); DAIFSet/DAIFClr (op1=011) are allowed at EL0 only when
 * SCTLR_EL1.UMA=1, otherwise trapped as a system register access (EC 0x18) to EL1, or EL2 when
 * HCR_EL2.TGE=1. in->imm holds the DAIF bits (CRm<3:0> = D, A, I, F). A change of masks calls
 * interrupt_update(); unmasking ends the block so that a pending interrupt is taken at once.
 * ------------------------------------------------------------------------------------------ */

static bool daif_access_trapped(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 0 && !(cpu->sr[SR_SCTLR_EL1] & SCTLR_UMA)) {
        raise_sync(cpu, in, route_el1(cpu), esr_make(EC_SYSREG, true, sysreg_trap_iss(in->raw)));
        return true;
    }
    return false;
}

static int exec_daifset(struct cpu *cpu, const struct insn *in)
{
    if (daif_access_trapped(cpu, in))
        return EXEC_LEAVE;
    cpu->daif |= (uint32_t)in->imm;
    interrupt_update(cpu);
    return EXEC_NEXT;
}

static int exec_daifclr(struct cpu *cpu, const struct insn *in)
{
    if (daif_access_trapped(cpu, in))
        return EXEC_LEAVE;
    cpu->daif &= ~(uint32_t)in->imm;
    interrupt_update(cpu);
    return leave_to_next(cpu, in);
}

static int exec_spsel(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 0)
        return raise_undefined(cpu, in);
    cpu_set_el_sp(cpu, cpu->el, (unsigned)in->imm);
    return leave_to_next(cpu, in);
}

bool trans_MSR_PSTATE(struct insn *out, const struct arg_MSR_PSTATE *a)
{
    switch (a->op1 << 3 | a->op2) {
    case 0x05: /* SPSel */
        out->imm = a->crm & 1;
        out->fn = exec_spsel;
        out->ends_block = 1;
        return true;
    case 0x1e: /* DAIFSet */
        out->imm = (uint64_t)a->crm << 6;
        out->fn = exec_daifset;
        return true;
    case 0x1f: /* DAIFClr */
        out->imm = (uint64_t)a->crm << 6;
        out->fn = exec_daifclr;
        out->ends_block = 1;
        return true;
    default:
        /* CFINV, XAFLAG, AXFLAG, UAO, PAN, DIT, SSBS, TCO...: not in ARMv8.0. */
        return false;
    }
}
