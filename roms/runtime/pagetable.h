/*
 * A small translation-table builder for the ROMs (VMSAv8-64 long descriptors, ARM ARM D8).
 *
 * A struct pt is one tree of tables: stage 1 of the EL1&0 or EL2 regime, or stage 2 of the
 * EL1&0 regime, for a 4 KB, 16 KB or 64 KB granule.  Tables come from a pool of RAM given
 * by the caller (struct pt_pool) and are zeroed when allocated.  The builder writes
 * descriptors with plain 64-bit stores at their physical addresses, so it is meant to run
 * with the caller's own MMU off (EL2 in the ROMs), or where the pool is identity mapped.
 * Every function that changes a table ends with DSB ISH so that a following walk sees the
 * change; TLB maintenance is the caller's business (the tests are about exactly that).
 *
 * Geometry (ARM ARM D8.2, "Translation table walk"): with granule 2^g bytes a table holds
 * 2^(g-3) descriptors; level L resolves input address bits [g + (3-L)(g-3) + (g-3) - 1 :
 * g + (3-L)(g-3)].  Block descriptors are legal at level 1 (4 KB) and level 2 (all
 * granules); page descriptors at level 3.
 */
#ifndef RT_PAGETABLE_H
#define RT_PAGETABLE_H

#include <stdint.h>

#include "sysreg.h"

/* ---- descriptor bits ---- */
#define PT_DESC_INVALID  UL(0)
#define PT_DESC_BLOCK    UL(1)        /* bits 1:0 = 0b01 at levels 1, 2 */
#define PT_DESC_TABLE    UL(3)        /* bits 1:0 = 0b11 at levels 0..2 */
#define PT_DESC_PAGE     UL(3)        /* bits 1:0 = 0b11 at level 3 */
#define PT_OA_MASK       UL(0x0000FFFFFFFFF000) /* output address bits 47:12 */

/* Lower attributes common to both stages. */
#define PT_SH_NON        (UL(0) << 8)
#define PT_SH_OUTER      (UL(2) << 8)
#define PT_SH_INNER      (UL(3) << 8)
#define PT_AF            BIT(10)
/* Stage 1: AttrIndx (MAIR_ELx index), NS, AP[2:1], nG; upper PXN, UXN (XN at EL2). */
#define PT_ATTRIDX(n)    ((uint64_t)(n) << 2)
#define PT_NS            BIT(5)
#define PT_AP_RW_EL1     (UL(0) << 6) /* EL1 (or EL2) read/write, EL0 none */
#define PT_AP_RW_ALL     (UL(1) << 6) /* read/write at EL1 and EL0 */
#define PT_AP_RO_EL1     (UL(2) << 6) /* EL1 (or EL2) read-only, EL0 none */
#define PT_AP_RO_ALL     (UL(3) << 6) /* read-only at EL1 and EL0 */
#define PT_NG            BIT(11)
#define PT_PXN           BIT(53)
#define PT_UXN           BIT(54)
#define PT_XN            BIT(54)      /* EL2 regime and stage 2 */
/* Stage 2: MemAttr[3:0] (bits 5:2), S2AP (bits 7:6). */
#define PT_S2_MEMATTR(m) ((uint64_t)(m) << 2)
#define PT_S2_DEVICE_nGnRnE PT_S2_MEMATTR(0x0)
#define PT_S2_DEVICE_nGnRE  PT_S2_MEMATTR(0x1)
#define PT_S2_NORMAL_NC     PT_S2_MEMATTR(0x5) /* outer NC, inner NC */
#define PT_S2_NORMAL_WB     PT_S2_MEMATTR(0xF) /* outer WB, inner WB */
#define PT_S2AP_NONE     (UL(0) << 6)
#define PT_S2AP_RO       (UL(1) << 6)
#define PT_S2AP_WO       (UL(2) << 6)
#define PT_S2AP_RW       (UL(3) << 6)

/* Ready-made leaf attributes. */
#define PT_S1_NORMAL_RW  (PT_ATTRIDX(PT_MAIR_IDX_WB) | PT_AP_RW_EL1 | PT_SH_INNER | PT_AF)
#define PT_S2_RAM_RW     (PT_S2_NORMAL_WB | PT_S2AP_RW | PT_SH_INNER | PT_AF)

/* The MAIR_ELx layout the tests use: PT_MAIR. */
#define PT_MAIR_IDX_WB     0 /* 0xFF Normal, inner/outer Write-Back RW-allocate */
#define PT_MAIR_IDX_DEVICE 1 /* 0x00 Device-nGnRnE */
#define PT_MAIR_IDX_NC     2 /* 0x44 Normal, inner/outer Non-cacheable */
#define PT_MAIR_IDX_nGnRE  3 /* 0x04 Device-nGnRE */
#define PT_MAIR            UL(0x044400FF)

/* ---- a pool of RAM for tables ---- */
struct pt_pool {
	uint64_t base, next, end;
};
void pt_pool_init(struct pt_pool *p, uint64_t base, uint64_t size);
/* size bytes aligned to align (a power of two), zeroed; 0 if the pool is exhausted. */
uint64_t pt_pool_alloc(struct pt_pool *p, uint64_t size, uint64_t align);

/* ---- one translation table tree ---- */
enum pt_stage { PT_STAGE1 = 1, PT_STAGE2 = 2 };

struct pt {
	struct pt_pool *pool;
	enum pt_stage stage;
	unsigned pgshift;     /* 12, 14 or 16 */
	unsigned ia_bits;     /* input address size: 64 - TxSZ */
	int start_level;      /* level of the root table(s) */
	unsigned concat;      /* stage 2: number of concatenated root tables (1..16) */
	uint64_t root;        /* physical address of the root table(s) */
};

/* A stage-1 tree for va_bits-bit virtual addresses (T0SZ = 64 - va_bits); the start level
 * follows from the granule and va_bits.  granule is 4096, 16384 or 65536.  0 = success. */
int pt_init_s1(struct pt *t, struct pt_pool *pool, unsigned granule, unsigned va_bits);
/* A stage-2 tree for ipa_bits-bit IPAs starting at start_level, with as many concatenated
 * root tables as that needs (at most 16: more is an error, -1). */
int pt_init_s2(struct pt *t, struct pt_pool *pool, unsigned granule, unsigned ipa_bits,
	       int start_level);

/* Address bits one entry at `level` covers (its block or page size is 1 << shift). */
unsigned pt_level_shift(const struct pt *t, int level);

/*
 * Map one block (levels 1-2) or page (level 3): the descriptor for ia at `level` becomes
 * oa | attrs | the block/page type bits, creating the intermediate tables on the way.
 * Returns 0, or -1 if the level is not legal for a block or the pool ran dry, or a table
 * on the way is already a block.
 */
int pt_map_at(struct pt *t, uint64_t ia, uint64_t oa, int level, uint64_t attrs);
/* Map [ia, ia + size) to [oa, ...) with pages of the granule only. */
int pt_map_pages(struct pt *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs);
/* Map [ia, ia + size) with the largest blocks that the alignment of ia, oa and size allow. */
int pt_map(struct pt *t, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs);

/* Physical address of the descriptor for ia at `level`, creating the tables above it if
 * create is set; 0 if a table on the way is missing (create = 0) or is a block. */
uint64_t pt_entry_addr(struct pt *t, uint64_t ia, int level, int create);
/* Read / write one descriptor (write ends with DSB ISH).  Writing 0 unmaps. */
uint64_t pt_get(struct pt *t, uint64_t ia, int level);
int pt_set(struct pt *t, uint64_t ia, int level, uint64_t desc);

/* Software walk: the level of the leaf for ia (or of the first invalid descriptor, as a
 * negative number -1 - level), its output address in *oa and descriptor in *desc. */
int pt_lookup(struct pt *t, uint64_t ia, uint64_t *oa, uint64_t *desc);

/* ---- register values ---- */
/* TCR_EL1 for TTBR0 walks of t (TTBR1 walks disabled: EPD1=1), IPS = ips (0..5).  Walks are
 * Non-cacheable: the ROMs write tables with their own MMU off, so a cacheable walk could
 * miss those writes on real hardware. */
uint64_t pt_tcr_el1(const struct pt *t, unsigned ips);
/* TCR_EL2 (non-VHE) for t, PS = ps. */
uint64_t pt_tcr_el2(const struct pt *t, unsigned ps);
/* VTCR_EL2 for t: T0SZ, SL0, TG0, PS = ps, Non-cacheable walks. */
uint64_t pt_vtcr(const struct pt *t, unsigned ps);
/* TTBR0_ELx (with ASID asid, TTBR0_EL1 only) and VTTBR_EL2 (with VMID vmid). */
uint64_t pt_ttbr(const struct pt *t, unsigned asid);
uint64_t pt_vttbr(const struct pt *t, unsigned vmid);

/* Encoding of a physical address size in bits (32..48) as TCR IPS / VTCR PS. */
unsigned pt_ps_encoding(unsigned pa_bits);

#endif
