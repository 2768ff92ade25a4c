/* A translation-table builder and runner for the MMU unit tests (tests/unit/test_mmu_*.c).
 *
 * Tables are built in the fixture RAM, in the area [MT_TABLE_BASE, MT_TABLE_END), as the ARM ARM
 * D5.2 "VMSAv8-64 translation table format descriptors" lays them out: a regime is a granule
 * (4K, 16K or 64K), an input-address size (64 - TxSZ) and the level the walk starts at; the
 * start-level table may be a concatenation of up to 16 tables (stage 2). Everything the tests
 * need to know about a walk (the address of each descriptor) comes from the same arithmetic as
 * AArch64.TranslationTableWalk: the index at level L is IA[top:bottom] with
 * bottom = (3 - L) * (granule - 3) + granule.
 *
 * Fixture RAM layout used by the MMU tests (FIXTURE_RAM_BASE = 0x4000_0000, 1 MiB):
 *   0x4000_0000  code (run here, or at MT_CODE2 for fetches from another page)
 *   0x4001_0000  translation tables (bump allocated, reset by every mt_begin)
 *   0x4008_0000  data pages (MT_DATA(n): 64 KiB apart so that every granule can map them)
 */
#ifndef ELSIM_TESTS_MMU_TABLES_H
#define ELSIM_TESTS_MMU_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "fixture.h"

#define MT_TABLE_BASE (FIXTURE_RAM_BASE + 0x10000)
#define MT_TABLE_END (FIXTURE_RAM_BASE + 0x80000)
#define MT_DATA(n) (FIXTURE_RAM_BASE + 0x80000 + 0x10000ull * (n)) /* n = 0..6 */
#define MT_CODE2 (FIXTURE_RAM_BASE + 0x1000)                       /* a second code page */

/* Vector bases; never fetched: a run stops when the PC leaves the code. */
#define MT_VBAR1 0x11000ull
#define MT_VBAR2 0x22000ull
enum { MT_CUR_SPX = 0x200, MT_LOWER = 0x400 };

/* --- stage 1 descriptor fields (ARM ARM D5.3.3) --- */
#define MT_ATTRIDX(i) ((uint64_t)(i) << 2)
#define MT_AP_RW_EL1 (0ull << 6) /* AP[2:1] = 00: EL1 read/write, EL0 none */
#define MT_AP_RW_ALL (1ull << 6) /* 01: EL1 and EL0 read/write */
#define MT_AP_RO_EL1 (2ull << 6) /* 10: EL1 read-only, EL0 none */
#define MT_AP_RO_ALL (3ull << 6) /* 11: EL1 and EL0 read-only */
#define MT_SH_OUTER (2ull << 8)
#define MT_SH_INNER (3ull << 8)
#define MT_AF (1ull << 10)
#define MT_NG (1ull << 11)
#define MT_PXN (1ull << 53)
#define MT_UXN (1ull << 54) /* XN in the EL2 regime and at stage 2 */
#define MT_XN MT_UXN

/* MAIR_ELx used by every test: index 0 Normal WB RW-allocate, 1 Device-nGnRnE,
 * 2 Normal Non-cacheable, 3 Device-nGnRE. */
#define MT_MAIR 0x044400ffull
enum { MT_IDX_NORMAL = 0, MT_IDX_DEVICE = 1, MT_IDX_NC = 2, MT_IDX_DEVICE_NGNRE = 3 };

/* A valid Normal, inner-shareable, EL1 read/write leaf (add MT_NG, AP, XN bits as needed). */
#define MT_S1_RW (MT_AF | MT_SH_INNER | MT_ATTRIDX(MT_IDX_NORMAL) | MT_AP_RW_EL1)

/* --- stage 2 descriptor fields (ARM ARM D5.3.3, stage 2 attributes) --- */
#define MT_S2_MEMATTR(m) ((uint64_t)(m) << 2) /* 0xf Normal WB, 0x0 Device-nGnRnE */
#define MT_S2AP_NONE (0ull << 6)
#define MT_S2AP_RO (1ull << 6)
#define MT_S2AP_WO (2ull << 6)
#define MT_S2AP_RW (3ull << 6)
#define MT_S2_RW (MT_AF | MT_SH_INNER | MT_S2_MEMATTR(0xf) | MT_S2AP_RW)

/* --- TCR_EL1 (D13.2.123), TCR_EL2, VTCR_EL2 fields --- */
#define MT_TCR_T0SZ(n) ((uint64_t)(n))
#define MT_TCR_EPD0 (1ull << 7)
#define MT_TCR_WALK0 (0x3500ull) /* IRGN0 = ORGN0 = WB RW-allocate, SH0 inner */
#define MT_TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define MT_TCR_A1 (1ull << 22)
#define MT_TCR_EPD1 (1ull << 23)
#define MT_TCR_WALK1 (0x35ull << 24)
#define MT_TCR_IPS(n) ((uint64_t)(n) << 32) /* 0: 32 bits, 2: 40 bits, 5: 48 bits */
#define MT_TCR_AS (1ull << 36)
#define MT_TCR_TBI0 (1ull << 37)
#define MT_TCR_TBI1 (1ull << 38)
#define MT_TCR2_PS(n) ((uint64_t)(n) << 16) /* TCR_EL2.PS and VTCR_EL2.PS */
#define MT_TCR2_RES1 0x80800000ull
#define MT_VTCR_SL0(n) ((uint64_t)(n) << 6)
#define MT_VTCR_RES1 0x80000000ull

#define MT_HCR_VM (1ull << 0)
#define MT_HCR_PTW (1ull << 2)
#define MT_HCR_DC (1ull << 12)
#define MT_HCR_TGE (1ull << 27)

/* One set of translation tables. */
struct mt_regime {
    unsigned granule;  /* log2 of the granule size: 12, 14 or 16 */
    unsigned ia_bits;  /* input address size */
    int start_level;
    uint64_t root;     /* PA of the start-level table (concatenated tables included) */
};

/* TCR.TG0 / VTCR.TG0 and TCR_EL1.TG1 encodings of a granule. */
uint64_t mt_tg0(unsigned granule);
uint64_t mt_tg1(unsigned granule);

/* Start level of a stage 1 walk (AArch64.TranslationTableWalk: 4 - ceil((ia - g) / (g - 3))). */
int mt_s1_start_level(unsigned granule, unsigned ia_bits);

/* A fresh CPU at `el` (fixture_cpu) with vectors at MT_VBAR1/2, sentinel syndrome registers and
 * the table allocator reset. */
struct cpu *mt_begin(unsigned el);

/* Empty tables: the start table is sized for the entries the input size needs at start_level
 * (several concatenated tables at stage 2) and aligned to its size. */
struct mt_regime mt_tables(unsigned granule, unsigned ia_bits, int start_level);
/* Zeroed memory from the table area, aligned to `size` (at least 64 bytes). */
uint64_t mt_alloc(uint64_t size);

/* Host pointer to the descriptor for `ia` at `level`, creating the tables of the levels above. */
uint64_t *mt_desc(const struct mt_regime *r, uint64_t ia, int level);
/* PA (or IPA, for stage 1 tables under stage 2) of that descriptor. */
uint64_t mt_desc_addr(const struct mt_regime *r, uint64_t ia, int level);
/* A leaf: a block descriptor at level 0-2 or a page descriptor at level 3, output address oa. */
void mt_map(const struct mt_regime *r, uint64_t ia, uint64_t oa, int level, uint64_t attrs);
/* Bytes one descriptor at `level` maps. */
uint64_t mt_level_size(unsigned granule, int level);

/* Identity-map the first block of fixture RAM (code, tables, data) with the largest block a
 * level >= 2 of this granule offers (2 MiB, 32 MiB, 512 MiB): `attrs` as given. */
void mt_map_ram(const struct mt_regime *r, uint64_t attrs);

/* Turn on stage 1 of the EL1&0 regime with TTBR0 tables r: TCR_EL1 = T0SZ, TG0, IPS 48 bits,
 * EPD1 | tcr_extra; MAIR_EL1 = MT_MAIR; SCTLR_EL1.M |= 1 | sctlr_extra; RAM identity-mapped
 * read-only and executable for EL1 and EL0. Calls mmu_translation_changed(). */
struct mt_regime mt_s1_el1(struct cpu *cpu, unsigned granule, unsigned ia_bits, uint64_t tcr_extra,
                           uint64_t sctlr_extra);
/* The same for the EL2 regime (TTBR0_EL2, TCR_EL2 with PS 48 bits | tcr_extra, SCTLR_EL2). */
struct mt_regime mt_s1_el2(struct cpu *cpu, unsigned granule, unsigned ia_bits, uint64_t tcr_extra,
                           uint64_t sctlr_extra);
/* Turn on stage 2 (HCR_EL2.VM) with VTTBR_EL2 = tables | vmid << 48, VTCR_EL2 = T0SZ, SL0 (from
 * start_level), TG0, PS 48 bits | vtcr_extra; RAM identity-mapped read/write, Normal WB. */
struct mt_regime mt_s2(struct cpu *cpu, unsigned granule, unsigned ia_bits, int start_level, unsigned vmid,
                       uint64_t vtcr_extra);
/* VTCR_EL2.SL0 for a start level (4K: 2 - SL0; 16K/64K: 3 - SL0). */
uint64_t mt_sl0(unsigned granule, int start_level);

/* Write n instruction words at PA pa, start at PC = va and step until the PC leaves
 * [va, va + 4n) (an exception, a branch out, or the end). Returns false, after reporting a
 * CUnit failure, when the run stopped as not implemented (or ran away). */
bool mt_run_at(struct cpu *cpu, uint64_t va, uint64_t pa, const uint32_t *code, size_t n);
/* The same at VA = PA = FIXTURE_CODE. */
bool mt_run(struct cpu *cpu, const uint32_t *code, size_t n);
#define MT_RUN(cpu, ...)                                                                          \
    do {                                                                                          \
        static const uint32_t code_[] = { __VA_ARGS__ };                                          \
        if (!mt_run(cpu, code_, sizeof code_ / sizeof code_[0]))                                  \
            return;                                                                               \
    } while (0)

/* 64-bit value in RAM at a PA. */
uint64_t mt_peek(uint64_t pa);
void mt_poke(uint64_t pa, uint64_t value);

/* The run took a synchronous exception to `el` (vector offset checked: current EL with SP_ELx
 * or lower EL) with exactly this ESR, FAR and ELR. */
void mt_check_abort(const struct cpu *cpu, unsigned el, uint32_t esr, uint64_t far, uint64_t elr);
/* The run ended normally at end_pc without an exception (ESR_EL1/EL2 still the sentinels). */
void mt_check_no_exception(const struct cpu *cpu, uint64_t end_pc);

/* ESR values. IL = 1 for every abort here. */
#define MT_ESR(ec, iss) (((uint32_t)(ec) << 26) | (1u << 25) | (uint32_t)(iss))
enum { MT_EC_IABT_LOWER = 0x20, MT_EC_IABT_SAME = 0x21, MT_EC_DABT_LOWER = 0x24, MT_EC_DABT_SAME = 0x25 };
/* Fault status codes (ARM ARM D13.2.37 DFSC / IFSC). */
#define MT_FSC_ADDR_SIZE(l) (0x00u + (l))
#define MT_FSC_TRANSLATION(l) (0x04u + (l))
#define MT_FSC_ACCESS_FLAG(l) (0x08u + (l))
#define MT_FSC_PERMISSION(l) (0x0cu + (l))
#define MT_FSC_ALIGNMENT 0x21u
#define MT_ISS_WNR (1u << 6)
#define MT_ISS_S1PTW (1u << 7)
#define MT_ISS_CM (1u << 8)
/* ISV = 1 syndrome of a single general-purpose load/store: SAS, SSE, SRT, SF, AR. */
#define MT_ISS_ISV(sas, sse, srt, sf, ar)                                                          \
    ((1u << 24) | ((uint32_t)(sas) << 22) | ((uint32_t)(sse) << 21) | ((uint32_t)(srt) << 16) |      \
     ((uint32_t)(sf) << 15) | ((uint32_t)(ar) << 14))
/* HPFAR_EL2 for a faulting IPA: IPA[47:12] in bits 43:4. */
#define MT_HPFAR(ipa) ((((uint64_t)(ipa)) >> 12) << 4)

/* PAR_EL1 (D13.2.93). Success: ATTR, PA[47:12], bit 11 RES1, NS, SH. Fault: FST, PTW, S, F. */
#define MT_PAR_OK(pa, attr, sh)                                                                   \
    (((uint64_t)(attr) << 56) | ((uint64_t)(pa) & 0xfffffffff000ull) | (1ull << 11) | (1ull << 9) | \
     ((uint64_t)(sh) << 7))
#define MT_PAR_FAULT(fst, ptw, s)                                                                  \
    ((1ull << 11) | ((uint64_t)(s) << 9) | ((uint64_t)(ptw) << 8) | ((uint64_t)(fst) << 1) | 1ull)

/* Instruction words used by the tests (aarch64-linux-gnu-as). */
#define I_LDR_X0_X1 0xf9400020u /* ldr x0, [x1] */
#define I_STR_X2_X1 0xf9000022u /* str x2, [x1] */
#define I_LDR_X0_X1_8 0xf9400420u /* ldr x0, [x1, #8] */
#define I_STR_X2_X1_8 0xf9000422u /* str x2, [x1, #8] */
#define I_LDUR_X0_X1_1 0xf8401020u /* ldur x0, [x1, #1] */
#define I_LDTR_X0_X1 0xf8400820u /* ldtr x0, [x1] */
#define I_STTR_X2_X1 0xf8000822u /* sttr x2, [x1] */
#define I_BR_X1 0xd61f0020u /* br x1 */
#define I_MOVZ_X0_1234 0xd2824680u /* movz x0, #0x1234 */
#define I_DSB_ISH 0xd5033b9fu
#define I_ISB 0xd5033fdfu
#define I_MSR_TTBR0_EL1_X3 0xd5182003u
#define I_MSR_VTTBR_EL2_X3 0xd51c2103u

/* Map ia with a leaf at `level` (attributes attrs) to fixture RAM, load through it and store
 * next to it (ldr x0, [x1]; str x2, [x1, #8]): the load must return MT_MARK, the store reach RAM,
 * and no exception happen. `name` is printed when the load fails. */
#define MT_MARK 0x0123456789abcdefull
#define MT_STORED 0x1122334455667788ull
void mt_check_load_store(struct cpu *cpu, const struct mt_regime *r, uint64_t ia, int level, uint64_t attrs,
                         const char *name);

#endif
