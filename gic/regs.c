/* Register tables of the memory-mapped GIC frames: rows {offset, length, field width, read,
 * write}, so that each frame is a list of its registers rather than a chain of tests; and the
 * per-interrupt fields (IGROUPR, IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER, IPRIORITYR, ICFGR)
 * that the GICv2 distributor, the GICv3 distributor and redistributors all use. */
#include "gic_internal.h"

static const struct gic_reg *find_row(const struct gic_reg *rows, unsigned nrows, uint64_t offset)
{
    for (unsigned i = 0; i < nrows; i++)
        if (offset >= rows[i].offset && offset - rows[i].offset < rows[i].length)
            return &rows[i];
    return NULL;
}

/* Accesses are 32-bit; byte accesses only to the byte-per-interrupt arrays, 64-bit ones only
 * to 64-bit registers; always naturally aligned. */
static bool size_allowed(const struct gic_reg *row, uint64_t offset, unsigned size)
{
    if (offset & (size - 1))
        return false;
    return size == 4 || (size == 1 && row->bytes) || (size == 8 && row->wide);
}

bool gic_reg_read(struct gic *gic, const struct gic_reg *rows, unsigned nrows, unsigned c,
                  uint64_t offset, unsigned size, uint64_t *value)
{
    const struct gic_reg *row = find_row(rows, nrows, offset);
    *value = 0;
    if (!row)
        return true; /* reserved: RAZ/WI */
    if (!size_allowed(row, offset, size))
        return false;
    if (row->width == 0) {
        uint32_t base = row->wide ? (uint32_t)offset & ~7u : (uint32_t)offset;
        uint64_t v = row->read ? row->read(gic, c, base) : 0;
        unsigned shift = (unsigned)(offset - base) * 8;
        *value = size == 8 ? v : (v >> shift) & (size == 4 ? 0xffffffffull : 0xffull);
        return true;
    }
    unsigned intid = row->first + (unsigned)(offset - row->offset) * 8 / row->width;
    for (unsigned i = 0; i < size * 8 / row->width; i++)
        if (intid + i < GIC_IRQ_COUNT)
            *value |= (uint64_t)row->get(gic, c, intid + i) << (i * row->width);
    return true;
}

bool gic_reg_write(struct gic *gic, const struct gic_reg *rows, unsigned nrows, unsigned c,
                   uint64_t offset, unsigned size, uint64_t value)
{
    const struct gic_reg *row = find_row(rows, nrows, offset);
    if (!row)
        return true;
    if (!size_allowed(row, offset, size))
        return false;
    if (row->width == 0) {
        if (!row->write)
            return true; /* read-only: writes ignored */
        uint32_t base = row->wide ? (uint32_t)offset & ~7u : (uint32_t)offset;
        if (row->wide && size == 4) {
            unsigned shift = (unsigned)(offset - base) * 8;
            uint64_t old = row->read(gic, c, base);
            value = (old & ~(0xffffffffull << shift)) | (value & 0xffffffffull) << shift;
        }
        row->write(gic, c, base, value);
    } else if (row->set) {
        unsigned intid = row->first + (unsigned)(offset - row->offset) * 8 / row->width;
        uint32_t mask = (1u << row->width) - 1;
        for (unsigned i = 0; i < size * 8 / row->width; i++) {
            uint32_t field = (uint32_t)(value >> (i * row->width)) & mask;
            if (intid + i < GIC_IRQ_COUNT && (field || !row->set_ones))
                row->set(gic, c, intid + i, field);
        }
    }
    gic_update(gic);
    return true;
}

/* --- Per-interrupt fields: c is the CPU whose SGIs and PPIs the frame shows --------------- */

/* GICv2 SGIs are permanently enabled, and their pending state is per source: set and clear
 * through GICD_SPENDSGIR / GICD_CPENDSGIR only. */
static bool v2_sgi(const struct gic *gic, unsigned intid)
{
    return gic->version == 2 && intid < 16;
}

uint32_t gic_field_group(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq(gic, c, intid)->group1;
}

void gic_field_set_group(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    gic_irq(gic, c, intid)->group1 = v & 1;
}

uint32_t gic_field_enabled(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq(gic, c, intid)->enabled;
}

void gic_field_set_enable(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    if (!v2_sgi(gic, intid))
        gic_irq(gic, c, intid)->enabled = true;
}

void gic_field_clear_enable(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    if (!v2_sgi(gic, intid))
        gic_irq(gic, c, intid)->enabled = false;
}

uint32_t gic_field_pending(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq_pending(gic_irq(gic, c, intid));
}

void gic_field_set_pending(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    if (!v2_sgi(gic, intid))
        gic_set_pending(gic, c, intid, true);
}

/* Clearing the latch leaves a level-sensitive interrupt pending while its input is high. */
void gic_field_clear_pending(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    if (!v2_sgi(gic, intid))
        gic_set_pending(gic, c, intid, false);
}

uint32_t gic_field_active(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq(gic, c, intid)->active;
}

void gic_field_set_active(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    gic_irq(gic, c, intid)->active = true;
}

void gic_field_clear_active(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    (void)v;
    gic_deactivate(gic, c, intid);
}

uint32_t gic_field_priority(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq(gic, c, intid)->priority;
}

void gic_field_set_priority(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    gic_irq(gic, c, intid)->priority = (uint8_t)(v & GIC_PRIO_MASK);
}

/* ICFGR: bit 1 of each field = edge-triggered; SGIs are always edge-triggered (0b10). */
uint32_t gic_field_config(struct gic *gic, unsigned c, unsigned intid)
{
    return gic_irq(gic, c, intid)->edge ? 2 : 0;
}

void gic_field_set_config(struct gic *gic, unsigned c, unsigned intid, uint32_t v)
{
    if (intid >= 16)
        gic_irq(gic, c, intid)->edge = v >> 1 & 1;
}

/* CoreSight component and peripheral IDs (0xFD0-0xFFC of a frame): Arm's JEP106 code 0x3B
 * (continuation 4), part 0x090 (v2) / 0x092 (v3), PIDR2.ArchRev = the GIC version. */
uint64_t gic_id_register(unsigned version, uint32_t offset)
{
    static const uint8_t ids[12] = {
        0x04, 0, 0, 0,      /* PIDR4-7 */
        0, 0xb4, 0x0b, 0,   /* PIDR0-3: PIDR0 and PIDR2 filled in below */
        0x0d, 0xf0, 0x05, 0xb1, /* CIDR0-3 */
    };
    unsigned i = offset / 4;
    if (offset & 3 || i >= 12)
        return 0;
    if (i == 4)
        return version == 2 ? 0x90 : 0x92;
    if (i == 6)
        return (uint64_t)version << 4 | ids[i];
    return ids[i];
}
