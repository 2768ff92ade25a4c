/* The execution loop: find the block at the PC (jump cache, then translation and the block
 * cache), run its handlers back to back, and look at interrupts and stop requests only between
 * blocks (DESIGN.md section 4). */
#include <stdio.h>
#include <string.h>

#include "block.h"
#include "cost_model.h"
#include "cpu.h"
#include "debug.h"
#include "exception.h"
#include "fp.h"
#include "fp_host.h"
#include "interrupt.h"
#include "mmu.h"
#include "platform.h"

/* Synchronous exceptions raised by the fetch of the instruction at cpu->pc, in the order of
 * their priority (ARM ARM D1.13.2): PC alignment, instruction abort, illegal execution state.
 * They are taken with the faulting instruction's PC as the preferred return. */
static void fetch_exception(struct cpu *cpu, enum exception_class same_or_lower_base, uint32_t iss, bool far_valid)
{
    unsigned target = exception_sync_target_el(cpu);
    enum exception_class ec = same_or_lower_base;
    cpu->fetch_faults++;
    if (same_or_lower_base == EC_INSN_ABORT_LOWER && target == cpu->el)
        ec = EC_INSN_ABORT_SAME;
    take_exception(cpu, target, EXC_SYNC, esr_make(ec, true, iss), cpu->pc, far_valid, cpu->pc);
}

/* Host pointer to the instruction at cpu->pc, or NULL after taking a fetch exception. */
static const uint8_t *fetch_pointer(struct cpu *cpu, uint64_t *pa)
{
    if (cpu->pc & 3) {
        fetch_exception(cpu, EC_PC_ALIGN, 0, true);
        return NULL;
    }
    struct mmu_result r;
    struct mmu_fault f;
    if (!mmu_translate(cpu, cpu->pc, MMU_FETCH, cpu->el, 4, &r, &f)) {
        if (f.stage2) {
            /* AArch64.InstructionAbort: stage 2 faults go to EL2 with the IPA in HPFAR_EL2. */
            uint32_t iss = f.fsc | (f.s1ptw ? 1u << 7 : 0);
            cpu->fetch_faults++;
            take_exception(cpu, 2, EXC_SYNC, esr_make(cpu->el == 2 ? EC_INSN_ABORT_SAME : EC_INSN_ABORT_LOWER, true, iss),
                           cpu->pc, true, cpu->pc);
            if ((f.fsc & 0x3c) != FSC_EXTERNAL_ABORT_WALK_L0)
                cpu->sr[SR_HPFAR_EL2] = (f.ipa >> 12) << 4;
        } else {
            fetch_exception(cpu, EC_INSN_ABORT_LOWER, f.fsc, true);
        }
        return NULL;
    }
    bool writable;
    const uint8_t *page = cpu->platform->memory_page(cpu->machine, r.pa & ~0xfffull, &writable);
    if (!page) {
        /* Instruction fetch from a device or from nothing: synchronous external abort. */
        fetch_exception(cpu, EC_INSN_ABORT_LOWER, 0x10, true);
        return NULL;
    }
    *pa = r.pa;
    return page + (r.pa & 0xfff);
}

static struct block *find_block_slow(struct cpu *cpu)
{
    uint64_t pa;
    const uint8_t *code = fetch_pointer(cpu, &pa);
    if (!code)
        return NULL;
    if (cpu->il) {
        fetch_exception(cpu, EC_ILLEGAL_STATE, 0, false);
        return NULL;
    }
    struct block *b = block_cache_get(cpu->blocks, pa, code);
    if (!b)
        b = block_cache_get(cpu->blocks, pa, code); /* the cache was full and flushed itself */
    if (!b)
        return NULL;
    struct jump_cache_entry *j = &cpu->jump_cache[(cpu->pc >> 2) & (JUMP_CACHE_SIZE - 1)];
    *j = (struct jump_cache_entry){ .va = cpu->pc, .ctx = cpu->xlat_ctx, .block = b };
    return b;
}

static inline struct block *find_block(struct cpu *cpu)
{
    const struct jump_cache_entry *j = &cpu->jump_cache[(cpu->pc >> 2) & (JUMP_CACHE_SIZE - 1)];
    if (__builtin_expect(j->va == cpu->pc && j->ctx == cpu->xlat_ctx && j->block && !cpu->il, 1))
        return j->block;
    return find_block_slow(cpu);
}

/* Between blocks: stop requests and interrupts. Returns true to leave cpu_run(). */
static bool handle_pending(struct cpu *cpu)
{
    if (cpu->pending & PENDING_STOP) {
        cpu->pending &= ~(uint32_t)PENDING_STOP;
        return true;
    }
    if (cpu->pending & PENDING_INTERRUPT)
        interrupt_check(cpu);
    return false;
}

static enum stop_reason step(struct cpu *cpu, bool honour_breakpoints);

/* ELSIM_EV_BLOCK after a block (or a single step) that began at cpu->block_pc at `el`. */
static void report_block(struct cpu *cpu, unsigned el, unsigned insns)
{
    struct elsim_event ev = { .kind = ELSIM_EV_BLOCK, .el = el, .pc = cpu->block_pc,
                              .u.block = { insns, cpu->cycles - cpu->block_event_mark } };
    cpu->block_event_mark = cpu->cycles;
    cpu_emit(cpu, &ev);
}

/* --trace insn (cpu->single_step_hook): one instruction at a time through cpu_step(), which
 * reports ELSIM_EV_INSN after each. The block path above never looks at the hook. */
static enum stop_reason run_single_stepped(struct cpu *cpu, uint64_t limit)
{
    while (cpu->insns + cpu->fetch_faults < limit && cpu->cycles < cpu->cycle_limit) {
        enum stop_reason r = step(cpu, true);
        if (r != STOP_NONE)
            return r;
    }
    cpu->stop_reason = STOP_LIMIT;
    return STOP_LIMIT;
}

/* The block loop. report_blocks is a constant at each call, so the loop without ELSIM_EV_BLOCK
 * reports has no test for them at all (subscriptions change only between runs). */
__attribute__((always_inline)) static inline enum stop_reason run_blocks(struct cpu *cpu, uint64_t limit,
                                                                         bool report_blocks)
{
    while (cpu->insns + cpu->fetch_faults < limit && cpu->cycles < cpu->cycle_limit) {
        if (cpu->pending && handle_pending(cpu))
            return cpu->stop_reason;
        struct block *b = find_block(cpu);
        if (!b)
            continue;
        unsigned count = block_insn_count(b);
        if (__builtin_expect(count > limit - cpu->insns - cpu->fetch_faults ||
                                 b->cycles[count] > cpu->cycle_limit - cpu->cycles, 0)) {
            /* The block would overrun the budget or the cycle limit: its head one instruction
             * at a time, so that either ends exactly. */
            enum stop_reason r = step(cpu, true);
            if (r != STOP_NONE)
                return r;
            continue;
        }
        unsigned el = cpu->el;
        cpu->block_pc = cpu->pc;
        const struct insn *in = b->insns;
        while (in->fn(cpu, in) == EXEC_NEXT)
            in++;
        uint64_t n = in->pc_off / 4u + !in->pseudo;
        uint64_t cycles = b->cycles[n];
        cpu->insns += n;
        cpu->insns_at_el[el] += n;
        cpu->cycles += cycles;
        cpu->cycles_at_el[el] += cycles;
        if (report_blocks)
            report_block(cpu, el, (unsigned)n);
    }
    if (cpu->pending & PENDING_STOP) {
        cpu->pending &= ~(uint32_t)PENDING_STOP;
        return cpu->stop_reason;
    }
    cpu->stop_reason = STOP_LIMIT;
    return STOP_LIMIT;
}

enum stop_reason cpu_run(struct cpu *cpu, uint64_t max_insns)
{
    /* The budget counts retired instructions and exceptions taken on instruction fetch: a guest
     * whose vectors themselves fault retires nothing, yet must give control back. */
    uint64_t limit = cpu->insns + cpu->fetch_faults + max_insns;
    cpu->stop_reason = STOP_NONE;
    cpu->host_fp_ok = fp_host_check();
    fp_state_changed(cpu);
    if (__builtin_expect(cpu->single_step_hook, 0))
        return run_single_stepped(cpu, limit);
    if (cpu_event_wanted(cpu, ELSIM_EV_BLOCK))
        return run_blocks(cpu, limit, true);
    return run_blocks(cpu, limit, false);
}

/* One instruction outside the block path. Inside cpu_run (the end of a budget, --trace insn)
 * breakpoints are honoured before it, since no probe sees this path; cpu_step() itself executes
 * the instruction whatever its breakpoints (stepping over one). */
static enum stop_reason step(struct cpu *cpu, bool honour_breakpoints)
{
    cpu->stop_reason = STOP_NONE;
    if (cpu->pending & PENDING_STOP) {
        cpu->pending &= ~(uint32_t)PENDING_STOP;
        return cpu->stop_reason;
    }
    if ((cpu->pending & PENDING_INTERRUPT) && interrupt_check(cpu))
        return STOP_NONE; /* taking the interrupt is the step */
    uint64_t pa;
    const uint8_t *code = fetch_pointer(cpu, &pa);
    if (!code)
        return cpu->stop_reason;
    if (honour_breakpoints && debug_breakpoint_check(cpu, cpu->pc, pa)) {
        cpu->pending &= ~(uint32_t)PENDING_STOP;
        return STOP_DEBUG;
    }
    if (cpu->il) {
        fetch_exception(cpu, EC_ILLEGAL_STATE, 0, false);
        return STOP_NONE;
    }
    uint32_t word;
    memcpy(&word, code, 4);
    struct insn step;
    block_decode_insn(word, &step);
    unsigned el = cpu->el;
    cpu->block_pc = cpu->pc;
    if (step.fn(cpu, &step) == EXEC_NEXT)
        cpu->pc = cpu->block_pc + 4;
    uint32_t cycles = cost_model_insn_cycles(word);
    cpu->insns++;
    cpu->insns_at_el[el]++;
    cpu->cycles += cycles;
    cpu->cycles_at_el[el] += cycles;
    if (cpu_event_wanted(cpu, ELSIM_EV_BLOCK))
        report_block(cpu, el, 1);
    if (cpu->single_step_hook && cpu_event_wanted(cpu, ELSIM_EV_INSN)) {
        struct elsim_event ev = { .kind = ELSIM_EV_INSN, .el = el, .pc = cpu->block_pc, .u.insn = { word } };
        cpu_emit(cpu, &ev);
    }
    if (cpu->pending & PENDING_STOP) {
        cpu->pending &= ~(uint32_t)PENDING_STOP;
        return cpu->stop_reason;
    }
    return STOP_NONE;
}

/* The host FP check and the cached FP state once per call from outside, as cpu_run does (the
 * steps inside cpu_run -- --trace insn, the end of a budget -- need not repeat them). */
enum stop_reason cpu_step(struct cpu *cpu)
{
    cpu->host_fp_ok = fp_host_check();
    fp_state_changed(cpu);
    return step(cpu, false);
}
