/* The physical CPU interface state machine, common to GICC (GICv2) and the ICC_* system
 * registers (GICv3): highest priority pending interrupt, priority mask, binary points, running
 * priority from the active priority registers, acknowledge, priority drop and deactivation
 * (IHI 0048B 3.3 "Interrupt prioritization", 4.4; IHI 0069 4.8 "Interrupt prioritization",
 * 4.1.1 "Physical CPU interface"), and SGI generation. */
#include "gic_internal.h"

void gic_hppi(struct gic *gic, unsigned c, struct gic_hppi *out)
{
    out->intid = INTID_SPURIOUS;
    out->priority = 0x100;
    out->group = 0;
    out->source = 0;
    for (unsigned intid = 0; intid < GIC_IRQ_COUNT; intid++) {
        const struct gic_irq *irq = gic_irq(gic, c, intid);
        if (!gic_irq_pending(irq) || !irq->enabled || irq->active || irq->priority >= out->priority ||
            !(gic->dist_ctlr & gic->cpu[c].ctlr & (1u << irq->group1)) ||
            !gic_irq_targets(gic, c, intid))
            continue;
        out->intid = intid;
        out->priority = irq->priority;
        out->group = irq->group1;
    }
    if (gic->version == 2 && out->intid < 16)
        out->source = (unsigned)__builtin_ctz(gic->cpu[c].sgi_sources[out->intid]);
}

/* The group priority: the priority bits above the binary point. Group 0 (and Group 1 when
 * CBPR is set) splits at BPR0 + 1, Group 1 at BPR1 (GICv2 GICC_ABPR is "BPR minus one"). */
unsigned gic_group_priority(unsigned priority, unsigned group, uint32_t ctlr, const uint8_t bpr[2])
{
    unsigned split = group == 0 || (ctlr & CTLR_CBPR) ? bpr[0] + 1u : bpr[1];
    return priority & (0xffu << split) & 0xffu;
}

/* Active priority registers hold a bit per preemption level (5 bits: 32 levels); the running
 * priority is the highest (lowest numbered) of them, or idle. */
unsigned gic_apr_priority(const uint32_t apr[2])
{
    uint32_t all = apr[0] | apr[1];
    return all ? (unsigned)__builtin_ctz(all) << (8 - GIC_PRIO_BITS) : PRIO_IDLE;
}

unsigned gic_cif_running_priority(struct gic *gic, unsigned c)
{
    return gic_apr_priority(gic->cpu[c].apr);
}

/* An interrupt is signalled when its group is enabled at the CPU interface, its priority is
 * higher than the priority mask and its group priority higher than the running priority. */
bool gic_cif_can_signal(struct gic *gic, unsigned c, const struct gic_hppi *h)
{
    const struct gic_cpu *gc = &gic->cpu[c];
    if (h->intid == INTID_SPURIOUS || !(gc->ctlr >> h->group & 1) || h->priority >= gc->pmr)
        return false;
    return gic_group_priority(h->priority, h->group, gc->ctlr, gc->bpr) < gic_apr_priority(gc->apr);
}

unsigned gic_cif_acknowledge(struct gic *gic, unsigned c, unsigned group_mask, unsigned other)
{
    struct gic_cpu *gc = &gic->cpu[c];
    struct gic_hppi h;
    gic_hppi(gic, c, &h);
    if (!gic_cif_can_signal(gic, c, &h))
        return INTID_SPURIOUS;
    if (!(group_mask >> h.group & 1))
        return other;
    struct gic_irq *irq = gic_irq(gic, c, h.intid);
    unsigned result = h.intid;
    if (gic->version == 2 && h.intid < 16) {
        /* Each source CPU's SGI is pending separately: acknowledge one of them. */
        gc->sgi_sources[h.intid] &= (uint8_t)~(1u << h.source);
        irq->latch = gc->sgi_sources[h.intid] != 0;
        result |= h.source << 10;
    } else {
        irq->latch = false; /* a level-sensitive input still high leaves it active and pending */
    }
    irq->active = true;
    unsigned level = gic_group_priority(h.priority, h.group, gc->ctlr, gc->bpr) >> (8 - GIC_PRIO_BITS);
    gc->apr[h.group] |= 1u << level;
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_ACK, .intid = h.intid });
    if (h.intid < GIC_PRIVATE)
        gic_update_cpu(gic, c);
    else
        gic_update(gic); /* other CPUs targeted by it lose it */
    return result;
}

/* Priority drop clears the highest active priority; the write is ignored when there is none
 * or it belongs to a group the register does not handle. With EOImode = 0 the interrupt is
 * also deactivated; with EOImode = 1 that is left to GICC_DIR / ICC_DIR_EL1. */
void gic_cif_eoi(struct gic *gic, unsigned c, unsigned intid, unsigned group_mask)
{
    struct gic_cpu *gc = &gic->cpu[c];
    uint32_t all = gc->apr[0] | gc->apr[1];
    if (!all)
        return;
    unsigned bit = (unsigned)__builtin_ctz(all);
    unsigned group = gc->apr[0] >> bit & 1 ? 0 : 1;
    if (!(group_mask >> group & 1))
        return;
    gc->apr[group] &= ~(1u << bit);
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_EOI, .intid = intid & 0x3ff });
    if (!(gc->ctlr & CTLR_EOIMODE))
        gic_deactivate(gic, c, intid & 0x3ff);
    gic_update(gic);
}

/* GICD_SGIR: TargetListFilter (25:24) 0 = the CPUTargetList (23:16), 1 = all but the
 * requester, 2 = the requester only; SGIINTID (3:0). */
void gic_v2_send_sgi(struct gic *gic, unsigned src, uint32_t sgir)
{
    unsigned intid = sgir & 0xf;
    unsigned filter = sgir >> 24 & 3;
    uint32_t targets;
    switch (filter) {
    case 0: targets = sgir >> 16 & 0xff; break;
    case 1: targets = 0xffu & ~(1u << src); break;
    case 2: targets = 1u << src; break;
    default: return;
    }
    for (unsigned t = 0; t < gic->cpu_count; t++) {
        if (!(targets >> t & 1))
            continue;
        gic->cpu[t].sgi_sources[intid] |= (uint8_t)(1u << src);
        gic->cpu[t].priv[intid].latch = true;
        gic_notify(gic, t, &(struct gic_event){ .kind = GIC_EVENT_PENDING, .intid = intid, .source = src });
    }
    gic_update(gic);
}

/* ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1: INTID (27:24), IRM (40): all but self, else
 * Aff3 (55:48).Aff2 (39:32).Aff1 (23:16) with TargetList (15:0) of Aff0 values RS * 16 + n.
 * With one Security state an SGI is forwarded only to CPUs where that SGI is configured in
 * the group the register generates (IHI 0069, "Forwarding an SGI to a target PE"). */
void gic_v3_send_sgi(struct gic *gic, unsigned src, uint64_t value, unsigned group)
{
    unsigned intid = value >> 24 & 0xf;
    bool irm = value >> 40 & 1;
    uint64_t cluster = (value >> 48 & 0xff) << 24 | (value >> 32 & 0xff) << 16 | (value >> 16 & 0xff) << 8;
    unsigned rs = value >> 44 & 0xf;
    for (unsigned t = 0; t < gic->cpu_count; t++) {
        uint64_t aff = gic_affinity(t);
        bool hit = irm ? t != src
                       : (aff & ~0xffull) == cluster && (aff & 0xff) / 16 == rs &&
                             (value >> (aff & 0xf) & 1);
        struct gic_irq *irq = &gic->cpu[t].priv[intid];
        if (hit && irq->group1 == group) {
            irq->latch = true;
            gic_notify(gic, t, &(struct gic_event){ .kind = GIC_EVENT_PENDING, .intid = intid, .source = src });
        }
    }
    gic_update(gic);
}
