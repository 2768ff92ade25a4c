/*
 * Translation-table builder (see pagetable.h).  The walk below mirrors the descriptor
 * lookup of the ARM ARM's AArch64.TranslationTableWalk: one index per level, taken from
 * the input address bits that level resolves, the root possibly being several concatenated
 * tables at stage 2 (ARM ARM, "Concatenated translation tables").
 */
#include "pagetable.h"

static inline uint64_t rd64(uint64_t pa) { return *(volatile uint64_t *)pa; }
static inline void wr64(uint64_t pa, uint64_t v) { *(volatile uint64_t *)pa = v; }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }

void pt_pool_init(struct pt_pool *p, uint64_t base, uint64_t size)
{
	p->base = p->next = base;
	p->end = base + size;
}

uint64_t pt_pool_alloc(struct pt_pool *p, uint64_t size, uint64_t align)
{
	uint64_t a = (p->next + align - 1) & ~(align - 1);
	if (a + size > p->end || a + size < a)
		return 0;
	p->next = a + size;
	/* 64-bit stores: aligned, so safe on Device memory (MMU off). */
	for (uint64_t q = a; q < a + size; q += 8)
		wr64(q, 0);
	return a;
}

static unsigned stride(const struct pt *t) { return t->pgshift - 3; }

unsigned pt_level_shift(const struct pt *t, int level)
{
	return t->pgshift + (unsigned)(3 - level) * stride(t);
}

/* Number of index bits the root level uses (more than a table's worth when concatenated). */
static unsigned root_bits(const struct pt *t)
{
	return t->ia_bits - pt_level_shift(t, t->start_level);
}

static int granule_shift(unsigned granule)
{
	switch (granule) {
	case 4096: return 12;
	case 16384: return 14;
	case 65536: return 16;
	}
	return -1;
}

int pt_init_s1(struct pt *t, struct pt_pool *pool, unsigned granule, unsigned va_bits)
{
	int g = granule_shift(granule);
	if (g < 0 || va_bits > 48 || va_bits < 16)
		return -1;
	t->pool = pool;
	t->stage = PT_STAGE1;
	t->pgshift = (unsigned)g;
	t->ia_bits = va_bits;
	/* The start level is the lowest one whose table still covers va_bits. */
	unsigned levels = (va_bits - t->pgshift + stride(t) - 1) / stride(t);
	t->start_level = 4 - (int)levels;
	t->concat = 1;
	t->root = pt_pool_alloc(pool, granule, granule);
	return t->root ? 0 : -1;
}

int pt_init_s2(struct pt *t, struct pt_pool *pool, unsigned granule, unsigned ipa_bits,
	       int start_level)
{
	int g = granule_shift(granule);
	if (g < 0 || ipa_bits > 48 || start_level < 0 || start_level > 3)
		return -1;
	t->pool = pool;
	t->stage = PT_STAGE2;
	t->pgshift = (unsigned)g;
	t->ia_bits = ipa_bits;
	t->start_level = start_level;
	if (ipa_bits <= pt_level_shift(t, start_level))
		return -1;
	unsigned rb = root_bits(t);
	t->concat = rb > stride(t) ? 1u << (rb - stride(t)) : 1;
	if (t->concat > 16)
		return -1;
	/* Concatenated tables are contiguous and aligned to their total size. */
	uint64_t size = (uint64_t)t->concat << t->pgshift;
	t->root = pt_pool_alloc(pool, size, size);
	return t->root ? 0 : -1;
}

uint64_t pt_entry_addr(struct pt *t, uint64_t ia, int level, int create)
{
	const uint64_t granule = 1UL << t->pgshift;
	uint64_t table = t->root;

	if (level < t->start_level || level > 3)
		return 0;
	for (int l = t->start_level;; l++) {
		unsigned shift = pt_level_shift(t, l);
		unsigned bits = l == t->start_level ? root_bits(t) : stride(t);
		uint64_t addr = table + ((ia >> shift) & ((1UL << bits) - 1)) * 8;
		if (l == level)
			return addr;
		uint64_t desc = rd64(addr);
		if ((desc & 3) == PT_DESC_TABLE) {
			table = desc & PT_OA_MASK & ~(granule - 1);
		} else if ((desc & 1) == 0) {
			if (!create)
				return 0;
			uint64_t next = pt_pool_alloc(t->pool, granule, granule);
			if (!next)
				return 0;
			wr64(addr, next | PT_DESC_TABLE);
			table = next;
		} else {
			return 0; /* a block is in the way */
		}
	}
}

uint64_t pt_get(struct pt *t, uint64_t ia, int level)
{
	uint64_t a = pt_entry_addr(t, ia, level, 0);
	return a ? rd64(a) : 0;
}

int pt_set(struct pt *t, uint64_t ia, int level, uint64_t desc)
{
	uint64_t a = pt_entry_addr(t, ia, level, 1);
	if (!a)
		return -1;
	wr64(a, desc);
	dsb_ish();
	return 0;
}

/* Block descriptors exist at level 2 for every granule and at level 1 for 4 KB only. */
static int block_level_ok(const struct pt *t, int level)
{
	return level == 2 || (level == 1 && t->pgshift == 12);
}

int pt_map_at(struct pt *t, uint64_t ia, uint64_t oa, int level, uint64_t attrs)
{
	if (level != 3 && !block_level_ok(t, level))
		return -1;
	uint64_t type = level == 3 ? PT_DESC_PAGE : PT_DESC_BLOCK;
	uint64_t size = 1UL << pt_level_shift(t, level);
	return pt_set(t, ia, level, (oa & PT_OA_MASK & ~(size - 1)) | attrs | type);
}

int pt_map_pages(struct pt *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs)
{
	const uint64_t page = 1UL << t->pgshift;
	for (uint64_t off = 0; off < size; off += page)
		if (pt_map_at(t, ia + off, oa + off, 3, attrs))
			return -1;
	return 0;
}

int pt_map(struct pt *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs)
{
	while (size) {
		int level = 3;
		for (int l = t->start_level > 1 ? t->start_level : 1; l < 3; l++) {
			uint64_t bsize = 1UL << pt_level_shift(t, l);
			if (block_level_ok(t, l) && !((ia | oa) & (bsize - 1)) && size >= bsize) {
				level = l;
				break;
			}
		}
		uint64_t step = 1UL << pt_level_shift(t, level);
		if (pt_map_at(t, ia, oa, level, attrs))
			return -1;
		ia += step;
		oa += step;
		size = size > step ? size - step : 0;
	}
	return 0;
}

int pt_lookup(struct pt *t, uint64_t ia, uint64_t *oa, uint64_t *desc)
{
	for (int l = t->start_level; l <= 3; l++) {
		uint64_t a = pt_entry_addr(t, ia, l, 0);
		uint64_t d = a ? rd64(a) : 0;
		if ((d & 1) == 0)
			return -1 - l;
		if (l == 3 || (d & 3) == PT_DESC_BLOCK) {
			uint64_t size = 1UL << pt_level_shift(t, l);
			if (oa)
				*oa = (d & PT_OA_MASK & ~(size - 1)) | (ia & (size - 1));
			if (desc)
				*desc = d;
			return l;
		}
	}
	return -4;
}

/* ---- register values ---- */

unsigned pt_ps_encoding(unsigned pa_bits)
{
	switch (pa_bits) {
	case 32: return 0;
	case 36: return 1;
	case 40: return 2;
	case 42: return 3;
	case 44: return 4;
	default: return 5;
	}
}

/* TCR_ELx.TG0 / VTCR_EL2.TG0: 0b00 4 KB, 0b01 64 KB, 0b10 16 KB. */
static uint64_t tg0(const struct pt *t)
{
	return t->pgshift == 12 ? 0 : t->pgshift == 16 ? 1 : 2;
}

/* T0SZ, TG0, IRGN0 = ORGN0 = 0 (Non-cacheable walks), SH0 = Inner Shareable. */
static uint64_t tcr_common(const struct pt *t)
{
	return (64 - t->ia_bits) | (3UL << 12) | (tg0(t) << 14);
}

uint64_t pt_tcr_el1(const struct pt *t, unsigned ips)
{
	/* EPD1 (bit 23) = 1; TG1 (bits 31:30) = 0b10, 4 KB, a valid encoding. */
	return tcr_common(t) | BIT(23) | (2UL << 30) | ((uint64_t)ips << 32);
}

uint64_t pt_tcr_el2(const struct pt *t, unsigned ps)
{
	return tcr_common(t) | BIT(31) | BIT(23) | ((uint64_t)ps << 16);
}

uint64_t pt_vtcr(const struct pt *t, unsigned ps)
{
	/* SL0 counts down from the last level a granule can start at: level 2 for 4 KB,
	 * level 3 for 16 KB and 64 KB. */
	uint64_t sl0 = (uint64_t)((t->pgshift == 12 ? 2 : 3) - t->start_level);
	return tcr_common(t) | (sl0 << 6) | ((uint64_t)ps << 16) | BIT(31);
}

uint64_t pt_ttbr(const struct pt *t, unsigned asid)
{
	return t->root | ((uint64_t)asid << 48);
}

uint64_t pt_vttbr(const struct pt *t, unsigned vmid)
{
	return t->root | ((uint64_t)(vmid & 0xFF) << 48);
}
