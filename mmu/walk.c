/* Translation table walks: AArch64.TranslationTableWalk for stage 1 (EL1&0 and EL2 regimes) and
 * stage 2, ARMv8.0 (48-bit VA and PA, 4K/16K/64K granules, no hardware access-flag update). */
#include "walk.h"

#include <string.h>

#include "cpu.h"
#include "platform.h"

enum { PA_MAX = 48, INPUT_MIN = 25, INPUT_MAX = 48 };
#define BITS(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))
#define MASK_ABOVE(n) (~0ull << (n))
#define ADDR_MASK 0x0000ffffffffffffull /* bits 47:0 */

/* TCR IPS / PS to an output size in bits (values above 48 are 52-bit PA, not in ARMv8.0: they
 * are reserved and behave as 48). */
static unsigned output_bits(unsigned ps)
{
    static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    return bits[ps & 7];
}

/* Granule sizes of TG0 (00 4K, 01 64K, 10 16K) and TG1 (01 16K, 10 4K, 11 64K); the reserved
 * encodings behave as 4K (an IMPLEMENTATION DEFINED choice the ARM ARM allows). */
static unsigned tg0_bits(unsigned tg) { return tg == 1 ? 16 : tg == 2 ? 14 : 12; }
static unsigned tg1_bits(unsigned tg) { return tg == 1 ? 14 : tg == 3 ? 16 : 12; }

static int stage1_start_level(unsigned input_bits, unsigned granule_bits)
{
    unsigned stride = granule_bits - 3;
    return 4 - (int)((input_bits - granule_bits + stride - 1) / stride);
}

/* The base register's table address: BADDR with the bits below the start table's alignment
 * ignored (they are RES0). */
static void set_table_base(struct walk_config *c, uint64_t ttbr)
{
    unsigned stride = c->granule_bits - 3;
    unsigned low = 3 + c->input_bits - ((3 - c->start_level) * stride + c->granule_bits);
    c->table_base_raw = ttbr & ADDR_MASK & ~1ull;
    c->table_base = c->table_base_raw & MASK_ABOVE(low);
}

/* Input size from TxSZ: a too-small range is forced to the minimum (a CONSTRAINED
 * UNPREDICTABLE choice), a too-large one cannot be walked. */
static bool set_input_bits(struct walk_config *c, unsigned txsz)
{
    unsigned input = 64 - txsz;
    if (input < INPUT_MIN)
        input = INPUT_MIN;
    c->input_bits = input;
    return input <= INPUT_MAX;
}

static bool all_zero(uint64_t v, unsigned top, unsigned bottom)
{
    return top < bottom || BITS(v, top, bottom) == 0;
}

static bool all_ones(uint64_t v, unsigned top, unsigned bottom)
{
    return top < bottom || BITS(v, top, bottom) == BITS(~0ull, top, bottom);
}

void walk_config_el1(const struct cpu *cpu, uint64_t va, unsigned top, struct walk_config *c)
{
    uint64_t tcr = cpu->sr[SR_TCR_EL1];
    bool upper = (va >> top) & 1;
    memset(c, 0, sizeof *c);
    if (!upper) {
        c->granule_bits = tg0_bits(BITS(tcr, 15, 14));
        c->valid = set_input_bits(c, BITS(tcr, 5, 0)) && all_zero(va, top, c->input_bits);
        c->disabled = BITS(tcr, 7, 7);
    } else {
        c->granule_bits = tg1_bits(BITS(tcr, 31, 30));
        c->valid = set_input_bits(c, BITS(tcr, 21, 16)) && all_ones(va, top, c->input_bits);
        c->disabled = BITS(tcr, 23, 23);
    }
    c->output_bits = output_bits(BITS(tcr, 34, 32));
    c->start_level = stage1_start_level(c->input_bits, c->granule_bits);
    set_table_base(c, cpu->sr[upper ? SR_TTBR1_EL1 : SR_TTBR0_EL1]);
}

void walk_config_el2(const struct cpu *cpu, uint64_t va, unsigned top, struct walk_config *c)
{
    uint64_t tcr = cpu->sr[SR_TCR_EL2];
    memset(c, 0, sizeof *c);
    c->single_privilege = true;
    c->granule_bits = tg0_bits(BITS(tcr, 15, 14));
    c->valid = set_input_bits(c, BITS(tcr, 5, 0)) && all_zero(va, top, c->input_bits);
    c->output_bits = output_bits(BITS(tcr, 18, 16));
    c->start_level = stage1_start_level(c->input_bits, c->granule_bits);
    set_table_base(c, cpu->sr[SR_TTBR0_EL2]);
}

void walk_config_stage2(const struct cpu *cpu, uint64_t ipa, struct walk_config *c)
{
    uint64_t vtcr = cpu->sr[SR_VTCR_EL2];
    memset(c, 0, sizeof *c);
    c->stage2 = true;
    c->single_privilege = true;
    c->granule_bits = tg0_bits(BITS(vtcr, 15, 14));
    c->valid = set_input_bits(c, BITS(vtcr, 5, 0)) && all_zero(ipa, 63, c->input_bits);
    c->output_bits = output_bits(BITS(vtcr, 18, 16));
    unsigned sl0 = BITS(vtcr, 7, 6);
    /* VTCR_EL2.SL0: the start level counts down from level 2 (4K) or level 3 (16K, 64K). */
    int level = (c->granule_bits == 12 ? 2 : 3) - (int)sl0;
    bool legal = c->granule_bits == 12 ? level >= 0 : level >= 1;
    /* At most 16 concatenated tables at the start level. */
    unsigned stride = c->granule_bits - 3;
    int start_bits = (int)c->input_bits - (int)((3 - level) * stride + c->granule_bits);
    if (!legal || start_bits < 1 || start_bits > (int)stride + 4) {
        c->valid = false;
        level = 0;
    }
    c->start_level = level;
    if (c->valid)
        set_table_base(c, cpu->sr[SR_VTTBR_EL2]);
}

/* The output-address check of a table or leaf descriptor (AArch64.AddressSizeFault): bits above
 * the output size, and for the 64K granule bits 15:12 (PA[51:48] only with 52-bit PAs). */
static bool descriptor_address_too_big(uint64_t desc, const struct walk_config *c)
{
    if (c->granule_bits == 16 && BITS(desc, 15, 12))
        return true;
    return c->output_bits < PA_MAX && BITS(desc, 47, c->output_bits) != 0;
}

static bool fail(struct mmu_fault *fault, uint8_t fsc, int level, const struct walk_config *c)
{
    fault->fsc = (uint8_t)(fsc | (level & 3));
    fault->stage2 = c->stage2;
    return false;
}

/* Read a descriptor from physical memory; false for a location that is not RAM or flash. */
static bool read_descriptor(struct cpu *cpu, uint64_t pa, uint64_t *desc)
{
    bool writable;
    const uint8_t *page = cpu->platform->memory_page(cpu->machine, pa & ~0xfffull, &writable);
    if (!page)
        return false;
    memcpy(desc, page + (pa & 0xff8), 8);
    return true;
}

bool walk_table(struct cpu *cpu, const struct walk_config *c, uint64_t input,
                const struct walk_table_translator *s1_tables, const struct walk_tracer *tracer,
                struct walk_result *r, struct mmu_fault *fault)
{
    if (!c->valid || c->disabled)
        return fail(fault, FSC_TRANSLATION_L0, 0, c);
    if (c->output_bits < PA_MAX && BITS(c->table_base_raw, 47, c->output_bits))
        return fail(fault, FSC_ADDRESS_SIZE_L0, 0, c);

    unsigned g = c->granule_bits, stride = g - 3;
    int level = c->start_level;
    unsigned top = c->input_bits - 1, bottom;
    uint64_t base = c->table_base, desc;
    unsigned ap_table = 0;
    bool xn_table = false, pxn_table = false;
    for (;;) {
        bottom = (3 - level) * stride + g;
        uint64_t address = base | (BITS(input, top, bottom) << 3);
        if (s1_tables && !s1_tables->translate(s1_tables->ctx, address, &address, fault))
            return false;
        if (!read_descriptor(cpu, address, &desc))
            return fail(fault, FSC_EXTERNAL_ABORT_WALK_L0, level, c);
        if (tracer)
            tracer->descriptor(tracer->ctx, c->stage2, level, address, desc);
        if (!(desc & 1) || ((desc & 3) == 1 && level == 3))
            return fail(fault, FSC_TRANSLATION_L0, level, c);
        if ((desc & 3) == 1 || level == 3)
            break;
        if (descriptor_address_too_big(desc, c))
            return fail(fault, FSC_ADDRESS_SIZE_L0, level, c);
        base = desc & ADDR_MASK & MASK_ABOVE(g);
        if (!c->stage2) {
            /* Hierarchical attributes: APTable[1], XNTable/UXNTable, and for two privilege
             * levels APTable[0] and PXNTable. */
            ap_table |= BITS(desc, 62, 62) << 1;
            xn_table |= BITS(desc, 60, 60);
            if (!c->single_privilege) {
                ap_table |= BITS(desc, 61, 61);
                pxn_table |= BITS(desc, 59, 59);
            }
        }
        level++;
        top = bottom - 1;
    }
    /* Blocks are legal from level 1 (4K) or level 2 (16K, 64K) in ARMv8.0. */
    if (level < (g == 12 ? 1 : 2))
        return fail(fault, FSC_TRANSLATION_L0, level, c);
    if (descriptor_address_too_big(desc, c))
        return fail(fault, FSC_ADDRESS_SIZE_L0, level, c);
    if (!BITS(desc, 10, 10))
        return fail(fault, FSC_ACCESS_FLAG_L0, level, c);

    r->output = (desc & ADDR_MASK & MASK_ABOVE(bottom)) | (input & ~MASK_ABOVE(bottom));
    r->level = (unsigned)level;
    r->block_bits = bottom;
    r->descriptor = desc;
    if (!c->stage2) {
        unsigned ap2 = BITS(desc, 7, 7) | (ap_table >> 1);
        unsigned ap1 = c->single_privilege ? 1 : (BITS(desc, 6, 6) & ~ap_table & 1);
        r->ap = ap2 << 1 | ap1;
        r->xn = BITS(desc, 54, 54) || xn_table;
        r->pxn = !c->single_privilege && (BITS(desc, 53, 53) || pxn_table);
        r->not_global = !c->single_privilege && BITS(desc, 11, 11);
    }
    return true;
}
