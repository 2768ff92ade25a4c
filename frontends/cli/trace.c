/* --trace exc: one line per exception taken or returned, the ESR decoded in words.
 * --trace mmu: every translation table walk (TLB misses), one line per descriptor read with
 * its meaning, then the outcome.
 * --trace insn: one line per instruction: disassembly, EL, and the registers it changed. The
 * CPUs then run one instruction at a time (a subscription to ELSIM_EV_INSN); without it nothing of this
 * costs anything.
 * --trace gic: interrupts becoming pending, acknowledged, EOI'd, deactivated; list register
 * writes.
 * All of it is one subscriber of the hooks API (include/elsim.h), which also feeds the
 * --trace-file writer (trace_json.c). */
#include "trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esr_describe.h"
#include "exception.h"
#include "gic.h"
#include "mmu.h"
#include "trace_json.h"

enum { MAX_CPUS = 64 };

/* What --trace insn remembers of a CPU to print the registers an instruction changed. */
struct reg_snapshot {
    uint64_t x[31];
    uint64_t sp;
    uint32_t nzcv;
    unsigned el;   /* the EL after the last instruction */
};

static struct tracer {
    unsigned kinds;
    unsigned gic_version;
    struct trace_json *json;
    struct reg_snapshot *regs;   /* [cpu], --trace insn */
    /* --trace insn: the other kinds' lines of the current step are held here and printed
     * around the instruction's own line (see flush_around). */
    char *buf;
    size_t len, cap;
    size_t split;                /* end of the last line that happened before the instruction */
    uint64_t split_pc;           /* ... an exception entered at this PC (the step's own PC) */
    bool have_split;
    uint64_t split_sp;           /* the SP and EL right after that exception */
    unsigned split_el;
} tr;

/* One line of the text traces: to stderr, or held for the instruction trace. */
static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    va_list ap;
    if (!(tr.kinds & TRACE_INSN)) {
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        return;
    }
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(tr.buf + tr.len, tr.cap - tr.len, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < tr.cap - tr.len) {
            tr.len += (size_t)n;
            return;
        }
        size_t cap = tr.cap * 2 + (size_t)n + 1;
        char *b = realloc(tr.buf, cap);
        if (!b)
            return;
        tr.buf = b;
        tr.cap = cap;
    }
}

/* An exception or return while --trace insn holds lines: if it entered the instruction about
 * to be reported (an interrupt or an instruction abort taken before it), its lines go before
 * that instruction; otherwise the instruction caused it and they go after. */
static void mark_entry(struct cpu *cpu, uint64_t new_pc)
{
    if (!(tr.kinds & TRACE_INSN))
        return;
    tr.split = tr.len;
    tr.split_pc = new_pc;
    tr.have_split = true;
    tr.split_sp = cpu->r[REG_SP];
    tr.split_el = cpu->el;
}

static const char *const exc_kinds[] = { "sync", "IRQ", "FIQ", "SError" };

static void trace_exception(struct cpu *cpu, const struct elsim_event *ev)
{
    unsigned from_el = ev->el, to_el = ev->u.exception.to_el, kind = ev->u.exception.type;
    uint32_t esr = ev->u.exception.esr;
    uint64_t return_pc = ev->pc, vector = ev->u.exception.vector;
    if (tr.json)
        trace_json_exception(tr.json, cpu, from_el, to_el, kind, esr, return_pc, vector);
    if (!(tr.kinds & (TRACE_EXC | TRACE_INSN)))
        return;
    if (tr.kinds & TRACE_EXC) {
        char what[256];
        if (kind == 0 || kind == 3) {
            esr_describe(esr, what, sizeof what);
            out("[cpu%u %" PRIu64 "] EL%u -> EL%u %s EC 0x%02x: %s | ESR 0x%08x ELR 0x%" PRIx64
                " -> vector 0x%" PRIx64 "\n",
                cpu->index, cpu->cycles, from_el, to_el, exc_kinds[kind & 3], esr >> 26, what, esr, return_pc,
                vector);
        } else {
            out("[cpu%u %" PRIu64 "] EL%u -> EL%u %s interrupt | ELR 0x%" PRIx64 " -> vector 0x%" PRIx64 "\n",
                cpu->index, cpu->cycles, from_el, to_el, exc_kinds[kind & 3], return_pc, vector);
        }
    }
    mark_entry(cpu, vector);
}

static void trace_eret(struct cpu *cpu, const struct elsim_event *ev)
{
    unsigned from_el = ev->el, to_el = ev->u.eret.to_el;
    uint64_t pc = ev->pc;
    bool illegal = ev->u.eret.illegal;
    if (tr.json)
        trace_json_eret(tr.json, cpu, from_el, to_el, pc, illegal);
    if (tr.kinds & TRACE_EXC)
        out("[cpu%u %" PRIu64 "] ERET EL%u -> EL%u at 0x%" PRIx64 "%s\n", cpu->index, cpu->cycles, from_el, to_el,
            pc, illegal ? " (illegal return: PSTATE.IL set)" : "");
}

static void snapshot(struct cpu *cpu, struct reg_snapshot *s);

static void trace_reset(struct cpu *cpu)
{
    if (tr.json)
        trace_json_reset(tr.json, cpu);
    if (tr.kinds & TRACE_EXC)
        out("[cpu%u %" PRIu64 "] reset: EL2 at 0x%" PRIx64 "\n", cpu->index, cpu->cycles, cpu->pc);
    if (tr.regs)
        snapshot(cpu, &tr.regs[cpu->index]);
}

static void trace_walk(struct cpu *cpu, const struct mmu_walk_event *ev)
{
    char line[320];
    mmu_describe_walk_event(cpu, ev, line, sizeof line);
    out("%s\n", line);
}

static const char *intid_class(unsigned intid)
{
    return intid < 16 ? "SGI" : intid < 32 ? "PPI" : intid < 1020 ? "SPI" : "INTID";
}

void trace_gic_describe(unsigned gic_version, const struct gic_event *ev, char *buf, size_t len)
{
    const char *v = ev->virtual_ ? "virtual " : "";
    switch (ev->kind) {
    case GIC_EVENT_PENDING:
        if (ev->intid < 16)
            snprintf(buf, len, "SGI %u pending (from cpu%u)", ev->intid, ev->source);
        else
            snprintf(buf, len, "%s %u pending", intid_class(ev->intid), ev->intid);
        return;
    case GIC_EVENT_ACK:
        snprintf(buf, len, "%s%s %u acknowledged (active)", v, intid_class(ev->intid), ev->intid);
        return;
    case GIC_EVENT_EOI:
        snprintf(buf, len, "%s%s %u EOI (priority drop)", v, intid_class(ev->intid), ev->intid);
        return;
    case GIC_EVENT_DEACTIVATE:
        snprintf(buf, len, "%s%s %u deactivated", v, intid_class(ev->intid), ev->intid);
        return;
    case GIC_EVENT_LR_WRITE: {
        /* GICv2 GICH_LRn / GICv3 ICH_LRn_EL2 fields (IHI 0048B 5.3.11, IHI 0069 12.4.7). */
        static const char *const states[] = { "invalid", "pending", "active", "pending+active" };
        uint64_t x = ev->value;
        unsigned state, prio, hw, grp, pintid, eoi;
        if (gic_version == 2) {
            state = x >> 28 & 3, prio = (unsigned)(x >> 23 & 0x1f) << 3, hw = x >> 31 & 1, grp = x >> 30 & 1;
            pintid = x >> 10 & 0x3ff, eoi = x >> 19 & 1;
        } else {
            state = x >> 62 & 3, prio = x >> 48 & 0xff, hw = x >> 61 & 1, grp = x >> 60 & 1;
            pintid = x >> 32 & 0x1fff, eoi = x >> 41 & 1;
        }
        char extra[48];
        if (hw)
            snprintf(extra, sizeof extra, ", HW pINTID %u", pintid);
        else
            snprintf(extra, sizeof extra, "%s", eoi ? ", maintenance at EOI" : "");
        snprintf(buf, len, "LR%u <- 0x%" PRIx64 ": vINTID %u %s, group %u, priority 0x%02x%s", ev->lr, x,
                 ev->intid, states[state], grp, prio, extra);
        return;
    }
    }
    snprintf(buf, len, "GIC event %d", (int)ev->kind);
}

static void trace_gic(struct cpu *cpu, const struct gic_event *ev)
{
    if (!(tr.kinds & TRACE_GIC))
        return;
    if (tr.json)
        trace_json_gic(tr.json, cpu, ev);
    char text[160];
    trace_gic_describe(tr.gic_version, ev, text, sizeof text);
    out("[cpu%u %" PRIu64 "] GIC: %s\n", cpu->index, cpu->cycles, text);
}

/* The registers an instruction changed, against the snapshot, which is then updated. */
static void changed_registers(struct cpu *cpu, struct reg_snapshot *s, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (unsigned i = 0; i < 31 && n < len; i++)
        if (cpu->r[i] != s->x[i]) {
            n += (size_t)snprintf(buf + n, len - n, " x%u=0x%" PRIx64, i, cpu->r[i]);
            s->x[i] = cpu->r[i];
        }
    if (cpu->r[REG_SP] != s->sp && n < len) {
        n += (size_t)snprintf(buf + n, len - n, " sp=0x%" PRIx64, cpu->r[REG_SP]);
        s->sp = cpu->r[REG_SP];
    }
    if (cpu->nzcv != s->nzcv && n < len) {
        snprintf(buf + n, len - n, " nzcv=0x%x", cpu->nzcv >> 28);
        s->nzcv = cpu->nzcv;
    }
}

static void snapshot(struct cpu *cpu, struct reg_snapshot *s)
{
    memcpy(s->x, cpu->r, sizeof s->x);
    s->sp = cpu->r[REG_SP];
    s->nzcv = cpu->nzcv;
    s->el = cpu->el;
}

/* Disassembly is the slowest part of --trace insn: the last one of each of 4096 slots,
 * chosen by PC, is kept. */
enum { DISASM_CACHE = 4096 };
struct disasm_entry {
    uint64_t pc;
    uint32_t word;
    bool valid;
    char text[96];
};

static const char *disassemble(uint64_t pc, uint32_t word)
{
    static struct disasm_entry *cache;
    static struct disasm_entry fallback;
    if (!cache)
        cache = calloc(DISASM_CACHE, sizeof *cache);
    struct disasm_entry *e = cache ? &cache[(pc >> 2) & (DISASM_CACHE - 1)] : &fallback;
    if (e->valid && e->pc == pc && e->word == word)
        return e->text;
    char text[160];
    elsim_disassemble(word, pc, text, sizeof text);
    for (size_t n = strlen(text); n && text[n - 1] == ' ';)
        text[--n] = 0;
    size_t n = strlen(text);
    if (n >= sizeof e->text)
        n = sizeof e->text - 1;
    memcpy(e->text, text, n);
    e->text[n] = 0;
    e->pc = pc;
    e->word = word;
    e->valid = cache != NULL;
    return e->text;
}

static void trace_instruction(struct cpu *cpu, uint64_t pc, uint32_t word)
{
    if (!tr.regs)
        return;
    struct reg_snapshot *s = &tr.regs[cpu->index];
    /* Lines up to an exception that entered this instruction's PC happened before it. */
    bool entered = tr.have_split && tr.split_pc == pc;
    size_t before = entered ? tr.split : 0;
    if (entered) {
        s->sp = tr.split_sp; /* the exception's SP switch is not this instruction's doing */
        s->el = tr.split_el;
    }
    unsigned el = s->el;
    s->el = cpu->el;
    char regs[640];
    const char *text = disassemble(pc, word);
    changed_registers(cpu, s, regs, sizeof regs);
    fwrite(tr.buf, 1, before, stderr);
    fprintf(stderr, "[cpu%u %" PRIu64 "] EL%u 0x%016" PRIx64 ": %08x  %-*s%s\n", cpu->index, cpu->insns - 1, el,
            pc, word, regs[0] ? 32 : 0, text, regs);
    fwrite(tr.buf + before, 1, tr.len - before, stderr);
    tr.len = 0;
    tr.have_split = false;
}

bool trace_parse_kinds(const char *arg, unsigned *kinds, char *bad, size_t badlen)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        { "exc", TRACE_EXC }, { "mmu", TRACE_MMU }, { "insn", TRACE_INSN }, { "gic", TRACE_GIC },
    };
    const char *p = arg;
    for (;;) {
        size_t n = strcspn(p, ",");
        unsigned i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0)
                break;
        if (i == sizeof names / sizeof names[0]) {
            snprintf(bad, badlen, "%.*s", (int)n, p);
            return false;
        }
        *kinds |= names[i].bit;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

/* The tracer's subscription to the hooks API. */
static void trace_event(void *ctx, const struct elsim_event *ev)
{
    struct cpu *cpu = elsim_cpu(ctx, ev->cpu);
    switch (ev->kind) {
    case ELSIM_EV_EXCEPTION: trace_exception(cpu, ev); break;
    case ELSIM_EV_ERET: trace_eret(cpu, ev); break;
    case ELSIM_EV_RESET: trace_reset(cpu); break;
    case ELSIM_EV_WALK: trace_walk(cpu, ev->u.walk); break;
    case ELSIM_EV_IRQ: trace_gic(cpu, ev->u.irq); break;
    case ELSIM_EV_INSN: trace_instruction(cpu, ev->pc, ev->u.insn.word); break;
    default: break;
    }
}

void trace_start(struct elsim *sim, unsigned kinds, unsigned gic_version, struct trace_json *json)
{
    uint32_t events = 0;
    tr.kinds = kinds;
    tr.json = json;
    tr.gic_version = gic_version;
    if (kinds & (TRACE_EXC | TRACE_INSN) || json)
        events |= ELSIM_EV_BIT(ELSIM_EV_EXCEPTION) | ELSIM_EV_BIT(ELSIM_EV_ERET) | ELSIM_EV_BIT(ELSIM_EV_RESET);
    if (kinds & TRACE_MMU)
        events |= ELSIM_EV_BIT(ELSIM_EV_WALK);
    if (kinds & TRACE_GIC)
        events |= ELSIM_EV_BIT(ELSIM_EV_IRQ);
    unsigned n = elsim_cpu_count(sim);
    if (kinds & TRACE_INSN) {
        events |= ELSIM_EV_BIT(ELSIM_EV_INSN);
        tr.regs = calloc(n, sizeof *tr.regs);
        tr.cap = 4096;
        tr.buf = malloc(tr.cap);
        if (!tr.regs || !tr.buf) {
            fprintf(stderr, "elsim: out of memory for --trace insn\n");
            exit(3);
        }
        for (unsigned i = 0; i < n; i++)
            snapshot(elsim_cpu(sim, i), &tr.regs[i]);
    }
    /* One write per line rather than per piece of it. */
    static char errbuf[1 << 16];
    if (kinds)
        setvbuf(stderr, errbuf, kinds & TRACE_INSN && !isatty(STDERR_FILENO) ? _IOFBF : _IOLBF, sizeof errbuf);
    if (!kinds && !json)
        return;
    elsim_hooks_add(sim, events, trace_event, sim);
}

void trace_finish(void)
{
    if (tr.len)
        fwrite(tr.buf, 1, tr.len, stderr);
    tr.len = 0;
    fflush(stderr);
    tr.json = NULL;
    free(tr.buf);
    free(tr.regs);
    tr.buf = NULL;
    tr.regs = NULL;
    tr.cap = 0;
    tr.kinds = 0;
}
