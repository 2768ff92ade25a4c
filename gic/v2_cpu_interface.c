/* The GICv2 CPU interface GICC (IHI 0048B 4.4, without the Security Extensions) and the
 * virtual CPU interface GICV (5.6), which has GICC's layout but is backed by the list
 * registers and GICH_VMCR of the accessing CPU: a guest acknowledges and completes its virtual
 * interrupts here without trapping to the hypervisor. */
#include "gic_internal.h"

/* GICC_CTLR: EnableGrp0, EnableGrp1, AckCtl, FIQEn, CBPR, the bypass disables (no legacy
 * bypass signals are modelled: they are stored) and EOImode (bit 9). */
#define GICC_CTLR_MASK 0x3ffu
/* GICV_CTLR: the same bits less the bypass disables, held in GICH_VMCR. */
#define GICV_CTLR_MASK (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1 | CTLR_ACKCTL | CTLR_FIQEN | CTLR_CBPR | CTLR_EOIMODE)
#define GICC_IIDR 0x0202043bu /* architecture version 2, implementer Arm */

static unsigned clamp_bpr(uint64_t value, unsigned min)
{
    unsigned bpr = (unsigned)value & 7;
    return bpr < min ? min : bpr;
}

static uint64_t iidr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)gic;
    (void)c;
    (void)offset;
    return GICC_IIDR;
}

/* --- GICC ------------------------------------------------------------------------------------ */

static uint64_t cc_ctlr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].ctlr;
}

static void cc_ctlr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].ctlr = (uint32_t)value & GICC_CTLR_MASK;
}

static uint64_t cc_pmr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].pmr;
}

static void cc_pmr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].pmr = (uint8_t)(value & GIC_PRIO_MASK);
}

/* GICC_BPR (offset 0x08) is Group 0's binary point, GICC_ABPR (0x1C) Group 1's. */
static uint64_t cc_bpr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    return gic->cpu[c].bpr[offset == 0x1c];
}

static void cc_bpr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    unsigned g = offset == 0x1c;
    gic->cpu[c].bpr[g] = (uint8_t)clamp_bpr(value, g ? GIC_BPR1_MIN : GIC_BPR0_MIN);
}

/* GICC_IAR acknowledges Group 0, and Group 1 too when AckCtl = 1 (else it reads 1022 for a
 * signalled Group 1 interrupt); GICC_AIAR acknowledges Group 1. */
static uint64_t cc_iar_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    unsigned groups = gic->cpu[c].ctlr & CTLR_ACKCTL ? 3 : 1;
    return gic_cif_acknowledge(gic, c, groups, INTID_OTHER_GROUP);
}

static uint64_t cc_aiar_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_cif_acknowledge(gic, c, 2, INTID_SPURIOUS);
}

/* Without the Security Extensions one active priority order spans both groups: EOIR and AEOIR
 * drop the highest active priority whatever its group. */
static void cc_eoir_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic_cif_eoi(gic, c, (unsigned)value & 0x3ff, 3);
}

static void cc_dir_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic_deactivate(gic, c, (unsigned)value & 0x3ff);
}

static uint64_t cc_rpr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_cif_running_priority(gic, c);
}

/* GICC_HPPIR: the highest priority pending interrupt (1022 when it is Group 1 and AckCtl = 0);
 * GICC_AHPPIR: the same if it is Group 1. SGIs carry their source CPU in bits 12:10. */
static uint64_t hppir(struct gic *gic, unsigned c, bool alias)
{
    struct gic_hppi h;
    gic_hppi(gic, c, &h);
    if (h.intid == INTID_SPURIOUS)
        return INTID_SPURIOUS;
    if (alias ? h.group == 0 : h.group == 1 && !(gic->cpu[c].ctlr & CTLR_ACKCTL))
        return alias ? INTID_SPURIOUS : INTID_OTHER_GROUP;
    return h.intid | h.source << 10;
}

static uint64_t cc_hppir_read(struct gic *gic, unsigned c, uint32_t offset)
{
    return hppir(gic, c, offset == 0x28);
}

/* GICC_APR0 (0xD0) holds Group 0's active priorities, GICC_NSAPR0 (0xE0) Group 1's. */
static uint64_t cc_apr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    return gic->cpu[c].apr[offset == 0xe0];
}

static void cc_apr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    gic->cpu[c].apr[offset == 0xe0] = (uint32_t)value;
}

static const struct gic_reg v2_cpu_interface[] = {
    { .offset = 0x00, .length = 4, .read = cc_ctlr_read, .write = cc_ctlr_write },
    { .offset = 0x04, .length = 4, .read = cc_pmr_read, .write = cc_pmr_write },
    { .offset = 0x08, .length = 4, .read = cc_bpr_read, .write = cc_bpr_write },
    { .offset = 0x0c, .length = 4, .read = cc_iar_read },
    { .offset = 0x10, .length = 4, .write = cc_eoir_write },
    { .offset = 0x14, .length = 4, .read = cc_rpr_read },
    { .offset = 0x18, .length = 4, .read = cc_hppir_read },
    { .offset = 0x1c, .length = 4, .read = cc_bpr_read, .write = cc_bpr_write },
    { .offset = 0x20, .length = 4, .read = cc_aiar_read },
    { .offset = 0x24, .length = 4, .write = cc_eoir_write },
    { .offset = 0x28, .length = 4, .read = cc_hppir_read },
    { .offset = 0xd0, .length = 4, .read = cc_apr_read, .write = cc_apr_write },
    { .offset = 0xe0, .length = 4, .read = cc_apr_read, .write = cc_apr_write },
    { .offset = 0xfc, .length = 4, .read = iidr_read },
    { .offset = 0x1000, .length = 4, .write = cc_dir_write },
};

/* --- GICV: the same registers on the virtual interface of the accessing CPU --------------- */

static uint64_t cv_ctlr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].vmcr & GICV_CTLR_MASK;
}

static void cv_ctlr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    struct gic_cpu *gc = &gic->cpu[c];
    gc->vmcr = (gc->vmcr & ~GICV_CTLR_MASK) | ((uint32_t)value & GICV_CTLR_MASK);
}

static uint64_t cv_pmr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].vmcr >> VMCR_VPMR_SHIFT & GIC_PRIO_MASK;
}

static void cv_pmr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    struct gic_cpu *gc = &gic->cpu[c];
    gc->vmcr = (gc->vmcr & ~(0xffu << VMCR_VPMR_SHIFT)) | (uint32_t)(value & GIC_PRIO_MASK) << VMCR_VPMR_SHIFT;
}

static uint64_t cv_bpr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    unsigned shift = offset == 0x1c ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
    return gic->cpu[c].vmcr >> shift & 7;
}

static void cv_bpr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    struct gic_cpu *gc = &gic->cpu[c];
    bool g1 = offset == 0x1c;
    unsigned shift = g1 ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
    unsigned bpr = clamp_bpr(value, g1 ? GIC_BPR1_MIN : GIC_BPR0_MIN);
    gc->vmcr = (gc->vmcr & ~(7u << shift)) | bpr << shift;
}

static uint64_t cv_iar_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    unsigned groups = gic->cpu[c].vmcr & CTLR_ACKCTL ? 3 : 1;
    return gic_vif_acknowledge(gic, c, groups, INTID_OTHER_GROUP);
}

static uint64_t cv_aiar_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_vif_acknowledge(gic, c, 2, INTID_SPURIOUS);
}

static void cv_eoir_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic_vif_eoi(gic, c, (unsigned)value & 0x1fff, 3);
}

static void cv_dir_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic_vif_deactivate(gic, c, (unsigned)value & 0x1fff);
}

static uint64_t cv_rpr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_vif_running_priority(&gic->cpu[c]);
}

static uint64_t cv_hppir_read(struct gic *gic, unsigned c, uint32_t offset)
{
    const struct gic_cpu *gc = &gic->cpu[c];
    int i = gic_vif_hppi(gc);
    if (i < 0)
        return INTID_SPURIOUS;
    const struct gic_lr *lr = &gc->lr[i];
    if (offset == 0x28 ? !lr->group1 : lr->group1 && !(gc->vmcr & CTLR_ACKCTL))
        return offset == 0x28 ? INTID_SPURIOUS : INTID_OTHER_GROUP;
    return lr->vintid | (lr->vintid < 16 && !lr->hw ? (unsigned)lr->source << 10 : 0);
}

/* GICV_APR0 is GICH_APR; there is no separate Group 1 copy (GICV_NSAPR0 is RAZ/WI). */
static uint64_t cv_apr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].vapr[0] | gic->cpu[c].vapr[1];
}

static void cv_apr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].vapr[0] = (uint32_t)value;
    gic->cpu[c].vapr[1] = 0;
}

static const struct gic_reg v2_virtual_cpu_interface[] = {
    { .offset = 0x00, .length = 4, .read = cv_ctlr_read, .write = cv_ctlr_write },
    { .offset = 0x04, .length = 4, .read = cv_pmr_read, .write = cv_pmr_write },
    { .offset = 0x08, .length = 4, .read = cv_bpr_read, .write = cv_bpr_write },
    { .offset = 0x0c, .length = 4, .read = cv_iar_read },
    { .offset = 0x10, .length = 4, .write = cv_eoir_write },
    { .offset = 0x14, .length = 4, .read = cv_rpr_read },
    { .offset = 0x18, .length = 4, .read = cv_hppir_read },
    { .offset = 0x1c, .length = 4, .read = cv_bpr_read, .write = cv_bpr_write },
    { .offset = 0x20, .length = 4, .read = cv_aiar_read },
    { .offset = 0x24, .length = 4, .write = cv_eoir_write },
    { .offset = 0x28, .length = 4, .read = cv_hppir_read },
    { .offset = 0xd0, .length = 4, .read = cv_apr_read, .write = cv_apr_write },
    { .offset = 0xfc, .length = 4, .read = iidr_read },
    { .offset = 0x1000, .length = 4, .write = cv_dir_write },
};

static bool cpu_interface_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_read(gic, GIC_ROWS(v2_cpu_interface), cpu, offset, size, value);
}

static bool cpu_interface_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_write(gic, GIC_ROWS(v2_cpu_interface), cpu, offset, size, value);
}

static bool virtual_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_read(gic, GIC_ROWS(v2_virtual_cpu_interface), cpu, offset, size, value);
}

static bool virtual_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_write(gic, GIC_ROWS(v2_virtual_cpu_interface), cpu, offset, size, value);
}

const struct mmio_ops gic_v2_cpu_interface_ops = {
    .name = "gicv2-cpu-interface",
    .read = cpu_interface_read,
    .write = cpu_interface_write,
};

const struct mmio_ops gic_v2_virtual_cpu_interface_ops = {
    .name = "gicv2-virtual-cpu-interface",
    .read = virtual_read,
    .write = virtual_write,
};
