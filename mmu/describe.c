/* Translation table walks in words (the --trace mmu format, also used by the debugger's
 * `monitor translate`): VMSAv8-64 descriptor formats, ARM ARM D5.3. */
#include <inttypes.h>
#include <stdio.h>

#include "cpu.h"
#include "esr_describe.h"
#include "mmu.h"

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
        snprintf(buf, len, "%s -> 0x%" PRIx64 ", S2AP %s, MemAttr 0x%x, %s, AF=%u", kind, out, s2ap[(d >> 6) & 3],
                 (unsigned)(d >> 2) & 15, (d >> 54) & 1 ? "XN" : "executable", af);
        return;
    }
    static const char *const ap[4] = { "EL1 rw / EL0 none", "EL1 rw / EL0 rw", "EL1 ro / EL0 none",
                                       "EL1 ro / EL0 ro" };
    snprintf(buf, len, "%s -> 0x%" PRIx64 ", AP %s, AttrIndx %u, %s%s%s, AF=%u", kind, out, ap[(d >> 6) & 3],
             (unsigned)(d >> 2) & 7, (d >> 11) & 1 ? "nG" : "global", (d >> 54) & 1 ? ", UXN" : "",
             (d >> 53) & 1 ? ", PXN" : "", af);
}

void mmu_describe_walk_event(const struct cpu *cpu, const struct mmu_walk_event *ev, char *buf, size_t len)
{
    static const char *const access[] = { "read", "write", "fetch", "cache maintenance", "DC ZVA" };
    char text[200];
    switch (ev->kind) {
    case MMU_WALK_START:
        snprintf(buf, len, "[cpu%u %" PRIu64 "] translate VA 0x%016" PRIx64 " (%s at EL%u): %s", cpu->index,
                 cpu->cycles, ev->va, access[ev->access], ev->el, ev->tlb_miss ? "TLB miss, walk" : "walk (AT or debugger: no TLB)");
        break;
    case MMU_WALK_DESCRIPTOR:
        describe_descriptor(ev->stage2, ev->level, ev->value, text, sizeof text);
        snprintf(buf, len, "    stage %d level %d: descriptor at PA 0x%" PRIx64 " = 0x%016" PRIx64 ": %s",
                 ev->stage2 ? 2 : 1, ev->level, ev->address, ev->value, text);
        break;
    case MMU_WALK_DONE:
        if (ev->ok) {
            snprintf(buf, len, "    => %s 0x%" PRIx64, ev->output_is_ipa ? "IPA" : "PA", ev->pa);
        } else {
            esr_fault_status(ev->fsc, text, sizeof text);
            snprintf(buf, len, "    => stage %d fault: %s", ev->fault_stage2 ? 2 : 1, text);
        }
        break;
    }
}
