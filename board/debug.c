/* Run control for frontends (include/elsim.h): the table of breakpoints and watchpoints the
 * CPUs and the block cache share, break-on conditions, single steps, stop requests, and guest
 * memory and translations as a debugger sees them. */
#include <string.h>

#include "block.h"
#include "gic.h"
#include "elsim.h"
#include "memory.h"
#include "mmu.h"
#include "sysreg.h"
#include "virt.h"

/* New or removed points change what decoding inserts and what the fast TLB may hold. */
static void points_changed(struct elsim *m)
{
    block_cache_invalidate_all(m->blocks);
    for (unsigned i = 0; i < m->cpu_count; i++)
        mem_flush_fast_tlb(m->cpus[i]);
}

int elsim_point_add(struct elsim *m, enum elsim_point_kind kind, uint64_t addr, uint64_t len, int cpu)
{
    if (cpu >= (int)m->cpu_count || (kind >= ELSIM_WATCH_READ && len == 0))
        return -1;
    for (unsigned i = 0; i < DEBUG_MAX_POINTS; i++) {
        struct debug_point *p = &m->debug.points[i];
        if (p->id)
            continue;
        *p = (struct debug_point){ .id = ++m->debug.next_id, .kind = (enum debug_point_kind)kind, .cpu = cpu,
                                   .addr = addr, .len = len };
        if (kind >= ELSIM_WATCH_READ)
            m->debug.watchpoints++;
        else
            m->debug.breakpoints++;
        points_changed(m);
        return p->id;
    }
    return -1;
}

bool elsim_point_remove(struct elsim *m, int id)
{
    for (unsigned i = 0; i < DEBUG_MAX_POINTS; i++) {
        struct debug_point *p = &m->debug.points[i];
        if (id <= 0 || p->id != id)
            continue;
        if (p->kind >= DEBUG_WATCH_READ)
            m->debug.watchpoints--;
        else
            m->debug.breakpoints--;
        *p = (struct debug_point){0};
        points_changed(m);
        return true;
    }
    return false;
}

void elsim_set_break_on(struct elsim *m, int cpu, const struct elsim_break_on *c)
{
    struct debug_break_on b = { c->exception_classes, c->interrupts, c->eret, c->el_change };
    for (unsigned i = 0; i < m->cpu_count; i++) {
        if (cpu >= 0 && (unsigned)cpu != i)
            continue;
        m->cpus[i]->break_on = b;
        m->cpus[i]->break_on_any = b.exception_classes || b.interrupts || b.eret || b.el_change;
    }
}

void virt_record_debug_stop(struct elsim *m, unsigned i)
{
    const struct debug_stop *s = &m->cpus[i]->debug_stop;
    m->last_stop = (struct elsim_stop){
        .cpu = i, .kind = (enum elsim_stop_kind)s->kind, .point_id = s->point_id,
        .pc = s->kind == DEBUG_STOP_BREAKPOINT ? s->pc : m->cpus[i]->pc,
        .data_addr = s->data_addr, .data_write = s->data_write, .data_value = s->data_value,
        .data_size = s->data_size, .esr = s->esr, .from_el = s->from_el, .to_el = s->to_el,
    };
    m->step_over[i] = s->kind == DEBUG_STOP_BREAKPOINT;
}

uint64_t elsim_model_ns(struct elsim *m)
{
    return virt_model_ns(m);
}

const struct elsim_stop *elsim_last_stop(const struct elsim *m)
{
    return &m->last_stop;
}

void elsim_request_stop(struct elsim *m)
{
    m->stop_requested = 1;
}

bool elsim_read_virt(struct elsim *m, unsigned cpu, uint64_t va, void *buf, size_t len)
{
    return cpu < m->cpu_count && mem_debug_read(m->cpus[cpu], va, buf, len);
}

bool elsim_write_virt(struct elsim *m, unsigned cpu, uint64_t va, const void *buf, size_t len)
{
    return cpu < m->cpu_count && mem_debug_write(m->cpus[cpu], va, buf, len);
}

/* Physical memory page by page, like the CPUs see it (RAM and flash; devices are not read). */
static bool phys_access(struct elsim *m, uint64_t pa, uint8_t *buf, const uint8_t *from, size_t len)
{
    while (len) {
        size_t chunk = 4096 - (pa & 0xfff);
        if (chunk > len)
            chunk = len;
        bool writable;
        uint8_t *page = m->platform.memory_page(m, pa & ~0xfffull, &writable);
        if (!page || (from && !writable))
            return false;
        if (from) {
            if (block_cache_page_has_code(m->blocks, pa & ~0xfffull))
                block_cache_invalidate_page(m->blocks, pa & ~0xfffull);
            memcpy(page + (pa & 0xfff), from, chunk);
            from += chunk;
        } else {
            memcpy(buf, page + (pa & 0xfff), chunk);
            buf += chunk;
        }
        pa += chunk;
        len -= chunk;
    }
    return true;
}

bool elsim_read_phys(struct elsim *m, uint64_t pa, void *buf, size_t len)
{
    return phys_access(m, pa, buf, NULL, len);
}

bool elsim_write_phys(struct elsim *m, uint64_t pa, const void *buf, size_t len)
{
    return phys_access(m, pa, NULL, buf, len);
}

bool elsim_gic_irq(struct elsim *m, unsigned cpu, unsigned intid, struct elsim_gic_irq *out)
{
    return gic_irq_view(m->gic, cpu, intid, out);
}

bool elsim_gic_cpu(struct elsim *m, unsigned cpu, struct elsim_gic_cpu *out)
{
    return gic_cpu_view(m->gic, cpu, out);
}

bool elsim_write_sysreg(struct elsim *m, unsigned cpu, unsigned id, uint64_t value)
{
    return cpu < m->cpu_count && sysreg_debug_write(m->cpus[cpu], id, value);
}

/* elsim_translate: print the walk through a temporary hook, whatever hooks the CPU has. */
struct translate_report {
    FILE *out;
    unsigned lines;
    struct cpu *cpu;
};

static void report_walk(void *ctx, const struct elsim_event *ev)
{
    struct translate_report *r = ctx;
    char line[320];
    r->lines++;
    mmu_describe_walk_event(r->cpu, ev->u.walk, line, sizeof line);
    fprintf(r->out, "%s\n", line);
}

bool elsim_translate(struct elsim *m, unsigned cpu_index, uint64_t va, FILE *out)
{
    if (cpu_index >= m->cpu_count)
        return false;
    struct cpu *cpu = m->cpus[cpu_index];
    uint32_t saved_mask = cpu->event_mask;
    elsim_event_fn saved_fn = cpu->event_fn;
    void *saved_ctx = cpu->event_ctx;
    struct translate_report report = { out, 0, cpu };
    cpu->event_mask = ELSIM_EV_BIT(ELSIM_EV_WALK);
    cpu->event_fn = report_walk;
    cpu->event_ctx = &report;
    struct mmu_result r;
    struct mmu_fault f;
    bool ok = mmu_translate_debug(cpu, va, &r, &f);
    cpu->event_mask = saved_mask;
    cpu->event_fn = saved_fn;
    cpu->event_ctx = saved_ctx;
    if (!report.lines) {
        /* No walk: translation is off for this EL (the flat mapping), or it faulted at once. */
        if (ok)
            fprintf(out, "VA 0x%llx => PA 0x%llx (no translation enabled at EL%u)\n", (unsigned long long)va,
                    (unsigned long long)r.pa, cpu->el);
        else
            fprintf(out, "VA 0x%llx => fault, status code 0x%02x\n", (unsigned long long)va, f.fsc);
    }
    return ok;
}
