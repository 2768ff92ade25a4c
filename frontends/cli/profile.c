/* --profile. A subscriber of ELSIM_EV_BLOCK (include/elsim.h): every block's instructions and
 * cycles (its static costs plus the exceptions, walks and MMIO it caused) go to the function
 * containing the block's first instruction, in the EL it ran at. Inside a VM (EL0/EL1 with
 * HCR_EL2.VM set) addresses are the guest's, named by --profile-guest's symbols; elsewhere by
 * the image's. A block that falls through from one function into the next is counted whole
 * in the first (blocks end at every branch, so this is rare). */
#include "profile.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sysreg.h"  /* HCR_VM */


enum { CONTEXT_HOST, CONTEXT_GUEST, CONTEXTS };

struct entry {
    const struct elsim_symbol *symbol;   /* NULL: no symbol */
    unsigned context, el;
    uint64_t cycles, insns;
};

struct profile {
    struct elsim *sim;
    struct elsim_symbols *symbols[CONTEXTS];
    const char *image_name[CONTEXTS];
    struct entry *entries;                /* open addressing on (symbol, context, el) */
    size_t cap, used;
    uint64_t total_cycles, total_insns;
};

static size_t slot_of(const struct profile *p, const struct elsim_symbol *s, unsigned context, unsigned el)
{
    uint64_t h = (uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ull ^ (context * 4u + el) * 0xff51afd7ed558ccdull;
    size_t i = (size_t)(h >> 20) & (p->cap - 1);
    while (p->entries[i].cycles | p->entries[i].insns) {
        const struct entry *e = &p->entries[i];
        if (e->symbol == s && e->context == context && e->el == el)
            return i;
        i = (i + 1) & (p->cap - 1);
    }
    return i;
}

static bool grow(struct profile *p)
{
    struct profile bigger = *p;
    bigger.cap = p->cap ? p->cap * 2 : 256;
    bigger.entries = calloc(bigger.cap, sizeof *bigger.entries);
    if (!bigger.entries)
        return false;
    for (size_t i = 0; i < p->cap; i++) {
        const struct entry *e = &p->entries[i];
        if (e->cycles | e->insns)
            bigger.entries[slot_of(&bigger, e->symbol, e->context, e->el)] = *e;
    }
    free(p->entries);
    p->entries = bigger.entries;
    p->cap = bigger.cap;
    return true;
}

static void on_block(void *ctx, const struct elsim_event *ev)
{
    struct profile *p = ctx;
    if (!ev->u.block.cycles && !ev->u.block.insns)
        return;
    const struct cpu *cpu = elsim_cpu(p->sim, ev->cpu);
    unsigned context = ev->el < 2 && (cpu->sr[SR_HCR_EL2] & HCR_VM) ? CONTEXT_GUEST : CONTEXT_HOST;
    const struct elsim_symbol *s = elsim_symbols_find(p->symbols[context], ev->pc, NULL);
    if (p->used * 2 >= p->cap && !grow(p))
        return;
    struct entry *e = &p->entries[slot_of(p, s, context, ev->el)];
    if (!(e->cycles | e->insns)) {
        *e = (struct entry){ s, context, ev->el, 0, 0 };
        p->used++;
    }
    e->cycles += ev->u.block.cycles;
    e->insns += ev->u.block.insns;
    p->total_cycles += ev->u.block.cycles;
    p->total_insns += ev->u.block.insns;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

struct profile *profile_start(struct elsim *sim, const char *host_image, const char *guest_image, char *err,
                              size_t errlen)
{
    struct profile *p = calloc(1, sizeof *p);
    if (!p || !grow(p)) {
        snprintf(err, errlen, "out of memory for --profile");
        free(p);
        return NULL;
    }
    p->sim = sim;
    const char *paths[CONTEXTS] = { host_image, guest_image };
    for (unsigned c = 0; c < CONTEXTS; c++) {
        if (!paths[c])
            continue;
        p->symbols[c] = elsim_symbols_load(paths[c], err, errlen);
        /* The image may be a raw binary or a Linux Image: no names then, only "(no symbol)". */
        if (!p->symbols[c] && c == CONTEXT_GUEST) {
            profile_free(p);
            return NULL;
        }
        p->image_name[c] = base_name(paths[c]);
    }
    if (elsim_hooks_add(sim, ELSIM_EV_BIT(ELSIM_EV_BLOCK), on_block, p) < 0) {
        snprintf(err, errlen, "--profile: too many event subscribers");
        profile_free(p);
        return NULL;
    }
    return p;
}

static int by_cycles(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->cycles != y->cycles)
        return x->cycles > y->cycles ? -1 : 1;
    if (x->insns != y->insns)
        return x->insns > y->insns ? -1 : 1;
    return strcmp(x->symbol ? x->symbol->name : "", y->symbol ? y->symbol->name : "");
}

void profile_print(const struct profile *p, FILE *out, unsigned top)
{
    struct entry *sorted = malloc((p->used ? p->used : 1) * sizeof *sorted);
    if (!sorted)
        return;
    size_t n = 0;
    for (size_t i = 0; i < p->cap; i++)
        if (p->entries[i].cycles | p->entries[i].insns)
            sorted[n++] = p->entries[i];
    qsort(sorted, n, sizeof *sorted, by_cycles);
    fprintf(out, "--- elsim profile: %" PRIu64 " cycles, %" PRIu64 " instructions (all CPUs), top %u of %zu ---\n",
            p->total_cycles, p->total_insns, top, n);
    fprintf(out, "%14s %6s %12s  EL  function\n", "cycles", "%", "insns");
    for (size_t i = 0; i < n && i < top; i++) {
        const struct entry *e = &sorted[i];
        const char *image = p->image_name[e->context] ? p->image_name[e->context]
                            : e->context == CONTEXT_GUEST ? "guest" : "image";
        fprintf(out, "%14" PRIu64 " %5.1f%% %12" PRIu64 "  %u   %s [%s%s]\n", e->cycles,
                p->total_cycles ? 100.0 * (double)e->cycles / (double)p->total_cycles : 0.0, e->insns, e->el,
                e->symbol ? e->symbol->name : "(no symbol)", e->context == CONTEXT_GUEST ? "VM: " : "", image);
    }
    free(sorted);
}

void profile_free(struct profile *p)
{
    if (!p)
        return;
    for (unsigned c = 0; c < CONTEXTS; c++)
        elsim_symbols_free(p->symbols[c]);
    free(p->entries);
    free(p);
}
