/* The `elsim` command. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cost_model.h"
#include "elsim.h"
#include "elsim_config.h"
#include "exception.h"
#include "memory.h"
#include "gdb_stub.h"
#include "bench_paper.h"
#include "profile.h"
#include "stats.h"
#include "trace.h"
#include "trace_json.h"
#include "../ui/ui.h"

/* Exit statuses (DESIGN.md section 3). */
enum { EXIT_USAGE = 2, EXIT_INTERNAL = 3, EXIT_LIMIT = 4 };

static const char usage_text[] =
    "usage: elsim run IMAGE [options]\n"
    "       elsim bench paper [--images DIR] [--out DIR]   (docs/paper.md)\n"
    "       elsim run --bios FIRMWARE [IMAGE] [options]\n"
    "       elsim --help | --version\n"
    "\n"
    "Runs an AArch64 image on a QEMU-virt-compatible machine, starting at EL2 with the MMU off.\n"
    "IMAGE is an ELF (loaded at its physical addresses), a Linux arm64 Image, or a raw binary.\n"
    "\n"
    "options:\n"
    "  --mem SIZE               guest RAM at 0x40000000 (bytes, or with K/M/G; default 512M)\n"
    "  --smp N                  number of CPUs (default 1; up to 8 with GICv2, 64 with GICv3);\n"
    "                           CPU 0 boots, the others wait for PSCI CPU_ON\n"
    "  --gic 2|3                interrupt controller version (default 3)\n"
    "  --realtime               generic timer counts host time (default: model time, so every\n"
    "                           run of an image is identical)\n"
    "  --bios FILE              firmware loaded into flash at 0; the CPU starts there\n"
    "  --load-addr ADDR         where a raw binary goes (default 0x40000000)\n"
    "  --append STR             kernel command line (/chosen bootargs)\n"
    "  --initrd FILE            initial ramdisk, loaded after the image (/chosen linux,initrd-*)\n"
    "  --dtb FILE               this device tree instead of the generated one (/chosen patched)\n"
    "  --dump-dtb FILE          write the device tree the guest would get to FILE and exit\n"
    "  --module ADDR,FILE[,ARGS] load FILE at ADDR as a hypervisor boot module (repeatable: the\n"
    "                           first is dom0's kernel, with bootargs ARGS, the second its ramdisk)\n"
    "  --drive FILE[,ro]        raw disk image on virtio-blk (repeatable; ro: read-only)\n"
    "  --max-insns N            stop after N instructions (exit 4)\n"
    "  --timeout SECONDS        stop after this much host time (exit 4)\n"
    "  --trace KIND[,KIND...]   text traces on stderr (--trace may also be repeated):\n"
    "             exc           one line per exception taken or returned, ESR decoded\n"
    "             mmu           every translation table walk, descriptor by descriptor\n"
    "             insn          every instruction: EL, PC, word, disassembly, registers changed\n"
    "                           (the CPUs then run one instruction at a time: slow)\n"
    "             gic           interrupts pending / acknowledged / EOI / deactivated, LR writes\n"
    "  --trace-file FILE.json   Chrome trace-event file for ui.perfetto.dev or chrome://tracing:\n"
    "                           a track per CPU with its time at each EL, exceptions, GIC\n"
    "                           events and TLB misses, in model time\n"
    "  --stats                  print instruction and exception statistics at the end\n"
    "  --cost-model FILE.json   override entries of the cycle cost model (docs/cost-model.md)\n"
    "  --profile                print the functions (ELF symbols of IMAGE) with the most model\n"
    "                           cycles, split by EL, at the end (docs/cost-model.md)\n"
    "  --profile-guest FILE     name code running inside a VM by FILE's symbols (an ELF)\n"
    "  --semihosting-root DIR   let semihosting open files, confined to DIR\n"
    "  --gdb [HOST:]PORT        serve gdb-multiarch on PORT (default 127.0.0.1:1234; loopback\n"
    "                           unless HOST is given); --max-insns and --timeout do not apply\n"
    "  --gdb-wait               halt at reset until gdb continues (implies --gdb 127.0.0.1:1234)\n"
    "  --ui                     open the SDL2 debugger window instead (docs/ui.md)\n"
    "  --ui-script FILE         drive that window with the commands in FILE (tests, screenshots)\n"
    "\n"
    "exit status: the guest's semihosting exit code; 0 after PSCI SYSTEM_OFF; 2 bad usage or\n"
    "image; 3 internal error or an instruction elsim does not implement; 4 a limit was hit.\n";

struct cli_options {
    const char *image;
    const char *bios;
    const char *semihosting_root;
    uint64_t mem;
    bool has_mem;
    unsigned smp;
    unsigned gic;
    bool realtime;
    bool has_load_addr;
    uint64_t load_addr;
    uint64_t max_insns;
    double timeout;
    unsigned trace_kinds;         /* TRACE_* (trace.h) */
    const char *trace_file;
    bool stats;
    bool profile;
    const char *profile_guest;
    const char *cost_model;
    const char *gdb;              /* --gdb [HOST:]PORT, or NULL */
    bool gdb_wait;
    const char *append, *initrd, *dtb, *dump_dtb;
    struct elsim_module modules[16];
    unsigned module_count;
    struct elsim_drive drives[31];
    unsigned drive_count;
};

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "elsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see elsim --help)\n");
    exit(EXIT_USAGE);
}

static uint64_t parse_number(const char *option, const char *text, bool allow_suffix)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || text[0] == '-')
        usage_error("bad number for %s", option);
    uint64_t scale = 1;
    if (allow_suffix && *end) {
        switch (*end++) {
        case 'k': case 'K': scale = 1ull << 10; break;
        case 'm': case 'M': scale = 1ull << 20; break;
        case 'g': case 'G': scale = 1ull << 30; break;
        default: usage_error("bad size suffix for %s", option);
        }
    }
    if (*end)
        usage_error("bad number for %s", option);
    if (v > UINT64_MAX / scale)
        usage_error("number too large for %s", option);
    return v * scale;
}

static const char *readable_file(const char *option, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "elsim: cannot read %s file '%s': %s\n", option, path, strerror(errno));
        exit(EXIT_USAGE);
    }
    fclose(f);
    return path;
}

/* --module ADDR,FILE[,BOOTARGS]: BOOTARGS is the rest, commas included. */
static struct elsim_module parse_module(char *arg)
{
    char *file = strchr(arg, ',');
    if (!file || !file[1] || file == arg)
        usage_error("--module takes ADDR,FILE[,BOOTARGS], not %s", arg);
    *file++ = 0;
    char *args = strchr(file, ',');
    if (args)
        *args++ = 0;
    struct elsim_module m = { parse_number("--module", arg, false), readable_file("--module", file), args };
    return m;
}

/* --drive FILE[,ro] */
static struct elsim_drive parse_drive(char *arg)
{
    char *comma = strrchr(arg, ',');
    bool ro = comma && strcmp(comma + 1, "ro") == 0;
    if (ro)
        *comma = 0;
    if (!*arg)
        usage_error("%s", "--drive takes FILE[,ro]");
    return (struct elsim_drive){ arg, ro };
}

static struct cli_options parse_args(int argc, char **argv)
{
    struct cli_options o = {0};
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage_text, stdout);
        exit(0);
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("elsim %s\n", ELSIM_VERSION);
        exit(0);
    }
    if (argc < 2 || strcmp(argv[1], "run") != 0)
        usage_error("%s", argc < 2 ? "missing command" : "unknown command");
    enum { OPT_MEM = 256, OPT_SMP, OPT_GIC, OPT_REALTIME, OPT_BIOS, OPT_LOAD_ADDR, OPT_MAX_INSNS, OPT_TIMEOUT, OPT_TRACE, OPT_TRACE_FILE, OPT_STATS, OPT_SH_ROOT, OPT_GDB, OPT_GDB_WAIT, OPT_COST_MODEL, OPT_PROFILE, OPT_PROFILE_GUEST, OPT_APPEND, OPT_INITRD, OPT_DTB, OPT_DUMP_DTB, OPT_MODULE, OPT_DRIVE, OPT_HELP };
    static const struct option longopts[] = {
        { "mem", required_argument, NULL, OPT_MEM },
        { "smp", required_argument, NULL, OPT_SMP },
        { "gic", required_argument, NULL, OPT_GIC },
        { "realtime", no_argument, NULL, OPT_REALTIME },
        { "bios", required_argument, NULL, OPT_BIOS },
        { "load-addr", required_argument, NULL, OPT_LOAD_ADDR },
        { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "trace", required_argument, NULL, OPT_TRACE },
        { "trace-file", required_argument, NULL, OPT_TRACE_FILE },
        { "stats", no_argument, NULL, OPT_STATS },
        { "semihosting-root", required_argument, NULL, OPT_SH_ROOT },
        { "gdb", required_argument, NULL, OPT_GDB },
        { "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
        { "cost-model", required_argument, NULL, OPT_COST_MODEL },
        { "profile", no_argument, NULL, OPT_PROFILE },
        { "profile-guest", required_argument, NULL, OPT_PROFILE_GUEST },
        { "append", required_argument, NULL, OPT_APPEND },
        { "initrd", required_argument, NULL, OPT_INITRD },
        { "dtb", required_argument, NULL, OPT_DTB },
        { "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
        { "module", required_argument, NULL, OPT_MODULE },
        { "drive", required_argument, NULL, OPT_DRIVE },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_MEM:
            o.mem = parse_number("--mem", optarg, true);
            o.has_mem = true;
            break;
        case OPT_SMP: {
            uint64_t n = parse_number("--smp", optarg, false);
            if (n < 1 || n > 64)
                usage_error("--smp takes 1 to 64 CPUs (8 with --gic 2), not %s", optarg);
            o.smp = (unsigned)n;
            break;
        }
        case OPT_GIC:
            if (strcmp(optarg, "2") != 0 && strcmp(optarg, "3") != 0)
                usage_error("--gic takes 2 or 3, not %s", optarg);
            o.gic = (unsigned)(optarg[0] - '0');
            break;
        case OPT_REALTIME: o.realtime = true; break;
        case OPT_BIOS: o.bios = optarg; break;
        case OPT_LOAD_ADDR:
            o.has_load_addr = true;
            o.load_addr = parse_number("--load-addr", optarg, false);
            if (o.load_addr & 3)
                usage_error("--load-addr must be a multiple of 4 (instructions are 4-byte aligned), not %s", optarg);
            break;
        case OPT_MAX_INSNS: o.max_insns = parse_number("--max-insns", optarg, false); break;
        case OPT_TIMEOUT: {
            char *end;
            o.timeout = strtod(optarg, &end);
            if (*end || end == optarg || !(o.timeout > 0))
                usage_error("bad number of seconds for --timeout: %s", optarg);
            break;
        }
        case OPT_TRACE: {
            char bad[64];
            if (!trace_parse_kinds(optarg, &o.trace_kinds, bad, sizeof bad))
                usage_error("unknown trace kind '%s' (known: exc, mmu, insn, gic)", bad);
            break;
        }
        case OPT_TRACE_FILE: o.trace_file = optarg; break;
        case OPT_STATS: o.stats = true; break;
        case OPT_PROFILE: o.profile = true; break;
        case OPT_PROFILE_GUEST: o.profile_guest = optarg; break;
        case OPT_SH_ROOT: o.semihosting_root = optarg; break;
        case OPT_GDB: o.gdb = optarg; break;
        case OPT_GDB_WAIT: o.gdb_wait = true; break;
        case OPT_COST_MODEL: o.cost_model = optarg; break;
        case OPT_APPEND: o.append = optarg; break;
        case OPT_INITRD: o.initrd = readable_file("--initrd", optarg); break;
        case OPT_DTB: o.dtb = readable_file("--dtb", optarg); break;
        case OPT_DUMP_DTB: o.dump_dtb = optarg; break;
        case OPT_MODULE:
            if (o.module_count == sizeof o.modules / sizeof o.modules[0])
                usage_error("%s", "at most 16 --module options");
            o.modules[o.module_count++] = parse_module(optarg);
            break;
        case OPT_DRIVE:
            if (o.drive_count == sizeof o.drives / sizeof o.drives[0])
                usage_error("%s", "at most 31 --drive options");
            o.drives[o.drive_count++] = parse_drive(optarg);
            break;
        case OPT_HELP: fputs(usage_text, stdout); exit(0);
        default:
            usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        o.image = argv[optind++];
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    if (!o.image && !o.bios && !o.dump_dtb)
        usage_error("%s", "missing IMAGE");
    if (o.gic == 2 && o.smp > 8)
        usage_error("%s", "--gic 2 supports at most 8 CPUs (--smp)");
    if (o.has_mem && (o.mem < (1u << 20) || o.mem > (255ull << 30) || (o.mem & 0xfff)))
        usage_error("%s", "--mem must be a multiple of 4K between 1M and 255G");
    char cost_err[300];
    if (o.cost_model && !cost_model_load_json(o.cost_model, cost_err, sizeof cost_err))
        usage_error("--cost-model: %s", cost_err);
    if (o.semihosting_root && access(o.semihosting_root, R_OK | X_OK) != 0)
        usage_error("cannot use --semihosting-root directory '%s'", o.semihosting_root);
    return o;
}

static uint64_t total_insns(struct elsim *sim)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < elsim_cpu_count(sim); i++)
        total += elsim_cpu(sim, i)->insns;
    return total;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --trace-file: the open trace, closed on every way out. */
static struct trace_json *trace_file;
static struct elsim *trace_sim;
static volatile sig_atomic_t stop_signal;

static void stop_on_signal(int sig)
{
    stop_signal = sig;
    elsim_request_stop(trace_sim);
}

static void close_trace_file_at_exit(void)
{
    if (!trace_file)
        return;
    struct trace_json *t = trace_file;
    trace_file = NULL;
    char err[128];
    trace_finish();
    trace_json_close(t, "exit", err, sizeof err);
}

/* --gdb [HOST:]PORT: serve gdb until the guest ends (the result) or gdb kills it (*killed). */
static enum elsim_result run_with_gdb(struct elsim *sim, const struct cli_options *o, bool *killed)
{
    char host[256] = "";
    const char *spec = o->gdb ? o->gdb : "1234";
    const char *colon = strrchr(spec, ':');
    const char *port_text = colon ? colon + 1 : spec;
    if (colon) {
        if ((size_t)(colon - spec) >= sizeof host)
            usage_error("--gdb: host name too long: %s", spec);
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = 0;
    }
    uint64_t port = parse_number("--gdb", port_text, false);
    if (port < 1 || port > 65535)
        usage_error("--gdb takes [HOST:]PORT with PORT 1 to 65535, not %s", spec);
    struct gdb_stub_options go = { .host = host[0] ? host : NULL, .port = (unsigned)port, .wait_at_reset = o->gdb_wait };
    enum elsim_result r = ELSIM_EXIT;
    char err[512];
    switch (gdb_stub_run(sim, &go, &r, err, sizeof err)) {
    case GDB_STUB_ERROR:
        fprintf(stderr, "elsim: %s\n", err);
        exit(EXIT_USAGE);
    case GDB_STUB_KILLED: *killed = true; break;
    case GDB_STUB_MACHINE_ENDED: break;
    }
    return r;
}

/* A run that ended for a reason `elsim run` never asks for (a debug stop without a debugger,
 * a stop request without a signal): an internal error. */
static int report_internal(enum elsim_result r)
{
    fprintf(stderr, "elsim: internal error: the run ended with result %d\n", (int)r);
    return EXIT_INTERNAL;
}

/* --dump-dtb FILE: the device tree the guest would get, then exit 0. */
static int dump_dtb(struct elsim *sim, const char *path)
{
    char err[512];
    size_t size;
    const void *dtb = elsim_dtb(sim, &size, err, sizeof err);
    FILE *f = dtb ? fopen(path, "wb") : NULL;
    bool ok = f && fwrite(dtb, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok && dtb)
        fprintf(stderr, "elsim: cannot write --dump-dtb file '%s'\n", path);
    else if (!ok)
        fprintf(stderr, "elsim: %s\n", err);
    elsim_destroy(sim);
    return ok ? 0 : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "bench") == 0 && strcmp(argv[2], "paper") == 0)
        return bench_paper_main(argc - 2, argv + 2, argv[0]);
    const char *ui_script; /* --ui / --ui-script FILE: the debugger window builds its own machine */
    bool ui = ui_take_options(&argc, argv, &ui_script);
    struct cli_options o = parse_args(argc, argv);
    char err[512];
    struct elsim_options mo = {
        .ram_size = o.mem,
        .cpus = o.smp,
        .gic_version = o.gic,
        .realtime = o.realtime,
        .semihosting_root = o.semihosting_root,
        .console_input_fd = isatty(STDIN_FILENO) || !feof(stdin) ? STDIN_FILENO : -1,
        .append = o.append,
        .initrd = o.initrd,
        .dtb = o.dtb,
        .modules = o.modules,
        .module_count = o.module_count,
        .drives = o.drives,
        .drive_count = o.drive_count,
    };
    if (ui)
        return ui_main(&(struct ui_machine){ mo, o.image, o.has_load_addr, o.load_addr, o.bios }, ui_script);
    struct elsim *sim = elsim_create(&mo, err, sizeof err);
    if (!sim) {
        fprintf(stderr, "elsim: %s\n", err);
        return EXIT_USAGE;
    }
    if ((o.image && !elsim_load_image(sim, o.image, o.has_load_addr, o.load_addr, err, sizeof err)) ||
        (o.bios && !elsim_load_bios(sim, o.bios, err, sizeof err))) {
        fprintf(stderr, "elsim: %s\n", err);
        elsim_destroy(sim);
        return EXIT_USAGE;
    }
    if (o.dump_dtb)
        return dump_dtb(sim, o.dump_dtb);
    if (o.trace_file) {
        trace_file = trace_json_open(o.trace_file, sim, o.gic ? o.gic : 3, err, sizeof err);
        if (!trace_file) {
            fprintf(stderr, "elsim: %s\n", err);
            elsim_destroy(sim);
            return EXIT_USAGE;
        }
        /* The file stays valid JSON however the run ends: exit() calls, and SIGINT / SIGTERM /
         * SIGHUP, which stop the run so that main closes it. */
        atexit(close_trace_file_at_exit);
        trace_sim = sim;
        struct sigaction sa = { .sa_handler = stop_on_signal };
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND; /* a second signal kills as usual */
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        sa.sa_flags = 0; /* a closed stdout or stderr pipe: stop, then ignore the pipe */
        sigaction(SIGPIPE, &sa, NULL);
    }
    if (o.trace_kinds || trace_file)
        trace_start(sim, o.trace_kinds, o.gic ? o.gic : 3, trace_file);
    if (o.stats)
        stats_start(sim);
    struct profile *profile = NULL;
    if (o.profile || o.profile_guest) {
        profile = profile_start(sim, o.image ? o.image : o.bios, o.profile_guest, err, sizeof err);
        if (!profile) {
            fprintf(stderr, "elsim: %s\n", err);
            elsim_destroy(sim);
            return EXIT_USAGE;
        }
    }

    struct elsim_limits limits = { .max_insns = o.max_insns, .timeout_s = o.timeout };
    double start = now();
    bool gdb_killed = false;
    enum elsim_result r = o.gdb || o.gdb_wait ? run_with_gdb(sim, &o, &gdb_killed) : elsim_run(sim, &limits);
    double seconds = now() - start;
    fflush(stdout);
    if (o.trace_kinds || trace_file)
        trace_finish();
    if (trace_file) {
        char reason[400];
        switch (r) {
        case ELSIM_EXIT: snprintf(reason, sizeof reason, "guest exit, status %d", elsim_exit_status(sim)); break;
        case ELSIM_INSN_LIMIT: snprintf(reason, sizeof reason, "--max-insns limit"); break;
        case ELSIM_TIMEOUT: snprintf(reason, sizeof reason, "--timeout limit"); break;
        case ELSIM_STOPPED:
            snprintf(reason, sizeof reason, stop_signal ? "signal %d" : "stopped", (int)stop_signal);
            break;
        default: snprintf(reason, sizeof reason, "%s", elsim_stop_message(sim)); break;
        }
        struct trace_json *t = trace_file;
        trace_file = NULL;
        if (!trace_json_close(t, reason, err, sizeof err))
            fprintf(stderr, "elsim: %s\n", err);
    }
    if (o.stats)
        stats_print(sim, seconds);
    if (profile) {
        profile_print(profile, stderr, 30);
        profile_free(profile);
    }

    int status;
    if (gdb_killed) {
        fprintf(stderr, "elsim: killed by gdb\n");
        r = ELSIM_EXIT;
    }
    switch (r) {
    case ELSIM_EXIT: status = elsim_exit_status(sim); break;
    case ELSIM_INSN_LIMIT:
        fprintf(stderr, "elsim: stopped after %" PRIu64 " instructions (--max-insns)\n", total_insns(sim));
        status = EXIT_LIMIT;
        break;
    case ELSIM_TIMEOUT:
        fprintf(stderr, "elsim: stopped after %.1f seconds (--timeout)\n", o.timeout);
        status = EXIT_LIMIT;
        break;
    case ELSIM_DEADLOCK:
        fprintf(stderr, "elsim: %s\n", elsim_stop_message(sim));
        status = EXIT_LIMIT;
        break;
    case ELSIM_STOPPED:
        if (stop_signal) {
            fprintf(stderr, "elsim: stopped by signal %d\n", (int)stop_signal);
            status = 128 + stop_signal;
            break;
        }
        status = report_internal(r);
        break;
    default: status = report_internal(r); break;
    }
    if (gdb_killed)
        status = 0;
    elsim_destroy(sim);
    return status;
}
