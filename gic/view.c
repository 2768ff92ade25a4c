/* The GIC's state as a debugger shows it (include/elsim.h elsim_gic_irq, elsim_gic_cpu): read
 * from the model's fields, nothing changed, nothing acknowledged. */
#include "gic_internal.h"

bool gic_irq_view(struct gic *gic, unsigned c, unsigned intid, struct elsim_gic_irq *out)
{
    if (c >= gic->cpu_count || intid >= GIC_IRQ_COUNT)
        return false;
    const struct gic_irq *irq = gic_irq(gic, c, intid);
    *out = (struct elsim_gic_irq){
        .enabled = irq->enabled,
        .pending = gic_irq_pending(irq) || (gic->version == 2 && intid < 16 && gic->cpu[c].sgi_sources[intid]),
        .active = irq->active,
        .level = irq->level,
        .edge = irq->edge,
        .group1 = irq->group1,
        .priority = irq->priority,
        .targets = intid >= GIC_PRIVATE ? irq->targets : 0,
        .route = intid >= GIC_PRIVATE ? irq->route : 0,
    };
    return true;
}

bool gic_cpu_view(struct gic *gic, unsigned c, struct elsim_gic_cpu *out)
{
    if (c >= gic->cpu_count)
        return false;
    const struct gic_cpu *gc = &gic->cpu[c];
    *out = (struct elsim_gic_cpu){
        .version = gic->version,
        .dist_ctlr = gic->dist_ctlr | (gic->version == 3 ? GICD_CTLR_ARE | GICD_CTLR_DS : 0),
        .ctlr = gc->ctlr,
        .pmr = gc->pmr,
        .running_priority = (uint8_t)gic_cif_running_priority(gic, c),
        .hcr = gc->hcr,
        .vmcr = gc->vmcr,
        .misr = gic_vif_misr(gc),
        .lr_count = GIC_LR_COUNT,
    };
    for (unsigned n = 0; n < GIC_LR_COUNT; n++) {
        const struct gic_lr *lr = &gc->lr[n];
        out->lr[n] = (struct elsim_gic_lr){ lr->vintid, lr->pintid, lr->priority, lr->state, lr->hw, lr->group1 };
    }
    return true;
}
