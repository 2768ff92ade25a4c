/* The GICv2 virtual interface control registers GICH (IHI 0048B 5.3), banked per accessing
 * CPU: the hypervisor's view of its CPU's list registers and virtual CPU interface state. */
#include "gic_internal.h"

#define GICH_HCR_MASK (0xffu | 0x1fu << ICH_HCR_EOICOUNT_SHIFT)
/* VENG0, VENG1, VAckCtl, VFIQEn, VCBPR, VEOIM, VABPR (20:18), VBPR (23:21), VMPriMask (31:27). */
#define GICH_VMCR_MASK (0x21fu | 7u << VMCR_VBPR1_SHIFT | 7u << VMCR_VBPR0_SHIFT | 0xf8u << VMCR_VPMR_SHIFT)
/* PRIbits (31:29) and PREbits (28:26): 5 bits; ListRegs (5:0): 4 list registers. */
#define GICH_VTR ((GIC_PRIO_BITS - 1u) << 29 | (GIC_PRIO_BITS - 1u) << 26 | (GIC_LR_COUNT - 1u))

static uint64_t hcr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].hcr;
}

static void hcr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].hcr = (uint32_t)value & GICH_HCR_MASK;
}

static uint64_t vtr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)gic;
    (void)c;
    (void)offset;
    return GICH_VTR;
}

static uint64_t vmcr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].vmcr;
}

/* Binary points below the minimum read back as the minimum, as a GICV_BPR write would. */
static void vmcr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    uint32_t v = (uint32_t)value & GICH_VMCR_MASK;
    if ((v >> VMCR_VBPR0_SHIFT & 7) < GIC_BPR0_MIN)
        v = (v & ~(7u << VMCR_VBPR0_SHIFT)) | GIC_BPR0_MIN << VMCR_VBPR0_SHIFT;
    if ((v >> VMCR_VBPR1_SHIFT & 7) < GIC_BPR1_MIN)
        v = (v & ~(7u << VMCR_VBPR1_SHIFT)) | GIC_BPR1_MIN << VMCR_VBPR1_SHIFT;
    gic->cpu[c].vmcr = v;
}

static uint64_t misr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_vif_misr(&gic->cpu[c]);
}

static uint64_t eisr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_vif_eisr(&gic->cpu[c]);
}

static uint64_t elrsr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_vif_elrsr(&gic->cpu[c]);
}

/* GICH_APR: one active priority register for both groups. */
static uint64_t apr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].vapr[0] | gic->cpu[c].vapr[1];
}

static void apr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].vapr[0] = (uint32_t)value;
    gic->cpu[c].vapr[1] = 0;
}

static uint64_t lr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    return gic_lr_to_v2(&gic->cpu[c].lr[(offset - 0x100) / 4]);
}

static void lr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    struct gic_lr *lr = &gic->cpu[c].lr[(offset - 0x100) / 4];
    gic_lr_from_v2(lr, (uint32_t)value);
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_LR_WRITE, .intid = lr->vintid,
                                            .lr = (offset - 0x100) / 4, .value = (uint32_t)value });
}

static const struct gic_reg v2_hyp_interface[] = {
    { .offset = 0x000, .length = 4, .read = hcr_read, .write = hcr_write },
    { .offset = 0x004, .length = 4, .read = vtr_read },
    { .offset = 0x008, .length = 4, .read = vmcr_read, .write = vmcr_write },
    { .offset = 0x010, .length = 4, .read = misr_read },
    { .offset = 0x020, .length = 4, .read = eisr_read },   /* EISR1 (0x024): RAZ */
    { .offset = 0x030, .length = 4, .read = elrsr_read },  /* ELRSR1 (0x034): RAZ */
    { .offset = 0x0f0, .length = 4, .read = apr_read, .write = apr_write },
    { .offset = 0x100, .length = 4 * GIC_LR_COUNT, .read = lr_read, .write = lr_write },
};

static bool hyp_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_read(gic, GIC_ROWS(v2_hyp_interface), cpu, offset, size, value);
}

static bool hyp_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    struct gic *gic = opaque;
    return cpu < gic->cpu_count && gic_reg_write(gic, GIC_ROWS(v2_hyp_interface), cpu, offset, size, value);
}

const struct mmio_ops gic_v2_hyp_interface_ops = {
    .name = "gicv2-hyp-interface",
    .read = hyp_read,
    .write = hyp_write,
};
