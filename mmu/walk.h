/* One translation table walk, stage 1 or stage 2 (AArch64.TranslationTableWalk), described by
 * the registers that control it. Internal to mmu/. */
#ifndef ELSIM_MMU_WALK_H
#define ELSIM_MMU_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu.h"

struct cpu;

/* What the controlling registers (TCR_ELx / VTCR_EL2, TTBRn_ELx / VTTBR_EL2) say about a walk. */
struct walk_config {
    bool stage2;
    bool single_privilege;  /* EL2 regime: AP[1], PXN and nG do not apply */
    bool disabled;          /* TCR_EL1.EPDn: a walk would be needed but is disabled */
    bool valid;             /* input address inside the range and the start level legal */
    unsigned granule_bits;  /* 12, 14 or 16 */
    unsigned input_bits;    /* 64 - TxSZ */
    unsigned output_bits;   /* from IPS / PS */
    int start_level;
    uint64_t table_base;    /* TTBR / VTTBR base address, low bits below the table size clear */
    uint64_t table_base_raw;/* the register's BADDR field as written (for the address size check) */
};

/* The result of a successful walk: the leaf descriptor and what it means. */
struct walk_result {
    uint64_t output;        /* output address (IPA for stage 1 under stage 2, else PA) */
    unsigned level;
    unsigned block_bits;    /* log2 of the page or block size */
    uint64_t descriptor;
    /* stage 1, with the hierarchical table attributes folded in */
    unsigned ap;            /* AP[2:1] */
    bool xn, pxn, not_global;
};

/* Stage 1 walks under stage 2 translate each table address (an IPA) through stage 2; the
 * translator fills *fault (stage2 and s1ptw set) when that fails. */
struct walk_table_translator {
    bool (*translate)(void *ctx, uint64_t table_ipa, uint64_t *table_pa, struct mmu_fault *fault);
    void *ctx;
};

/* Observer of each descriptor read, for `--trace mmu`. */
struct walk_tracer {
    void (*descriptor)(void *ctx, bool stage2, int level, uint64_t address, uint64_t value);
    void *ctx;
};

bool walk_table(struct cpu *cpu, const struct walk_config *config, uint64_t input,
                const struct walk_table_translator *s1_tables, const struct walk_tracer *tracer,
                struct walk_result *result, struct mmu_fault *fault);

/* Configurations from the registers. top_bit is AddrTop: 55 with top-byte-ignore, else 63. */
void walk_config_el1(const struct cpu *cpu, uint64_t va, unsigned top_bit, struct walk_config *c);
void walk_config_el2(const struct cpu *cpu, uint64_t va, unsigned top_bit, struct walk_config *c);
void walk_config_stage2(const struct cpu *cpu, uint64_t ipa, struct walk_config *c);

#endif
