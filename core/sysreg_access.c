/* What reading and writing each system register does, and the system instructions (DC, IC, AT,
 * TLBI): the functions that the READ and WRITE columns of core/sysregs.def name. Access checks
 * and traps have been applied before they run (core/sysreg.c). */
#include <stdint.h>

#include "block.h"
#include "exception.h"
#include "fp.h"
#include "interrupt.h"
#include "memory.h"
#include "mmu.h"
#include "platform.h"
#include "sysreg.h"
#include "sysreg_internal.h"
#include "timer.h"

/* --- Stored registers ------------------------------------------------------------------------ */

uint64_t sysreg_read_stored(struct cpu *cpu, unsigned id)
{
    return cpu->sr[id];
}

int sysreg_write_stored(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->sr[id] = sysreg_masked(id, value);
    return EXEC_NEXT;
}

/* CPACR_EL1 and CPTR_EL2: whether SIMD&FP instructions trap (cpu->fp_enabled). */
int sysreg_write_fptrap(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->sr[id] = sysreg_masked(id, value);
    fp_state_changed(cpu);
    return EXEC_NEXT;
}

/* A register that controls translation (SCTLR, TCR, MAIR, VTCR, TTBR0_EL2): what is cached by
 * VA alone is dropped and the block is left, since its own fetch may now translate
 * differently. */
int sysreg_write_xlat(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    cpu->sr[id] = sysreg_masked(id, value);
    mmu_translation_changed(cpu);
    return leave_to_next(cpu, in);
}

/* TTBRn_EL1 and VTTBR_EL2 select an ASID / VMID context: the TLB keeps the entries of every
 * context (they are tagged), so a switch invalidates nothing. */
int sysreg_write_ttbr(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    uint64_t old = cpu->sr[id];
    cpu->sr[id] = sysreg_masked(id, value);
    if (id == SR_VTTBR_EL2 && cpu->sr[id] != old && cpu_event_wanted(cpu, ELSIM_EV_VM_SWITCH)) {
        struct elsim_event ev = { .kind = ELSIM_EV_VM_SWITCH,
                                  .u.vm_switch = { old, cpu->sr[id], (unsigned)(old >> 48) & 0xff,
                                                   (unsigned)(cpu->sr[id] >> 48) & 0xff } };
        cpu_emit(cpu, &ev);
    }
    mmu_context_switched(cpu);
    return leave_to_next(cpu, in);
}

/* HCR_EL2 changes translation (VM, DC, TGE) and interrupt routing and the virtual interrupts
 * (IMO, FMO, AMO, VI, VF, VSE). */
int sysreg_write_hcr(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    cpu->sr[id] = sysreg_masked(id, value);
    mmu_translation_changed(cpu);
    interrupt_update(cpu);
    return leave_to_next(cpu, in);
}

/* --- PSTATE and the stack pointers (ARM ARM C5.2 "Special-purpose registers") ------------------ */

uint64_t sysreg_read_nzcv(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu->nzcv;
}

int sysreg_write_nzcv(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->nzcv = (uint32_t)sysreg_masked(id, value);
    return EXEC_NEXT;
}

uint64_t sysreg_read_daif(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu->daif;
}

/* Unmasking may make an interrupt deliverable: the run loop looks before the next instruction. */
int sysreg_write_daif(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    cpu->daif = (uint32_t)sysreg_masked(id, value);
    interrupt_update(cpu);
    return leave_to_next(cpu, in);
}

uint64_t sysreg_read_currentel(struct cpu *cpu, unsigned id)
{
    (void)id;
    return (uint64_t)cpu->el << 2;
}

uint64_t sysreg_read_spsel(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu->sp_sel;
}

int sysreg_write_spsel(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu_set_el_sp(cpu, cpu->el, (unsigned)sysreg_masked(id, value));
    return EXEC_NEXT;
}

uint64_t sysreg_read_sp_el0(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu_get_sp_el(cpu, 0);
}

int sysreg_write_sp_el0(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    (void)id;
    cpu_set_sp_el(cpu, 0, value);
    return EXEC_NEXT;
}

uint64_t sysreg_read_sp_el1(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu_get_sp_el(cpu, 1);
}

int sysreg_write_sp_el1(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    (void)id;
    cpu_set_sp_el(cpu, 1, value);
    return EXEC_NEXT;
}

uint64_t sysreg_read_fpcr(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu->fpcr;
}

int sysreg_write_fpcr(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->fpcr = (uint32_t)sysreg_masked(id, value);
    fp_state_changed(cpu);
    return EXEC_NEXT;
}

uint64_t sysreg_read_fpsr(struct cpu *cpu, unsigned id)
{
    (void)id;
    return cpu->fpsr;
}

int sysreg_write_fpsr(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->fpsr = (uint32_t)sysreg_masked(id, value);
    fp_state_changed(cpu);
    return EXEC_NEXT;
}

/* --- Identification ------------------------------------------------------------------------------ */

/* MIDR_EL1 and MPIDR_EL1 read at EL1 return VPIDR_EL2 and VMPIDR_EL2 (EL2 is enabled). */
uint64_t sysreg_read_midr(struct cpu *cpu, unsigned id)
{
    return cpu->el == 1 ? cpu->sr[SR_VPIDR_EL2] : cpu->sr[id];
}

uint64_t sysreg_read_mpidr(struct cpu *cpu, unsigned id)
{
    return cpu->el == 1 ? cpu->sr[SR_VMPIDR_EL2] : cpu->sr[id];
}

/* DCZID_EL0.DZP: DC ZVA is prohibited at the current EL (SCTLR_EL1.DZE at EL0, HCR_EL2.TDZ at
 * EL0 and EL1). */
uint64_t sysreg_read_dczid(struct cpu *cpu, unsigned id)
{
    bool prohibited = (cpu->el == 0 && !(cpu->sr[SR_SCTLR_EL1] & SCTLR_DZE)) ||
                      (cpu->el < 2 && (cpu->sr[SR_HCR_EL2] & HCR_TDZ));
    return cpu->sr[id] | (prohibited ? 1ull << 4 : 0);
}

/* CCSIDR_EL1 of the cache CSSELR_EL1 selects (Cortex-A57: 32 KiB 2-way L1 D, 48 KiB 3-way L1 I,
 * 2 MiB 16-way L2, 64-byte lines); a cache that does not exist reads as zero. */
uint64_t sysreg_read_ccsidr(struct cpu *cpu, unsigned id)
{
    static const uint32_t ccsidr[16] = {
        [0] = 0x701fe00a, /* L1 data: WB, RA, WA, 256 sets, 2 ways */
        [1] = 0x201fe012, /* L1 instruction: RA, 256 sets, 3 ways */
        [2] = 0x70ffe07a, /* L2 unified: WB, RA, WA, 2048 sets, 16 ways */
    };
    (void)id;
    return ccsidr[cpu->sr[SR_CSSELR_EL1] & 0xf];
}

/* ISR_EL1: pending IRQ, FIQ and SError; at EL1 the virtual ones when HCR_EL2.{IMO,FMO,AMO}
 * route the physical ones to EL2. */
uint64_t sysreg_read_isr(struct cpu *cpu, unsigned id)
{
    (void)id;
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    bool virt = cpu->el < 2;
    bool i = virt && (hcr & HCR_IMO) ? (hcr & HCR_VI) || (cpu->irq_lines & IRQ_LINE_VIRQ)
                                     : (cpu->irq_lines & IRQ_LINE_IRQ) != 0;
    bool f = virt && (hcr & HCR_FMO) ? (hcr & HCR_VF) || (cpu->irq_lines & IRQ_LINE_VFIQ)
                                     : (cpu->irq_lines & IRQ_LINE_FIQ) != 0;
    bool a = virt && (hcr & HCR_AMO) ? (hcr & HCR_VSE) != 0 : (cpu->irq_lines & IRQ_LINE_SERROR) != 0;
    return (a ? 1u << 8 : 0) | (i ? 1u << 7 : 0) | (f ? 1u << 6 : 0);
}

/* --- Generic timer (timer/timer.c) ------------------------------------------------------------- */

uint64_t sysreg_read_timer(struct cpu *cpu, unsigned id)
{
    return timer_read(cpu, id);
}

/* A timer output that changes may make an interrupt deliverable: the run loop looks before the
 * next instruction. */
/* A timer write may move the next timer event: the CPU returns to the scheduler, which ends
 * quanta at timer events, so that the new event is not overrun (STOP_RESCHEDULE). */
int sysreg_write_timer(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    timer_write(cpu, id, sysreg_masked(id, value));
    cpu->stop_reason = STOP_RESCHEDULE;
    cpu->pending |= PENDING_STOP;
    return leave_to_next(cpu, in);
}

/* --- GICv3 CPU interface: the interrupt controller carries out the access ------------------------
 * platform->gic_sysreg routes, traps and performs ICC_ / ICV_ / ICH_ accesses; without a GICv3
 * (NULL) they are UNDEFINED. An MRS must reach sysreg_mrs_gic(), which may take an exception:
 * the READ function alone (no instruction to trap) serves views without access checks. */

uint64_t sysreg_read_gic(struct cpu *cpu, unsigned id)
{
    uint64_t value = 0;
    if (cpu->platform->gic_sysreg)
        cpu->platform->gic_sysreg(cpu->machine, cpu, NULL, id, true, &value);
    return value;
}

int sysreg_mrs_gic(struct cpu *cpu, const struct insn *in, unsigned id)
{
    uint64_t value;
    if (!cpu->platform->gic_sysreg)
        return raise_undefined(cpu, in);
    if (cpu->platform->gic_sysreg(cpu->machine, cpu, in, id, true, &value) != EXEC_NEXT)
        return EXEC_LEAVE;
    cpu->r[in->rd] = value;
    return EXEC_NEXT;
}

int sysreg_write_gic(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    if (!cpu->platform->gic_sysreg)
        return raise_undefined(cpu, in);
    return cpu->platform->gic_sysreg(cpu->machine, cpu, in, id, false, &value);
}

/* --- Debug ---------------------------------------------------------------------------------------- */

/* OSLAR_EL1.OSLK sets OSLSR_EL1.OSLK (bit 1). */
int sysreg_write_oslar(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    (void)id;
    cpu->sr[SR_OSLSR_EL1] = (cpu->sr[SR_OSLSR_EL1] & ~2ull) | ((value & 1) << 1);
    return EXEC_NEXT;
}

/* The claim tags live in DBGCLAIMCLR_EL1 (which reads them); DBGCLAIMSET_EL1 reads which tags
 * exist (eight). */
int sysreg_write_claimset(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->sr[SR_DBGCLAIMCLR_EL1] |= value & cpu->sr[id];
    return EXEC_NEXT;
}

int sysreg_write_claimclr(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    cpu->sr[id] &= ~value;
    return EXEC_NEXT;
}

/* --- System instructions ---------------------------------------------------------------------- */

/* Cache maintenance with no architecturally visible effect here: no caches are modelled. */
int sysreg_write_ignore(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)cpu;
    (void)in;
    (void)id;
    (void)value;
    return EXEC_NEXT;
}

/* IC IALLU, IC IALLUIS, IC IVAU: nothing to do. elsim's instruction "cache" (the decoded blocks,
 * core/block.c) is coherent with memory: every write that can reach a page holding decoded code
 * -- a CPU store, a debugger write, a device's DMA -- drops that page's blocks at once, so a
 * later fetch always sees the new code (coherent instruction fetch is a permitted
 * implementation). The cost model still charges the maintenance. Flushing everything here
 * would make Linux, which issues IC IVAU for every executable page it maps, re-decode all
 * its code again and again. */
int sysreg_write_ic_inval(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)cpu;
    (void)in;
    (void)id;
    (void)value;
    return EXEC_NEXT;
}

/* DC ZVA: zero the naturally aligned 64-byte block (DCZID_EL0.BS) holding the address, as
 * stores, so that translation faults and watchpoints happen (AArch64.DC ZVA, MemZero). */
int sysreg_write_dc_zva(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)id;
    enum { BLOCK = 4 << 4 };
    uint64_t base = value & ~(uint64_t)(BLOCK - 1);
    if (!mem_dc_zva_check(cpu, in, value, BLOCK))
        return EXEC_LEAVE;
    for (unsigned off = 0; off < BLOCK; off += 8)
        if (!mem_write(cpu, in, base + off, 8, 0, MEM_NO_SYNDROME))
            return EXEC_LEAVE;
    return EXEC_NEXT;
}

/* DC IVAC, CVAC, CVAU, CIVAC: no caches are modelled, but the address is translated and its
 * faults taken (CM = 1). */
int sysreg_write_dc_va(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    return mem_cache_maintenance(cpu, in, value, id == SR_DC_IVAC) ? EXEC_NEXT : EXEC_LEAVE;
}

int sysreg_write_at(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    return mmu_at(cpu, in, (enum at_op)sysreg_table[id].reset, value) ? EXEC_NEXT : EXEC_LEAVE;
}

int sysreg_write_tlbi(struct cpu *cpu, const struct insn *in, unsigned id, uint64_t value)
{
    (void)in;
    mmu_tlbi(cpu, (enum tlbi_op)sysreg_table[id].reset, value);
    return EXEC_NEXT;
}


/* A debugger's write: the effects of an MSR (translation caches dropped, the timer rescheduled,
 * interrupts re-evaluated) without its access checks, for registers whose write is plain
 * storage plus such effects. The WRITE functions end the current block with leave_to_next(),
 * which sets the PC after "the instruction": a stand-in placed just before the PC keeps it. */
bool sysreg_debug_write(struct cpu *cpu, unsigned id, uint64_t value)
{
    sysreg_write_fn *write = id < SR_COUNT ? sysreg_table[id].write : NULL;
    if (write != sysreg_write_stored && write != sysreg_write_fptrap && write != sysreg_write_xlat && write != sysreg_write_ttbr &&
        write != sysreg_write_hcr && write != sysreg_write_timer)
        return false;
    struct insn stand_in = {0};
    uint64_t pc = cpu->pc, block_pc = cpu->block_pc;
    cpu->block_pc = pc - 4;
    write(cpu, &stand_in, id, value);
    cpu->pc = pc;
    cpu->block_pc = block_pc;
    return true;
}
