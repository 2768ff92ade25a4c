/* --trace exc: one line per exception taken or returned, the ESR decoded in words.
 * --trace mmu: every translation table walk (TLB misses), one line per descriptor read with
 * its meaning, then the outcome. */
#include "trace.h"

#include <inttypes.h>
#include <stdio.h>

#include "esr_describe.h"
#include "mmu.h"

static void trace_exception(void *ctx, struct cpu *cpu, unsigned from_el, unsigned to_el, unsigned kind,
                            uint32_t esr, uint64_t return_pc, uint64_t vector)
{
    (void)ctx;
    static const char *const kinds[] = { "sync", "IRQ", "FIQ", "SError" };
    char what[256];
    if (kind == 0 || kind == 3)
        esr_describe(esr, what, sizeof what);
    else
        snprintf(what, sizeof what, "%s interrupt", kinds[kind]);
    fprintf(stderr, "[cpu%u %" PRIu64 "] EL%u -> EL%u %s: %s | ESR 0x%08x ELR 0x%" PRIx64 " -> vector 0x%" PRIx64 "\n",
            cpu->index, cpu->insns, from_el, to_el, kinds[kind], what, esr, return_pc, vector);
}

static void trace_eret(void *ctx, struct cpu *cpu, unsigned from_el, unsigned to_el, uint64_t pc, bool illegal)
{
    (void)ctx;
    fprintf(stderr, "[cpu%u %" PRIu64 "] ERET EL%u -> EL%u at 0x%" PRIx64 "%s\n", cpu->index, cpu->insns, from_el,
            to_el, pc, illegal ? " (illegal return: PSTATE.IL set)" : "");
}

/* What a descriptor says, in words (VMSAv8-64 descriptor formats, ARM ARM D5.3). */
static void describe_descriptor(bool stage2, int level, uint64_t d, char *buf, size_t len)
{
    uint64_t out = d & 0x0000fffffffff000ull;
    if (!(d & 1)) {
        snprintf(buf, len, "invalid");
        return;
    }
    if ((d & 3) == 3 && level < 3) {
        snprintf(buf, len, "table -> next table at 0x%" PRIx64, out);
        return;
    }
    if ((d & 3) == 1 && level == 3) {
        snprintf(buf, len, "reserved (invalid at level 3)");
        return;
    }
    const char *kind = level == 3 ? "page" : "block";
    unsigned af = (d >> 10) & 1;
    if (stage2) {
        static const char *const s2ap[4] = { "none", "read-only", "write-only", "read/write" };
        snprintf(buf, len, "%s -> 0x%" PRIx64 ", S2AP %s, MemAttr 0x%x, %s, AF=%u", kind, out,
                 s2ap[(d >> 6) & 3], (unsigned)(d >> 2) & 15, (d >> 54) & 1 ? "XN" : "executable", af);
        return;
    }
    static const char *const ap[4] = { "EL1 rw / EL0 none", "EL1 rw / EL0 rw", "EL1 ro / EL0 none",
                                       "EL1 ro / EL0 ro" };
    snprintf(buf, len, "%s -> 0x%" PRIx64 ", AP %s, AttrIndx %u, %s%s%s, AF=%u", kind, out, ap[(d >> 6) & 3],
             (unsigned)(d >> 2) & 7, (d >> 11) & 1 ? "nG" : "global", (d >> 54) & 1 ? ", UXN" : "",
             (d >> 53) & 1 ? ", PXN" : "", af);
}

static void trace_walk(void *ctx, struct cpu *cpu, const struct mmu_walk_event *ev)
{
    (void)ctx;
    static const char *const access[] = { "read", "write", "fetch", "cache maintenance", "DC ZVA" };
    char text[200];
    switch (ev->kind) {
    case MMU_WALK_START:
        fprintf(stderr, "[cpu%u %" PRIu64 "] translate VA 0x%016" PRIx64 " (%s at EL%u): %s\n", cpu->index,
                cpu->insns, ev->va, access[ev->access], ev->el, ev->tlb_miss ? "TLB miss, walk" : "AT, walk");
        break;
    case MMU_WALK_DESCRIPTOR:
        describe_descriptor(ev->stage2, ev->level, ev->value, text, sizeof text);
        fprintf(stderr, "    stage %d level %d: descriptor at PA 0x%" PRIx64 " = 0x%016" PRIx64 ": %s\n",
                ev->stage2 ? 2 : 1, ev->level, ev->address, ev->value, text);
        break;
    case MMU_WALK_DONE:
        if (ev->ok) {
            fprintf(stderr, "    => %s 0x%" PRIx64 "\n", ev->output_is_ipa ? "IPA" : "PA", ev->pa);
        } else {
            esr_fault_status(ev->fsc, text, sizeof text);
            fprintf(stderr, "    => stage %d fault: %s\n", ev->fault_stage2 ? 2 : 1, text);
        }
        break;
    }
}

void trace_select(struct cpu_hooks *hooks, bool exceptions, bool mmu)
{
    *hooks = (struct cpu_hooks){0};
    if (exceptions) {
        hooks->exception = trace_exception;
        hooks->eret = trace_eret;
    }
    if (mmu)
        hooks->mmu_walk = trace_walk;
}
