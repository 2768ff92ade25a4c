/* The decoded-block cache: blocks live in one arena and are found by physical address through a
 * hash table; a second table lists the blocks of each physical page so that a store to the page
 * (self-modifying code, a loader, DMA) drops exactly them. When the arena is full everything is
 * flushed at once, between blocks, so no CPU ever runs a freed block. */
#include "block.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost_model.h"
#include "cpu.h"
#include "debug.h"
#include "decode.h"
#include "memory.h"

enum {
    ARENA_BYTES = 16 << 20,
    HASH_BITS = 16,
    PAGE_HASH_BITS = 12,
    MAX_CPUS = 64,
};

struct code_page {
    uint64_t pa_page;
    struct block *blocks;
    struct code_page *next;
};

struct block_cache {
    uint8_t *arena;
    size_t used;
    struct block *hash[1 << HASH_BITS];
    struct code_page *pages[1 << PAGE_HASH_BITS];
    struct cpu *cpus[MAX_CPUS];
    unsigned cpu_count;
    const struct debug_points *debug;
    struct block_cache_stats stats;
};

static unsigned block_hash(uint64_t pa) { return (unsigned)((pa >> 2) ^ (pa >> 18)) & ((1 << HASH_BITS) - 1); }
static unsigned page_hash(uint64_t pa_page) { return (unsigned)((pa_page >> 12) ^ (pa_page >> 24)) & ((1 << PAGE_HASH_BITS) - 1); }

struct block_cache *block_cache_create(void)
{
    struct block_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->arena = malloc(ARENA_BYTES);
    if (!c->arena) {
        free(c);
        return NULL;
    }
    return c;
}

void block_cache_destroy(struct block_cache *cache)
{
    if (!cache)
        return;
    free(cache->arena);
    free(cache);
}

void block_cache_set_debug(struct block_cache *cache, const struct debug_points *debug)
{
    cache->debug = debug;
}

void block_cache_attach_cpu(struct block_cache *cache, struct cpu *cpu)
{
    if (cache->cpu_count < MAX_CPUS)
        cache->cpus[cache->cpu_count++] = cpu;
}

static void *arena_alloc(struct block_cache *c, size_t bytes)
{
    bytes = (bytes + 15) & ~(size_t)15;
    if (c->used + bytes > ARENA_BYTES)
        return NULL;
    void *p = c->arena + c->used;
    c->used += bytes;
    return p;
}

static void forget_jump_caches(struct block_cache *c)
{
    for (unsigned i = 0; i < c->cpu_count; i++)
        memset(c->cpus[i]->jump_cache, 0, sizeof c->cpus[i]->jump_cache);
}

void block_cache_invalidate_all(struct block_cache *cache)
{
    cache->used = 0;
    memset(cache->hash, 0, sizeof cache->hash);
    memset(cache->pages, 0, sizeof cache->pages);
    forget_jump_caches(cache);
    cache->stats.flushes++;
}

static struct code_page *find_page(const struct block_cache *c, uint64_t pa_page)
{
    for (struct code_page *p = c->pages[page_hash(pa_page)]; p; p = p->next)
        if (p->pa_page == pa_page)
            return p;
    return NULL;
}

bool block_cache_page_has_code(const struct block_cache *cache, uint64_t pa_page)
{
    return find_page(cache, pa_page) != NULL;
}

void block_cache_invalidate_page(struct block_cache *cache, uint64_t pa_page)
{
    struct code_page **link = &cache->pages[page_hash(pa_page)];
    while (*link && (*link)->pa_page != pa_page)
        link = &(*link)->next;
    struct code_page *page = *link;
    if (!page)
        return;
    *link = page->next;
    for (struct block *b = page->blocks; b; b = b->page_next) {
        struct block **h = &cache->hash[block_hash(b->pa)];
        while (*h && *h != b)
            h = &(*h)->hash_next;
        if (*h)
            *h = b->hash_next;
    }
    /* Jump cache entries may point at the dropped blocks. */
    for (unsigned i = 0; i < cache->cpu_count; i++) {
        struct jump_cache_entry *jc = cache->cpus[i]->jump_cache;
        for (unsigned e = 0; e < JUMP_CACHE_SIZE; e++)
            if (jc[e].block && (jc[e].block->pa & ~0xfffull) == pa_page)
                jc[e] = (struct jump_cache_entry){0};
    }
    cache->stats.page_invalidations++;
}

/* The sentinel after a block's last instruction: continue at the next address. */
static int exec_block_end(struct cpu *cpu, const struct insn *in)
{
    cpu->pc = insn_pc(cpu, in);
    return EXEC_LEAVE;
}

void block_decode_insn(uint32_t word, struct insn *out)
{
    memset(out, 0, sizeof *out);
    out->raw = word;
    if (!decode_a64(word, out)) {
        memset(out, 0, sizeof *out);
        out->raw = word;
        decode_undefined(out);
    }
}

/* Decode the straight-line run at pa. A breakpoint probe goes in front of each instruction that
 * may carry a breakpoint; while watchpoints exist a block is one instruction, so that a run stops
 * right after the access that hit one. */
static struct block *decode_block(struct block_cache *c, uint64_t pa, const uint8_t *code)
{
    unsigned room = (unsigned)((4096 - (pa & 0xfff)) / 4);
    unsigned max = room < BLOCK_MAX_INSNS ? room : BLOCK_MAX_INSNS;
    if (c->debug && c->debug->watchpoints)
        max = 1;
    struct insn tmp[2 * BLOCK_MAX_INSNS];
    unsigned n = 0;
    for (unsigned i = 0; i < max; i++) {
        uint16_t off = (uint16_t)(4 * i);
        if (debug_probe_needed(c->debug, pa + off)) {
            debug_make_probe(&tmp[n], pa + off);
            tmp[n++].pc_off = off;
        }
        uint32_t word;
        memcpy(&word, code + off, 4);
        block_decode_insn(word, &tmp[n]);
        tmp[n].pc_off = off;
        if (tmp[n++].ends_block)
            break;
    }
    unsigned insns = (unsigned)(tmp[n - 1].pc_off / 4 + 1);
    size_t insn_bytes = sizeof(struct block) + (n + 1) * sizeof(struct insn);
    struct block *b = arena_alloc(c, insn_bytes + (insns + 1) * sizeof(uint32_t));
    if (!b)
        return NULL;
    b->pa = pa;
    b->count = n;
    memcpy(b->insns, tmp, n * sizeof(struct insn));
    /* Static cycles, summed at decode time: the prefix sums let a block left early (an
     * exception, a stop) charge exactly the instructions that ran. */
    uint32_t *cycles = (uint32_t *)((uint8_t *)b + insn_bytes);
    cycles[0] = 0;
    for (unsigned i = 0; i < n; i++)
        if (!tmp[i].pseudo)
            cycles[tmp[i].pc_off / 4 + 1] = cycles[tmp[i].pc_off / 4] + cost_model_insn_cycles(tmp[i].raw);
    b->cycles = cycles;
    uint16_t end = (uint16_t)(tmp[n - 1].pc_off + 4);
    b->insns[n] = (struct insn){ .fn = exec_block_end, .pc_off = end, .pseudo = 1 };
    c->stats.blocks_decoded++;
    c->stats.insns_decoded += n;
    return b;
}

struct block *block_cache_get(struct block_cache *cache, uint64_t pa, const uint8_t *code)
{
    unsigned h = block_hash(pa);
    for (struct block *b = cache->hash[h]; b; b = b->hash_next)
        if (b->pa == pa)
            return b;

    uint64_t pa_page = pa & ~0xfffull;
    struct code_page *page = find_page(cache, pa_page);
    bool new_page = page == NULL;
    if (new_page) {
        page = arena_alloc(cache, sizeof *page);
        if (!page) {
            block_cache_invalidate_all(cache);
            return NULL;
        }
    }
    struct block *b = decode_block(cache, pa, code);
    if (!b) {
        block_cache_invalidate_all(cache);
        return NULL;
    }
    if (new_page) {
        *page = (struct code_page){ .pa_page = pa_page, .next = cache->pages[page_hash(pa_page)] };
        cache->pages[page_hash(pa_page)] = page;
        /* Stores to this page must now take the slow path, which invalidates. */
        for (unsigned i = 0; i < cache->cpu_count; i++)
            mem_flush_fast_write_page(cache->cpus[i], pa_page);
    }
    b->page_next = page->blocks;
    page->blocks = b;
    b->hash_next = cache->hash[h];
    cache->hash[h] = b;
    return b;
}

struct block_cache_stats block_cache_stats(const struct block_cache *cache)
{
    return cache->stats;
}
