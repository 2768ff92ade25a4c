/* Translation tables for the MMU tests: see mmu_tables.h. */
#include "mmu_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "harness.h"
#include "mmu.h"
#include "sysreg.h"

/* Large allocations (whole tables) grow up from MT_TABLE_BASE, small ones (start tables of a
 * few entries) down from MT_TABLE_END, so that alignment never wastes a 64 KiB slot. */
static uint64_t next_low, next_high;

uint64_t mt_alloc(uint64_t size)
{
    if (size < 64)
        size = 64;
    uint64_t at;
    if (size >= 0x1000) {
        at = (next_low + size - 1) & ~(size - 1);
        next_low = at + size;
    } else {
        at = (next_high - size) & ~(size - 1);
        next_high = at;
    }
    if (next_low > next_high)
        abort(); /* the test asked for more tables than the area holds */
    memset(fixture_ram(at), 0, size);
    return at;
}

uint64_t mt_tg0(unsigned granule)
{
    return granule == 12 ? 0ull << 14 : granule == 16 ? 1ull << 14 : 2ull << 14;
}

uint64_t mt_tg1(unsigned granule)
{
    return granule == 14 ? 1ull << 30 : granule == 12 ? 2ull << 30 : 3ull << 30;
}

/* Lowest IA bit the index at `level` selects. */
static unsigned level_bottom(unsigned granule, int level)
{
    return (unsigned)(3 - level) * (granule - 3) + granule;
}

uint64_t mt_level_size(unsigned granule, int level)
{
    return 1ull << level_bottom(granule, level);
}

int mt_s1_start_level(unsigned granule, unsigned ia_bits)
{
    unsigned stride = granule - 3;
    return 4 - (int)((ia_bits - granule + stride - 1) / stride);
}

uint64_t mt_sl0(unsigned granule, int start_level)
{
    return MT_VTCR_SL0(granule == 12 ? 2 - start_level : 3 - start_level);
}

struct cpu *mt_begin(unsigned el)
{
    struct cpu *cpu = fixture_cpu(el);
    next_low = MT_TABLE_BASE;
    next_high = MT_TABLE_END;
    cpu->sr[SR_VBAR_EL1] = MT_VBAR1;
    cpu->sr[SR_VBAR_EL2] = MT_VBAR2;
    cpu->sr[SR_ESR_EL1] = cpu->sr[SR_ESR_EL2] = 0xdeadbeef;
    cpu->sr[SR_FAR_EL1] = cpu->sr[SR_FAR_EL2] = 0x5a5a5a5a;
    cpu->sr[SR_HPFAR_EL2] = 0xa50;
    return cpu;
}

struct mt_regime mt_tables(unsigned granule, unsigned ia_bits, int start_level)
{
    struct mt_regime r = { granule, ia_bits, start_level, 0 };
    r.root = mt_alloc(8ull << (ia_bits - level_bottom(granule, start_level)));
    return r;
}

static uint64_t *desc_at(const struct mt_regime *r, uint64_t ia, int level, uint64_t *addr)
{
    uint64_t table = r->root;
    for (int l = r->start_level;; l++) {
        unsigned bottom = level_bottom(r->granule, l);
        unsigned bits = l == r->start_level ? r->ia_bits - bottom : r->granule - 3;
        uint64_t at = table + 8 * ((ia >> bottom) & ((1ull << bits) - 1));
        uint64_t *d = (uint64_t *)fixture_ram(at);
        if (l == level) {
            if (addr)
                *addr = at;
            return d;
        }
        if (*d == 0)
            *d = mt_alloc(1ull << r->granule) | 3;
        else if ((*d & 3) != 3)
            abort(); /* a leaf already maps this address at a higher level */
        table = *d & 0xffffffffffffull & ~((1ull << r->granule) - 1);
    }
}

uint64_t *mt_desc(const struct mt_regime *r, uint64_t ia, int level)
{
    return desc_at(r, ia, level, NULL);
}

uint64_t mt_desc_addr(const struct mt_regime *r, uint64_t ia, int level)
{
    uint64_t addr;
    desc_at(r, ia, level, &addr);
    return addr;
}

void mt_map(const struct mt_regime *r, uint64_t ia, uint64_t oa, int level, uint64_t attrs)
{
    *mt_desc(r, ia, level) = oa | attrs | (level == 3 ? 3 : 1);
}

void mt_map_ram(const struct mt_regime *r, uint64_t attrs)
{
    mt_map(r, FIXTURE_RAM_BASE, FIXTURE_RAM_BASE, 2, attrs);
}

/* RAM as the home mapping of stage 1: read-only for EL1 and EL0, executable by both. */
#define HOME_S1 (MT_AF | MT_SH_INNER | MT_ATTRIDX(MT_IDX_NORMAL) | MT_AP_RO_ALL)

struct mt_regime mt_s1_el1(struct cpu *cpu, unsigned granule, unsigned ia_bits, uint64_t tcr_extra,
                           uint64_t sctlr_extra)
{
    struct mt_regime r = mt_tables(granule, ia_bits, mt_s1_start_level(granule, ia_bits));
    mt_map_ram(&r, HOME_S1);
    cpu->sr[SR_TTBR0_EL1] = r.root;
    cpu->sr[SR_TCR_EL1] = MT_TCR_T0SZ(64 - ia_bits) | mt_tg0(granule) | MT_TCR_WALK0 | MT_TCR_T1SZ(64 - ia_bits) |
                          mt_tg1(granule) | MT_TCR_WALK1 | MT_TCR_IPS(5) | tcr_extra;
    cpu->sr[SR_MAIR_EL1] = MT_MAIR;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_M | sctlr_extra;
    mmu_translation_changed(cpu);
    return r;
}

struct mt_regime mt_s1_el2(struct cpu *cpu, unsigned granule, unsigned ia_bits, uint64_t tcr_extra,
                           uint64_t sctlr_extra)
{
    struct mt_regime r = mt_tables(granule, ia_bits, mt_s1_start_level(granule, ia_bits));
    mt_map_ram(&r, HOME_S1);
    cpu->sr[SR_TTBR0_EL2] = r.root;
    cpu->sr[SR_TCR_EL2] = MT_TCR2_RES1 | MT_TCR_T0SZ(64 - ia_bits) | mt_tg0(granule) | MT_TCR_WALK0 |
                          MT_TCR2_PS(5) | tcr_extra;
    cpu->sr[SR_MAIR_EL2] = MT_MAIR;
    cpu->sr[SR_SCTLR_EL2] |= SCTLR_M | sctlr_extra;
    mmu_translation_changed(cpu);
    return r;
}

struct mt_regime mt_s2(struct cpu *cpu, unsigned granule, unsigned ia_bits, int start_level, unsigned vmid,
                       uint64_t vtcr_extra)
{
    struct mt_regime r = mt_tables(granule, ia_bits, start_level);
    mt_map_ram(&r, MT_S2_RW);
    cpu->sr[SR_VTTBR_EL2] = r.root | (uint64_t)vmid << 48;
    cpu->sr[SR_VTCR_EL2] = MT_VTCR_RES1 | MT_TCR_T0SZ(64 - ia_bits) | mt_sl0(granule, start_level) |
                           mt_tg0(granule) | MT_TCR_WALK0 | MT_TCR2_PS(5) | vtcr_extra;
    cpu->sr[SR_HCR_EL2] |= MT_HCR_VM;
    mmu_translation_changed(cpu);
    return r;
}

bool mt_run_at(struct cpu *cpu, uint64_t va, uint64_t pa, const uint32_t *code, size_t n)
{
    memcpy(fixture_ram(pa), code, 4 * n);
    block_cache_invalidate_all(cpu->blocks);
    cpu->pc = va;
    for (unsigned steps = 0; cpu->pc >= va && cpu->pc < va + 4 * n; steps++) {
        if (steps == 256) {
            CU_FAIL("the run did not leave the code");
            return false;
        }
        cpu_step(cpu);
    }
    return true;
}

bool mt_run(struct cpu *cpu, const uint32_t *code, size_t n)
{
    return mt_run_at(cpu, FIXTURE_CODE, FIXTURE_CODE, code, n);
}

uint64_t mt_peek(uint64_t pa)
{
    uint64_t v;
    memcpy(&v, fixture_ram(pa), 8);
    return v;
}

void mt_poke(uint64_t pa, uint64_t value)
{
    memcpy(fixture_ram(pa), &value, 8);
}

void mt_check_abort(const struct cpu *cpu, unsigned el, uint32_t esr, uint64_t far, uint64_t elr)
{
    CHECK_EQ_U64(cpu->el, el);
    uint64_t spsr = cpu->sr[el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1];
    unsigned from = (unsigned)(spsr >> 2) & 3;
    uint64_t offset = from == el ? ((spsr & 1) ? MT_CUR_SPX : 0) : MT_LOWER;
    CHECK_EQ_U64(cpu->pc, (el == 2 ? MT_VBAR2 : MT_VBAR1) + offset);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_FAR_EL2 : SR_FAR_EL1], far);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], elr);
}

void mt_check_no_exception(const struct cpu *cpu, uint64_t end_pc)
{
    CHECK_EQ_U64(cpu->pc, end_pc);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0xdeadbeef);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0xdeadbeef);
}

void mt_check_load_store(struct cpu *cpu, const struct mt_regime *r, uint64_t ia, int level, uint64_t attrs,
                         const char *name)
{
    uint64_t pa = MT_DATA(1) + 0x10;
    uint64_t oa = level == 3 ? MT_DATA(1) : FIXTURE_RAM_BASE;
    mt_map(r, ia, oa, level, attrs);
    mt_poke(pa, MT_MARK);
    cpu->r[1] = ia + (pa - oa);
    cpu->r[2] = MT_STORED;
    MT_RUN(cpu, I_LDR_X0_X1, I_STR_X2_X1_8);
    if (cpu->r[0] != MT_MARK)
        fprintf(stderr, "\n  case: %s\n", name);
    CHECK_EQ_U64(cpu->r[0], MT_MARK);
    CHECK_EQ_U64(mt_peek(pa + 8), MT_STORED);
    mt_check_no_exception(cpu, FIXTURE_CODE + 8);
}
