/* Decoded blocks: straight-line runs of predecoded instructions, cached by the physical address
 * of their first instruction and shared by the machine's CPUs (DESIGN.md section 4). */
#ifndef ELSIM_CORE_BLOCK_H
#define ELSIM_CORE_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "insn.h"

struct cpu;

enum { BLOCK_MAX_INSNS = 64 };

struct block {
    uint64_t pa;              /* physical address of the first instruction */
    struct block *hash_next;  /* chain of the PA hash table */
    struct block *page_next;  /* blocks starting on the same physical page */
    uint32_t count;           /* decoded entries (instructions and probes); insns[count] is the
                                 end-of-block sentinel */
    const uint32_t *cycles;   /* cycles[n]: static cycles of the block's first n instructions,
                                 what the run loop charges when n of them retired (probes
                                 cost nothing; core/cost_model.h) */
    struct insn insns[];
};

struct block_cache;

/* Guest instructions in a block (probes are not instructions). */
static inline unsigned block_insn_count(const struct block *b)
{
    return b->insns[b->count].pc_off / 4u;
}

struct block_cache *block_cache_create(void);
void block_cache_destroy(struct block_cache *cache);
/* The breakpoints and watchpoints decoding must honour (NULL: none). Changing them requires
 * block_cache_invalidate_all(). */
struct debug_points;
void block_cache_set_debug(struct block_cache *cache, const struct debug_points *debug);
/* CPUs whose jump caches and fast TLBs must hear about invalidations. */
void block_cache_attach_cpu(struct block_cache *cache, struct cpu *cpu);

/* The block starting at physical address pa, decoded from the host memory `code` (the rest of
 * the page from pa), or NULL if the cache has to be flushed first (it then flushes itself:
 * call again). */
struct block *block_cache_get(struct block_cache *cache, uint64_t pa, const uint8_t *code);

/* Does the physical page hold decoded code? (Stores to it must invalidate.) */
bool block_cache_page_has_code(const struct block_cache *cache, uint64_t pa_page);
/* A store touched the page: drop its blocks. */
void block_cache_invalidate_page(struct block_cache *cache, uint64_t pa_page);
/* IC IALLU and friends: drop everything. */
void block_cache_invalidate_all(struct block_cache *cache);

/* Decode one instruction word into *out (UNDEFINED if unallocated). */
void block_decode_insn(uint32_t word, struct insn *out);

/* Statistics. */
struct block_cache_stats {
    uint64_t blocks_decoded, insns_decoded, flushes, page_invalidations;
};
struct block_cache_stats block_cache_stats(const struct block_cache *cache);

#endif
