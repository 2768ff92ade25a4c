/* The software TLB: 4-way set-associative by VA page and VMID, round-robin replacement. */
#include "tlb.h"

#include <string.h>

static unsigned set_of(uint64_t va, uint16_t vmid)
{
    uint64_t page = va >> 12;
    return (unsigned)(page ^ (page >> 10) ^ (page >> 20) ^ ((uint64_t)vmid * 0x9e5u)) & (TLB_SETS - 1);
}

static bool entry_matches_key(const struct tlb_entry *e, const struct tlb_key *k)
{
    return e->regime == k->regime && e->va == k->va && e->s1_enabled == k->s1_enabled &&
           (k->regime == TLB_EL2 || e->vmid == k->vmid) && (e->global || e->asid == k->asid);
}

const struct tlb_entry *tlb_lookup(const struct tlb *tlb, const struct tlb_key *key)
{
    const struct tlb_entry *set = tlb->entries[set_of(key->va, key->vmid)];
    for (unsigned w = 0; w < TLB_WAYS; w++)
        if (entry_matches_key(&set[w], key))
            return &set[w];
    return NULL;
}

/* A fragment of a stage 1 mapping larger than 4 KiB: an invalidation of any VA of that mapping
 * drops it, wherever it is. (A fragment of a larger stage 2 block covers just its VA page.) */
static bool is_large(const struct tlb_entry *e)
{
    return e->regime && e->s1_block_bits > 12;
}

/* The slot of the entry's mapping in large_blocks, or NULL. */
static struct tlb_large_block *large_block_of(struct tlb *tlb, const struct tlb_entry *e)
{
    uint64_t base = e->va >> e->s1_block_bits << e->s1_block_bits;
    for (unsigned i = 0; i < TLB_LARGE_BLOCKS; i++)
        if (tlb->large_blocks[i].bits == e->s1_block_bits && tlb->large_blocks[i].base == base)
            return &tlb->large_blocks[i];
    return NULL;
}

static void note_large(struct tlb *tlb, unsigned s, const struct tlb_entry *e)
{
    tlb->large_entries++;
    tlb->large_in_set[s]++;
    struct tlb_large_block *b = large_block_of(tlb, e);
    for (unsigned i = 0; !b && i < TLB_LARGE_BLOCKS; i++)
        if (!tlb->large_blocks[i].bits) {
            b = &tlb->large_blocks[i];
            *b = (struct tlb_large_block){ e->va >> e->s1_block_bits << e->s1_block_bits, e->s1_block_bits, 0 };
        }
    if (b)
        b->fragments++;
    else
        tlb->large_blocks_overflow = true;
}

static void forget_large(struct tlb *tlb, unsigned s, const struct tlb_entry *e)
{
    tlb->large_entries--;
    tlb->large_in_set[s]--;
    struct tlb_large_block *b = large_block_of(tlb, e);
    if (b && !--b->fragments)
        b->bits = 0;
}

/* May a fragment of a larger mapping cover the VA page? */
static bool large_may_cover(const struct tlb *tlb, uint64_t va)
{
    if (!tlb->large_entries)
        return false;
    if (tlb->large_blocks_overflow)
        return true;
    for (unsigned i = 0; i < TLB_LARGE_BLOCKS; i++) {
        const struct tlb_large_block *b = &tlb->large_blocks[i];
        if (b->bits && va >> b->bits == b->base >> b->bits)
            return true;
    }
    return false;
}

void tlb_insert(struct tlb *tlb, const struct tlb_entry *entry)
{
    unsigned s = set_of(entry->va, entry->vmid);
    struct tlb_entry *set = tlb->entries[s];
    unsigned way = TLB_WAYS;
    for (unsigned w = 0; w < TLB_WAYS && way == TLB_WAYS; w++)
        if (!set[w].regime)
            way = w;
    if (way == TLB_WAYS) {
        way = tlb->next_victim[s];
        tlb->next_victim[s] = (uint8_t)((way + 1) % TLB_WAYS);
    }
    if (is_large(&set[way]))
        forget_large(tlb, s, &set[way]);
    set[way] = *entry;
    if (is_large(entry))
        note_large(tlb, s, entry);
}

/* Does the entry's stage 1 mapping (of 2^s1_block_bits bytes) contain the VA page? */
static bool covers_va(const struct tlb_entry *e, uint64_t va)
{
    return (e->va >> e->s1_block_bits) == (va >> e->s1_block_bits);
}

static bool covers_ipa(const struct tlb_entry *e, uint64_t ipa)
{
    return e->ipa != TLB_NO_IPA && (e->ipa >> e->s2_block_bits) == (ipa >> e->s2_block_bits);
}

static bool entry_matches(const struct tlb_entry *e, const struct tlb_match *m)
{
    if (!e->regime || (m->regime && e->regime != m->regime))
        return false;
    if (m->by_vmid && e->vmid != m->vmid)
        return false;
    if (m->non_global_only && e->global)
        return false;
    if (m->by_asid && !e->global && e->asid != m->asid)
        return false;
    if (m->by_va && !covers_va(e, m->va))
        return false;
    if (m->by_ipa && !covers_ipa(e, m->ipa))
        return false;
    return true;
}

static unsigned invalidate_set(struct tlb *tlb, unsigned s, const struct tlb_match *m)
{
    unsigned dropped = 0;
    for (unsigned w = 0; w < TLB_WAYS; w++) {
        struct tlb_entry *e = &tlb->entries[s][w];
        if (!entry_matches(e, m))
            continue;
        if (is_large(e))
            forget_large(tlb, s, e);
        memset(e, 0, sizeof *e);
        dropped++;
    }
    return dropped;
}

unsigned tlb_invalidate(struct tlb *tlb, const struct tlb_match *m)
{
    unsigned dropped = 0;
    /* By VA (and VMID, which picks the set): a 4 KiB entry of the page can only be in the VA's
     * own set; fragments of larger mappings may be anywhere, so the sets holding any are
     * looked at too (Linux maps its kernel with blocks and invalidates by VA all the time). */
    if (m->by_va && m->by_vmid) {
        unsigned own = set_of(m->va, m->vmid);
        dropped += invalidate_set(tlb, own, m);
        if (!large_may_cover(tlb, m->va))
            return dropped;
        for (unsigned s = 0; tlb->large_entries && s < TLB_SETS; s++)
            if (tlb->large_in_set[s] && s != own)
                dropped += invalidate_set(tlb, s, m);
        return dropped;
    }
    for (unsigned s = 0; s < TLB_SETS; s++)
        dropped += invalidate_set(tlb, s, m);
    return dropped;
}

void tlb_flush(struct tlb *tlb)
{
    memset(tlb, 0, sizeof *tlb);
}
