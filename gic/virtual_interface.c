/* The virtualization extensions common to GICv2 (GICH / GICV, IHI 0048B chapter 5) and GICv3
 * (ICH_*_EL2 / ICV_*_EL1, IHI 0069 chapter 6): the list registers, the virtual CPU interface
 * that they back (acknowledge, priority drop, deactivation, with the HW bit deactivating the
 * physical interrupt) and the maintenance interrupt conditions. */
#include "gic_internal.h"
#include "interrupt.h"

/* --- List register formats ------------------------------------------------------------------
 * GICv2 GICH_LRn: HW (31), Grp1 (30), State (29:28), Priority (27:23, the top 5 bits),
 * PhysicalID (19:10) when HW = 1, else EOI (19) and CPUID (12:10); VirtualID (9:0).
 * GICv3 ICH_LRn_EL2: State (63:62), HW (61), Group (60), Priority (55:48), pINTID (44:32) when
 * HW = 1, else EOI (41); vINTID (31:0, 16 bits implemented). */

uint32_t gic_lr_to_v2(const struct gic_lr *lr)
{
    uint32_t v = (uint32_t)lr->hw << 31 | (uint32_t)lr->group1 << 30 | (uint32_t)lr->state << 28 |
                 (uint32_t)(lr->priority >> 3) << 23 | (lr->vintid & 0x3ff);
    if (lr->hw)
        v |= (uint32_t)(lr->pintid & 0x3ff) << 10;
    else
        v |= (uint32_t)lr->eoi << 19 | (uint32_t)(lr->source & 7) << 10;
    return v;
}

void gic_lr_from_v2(struct gic_lr *lr, uint32_t value)
{
    lr->hw = value >> 31 & 1;
    lr->group1 = value >> 30 & 1;
    lr->state = value >> 28 & 3;
    lr->priority = (uint8_t)((value >> 23 & 0x1f) << 3);
    lr->vintid = value & 0x3ff;
    lr->pintid = lr->hw ? (uint16_t)(value >> 10 & 0x3ff) : 0;
    lr->eoi = !lr->hw && (value >> 19 & 1);
    lr->source = lr->hw ? 0 : (uint8_t)(value >> 10 & 7);
}

uint64_t gic_lr_to_v3(const struct gic_lr *lr)
{
    uint64_t v = (uint64_t)lr->state << 62 | (uint64_t)lr->hw << 61 | (uint64_t)lr->group1 << 60 |
                 (uint64_t)lr->priority << 48 | lr->vintid;
    if (lr->hw)
        v |= (uint64_t)lr->pintid << 32;
    else
        v |= (uint64_t)lr->eoi << 41;
    return v;
}

void gic_lr_from_v3(struct gic_lr *lr, uint64_t value)
{
    lr->state = value >> 62 & 3;
    lr->hw = value >> 61 & 1;
    lr->group1 = value >> 60 & 1;
    lr->priority = (uint8_t)(value >> 48) & GIC_PRIO_MASK;
    lr->vintid = value & 0xffff;
    lr->pintid = lr->hw ? (uint16_t)(value >> 32 & 0x1fff) : 0;
    lr->eoi = !lr->hw && (value >> 41 & 1);
    lr->source = 0;
}

/* --- Status registers --------------------------------------------------------------------- */

/* EISR: a software list register (HW = 0) asking for a maintenance interrupt at EOI (EOI = 1)
 * whose interrupt has been deactivated (State = Invalid). */
uint32_t gic_vif_eisr(const struct gic_cpu *gc)
{
    uint32_t eisr = 0;
    for (unsigned i = 0; i < GIC_LR_COUNT; i++)
        if (gc->lr[i].state == LR_INVALID && !gc->lr[i].hw && gc->lr[i].eoi)
            eisr |= 1u << i;
    return eisr;
}

/* ELRSR: a list register that holds no interrupt and no pending EOI maintenance request. */
uint32_t gic_vif_elrsr(const struct gic_cpu *gc)
{
    uint32_t elrsr = 0;
    for (unsigned i = 0; i < GIC_LR_COUNT; i++)
        if (gc->lr[i].state == LR_INVALID && (gc->lr[i].hw || !gc->lr[i].eoi))
            elrsr |= 1u << i;
    return elrsr;
}

/* MISR: each maintenance condition that is enabled and holds. */
uint32_t gic_vif_misr(const struct gic_cpu *gc)
{
    unsigned valid = 0, pending = 0;
    for (unsigned i = 0; i < GIC_LR_COUNT; i++) {
        valid += gc->lr[i].state != LR_INVALID;
        pending += gc->lr[i].state == LR_PENDING;
    }
    uint32_t hcr = gc->hcr, misr = 0;
    bool eng0 = gc->vmcr & CTLR_ENABLE_GRP0, eng1 = gc->vmcr & CTLR_ENABLE_GRP1;
    if (gic_vif_eisr(gc))
        misr |= MISR_EOI;
    if ((hcr & ICH_HCR_UIE) && valid <= 1)
        misr |= MISR_U;
    if ((hcr & ICH_HCR_LRENPIE) && (hcr >> ICH_HCR_EOICOUNT_SHIFT))
        misr |= MISR_LRENP;
    if ((hcr & ICH_HCR_NPIE) && pending == 0)
        misr |= MISR_NP;
    if ((hcr & ICH_HCR_VGRP0EIE) && eng0)
        misr |= MISR_VGRP0E;
    if ((hcr & ICH_HCR_VGRP0DIE) && !eng0)
        misr |= MISR_VGRP0D;
    if ((hcr & ICH_HCR_VGRP1EIE) && eng1)
        misr |= MISR_VGRP1E;
    if ((hcr & ICH_HCR_VGRP1DIE) && !eng1)
        misr |= MISR_VGRP1D;
    return misr;
}

bool gic_vif_maintenance(const struct gic_cpu *gc)
{
    return (gc->hcr & ICH_HCR_EN) && gic_vif_misr(gc) != 0;
}

/* --- The virtual CPU interface -------------------------------------------------------------- */

static void vbpr(const struct gic_cpu *gc, uint8_t bpr[2])
{
    bpr[0] = gc->vmcr >> VMCR_VBPR0_SHIFT & 7;
    bpr[1] = gc->vmcr >> VMCR_VBPR1_SHIFT & 7;
}

int gic_vif_hppi(const struct gic_cpu *gc)
{
    int best = -1;
    for (unsigned i = 0; i < GIC_LR_COUNT; i++) {
        const struct gic_lr *lr = &gc->lr[i];
        if (lr->state != LR_PENDING || !(gc->vmcr >> lr->group1 & 1))
            continue;
        if (best < 0 || lr->priority < gc->lr[best].priority)
            best = (int)i;
    }
    return best;
}

unsigned gic_vif_running_priority(const struct gic_cpu *gc)
{
    return gic_apr_priority(gc->vapr);
}

/* Signalled: the interface enabled (HCR.En), above the virtual priority mask, preempting the
 * virtual running priority. */
bool gic_vif_can_signal(const struct gic_cpu *gc, int i)
{
    if (i < 0 || !(gc->hcr & ICH_HCR_EN))
        return false;
    const struct gic_lr *lr = &gc->lr[i];
    uint8_t bpr[2];
    vbpr(gc, bpr);
    if (lr->priority >= (gc->vmcr >> VMCR_VPMR_SHIFT & GIC_PRIO_MASK))
        return false;
    return gic_group_priority(lr->priority, lr->group1, gc->vmcr, bpr) < gic_apr_priority(gc->vapr);
}

uint32_t gic_vif_lines(const struct gic *gic, const struct gic_cpu *gc)
{
    (void)gic;
    int i = gic_vif_hppi(gc);
    if (!gic_vif_can_signal(gc, i))
        return 0;
    return !gc->lr[i].group1 && (gc->vmcr & CTLR_FIQEN) ? IRQ_LINE_VFIQ : IRQ_LINE_VIRQ;
}

unsigned gic_vif_highest_pending(const struct gic_cpu *gc, unsigned group_mask)
{
    int i = gic_vif_hppi(gc);
    if (i < 0 || !(group_mask >> gc->lr[i].group1 & 1))
        return INTID_SPURIOUS;
    return gc->lr[i].vintid;
}

unsigned gic_vif_acknowledge(struct gic *gic, unsigned c, unsigned group_mask, unsigned other)
{
    struct gic_cpu *gc = &gic->cpu[c];
    int i = gic_vif_hppi(gc);
    if (!gic_vif_can_signal(gc, i))
        return INTID_SPURIOUS;
    struct gic_lr *lr = &gc->lr[i];
    if (!(group_mask >> lr->group1 & 1))
        return other;
    uint8_t bpr[2];
    vbpr(gc, bpr);
    lr->state = LR_ACTIVE;
    unsigned level = gic_group_priority(lr->priority, lr->group1, gc->vmcr, bpr) >> (8 - GIC_PRIO_BITS);
    gc->vapr[lr->group1] |= 1u << level;
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_ACK, .virtual_ = true, .intid = lr->vintid });
    gic_update_cpu(gic, c);
    unsigned result = lr->vintid;
    if (gic->version == 2 && lr->vintid < 16 && !lr->hw)
        result |= (unsigned)lr->source << 10;
    return result;
}

/* Deactivation of a virtual interrupt: its list register leaves the active state, and with
 * HW = 1 the physical interrupt pINTID is deactivated in the distributor. Without a matching
 * active list register, EOIcount counts the event for the hypervisor. */
void gic_vif_deactivate(struct gic *gic, unsigned c, unsigned intid)
{
    struct gic_cpu *gc = &gic->cpu[c];
    unsigned vintid = gic->version == 2 ? intid & 0x3ff : intid;
    unsigned source = intid >> 10 & 7;
    for (unsigned i = 0; i < GIC_LR_COUNT; i++) {
        struct gic_lr *lr = &gc->lr[i];
        if (!(lr->state & LR_ACTIVE) || lr->vintid != vintid)
            continue;
        if (gic->version == 2 && vintid < 16 && !lr->hw && lr->source != source)
            continue;
        lr->state &= (uint8_t)~LR_ACTIVE;
        gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_DEACTIVATE, .virtual_ = true, .intid = vintid });
        if (lr->hw && lr->pintid >= 16 && lr->pintid < GIC_IRQ_COUNT)
            gic_deactivate(gic, c, lr->pintid);
        gic_update(gic);
        return;
    }
    uint32_t count = (gc->hcr >> ICH_HCR_EOICOUNT_SHIFT) + 1;
    gc->hcr = (gc->hcr & ((1u << ICH_HCR_EOICOUNT_SHIFT) - 1)) | (count & 0x1f) << ICH_HCR_EOICOUNT_SHIFT;
    gic_update_cpu(gic, c);
}

void gic_vif_eoi(struct gic *gic, unsigned c, unsigned intid, unsigned group_mask)
{
    struct gic_cpu *gc = &gic->cpu[c];
    uint32_t all = gc->vapr[0] | gc->vapr[1];
    if (!all)
        return;
    unsigned bit = (unsigned)__builtin_ctz(all);
    unsigned group = gc->vapr[0] >> bit & 1 ? 0 : 1;
    if (!(group_mask >> group & 1))
        return;
    gc->vapr[group] &= ~(1u << bit);
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_EOI, .virtual_ = true, .intid = intid & 0xffffff });
    if (!(gc->vmcr & CTLR_EOIMODE))
        gic_vif_deactivate(gic, c, intid);
    else
        gic_update_cpu(gic, c);
}
