/* --trace-file: the Chrome trace-event writer (see trace_json.h for what the file holds).
 *
 * An EL slice is written as one complete event ("X") when it ends, at the exception or
 * return that leaves the EL, so the file never needs rewriting and every slice is whole; the
 * slices still open are ended at trace_json_close(). A CPU's track starts when the CPU does:
 * CPU 0 at time 0, a secondary at its reset by PSCI CPU_ON. */
#include "trace_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esr_describe.h"
#include "exception.h"
#include "gic.h"
#include "trace.h"

enum { PID = 1, FILE_BUFFER = 1 << 20 };

struct track {
    bool started;       /* an EL slice is open */
    unsigned el;        /* ... at this EL */
    uint64_t start_ns;  /* ... since */
    uint64_t tlb_misses;/* the last value written to the counter */
    char entry[128];    /* how the open slice was entered, JSON-escaped */
};

struct trace_json {
    FILE *f;
    char *buffer;
    struct elsim *sim;
    unsigned gic_version;
    unsigned cpu_count;
    unsigned unstarted; /* CPUs whose track has not started */
    bool closed;
    uint64_t events;
    struct track cpu[];
};

/* Model time: the machine's clock (board/schedule.c), in ns. */
static uint64_t now_ns(const struct trace_json *t)
{
    return elsim_model_ns(t->sim);
}

/* A timestamp in microseconds, exactly: "12.345". */
static void put_ts(FILE *f, const char *key, uint64_t ns)
{
    fprintf(f, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned)(ns % 1000));
}

/* s as the inside of a JSON string. */
static void escape(char *out, size_t len, const char *s)
{
    size_t n = 0;
    for (; *s && n + 7 < len; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(out + n, len - n, "\\u%04x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = 0;
}

/* The separator before an event and its common fields. */
static void begin_event(struct trace_json *t, char ph, unsigned tid, uint64_t ts_ns)
{
    fprintf(t->f, "%s\n{\"ph\":\"%c\",\"pid\":%d,\"tid\":%u", t->events++ ? "," : "", ph, PID, tid);
    put_ts(t->f, "ts", ts_ns);
}

static void write_counter(struct trace_json *t, struct cpu *cpu, uint64_t ns)
{
    struct track *k = &t->cpu[cpu->index];
    k->tlb_misses = cpu->mmu.tlb_misses;
    begin_event(t, 'C', cpu->index, ns);
    fprintf(t->f, ",\"name\":\"cpu%u TLB\",\"args\":{\"misses\":%" PRIu64 "}}", cpu->index, k->tlb_misses);
}

static void start_slice(struct trace_json *t, struct cpu *cpu, unsigned el, uint64_t ns, const char *entry)
{
    struct track *k = &t->cpu[cpu->index];
    if (!k->started) {
        t->unstarted--;
        write_counter(t, cpu, ns);
    }
    k->started = true;
    k->el = el;
    k->start_ns = ns;
    escape(k->entry, sizeof k->entry, entry);
}

static void end_slice(struct trace_json *t, unsigned index, uint64_t ns)
{
    struct track *k = &t->cpu[index];
    begin_event(t, 'X', index, k->start_ns);
    put_ts(t->f, "dur", ns - k->start_ns);
    fprintf(t->f, ",\"cat\":\"el\",\"name\":\"EL%u\",\"args\":{\"entered by\":\"%s\"}}", k->el, k->entry);
}

/* A CPU first seen running: its track starts when it started, which is at most the model time
 * now less the instructions it ran (they took 1 ns each). */
static void start_track(struct trace_json *t, struct cpu *cpu, unsigned el, uint64_t now)
{
    uint64_t start = now > cpu->insns ? now - cpu->insns : 0;
    start_slice(t, cpu, el, start, cpu->index == 0 ? "reset" : "power on");
}

/* Before an event of cpu at time now: the tracks of CPUs that started running since (cpu
 * itself runs when the event is an exception or a return). */
static void catch_up(struct trace_json *t, struct cpu *cpu, unsigned el, uint64_t now, bool running)
{
    if (!t->cpu[cpu->index].started && (running || cpu->insns))
        start_track(t, cpu, el, now);
    if (!t->unstarted)
        return;
    for (unsigned i = 0; i < t->cpu_count; i++) {
        struct cpu *other = elsim_cpu(t->sim, i);
        if (!t->cpu[i].started && other->insns)
            start_track(t, other, other->el, now);
    }
}

/* cpu moves from from_el to to_el at time now. */
static void transition(struct trace_json *t, struct cpu *cpu, unsigned from_el, unsigned to_el, uint64_t now,
                       const char *entry)
{
    catch_up(t, cpu, from_el, now, true);
    struct track *k = &t->cpu[cpu->index];
    if (k->el != from_el) {
        /* A change no hook reported (a reset by PSCI CPU_ON after CPU_OFF). */
        end_slice(t, cpu->index, now);
        start_slice(t, cpu, from_el, now, "reset");
    }
    if (cpu->mmu.tlb_misses != k->tlb_misses)
        write_counter(t, cpu, now);
    if (from_el == to_el)
        return;
    end_slice(t, cpu->index, now);
    start_slice(t, cpu, to_el, now, entry);
}

struct trace_json *trace_json_open(const char *path, struct elsim *sim, unsigned gic_version, char *err,
                                   size_t errlen)
{
    unsigned n = elsim_cpu_count(sim);
    struct trace_json *t = calloc(1, sizeof *t + n * sizeof t->cpu[0]);
    char *buffer = malloc(FILE_BUFFER);
    FILE *f = fopen(path, "w");
    if (!t || !buffer || !f) {
        snprintf(err, errlen, "cannot write the trace file '%s'", path);
        if (f)
            fclose(f);
        free(buffer);
        free(t);
        return NULL;
    }
    setvbuf(f, buffer, _IOFBF, FILE_BUFFER);
    t->f = f;
    t->buffer = buffer;
    t->sim = sim;
    t->gic_version = gic_version;
    t->cpu_count = n;
    t->unstarted = n;
    fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    begin_event(t, 'M', 0, 0);
    fprintf(f, ",\"name\":\"process_name\",\"args\":{\"name\":\"elsim virt (%u CPU%s, GICv%u)\"}}", n,
            n == 1 ? "" : "s", gic_version);
    for (unsigned i = 0; i < n; i++) {
        begin_event(t, 'M', i, 0);
        fprintf(f, ",\"name\":\"thread_name\",\"args\":{\"name\":\"cpu%u\"}}", i);
        begin_event(t, 'M', i, 0);
        fprintf(f, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%u}}", i);
    }
    /* The boot CPU runs from time 0. */
    struct cpu *boot = elsim_cpu(sim, 0);
    start_slice(t, boot, boot->el, now_ns(t), "reset");
    return t;
}

void trace_json_reset(struct trace_json *t, struct cpu *cpu)
{
    if (t->closed)
        return;
    uint64_t now = now_ns(t);
    struct track *k = &t->cpu[cpu->index];
    if (!k->started) {
        start_slice(t, cpu, cpu->el, now, "reset (power on)");
    } else if (k->el != cpu->el) {
        end_slice(t, cpu->index, now);
        start_slice(t, cpu, cpu->el, now, "reset");
    }
}

void trace_json_exception(struct trace_json *t, struct cpu *cpu, unsigned from_el, unsigned to_el, unsigned kind,
                          uint32_t esr, uint64_t return_pc, uint64_t vector)
{
    if (t->closed)
        return;
    static const char *const kinds[] = { "sync", "IRQ", "FIQ", "SError" };
    uint64_t now = now_ns(t);
    unsigned ec = esr >> 26;
    char words[256], what[320], name[96];
    bool syndrome = kind == 0 || kind == 3;
    if (syndrome) {
        esr_describe(esr, words, sizeof words);
        escape(what, sizeof what, words);
        escape(name, sizeof name, kind == 0 ? exception_class_name(ec) : "SError");
    } else {
        snprintf(what, sizeof what, "%s interrupt", kinds[kind & 3]);
        snprintf(name, sizeof name, "%s", kinds[kind & 3]);
    }
    transition(t, cpu, from_el, to_el, now, what);
    begin_event(t, 'i', cpu->index, now);
    fprintf(t->f, ",\"s\":\"t\",\"cat\":\"exception\",\"name\":\"%s\",\"args\":{\"kind\":\"%s\"", name,
            kinds[kind & 3]);
    if (syndrome)
        fprintf(t->f, ",\"ec\":\"0x%02x\",\"esr\":\"0x%08x\",\"iss\":\"0x%07x\"", ec, esr, esr & 0x1ffffff);
    fprintf(t->f,
            ",\"syndrome\":\"%s\",\"from_el\":%u,\"to_el\":%u,\"pc\":\"0x%" PRIx64 "\",\"vector\":\"0x%" PRIx64
            "\"}}",
            what, from_el, to_el, return_pc, vector);
}

void trace_json_eret(struct trace_json *t, struct cpu *cpu, unsigned from_el, unsigned to_el, uint64_t pc,
                     bool illegal)
{
    if (t->closed)
        return;
    uint64_t now = now_ns(t);
    char entry[64];
    snprintf(entry, sizeof entry, "ERET from EL%u to 0x%" PRIx64, from_el, pc);
    transition(t, cpu, from_el, to_el, now, entry);
    if (illegal) {
        begin_event(t, 'i', cpu->index, now);
        fprintf(t->f,
                ",\"s\":\"t\",\"cat\":\"exception\",\"name\":\"illegal ERET\",\"args\":{\"from_el\":%u,"
                "\"to_el\":%u,\"pc\":\"0x%" PRIx64 "\"}}",
                from_el, to_el, pc);
    }
}

void trace_json_gic(struct trace_json *t, struct cpu *cpu, const struct gic_event *ev)
{
    if (t->closed)
        return;
    uint64_t now = now_ns(t);
    catch_up(t, cpu, cpu->el, now, false);
    char text[160], name[200];
    trace_gic_describe(t->gic_version, ev, text, sizeof text);
    escape(name, sizeof name, text);
    begin_event(t, 'i', cpu->index, now);
    fprintf(t->f, ",\"s\":\"t\",\"cat\":\"gic\",\"name\":\"%s\",\"args\":{\"intid\":%u,\"virtual\":%s", name,
            ev->intid, ev->virtual_ ? "true" : "false");
    if (ev->kind == GIC_EVENT_LR_WRITE)
        fprintf(t->f, ",\"lr\":%u,\"value\":\"0x%" PRIx64 "\"", ev->lr, ev->value);
    fprintf(t->f, "}}");
}

bool trace_json_close(struct trace_json *t, const char *end_reason, char *err, size_t errlen)
{
    if (!t || t->closed)
        return true;
    uint64_t now = now_ns(t);
    for (unsigned i = 0; i < t->cpu_count; i++) {
        struct cpu *cpu = elsim_cpu(t->sim, i);
        if (!t->cpu[i].started && cpu->insns)
            start_track(t, cpu, cpu->el, now);
        if (!t->cpu[i].started)
            continue;
        if (cpu->mmu.tlb_misses != t->cpu[i].tlb_misses)
            write_counter(t, cpu, now);
        end_slice(t, i, now);
    }
    t->closed = true;
    char reason[160];
    escape(reason, sizeof reason, end_reason ? end_reason : "");
    fprintf(t->f, "\n],\"otherData\":{\"generator\":\"elsim\",\"clock\":\"model time (the board's clock, ns)\","
                  "\"end\":\"%s\",\"events\":%" PRIu64 "}}\n",
            reason, t->events);
    bool ok = !ferror(t->f);
    ok &= fclose(t->f) == 0;
    free(t->buffer);
    free(t);
    if (!ok)
        snprintf(err, errlen, "writing the trace file failed");
    return ok;
}
