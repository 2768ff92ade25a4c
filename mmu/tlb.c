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

static bool is_large(const struct tlb_entry *e)
{
    return e->regime && (e->s1_block_bits > 12 || e->s2_block_bits > 12);
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
        tlb->large_entries--;
    set[way] = *entry;
    if (is_large(entry))
        tlb->large_entries++;
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

static unsigned drop(struct tlb *tlb, struct tlb_entry *e)
{
    if (is_large(e))
        tlb->large_entries--;
    memset(e, 0, sizeof *e);
    return 1;
}

unsigned tlb_invalidate(struct tlb *tlb, const struct tlb_match *m)
{
    unsigned dropped = 0;
    /* By VA with only 4 KiB mappings cached: the VA's own set is the only place to look. */
    if (m->by_va && !tlb->large_entries && m->by_vmid) {
        struct tlb_entry *set = tlb->entries[set_of(m->va, m->vmid)];
        for (unsigned w = 0; w < TLB_WAYS; w++)
            if (entry_matches(&set[w], m))
                dropped += drop(tlb, &set[w]);
        return dropped;
    }
    for (unsigned s = 0; s < TLB_SETS; s++)
        for (unsigned w = 0; w < TLB_WAYS; w++)
            if (entry_matches(&tlb->entries[s][w], m))
                dropped += drop(tlb, &tlb->entries[s][w]);
    return dropped;
}

void tlb_flush(struct tlb *tlb)
{
    memset(tlb, 0, sizeof *tlb);
}
