/* `elsim bench paper` (issue 6 item 7). Runs roms/hyp/D/D-v{2,3}.elf (D = type1, split) in-process
 * (the same machine as `elsim run IMAGE --smp 4 --gic N`), reads the `paper:` lines the guest
 * prints (roms/hyp/ABI.md, "Output"), and prints one table beside Dall et al.'s ARM Xen and ARM
 * KVM columns (ISCA 2016, Table II, cycles on an APM X-Gene); writes the same as JSON and as an
 * SVG bar chart with a log scale. */
#include "bench_paper.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "elsim.h"

enum { DESIGNS = 2, GICS = 2, BENCHES = 7 };

static const char *const design_names[DESIGNS] = { "type1", "split" };

static const struct {
    const char *key;          /* the guest's bench= name */
    const char *title;        /* the paper's row */
    double xen, kvm;          /* the paper's ARM columns, cycles */
} benches[BENCHES] = {
    { "hypercall", "Hypercall", 376, 6500 },
    { "gic_trap", "Interrupt Controller Trap", 1356, 7370 },
    { "virtual_ipi", "Virtual IPI", 5978, 11557 },
    { "virq_completion", "Virtual IRQ Completion", 71, 71 },
    { "vm_switch", "VM Switch", 8799, 10387 },
    { "io_out", "I/O Latency Out", 16491, 6024 },
    { "io_in", "I/O Latency In", 15650, 13872 },
};

struct figure {
    bool have;
    double cycles, insns, exceptions;
    unsigned iterations;
};

struct run {
    char image[4096];
    int status;               /* exit status as `elsim run` would give it */
    double host_seconds;
    uint64_t model_ns;
    struct figure fig[BENCHES];
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench_index(const char *key, size_t len)
{
    for (int i = 0; i < BENCHES; i++)
        if (strlen(benches[i].key) == len && strncmp(benches[i].key, key, len) == 0)
            return i;
    return -1;
}

/* One `paper: design=D gic=G bench=B cycles=C insns=I exceptions=E iterations=N` line. */
static void parse_line(struct run *r, const char *line, const char *design, unsigned gic)
{
    char d[16], b[32];
    unsigned g, n;
    double c, i, e;
    if (sscanf(line, "paper: design=%15s gic=%u bench=%31s cycles=%lf insns=%lf exceptions=%lf iterations=%u", d,
               &g, b, &c, &i, &e, &n) != 7)
        return;
    int k = bench_index(b, strlen(b));
    if (k < 0 || strcmp(d, design) != 0 || g != gic)
        return;
    r->fig[k] = (struct figure){ true, c, i, e, n };
}

static bool run_image(struct run *r, const char *design, unsigned gic, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    FILE *console = open_memstream(&text, &len);
    if (!console) {
        snprintf(err, errlen, "cannot capture the console: %s", strerror(errno));
        return false;
    }
    struct elsim_options o = { .cpus = 4, .gic_version = gic, .console = console, .console_input_fd = -1 };
    struct elsim *sim = elsim_create(&o, err, errlen);
    bool ok = sim && elsim_load_image(sim, r->image, false, 0, err, errlen);
    if (ok) {
        struct elsim_limits limits = { .max_insns = 4000000000ull, .timeout_s = 900 };
        double start = now();
        enum elsim_result res = elsim_run(sim, &limits);
        r->host_seconds = now() - start;
        r->model_ns = elsim_model_ns(sim);
        r->status = res == ELSIM_EXIT ? elsim_exit_status(sim) : res == ELSIM_INSN_LIMIT || res == ELSIM_TIMEOUT ? 4 : 3;
        if (res != ELSIM_EXIT)
            snprintf(err, errlen, "%.300s: %.150s", r->image,
                     res == ELSIM_INSN_LIMIT || res == ELSIM_TIMEOUT ? "did not finish" : elsim_stop_message(sim));
        ok = res == ELSIM_EXIT;
    }
    if (sim)
        elsim_destroy(sim);
    fclose(console);
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strncmp(line, "paper: ", 7) == 0)
            parse_line(r, line, design, gic);
    }
    free(text);
    return ok;
}

static void print_table(FILE *out, struct run runs[DESIGNS][GICS])
{
    fprintf(out, "ISCA 2016 virtualization microbenchmarks (Dall et al., Table II): cycles per operation\n");
    fprintf(out, "elsim: model cycles (docs/cost-model.md); paper: APM X-Gene hardware\n\n");
    fprintf(out, "%-26s %10s %10s %10s %10s %10s %10s\n", "", "type1", "type1", "split", "split", "paper", "paper");
    fprintf(out, "%-26s %10s %10s %10s %10s %10s %10s\n", "benchmark", "GICv2", "GICv3", "GICv2", "GICv3", "ARM Xen",
            "ARM KVM");
    for (int k = 0; k < BENCHES; k++) {
        fprintf(out, "%-26s", benches[k].title);
        for (int d = 0; d < DESIGNS; d++)
            for (int g = 0; g < GICS; g++) {
                const struct figure *f = &runs[d][g].fig[k];
                if (f->have)
                    fprintf(out, " %10.0f", f->cycles);
                else
                    fprintf(out, " %10s", "-");
            }
        fprintf(out, " %10.0f %10.0f\n", benches[k].xen, benches[k].kvm);
    }
    fprintf(out, "\nper operation: exceptions taken / instructions executed (all ELs, measuring CPU)\n");
    fprintf(out, "%-26s %13s %13s %13s %13s\n", "benchmark", "type1 GICv2", "type1 GICv3", "split GICv2",
            "split GICv3");
    for (int k = 0; k < BENCHES; k++) {
        fprintf(out, "%-26s", benches[k].title);
        for (int d = 0; d < DESIGNS; d++)
            for (int g = 0; g < GICS; g++) {
                const struct figure *f = &runs[d][g].fig[k];
                char cell[32] = "-";
                if (f->have)
                    snprintf(cell, sizeof cell, "%.1f / %.0f", f->exceptions, f->insns);
                fprintf(out, " %13s", cell);
            }
        fprintf(out, "\n");
    }
}

static bool write_json(const char *path, struct run runs[DESIGNS][GICS])
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "source", "Dall et al., ARM Virtualization: Performance and Architectural "
                                            "Implications, ISCA 2016, Table II");
    cJSON_AddStringToObject(root, "unit", "cycles per operation (elsim: model cycles at 1 GHz)");
    cJSON *list = cJSON_AddArrayToObject(root, "benchmarks");
    for (int k = 0; k < BENCHES; k++) {
        cJSON *b = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "name", benches[k].key);
        cJSON_AddStringToObject(b, "title", benches[k].title);
        cJSON *paper = cJSON_AddObjectToObject(b, "paper");
        cJSON_AddNumberToObject(paper, "arm_xen", benches[k].xen);
        cJSON_AddNumberToObject(paper, "arm_kvm", benches[k].kvm);
        cJSON *el = cJSON_AddObjectToObject(b, "elsim");
        for (int d = 0; d < DESIGNS; d++) {
            cJSON *dj = cJSON_AddObjectToObject(el, design_names[d]);
            for (int g = 0; g < GICS; g++) {
                const struct figure *f = &runs[d][g].fig[k];
                if (!f->have)
                    continue;
                cJSON *fj = cJSON_AddObjectToObject(dj, g ? "gicv3" : "gicv2");
                cJSON_AddNumberToObject(fj, "cycles", f->cycles);
                cJSON_AddNumberToObject(fj, "instructions", f->insns);
                cJSON_AddNumberToObject(fj, "exceptions", f->exceptions);
                cJSON_AddNumberToObject(fj, "iterations", f->iterations);
            }
        }
        cJSON_AddItemToArray(list, b);
    }
    cJSON *rl = cJSON_AddArrayToObject(root, "runs");
    for (int d = 0; d < DESIGNS; d++)
        for (int g = 0; g < GICS; g++) {
            cJSON *r = cJSON_CreateObject();
            cJSON_AddStringToObject(r, "image", runs[d][g].image);
            cJSON_AddNumberToObject(r, "exit_status", runs[d][g].status);
            cJSON_AddNumberToObject(r, "model_ns", (double)runs[d][g].model_ns);
            cJSON_AddNumberToObject(r, "host_seconds", runs[d][g].host_seconds);
            cJSON_AddItemToArray(rl, r);
        }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    FILE *f = text ? fopen(path, "w") : NULL;
    bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    if (f && fclose(f) != 0)
        ok = false;
    free(text);
    return ok;
}

/* A grouped bar chart, one group per benchmark: type1 and split (GICv2 and GICv3) and the
 * paper's two columns, on a log10 axis from 10 to 100,000 cycles. */
static bool write_svg(const char *path, struct run runs[DESIGNS][GICS])
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    enum { W = 1100, H = 480, LEFT = 70, TOP = 40, PLOT_H = 340, GROUP = 140, BAR = 18 };
    static const struct { const char *label, *colour; } series[6] = {
        { "elsim type1 GICv2", "#1f77b4" }, { "elsim type1 GICv3", "#6baed6" }, { "elsim split GICv2", "#d62728" },
        { "elsim split GICv3", "#ff9896" }, { "paper ARM Xen", "#555555" },     { "paper ARM KVM", "#aaaaaa" },
    };
    const double lo = 1.0, hi = 5.0;   /* log10 range */
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
               "font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%d\" y=\"20\" font-size=\"14\">ISCA 2016 microbenchmarks: cycles per operation "
               "(log scale)</text>\n", LEFT);
    for (int p = 1; p <= 5; p++) {
        double y = TOP + PLOT_H - (p - lo) / (hi - lo) * PLOT_H;
        fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", LEFT, LEFT + BENCHES * GROUP,
                y, y);
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n", LEFT - 6, y + 4, pow(10, p));
    }
    for (int k = 0; k < BENCHES; k++) {
        double values[6];
        for (int d = 0; d < DESIGNS; d++)
            for (int g = 0; g < GICS; g++)
                values[d * 2 + g] = runs[d][g].fig[k].have ? runs[d][g].fig[k].cycles : 0;
        values[4] = benches[k].xen;
        values[5] = benches[k].kvm;
        int x0 = LEFT + k * GROUP + (GROUP - 6 * BAR) / 2;
        for (int s = 0; s < 6; s++) {
            if (values[s] <= 0)
                continue;
            double v = fmin(fmax(log10(values[s]), lo), hi);
            double h = (v - lo) / (hi - lo) * PLOT_H;
            fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %.0f</title>"
                       "</rect>\n", x0 + s * BAR, TOP + PLOT_H - h, BAR - 2, h, series[s].colour, series[s].label,
                    values[s]);
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", LEFT + k * GROUP + GROUP / 2,
                TOP + PLOT_H + 16, benches[k].title);
    }
    for (int s = 0; s < 6; s++) {
        int x = LEFT + s * 170, y = H - 24;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
                x, y, series[s].colour, x + 16, y + 10, series[s].label);
    }
    fprintf(f, "</svg>\n");
    return fclose(f) == 0;
}

static void dir_of(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(out, len, "%.*s", (int)(slash - path), path);
    else
        snprintf(out, len, ".");
}

static const char usage[] =
    "usage: elsim bench paper [--images DIR] [--out DIR]\n"
    "Runs the ISCA 2016 microbenchmarks under roms/hyp's type1 and split hypervisors with GICv2\n"
    "and GICv3 and prints them beside the paper's ARM Xen and ARM KVM figures; writes\n"
    "paper.json and paper.svg. Defaults: images DIR/type1/type1-v2.elf ... with DIR =\n"
    "<elsim's directory>/roms/hyp; output in <elsim's directory>/bench.\n";

int bench_paper_main(int argc, char **argv, const char *self)
{
    char base[2048], images[3072], out[3072];
    dir_of(self, base, sizeof base);
    snprintf(images, sizeof images, "%s/roms/hyp", base);
    snprintf(out, sizeof out, "%s/bench", base);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (i + 1 < argc && strcmp(argv[i], "--images") == 0)
            snprintf(images, sizeof images, "%s", argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--out") == 0)
            snprintf(out, sizeof out, "%s", argv[++i]);
        else {
            fprintf(stderr, "elsim: bench paper: unknown or incomplete option '%s' (see elsim bench paper --help)\n",
                    argv[i]);
            return 2;
        }
    }
    static struct run runs[DESIGNS][GICS];
    memset(runs, 0, sizeof runs);
    bool ok = true;
    for (int d = 0; d < DESIGNS; d++)
        for (int g = 0; g < GICS; g++) {
            struct run *r = &runs[d][g];
            char err[512];
            snprintf(r->image, sizeof r->image, "%s/%s/%s-v%d.elf", images, design_names[d], design_names[d], g + 2);
            fprintf(stderr, "running %s ...\n", r->image);
            if (!run_image(r, design_names[d], (unsigned)g + 2, err, sizeof err)) {
                fprintf(stderr, "elsim: bench paper: %s\n", err);
                ok = false;
                continue;
            }
            for (int k = 0; k < BENCHES; k++)
                if (!r->fig[k].have) {
                    fprintf(stderr, "elsim: bench paper: %s printed no %s figure\n", r->image, benches[k].key);
                    ok = false;
                }
        }
    print_table(stdout, runs);
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "elsim: bench paper: cannot create %s: %s\n", out, strerror(errno));
        return 2;
    }
    char json[4200], svg[4200];
    snprintf(json, sizeof json, "%s/paper.json", out);
    snprintf(svg, sizeof svg, "%s/paper.svg", out);
    if (!write_json(json, runs) || !write_svg(svg, runs)) {
        fprintf(stderr, "elsim: bench paper: cannot write %s or %s\n", json, svg);
        return 2;
    }
    printf("\nwritten: %s, %s\n", json, svg);
    return ok ? 0 : 1;
}
