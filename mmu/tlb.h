/* The software TLB: final translations (stage 1 and stage 2 combined) of 4 KiB pages, tagged
 * with the translation regime, the VMID, and the ASID unless global, so that switching
 * VTTBR_EL2 or TTBR0_EL1 between VMIDs / ASIDs needs no flush. A block larger than 4 KiB is
 * cached as 4 KiB fragments; invalidation by address drops every fragment of it. */
#ifndef ELSIM_MMU_TLB_H
#define ELSIM_MMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

enum tlb_regime { TLB_EL10 = 1, TLB_EL2 = 2 };

/* Permission bits of an entry (stage 1 per privilege, stage 2 alone). */
enum {
    PERM_R = 1, PERM_W = 2, PERM_X = 4,
    S1_EL0_SHIFT = 0, S1_PRIV_SHIFT = 3, /* EL1, or EL2 in the EL2 regime */
};

struct tlb_entry {
    uint64_t va;         /* VA of the 4 KiB page; 0 = empty slot (see TLB_EMPTY) */
    uint64_t pa;         /* PA of the page */
    uint64_t ipa;        /* IPA of the page when stage 2 applied, else TLB_NO_IPA */
    uint16_t asid;
    uint16_t vmid;
    uint8_t regime;      /* enum tlb_regime; 0 = empty */
    uint8_t s1_enabled;  /* stage 1 applied (a flat stage 1 entry must not serve once it is on) */
    uint8_t global;
    uint8_t s1_perms;    /* PERM_* << S1_EL0_SHIFT | PERM_* << S1_PRIV_SHIFT */
    uint8_t s2_perms;    /* PERM_* */
    uint8_t s1_level, s2_level;
    uint8_t s1_block_bits, s2_block_bits; /* log2 size of the mapping each stage gave */
    uint8_t attr;        /* final attributes, MAIR format (data accesses) */
    uint8_t sh;          /* final shareability, PAR_EL1.SH format */
    uint8_t device;      /* data accesses are to Device memory (both stages combined) */
    uint8_t s1_device;   /* stage 1 alone says Device (whose alignment fault is a stage 1 one) */
};
#define TLB_NO_IPA UINT64_MAX

enum { TLB_SETS = 1024, TLB_WAYS = 4, TLB_LARGE_BLOCKS = 64 };

/* A stage 1 mapping larger than 4 KiB with fragments in the TLB. */
struct tlb_large_block {
    uint64_t base;       /* VA of the mapping */
    uint8_t bits;        /* log2 of its size; 0 = free slot */
    uint16_t fragments;  /* its entries in the TLB */
};

struct tlb {
    struct tlb_entry entries[TLB_SETS][TLB_WAYS];
    uint8_t next_victim[TLB_SETS];
    /* Fragments of larger mappings can be in any set: an invalidation by VA must find them.
     * The TLB knows which sets hold some, and which mappings they come from (unless there are
     * more than TLB_LARGE_BLOCKS: then every such set is looked at). */
    unsigned large_entries;
    uint8_t large_in_set[TLB_SETS];
    struct tlb_large_block large_blocks[TLB_LARGE_BLOCKS];
    bool large_blocks_overflow;  /* until the next flush */
};

struct tlb_key {
    uint64_t va;         /* page-aligned */
    uint16_t asid, vmid;
    uint8_t regime;
    uint8_t s1_enabled;
};

const struct tlb_entry *tlb_lookup(const struct tlb *tlb, const struct tlb_key *key);
void tlb_insert(struct tlb *tlb, const struct tlb_entry *entry);

/* What an invalidation matches. Unset criteria match everything. */
struct tlb_match {
    uint8_t regime;
    bool by_vmid, by_asid, by_va, by_ipa, non_global_only;
    uint16_t vmid, asid;
    uint64_t va, ipa;    /* page addresses */
};
/* Drop every entry the match selects; returns how many. */
unsigned tlb_invalidate(struct tlb *tlb, const struct tlb_match *match);
void tlb_flush(struct tlb *tlb);

#endif
