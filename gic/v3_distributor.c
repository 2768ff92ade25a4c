/* The GICv3 distributor GICD (IHI 0069 12.9) with affinity routing enabled (ARE = 1) and one
 * Security state (DS = 1), and one redistributor GICR per CPU (12.10, 12.11): an RD_base frame
 * (control, identification, power management) and an SGI_base frame that holds the SGI and
 * PPI state of its CPU. */
#include "gic_internal.h"

#define GICV3_IIDR 0x0300043bu        /* implementer Arm, product 3 */
#define IROUTER_MASK (0xff00ffffffull | 1ull << 31) /* Aff3, Aff2, Aff1, Aff0, IRM */
#define GICR_FRAME_SIZE 0x20000u
#define GICR_SGI_BASE 0x10000u
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

static uint64_t iidr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)gic;
    (void)c;
    (void)offset;
    return GICV3_IIDR;
}

static uint64_t id_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)gic;
    (void)c;
    return gic_id_register(3, (offset & 0xfff) - 0xfd0);
}

/* --- GICD -------------------------------------------------------------------------------------- */

static uint64_t ctlr_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)c;
    (void)offset;
    return gic->dist_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
}

static void ctlr_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)c;
    (void)offset;
    gic->dist_ctlr = (uint32_t)value & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
}

/* ITLinesNumber (4:0); IDbits (23:19) = 9: 10-bit INTIDs; no LPIs, no Security Extensions. */
static uint64_t typer_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)gic;
    (void)c;
    (void)offset;
    return (GIC_IRQ_COUNT / 32 - 1) | 9u << 19;
}

static uint64_t irouter_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)c;
    return gic->spi[GIC_PRIVATE + (offset - 0x6100) / 8].route;
}

static void irouter_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)c;
    gic->spi[GIC_PRIVATE + (offset - 0x6100) / 8].route = value & IROUTER_MASK;
}

/* With affinity routing the SGI and PPI words of the per-interrupt registers (INTIDs 0-31)
 * are RAZ/WI here: they live in the redistributors. GICD_IGRPMODR and GICD_NSACR are RAZ/WI
 * with DS = 1, GICD_ITARGETSR and GICD_SGIR with ARE = 1. */
#define SPI_BITS(base) .offset = (base) + 4, .length = GIC_IRQ_COUNT / 8 - 4, .first = GIC_PRIVATE, .width = 1
static const struct gic_reg v3_distributor[] = {
    { .offset = 0x0000, .length = 4, .read = ctlr_read, .write = ctlr_write },
    { .offset = 0x0004, .length = 4, .read = typer_read },
    { .offset = 0x0008, .length = 4, .read = iidr_read },
    { SPI_BITS(0x080), .get = gic_field_group, .set = gic_field_set_group },
    { SPI_BITS(0x100), .set_ones = true, .get = gic_field_enabled, .set = gic_field_set_enable },
    { SPI_BITS(0x180), .set_ones = true, .get = gic_field_enabled, .set = gic_field_clear_enable },
    { SPI_BITS(0x200), .set_ones = true, .get = gic_field_pending, .set = gic_field_set_pending },
    { SPI_BITS(0x280), .set_ones = true, .get = gic_field_pending, .set = gic_field_clear_pending },
    { SPI_BITS(0x300), .set_ones = true, .get = gic_field_active, .set = gic_field_set_active },
    { SPI_BITS(0x380), .set_ones = true, .get = gic_field_active, .set = gic_field_clear_active },
    { .offset = 0x0420, .length = GIC_IRQ_COUNT - GIC_PRIVATE, .first = GIC_PRIVATE, .width = 8,
      .bytes = true, .get = gic_field_priority, .set = gic_field_set_priority },
    { .offset = 0x0c08, .length = GIC_IRQ_COUNT / 4 - 8, .first = GIC_PRIVATE, .width = 2,
      .get = gic_field_config, .set = gic_field_set_config },
    { .offset = 0x6100, .length = 8 * (GIC_IRQ_COUNT - GIC_PRIVATE), .wide = true,
      .read = irouter_read, .write = irouter_write },
    { .offset = 0xffd0, .length = 0x30, .read = id_read },
};

/* --- GICR: c is the redistributor's CPU --------------------------------------------------- */

/* Affinity (63:32), Processor_Number (23:8), Last (4): the last redistributor of the region. */
static uint64_t gicr_typer_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic_affinity(c) << 32 | (uint64_t)c << 8 | (c == gic->cpu_count - 1 ? 1u << 4 : 0);
}

/* GICR_WAKER: ProcessorSleep is the CPU's request; ChildrenAsleep follows it at once (the
 * interface has no outstanding work to finish). */
static uint64_t gicr_waker_read(struct gic *gic, unsigned c, uint32_t offset)
{
    (void)offset;
    return gic->cpu[c].asleep ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
}

static void gicr_waker_write(struct gic *gic, unsigned c, uint32_t offset, uint64_t value)
{
    (void)offset;
    gic->cpu[c].asleep = value & GICR_WAKER_PROCESSOR_SLEEP;
}

#define PRIVATE_BITS(base) .offset = GICR_SGI_BASE + (base), .length = 4, .width = 1
static const struct gic_reg v3_redistributor[] = {
    { .offset = 0x0000, .length = 4 },  /* GICR_CTLR: no LPIs, nothing to enable */
    { .offset = 0x0004, .length = 4, .read = iidr_read },
    { .offset = 0x0008, .length = 8, .wide = true, .read = gicr_typer_read },
    { .offset = 0x0014, .length = 4, .read = gicr_waker_read, .write = gicr_waker_write },
    { .offset = 0xffd0, .length = 0x30, .read = id_read },
    { PRIVATE_BITS(0x080), .get = gic_field_group, .set = gic_field_set_group },
    { PRIVATE_BITS(0x100), .set_ones = true, .get = gic_field_enabled, .set = gic_field_set_enable },
    { PRIVATE_BITS(0x180), .set_ones = true, .get = gic_field_enabled, .set = gic_field_clear_enable },
    { PRIVATE_BITS(0x200), .set_ones = true, .get = gic_field_pending, .set = gic_field_set_pending },
    { PRIVATE_BITS(0x280), .set_ones = true, .get = gic_field_pending, .set = gic_field_clear_pending },
    { PRIVATE_BITS(0x300), .set_ones = true, .get = gic_field_active, .set = gic_field_set_active },
    { PRIVATE_BITS(0x380), .set_ones = true, .get = gic_field_active, .set = gic_field_clear_active },
    { .offset = GICR_SGI_BASE + 0x400, .length = GIC_PRIVATE, .width = 8, .bytes = true,
      .get = gic_field_priority, .set = gic_field_set_priority },
    { .offset = GICR_SGI_BASE + 0xc00, .length = 8, .width = 2, .get = gic_field_config,
      .set = gic_field_set_config },
};

static bool distributor_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    struct gic *gic = opaque;
    return gic_reg_read(gic, GIC_ROWS(v3_distributor), cpu, offset, size, value);
}

static bool distributor_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    struct gic *gic = opaque;
    return gic_reg_write(gic, GIC_ROWS(v3_distributor), cpu, offset, size, value);
}

/* The redistributor region holds the frames of every CPU, one after the other; beyond the
 * last one it is reserved (RAZ/WI). */
static bool redistributor_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    (void)cpu;
    struct gic *gic = opaque;
    unsigned rd = (unsigned)(offset / GICR_FRAME_SIZE);
    if (rd >= gic->cpu_count) {
        *value = 0;
        return true;
    }
    return gic_reg_read(gic, GIC_ROWS(v3_redistributor), rd, offset % GICR_FRAME_SIZE, size, value);
}

static bool redistributor_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    (void)cpu;
    struct gic *gic = opaque;
    unsigned rd = (unsigned)(offset / GICR_FRAME_SIZE);
    if (rd >= gic->cpu_count)
        return true;
    return gic_reg_write(gic, GIC_ROWS(v3_redistributor), rd, offset % GICR_FRAME_SIZE, size, value);
}

const struct mmio_ops gic_v3_distributor_ops = {
    .name = "gicv3-distributor",
    .read = distributor_read,
    .write = distributor_write,
};

const struct mmio_ops gic_v3_redistributor_ops = {
    .name = "gicv3-redistributor",
    .read = redistributor_read,
    .write = redistributor_write,
};
