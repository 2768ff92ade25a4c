/* An example of a research tool built on libelsim: run an image and count the hypercalls each
 * VM makes (HVC taken from EL1 to EL2, by the VMID in VTTBR_EL2 at that moment), and the
 * model cycles from each hypercall until the hypervisor returns to that VM.
 *
 *   hypercalls-per-vmid IMAGE.elf [CPUS]
 *
 * Build: meson builds it as build/docs/examples/hypercalls-per-vmid (it links libelsim); see
 * docs/hooks.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "elsim.h"
#include "exception.h"

enum { MAX_VMIDS = 256, MAX_CPUS = 64 };

struct counts {
    uint64_t hypercalls[MAX_VMIDS];
    uint64_t cycles[MAX_VMIDS];      /* from the HVC to the ERET back to EL1 */
    uint64_t entered_at[MAX_CPUS];   /* cycle of the HVC in flight on each CPU, 0 = none */
    unsigned vmid_of[MAX_CPUS];
};

static void on_event(void *ctx, const struct elsim_event *ev)
{
    struct counts *c = ctx;
    if (ev->cpu >= MAX_CPUS)
        return;
    if (ev->kind == ELSIM_EV_EXCEPTION && ev->u.exception.type == 0 && ev->u.exception.ec == EC_HVC64 &&
        ev->el == 1) {
        c->hypercalls[ev->vmid]++;
        c->entered_at[ev->cpu] = ev->cycle;
        c->vmid_of[ev->cpu] = ev->vmid;
    } else if (ev->kind == ELSIM_EV_ERET && ev->u.eret.to_el == 1 && c->entered_at[ev->cpu]) {
        c->cycles[c->vmid_of[ev->cpu]] += ev->cycle - c->entered_at[ev->cpu];
        c->entered_at[ev->cpu] = 0;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s IMAGE.elf [CPUS]\n", argv[0]);
        return 2;
    }
    char err[256];
    struct elsim_options options = { .cpus = argc == 3 ? (unsigned)atoi(argv[2]) : 1, .console_input_fd = -1 };
    struct elsim *sim = elsim_create(&options, err, sizeof err);
    if (!sim || !elsim_load_image(sim, argv[1], false, 0, err, sizeof err)) {
        fprintf(stderr, "hypercalls-per-vmid: %s\n", err);
        return 2;
    }
    static struct counts counts;
    elsim_hooks_add(sim, ELSIM_EV_BIT(ELSIM_EV_EXCEPTION) | ELSIM_EV_BIT(ELSIM_EV_ERET), on_event, &counts);
    struct elsim_limits limits = { .max_insns = 1000000000 };
    enum elsim_result r = elsim_run(sim, &limits);
    fflush(stdout);
    for (unsigned vmid = 0; vmid < MAX_VMIDS; vmid++)
        if (counts.hypercalls[vmid])
            printf("VMID %u: %" PRIu64 " hypercalls, %" PRIu64 " cycles in the hypervisor (%.1f per call)\n", vmid,
                   counts.hypercalls[vmid], counts.cycles[vmid],
                   (double)counts.cycles[vmid] / (double)counts.hypercalls[vmid]);
    int status = r == ELSIM_EXIT ? elsim_exit_status(sim) : 3;
    elsim_destroy(sim);
    return status;
}
