/* Breakpoints, watchpoints and break-on conditions: each one stops the CPU with STOP_DEBUG at
 * an exact instruction boundary and records why in cpu->debug_stop. */
#include "debug.h"

#include "cpu.h"
#include "interrupt.h"

static bool applies(const struct debug_point *p, const struct cpu *cpu)
{
    return p->id && (p->cpu < 0 || (unsigned)p->cpu == cpu->index);
}

static void stop(struct cpu *cpu, const struct debug_stop *why)
{
    cpu->debug_stop = *why;
    cpu->stop_reason = STOP_DEBUG;
    cpu->pending |= PENDING_STOP;
}

bool debug_probe_needed(const struct debug_points *d, uint64_t pa)
{
    if (!d || !d->breakpoints)
        return false;
    for (unsigned i = 0; i < DEBUG_MAX_POINTS; i++) {
        const struct debug_point *p = &d->points[i];
        if (p->id && ((p->kind == DEBUG_BREAK_PA && p->addr == pa) ||
                      (p->kind == DEBUG_BREAK_VA && (p->addr & 0xfff) == (pa & 0xfff))))
            return true;
    }
    return false;
}

bool debug_breakpoint_check(struct cpu *cpu, uint64_t va, uint64_t pa)
{
    if (!cpu->debug || !cpu->debug->breakpoints)
        return false;
    for (unsigned i = 0; i < DEBUG_MAX_POINTS; i++) {
        const struct debug_point *p = &cpu->debug->points[i];
        if (!applies(p, cpu))
            continue;
        if ((p->kind == DEBUG_BREAK_VA && p->addr == va) || (p->kind == DEBUG_BREAK_PA && p->addr == pa)) {
            struct debug_stop why = { .kind = DEBUG_STOP_BREAKPOINT, .point_id = p->id, .pc = va };
            stop(cpu, &why);
            cpu->pc = va;
            return true;
        }
    }
    return false;
}

/* The probe in front of a possibly breakpointed instruction: it shares that instruction's PC
 * and is not an instruction itself (insn.pseudo). */
static int exec_probe(struct cpu *cpu, const struct insn *in)
{
    return debug_breakpoint_check(cpu, insn_pc(cpu, in), in->imm) ? EXEC_LEAVE : EXEC_NEXT;
}

void debug_make_probe(struct insn *out, uint64_t pa)
{
    *out = (struct insn){ .fn = exec_probe, .imm = pa, .pseudo = 1 };
}

void debug_check_access(struct cpu *cpu, uint64_t va, unsigned size, bool is_write, uint64_t value)
{
    for (unsigned i = 0; i < DEBUG_MAX_POINTS; i++) {
        const struct debug_point *p = &cpu->debug->points[i];
        if (!applies(p, cpu) || p->kind < DEBUG_WATCH_READ)
            continue;
        bool kind_matches = p->kind == DEBUG_WATCH_ACCESS || (p->kind == DEBUG_WATCH_WRITE) == is_write;
        bool overlaps = va < p->addr + p->len && p->addr < va + size;
        if (kind_matches && overlaps) {
            struct debug_stop why = { .kind = DEBUG_STOP_WATCHPOINT, .point_id = p->id, .data_addr = va,
                                      .data_value = value, .data_write = is_write, .data_size = size };
            stop(cpu, &why);
            return;
        }
    }
}

void debug_exception_taken(struct cpu *cpu, unsigned from_el, unsigned to_el, bool synchronous, uint32_t esr)
{
    const struct debug_break_on *b = &cpu->break_on;
    struct debug_stop why = { .pc = cpu->pc, .esr = synchronous ? esr : 0, .from_el = from_el, .to_el = to_el };
    if (synchronous ? (b->exception_classes >> (esr >> 26)) & 1 : b->interrupts)
        why.kind = DEBUG_STOP_EXCEPTION;
    else if (b->el_change && from_el != to_el)
        why.kind = DEBUG_STOP_EL_CHANGE;
    else
        return;
    stop(cpu, &why);
}

void debug_exception_returned(struct cpu *cpu, unsigned from_el, unsigned to_el)
{
    const struct debug_break_on *b = &cpu->break_on;
    struct debug_stop why = { .pc = cpu->pc, .from_el = from_el, .to_el = to_el };
    if (b->eret)
        why.kind = DEBUG_STOP_ERET;
    else if (b->el_change && from_el != to_el)
        why.kind = DEBUG_STOP_EL_CHANGE;
    else
        return;
    stop(cpu, &why);
}
