/* The hooks API (include/elsim.h: elsim_hooks_add / elsim_hooks_remove): any number of
 * observers, each with the set of event kinds it wants. Every CPU's event_mask is the union
 * of the subscribers' sets, so an event nobody wants costs one bit test where it happens; a
 * subscription to ELSIM_EV_INSN makes the CPUs single-step (core/run.c). */
#include <stdbool.h>
#include <stdint.h>

#include "elsim.h"
#include "virt.h"

static void dispatch(void *ctx, const struct elsim_event *event)
{
    const struct event_hub *hub = ctx;
    for (unsigned i = 0; i < hub->count; i++)
        if (hub->subs[i].kinds & ELSIM_EV_BIT(event->kind))
            hub->subs[i].fn(hub->subs[i].ctx, event);
}

static void update_cpus(struct elsim *m)
{
    uint32_t mask = 0;
    for (unsigned i = 0; i < m->hub.count; i++)
        mask |= m->hub.subs[i].kinds;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        struct cpu *cpu = m->cpus[i];
        cpu->event_mask = mask;
        cpu->block_event_mark = cpu->cycles;
        cpu->event_fn = dispatch;
        cpu->event_ctx = &m->hub;
        cpu->single_step_hook = (mask & ELSIM_EV_BIT(ELSIM_EV_INSN)) != 0;
    }
}

int elsim_hooks_add(struct elsim *m, uint32_t kinds, elsim_event_fn fn, void *ctx)
{
    if (!fn || !(kinds & ELSIM_EV_ALL) || m->hub.count == EVENT_HUB_MAX)
        return -1;
    int id = m->hub.next_id++;
    m->hub.subs[m->hub.count++] = (struct event_subscriber){ id, kinds & ELSIM_EV_ALL, fn, ctx };
    update_cpus(m);
    return id;
}

bool elsim_hooks_remove(struct elsim *m, int id)
{
    for (unsigned i = 0; i < m->hub.count; i++) {
        if (m->hub.subs[i].id != id)
            continue;
        for (unsigned j = i + 1; j < m->hub.count; j++)
            m->hub.subs[j - 1] = m->hub.subs[j];
        m->hub.count--;
        update_cpus(m);
        return true;
    }
    return false;
}
