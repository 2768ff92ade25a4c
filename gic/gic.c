/* The interrupt state both GIC versions share (IHI 0048B chapter 3, IHI 0069 chapter 4):
 * per-interrupt enable, pending latch and input level, active, group, priority, trigger,
 * targets / routing; SGIs and PPIs banked per CPU; and the recomputation of every output
 * (IRQ, FIQ, virtual IRQ/FIQ, the maintenance interrupt) after each change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "interrupt.h"

static void reset_values(struct gic *gic);

struct gic *gic_create(const struct gic_config *config, char *err, size_t errlen)
{
    unsigned max = config->version == 2 ? GIC_MAX_CPUS_V2 : GIC_MAX_CPUS_V3;
    if (config->version != 2 && config->version != 3) {
        snprintf(err, errlen, "GIC version %u is not supported (2 or 3)", config->version);
        return NULL;
    }
    if (config->cpu_count == 0 || config->cpu_count > max) {
        snprintf(err, errlen, "GICv%u supports 1 to %u CPUs, not %u", config->version, max,
                 config->cpu_count);
        return NULL;
    }
    struct gic *gic = calloc(1, sizeof *gic + config->cpu_count * sizeof gic->cpu[0]);
    if (!gic) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    gic->version = config->version;
    gic->cpu_count = config->cpu_count;
    gic->cpus = config->cpus;
    reset_values(gic);
    return gic;
}

/* Every register at its reset value (gic is zeroed but for version, cpu_count, cpus). */
static void reset_values(struct gic *gic)
{
    for (unsigned c = 0; c < gic->cpu_count; c++) {
        struct gic_cpu *gc = &gic->cpu[c];
        for (unsigned i = 0; i < 16; i++) {
            gc->priv[i].edge = true;                /* SGIs are edge-triggered */
            gc->priv[i].enabled = gic->version == 2; /* GICv2: SGIs permanently enabled */
        }
        gc->bpr[0] = GIC_BPR0_MIN;
        gc->bpr[1] = GIC_BPR1_MIN;
        gc->sre_el2 = 0xf; /* SRE, DFB, DIB fixed at 1; Enable: EL1 may use ICC_SRE_EL1 */
        gc->asleep = true;
        gc->vmcr = (uint32_t)GIC_BPR0_MIN << VMCR_VBPR0_SHIFT | (uint32_t)GIC_BPR1_MIN << VMCR_VBPR1_SHIFT;
        if (gic->version == 3) {
            /* Group 0 is always FIQ with the system register interface (ICC_CTLR has no FIQEn;
             * ICH_VMCR_EL2.VFIQEn is RES1). */
            gc->ctlr = CTLR_FIQEN;
            gc->vmcr |= CTLR_FIQEN;
        }
    }
}

void gic_reset(struct gic *gic)
{
    bool spi_level[GIC_IRQ_COUNT];
    for (unsigned i = 0; i < GIC_IRQ_COUNT; i++)
        spi_level[i] = gic->spi[i].level;
    memset(gic->spi, 0, sizeof gic->spi);
    gic->dist_ctlr = 0;
    for (unsigned c = 0; c < gic->cpu_count; c++) {
        bool ppi_level[GIC_PRIVATE];
        for (unsigned i = 0; i < GIC_PRIVATE; i++)
            ppi_level[i] = gic->cpu[c].priv[i].level;
        uint32_t lines = gic->cpu[c].lines;   /* what the CPU sees until gic_update */
        memset(&gic->cpu[c], 0, sizeof gic->cpu[c]);
        for (unsigned i = 0; i < GIC_PRIVATE; i++)
            gic->cpu[c].priv[i].level = ppi_level[i];
        gic->cpu[c].lines = lines;
    }
    for (unsigned i = 0; i < GIC_IRQ_COUNT; i++)
        gic->spi[i].level = spi_level[i];
    reset_values(gic);
    gic_update(gic);
}

void gic_destroy(struct gic *gic)
{
    free(gic);
}


uint64_t gic_affinity(unsigned c)
{
    return (uint64_t)(c / 16) << 8 | (c % 16);
}

/* GICv2: GICD_ITARGETSR (a one-CPU GIC targets its only CPU); GICv3: GICD_IROUTER, where
 * IRM = 1 lets every CPU take it (1 of N: the first to acknowledge it). */
bool gic_irq_targets(const struct gic *gic, unsigned c, unsigned intid)
{
    if (intid < GIC_PRIVATE)
        return true;
    const struct gic_irq *irq = &gic->spi[intid];
    if (gic->version == 2)
        return gic->cpu_count == 1 || (irq->targets >> c & 1);
    if (irq->route & (1ull << 31))
        return true;
    return (irq->route & 0xff00ffffffull) == gic_affinity(c);
}

void gic_notify(struct gic *gic, unsigned c, const struct gic_event *event)
{
    if (event->kind == GIC_EVENT_PENDING && event->intid >= GIC_PRIVATE)
        for (unsigned t = 0; t < gic->cpu_count; t++)
            if (gic_irq_targets(gic, t, event->intid)) {
                c = t;
                break;
            }
    struct cpu *cpu = gic->cpus ? gic->cpus[c] : NULL;
    if (cpu && cpu_event_wanted(cpu, ELSIM_EV_IRQ)) {
        struct elsim_event ev = { .kind = ELSIM_EV_IRQ, .u.irq = event };
        cpu_emit(cpu, &ev);
    }
}

void gic_set_pending(struct gic *gic, unsigned c, unsigned intid, bool pending)
{
    struct gic_irq *irq = gic_irq(gic, c, intid);
    bool was = gic_irq_pending(irq);
    irq->latch = pending;
    if (!was && gic_irq_pending(irq))
        gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_PENDING, .intid = intid });
}

void gic_deactivate(struct gic *gic, unsigned c, unsigned intid)
{
    if (intid < GIC_IRQ_COUNT && gic_irq(gic, c, intid)->active) {
        gic_irq(gic, c, intid)->active = false;
        gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_DEACTIVATE, .intid = intid });
    }
}

void gic_set_irq(struct gic *gic, unsigned cpu_index, unsigned intid, bool level)
{
    if (intid < 16 || intid >= GIC_IRQ_COUNT || (intid < GIC_PRIVATE && cpu_index >= gic->cpu_count))
        return;
    struct gic_irq *irq = gic_irq(gic, cpu_index, intid);
    bool was = gic_irq_pending(irq);
    if (irq->edge && level && !irq->level)
        irq->latch = true;
    irq->level = level;
    if (!was && gic_irq_pending(irq))
        gic_notify(gic, cpu_index, &(struct gic_event){ .kind = GIC_EVENT_PENDING, .intid = intid });
    if (intid < GIC_PRIVATE)
        gic_update_cpu(gic, cpu_index);
    else
        gic_update(gic);
}

/* The physical outputs of CPU c's interface: the HPPI, if it can be signalled, as FIQ (Group 0
 * with FIQEn) or IRQ. */
static uint32_t physical_lines(struct gic *gic, unsigned c)
{
    struct gic_hppi h;
    gic_hppi(gic, c, &h);
    if (!gic_cif_can_signal(gic, c, &h))
        return 0;
    return h.group == 0 && (gic->cpu[c].ctlr & CTLR_FIQEN) ? IRQ_LINE_FIQ : IRQ_LINE_IRQ;
}

void gic_update_cpu(struct gic *gic, unsigned c)
{
    struct gic_cpu *gc = &gic->cpu[c];
    /* The maintenance interrupt is a level-sensitive PPI of this CPU. */
    struct gic_irq *maintenance = &gc->priv[GIC_MAINTENANCE_PPI];
    bool was = gic_irq_pending(maintenance);
    maintenance->level = gic_vif_maintenance(gc);
    if (!was && gic_irq_pending(maintenance))
        gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_PENDING, .intid = GIC_MAINTENANCE_PPI });
    uint32_t lines = physical_lines(gic, c) | gic_vif_lines(gic, gc);
    uint32_t changed = lines ^ gc->lines;
    gc->lines = lines;
    if (!gic->cpus)
        return;
    static const uint32_t outputs[] = { IRQ_LINE_IRQ, IRQ_LINE_FIQ, IRQ_LINE_VIRQ, IRQ_LINE_VFIQ };
    for (unsigned i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if (changed & outputs[i])
            cpu_set_irq_line(gic->cpus[c], outputs[i], (lines & outputs[i]) != 0);
}

void gic_update(struct gic *gic)
{
    for (unsigned c = 0; c < gic->cpu_count; c++)
        gic_update_cpu(gic, c);
}
