/* --stats. Instructions, cycles, TLB and walk counts come from the CPUs' own counters (kept
 * for the PMU and `monitor stats` anyway); exceptions, returns, VM switches, hypercalls per
 * VM and device accesses are counted by a subscriber of the hooks API (include/elsim.h). */
#include "stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "exception.h"

enum { MAX_VMIDS = 256, MAX_DEVICES = 32 };

static struct {
    uint64_t sync[3][64];          /* [target EL][EC] */
    uint64_t async[3][4];          /* [target EL][IRQ, FIQ, SError] */
    uint64_t erets;
    uint64_t vm_switches;
    uint64_t hvc_by_vmid[MAX_VMIDS]; /* HVC from EL1 (a guest's hypercall), by its VMID */
    struct { const char *name; uint64_t reads, writes; } devices[MAX_DEVICES];
    unsigned device_count;
} st;

static void count_mmio(const struct elsim_event *ev)
{
    unsigned i;
    for (i = 0; i < st.device_count; i++)
        if (strcmp(st.devices[i].name, ev->u.mmio.device) == 0)
            break;
    if (i == st.device_count) {
        if (st.device_count == MAX_DEVICES)
            return;
        st.devices[st.device_count++].name = ev->u.mmio.device;
    }
    if (ev->u.mmio.write)
        st.devices[i].writes++;
    else
        st.devices[i].reads++;
}

static void count_event(void *ctx, const struct elsim_event *ev)
{
    (void)ctx;
    switch (ev->kind) {
    case ELSIM_EV_EXCEPTION:
        if (ev->u.exception.type == 0) {
            st.sync[ev->u.exception.to_el][ev->u.exception.ec]++;
            if (ev->u.exception.ec == EC_HVC64 && ev->el == 1)
                st.hvc_by_vmid[ev->vmid]++;
        } else {
            st.async[ev->u.exception.to_el][ev->u.exception.type]++;
        }
        break;
    case ELSIM_EV_ERET: st.erets++; break;
    case ELSIM_EV_VM_SWITCH: st.vm_switches++; break;
    case ELSIM_EV_MMIO: count_mmio(ev); break;
    default: break;
    }
}

void stats_start(struct elsim *sim)
{
    memset(&st, 0, sizeof st);
    elsim_hooks_add(sim,
                    ELSIM_EV_BIT(ELSIM_EV_EXCEPTION) | ELSIM_EV_BIT(ELSIM_EV_ERET) |
                        ELSIM_EV_BIT(ELSIM_EV_VM_SWITCH) | ELSIM_EV_BIT(ELSIM_EV_MMIO),
                    count_event, NULL);
}

/* The process's peak resident set (VmHWM), which, unlike getrusage's ru_maxrss, does not
 * include whatever ran in the process before exec. -1 if unknown. */
static long peak_resident_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

static void print_exceptions(void)
{
    static const char *const kinds[] = { "", "IRQ", "FIQ", "SError" };
    fprintf(stderr, "exceptions taken:\n");
    for (unsigned el = 1; el < 3; el++) {
        for (unsigned ec = 0; ec < 64; ec++)
            if (st.sync[el][ec])
                fprintf(stderr, "  to EL%u  EC 0x%02x %-40s %" PRIu64 "\n", el, ec, exception_class_name(ec),
                        st.sync[el][ec]);
        for (unsigned k = 1; k < 4; k++)
            if (st.async[el][k])
                fprintf(stderr, "  to EL%u  %-48s %" PRIu64 "\n", el, kinds[k], st.async[el][k]);
    }
    fprintf(stderr, "exception returns: %" PRIu64 "\n", st.erets);
    if (st.vm_switches)
        fprintf(stderr, "VM switches (VTTBR_EL2 changes): %" PRIu64 "\n", st.vm_switches);
    for (unsigned vmid = 0; vmid < MAX_VMIDS; vmid++)
        if (st.hvc_by_vmid[vmid])
            fprintf(stderr, "hypercalls (HVC from EL1) by VMID %u: %" PRIu64 "\n", vmid, st.hvc_by_vmid[vmid]);
    for (unsigned i = 0; i < st.device_count; i++)
        fprintf(stderr, "MMIO %-18s %" PRIu64 " reads, %" PRIu64 " writes\n", st.devices[i].name,
                st.devices[i].reads, st.devices[i].writes);
}

void stats_print(struct elsim *sim, double seconds)
{
    uint64_t total = 0, at_el[3] = {0}, cycles = 0, cycles_at_el[3] = {0};
    struct mmu_counters mmu = {0};
    for (unsigned i = 0; i < elsim_cpu_count(sim); i++) {
        const struct cpu *c = elsim_cpu(sim, i);
        total += c->insns;
        cycles += c->cycles;
        mmu.tlb_hits += c->mmu.tlb_hits;
        mmu.tlb_misses += c->mmu.tlb_misses;
        for (unsigned stage = 0; stage < 2; stage++) {
            mmu.walks[stage] += c->mmu.walks[stage];
            mmu.walk_reads[stage] += c->mmu.walk_reads[stage];
        }
        for (unsigned el = 0; el < 3; el++) {
            at_el[el] += c->insns_at_el[el];
            cycles_at_el[el] += c->cycles_at_el[el];
        }
    }
    fprintf(stderr, "--- elsim statistics ---\n");
    fprintf(stderr, "instructions: %" PRIu64 " (EL0 %" PRIu64 ", EL1 %" PRIu64 ", EL2 %" PRIu64 ")\n", total,
            at_el[0], at_el[1], at_el[2]);
    fprintf(stderr, "cycles: %" PRIu64 " (EL0 %" PRIu64 ", EL1 %" PRIu64 ", EL2 %" PRIu64 ")\n", cycles,
            cycles_at_el[0], cycles_at_el[1], cycles_at_el[2]);
    print_exceptions();
    fprintf(stderr, "TLB: %" PRIu64 " hits, %" PRIu64 " misses (lookups that missed the per-CPU fast TLB)\n",
            mmu.tlb_hits, mmu.tlb_misses);
    fprintf(stderr, "table walks: stage 1 %" PRIu64 " (%" PRIu64 " descriptor reads), stage 2 %" PRIu64
                    " (%" PRIu64 " descriptor reads)\n",
            mmu.walks[0], mmu.walk_reads[0], mmu.walks[1], mmu.walk_reads[1]);
    fprintf(stderr, "host seconds: %.3f\n", seconds);
    long peak_kib = peak_resident_kib();
    if (peak_kib >= 0)
        fprintf(stderr, "peak resident memory: %.1f MiB\n", peak_kib / 1024.0);
    fprintf(stderr, "MIPS: %.1f\n", seconds > 0 ? total / seconds / 1e6 : 0.0);
}
