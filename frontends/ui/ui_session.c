/* The machine behind the debugger window (ui_session.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui_session.h"

/* --- console: the UART's output goes to a stream that appends to s->console ------------- */

static ssize_t console_write(void *cookie, const char *buf, size_t len)
{
    struct ui_session *s = cookie;
    if (len >= UI_CONSOLE_MAX) {
        memcpy(s->console, buf + len - UI_CONSOLE_MAX / 2, UI_CONSOLE_MAX / 2);
        s->console_len = UI_CONSOLE_MAX / 2;
        return (ssize_t)len;
    }
    if (s->console_len + len > UI_CONSOLE_MAX) {
        /* Keep the newest half: the pane shows the end. */
        size_t keep = UI_CONSOLE_MAX / 2 > len ? UI_CONSOLE_MAX / 2 - len : 0;
        memmove(s->console, s->console + s->console_len - keep, keep);
        s->console_len = keep;
    }
    memcpy(s->console + s->console_len, buf, len);
    s->console_len += len;
    return (ssize_t)len;
}

/* --- events: the trap log and the timeline ------------------------------------------------ */

static void track_add(struct ui_el_track *t, uint64_t cycle, uint8_t el)
{
    if (t->count && t->points[t->count - 1].el == el)
        return;
    if (t->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->points = realloc(t->points, t->cap * sizeof *t->points);
        if (!t->points)
            abort();
    }
    t->points[t->count++] = (struct ui_el_point){ cycle, el };
}

static void on_event(void *ctx, const struct elsim_event *ev)
{
    struct ui_session *s = ctx;
    if (ev->cpu >= s->cpus)
        return;
    if (ev->kind == ELSIM_EV_IRQ) {
        s->gic_notes[s->gic_note_count++ % UI_GIC_NOTES] = (struct ui_gic_note){ ev->cpu, ev->cycle, *ev->u.irq };
        return;
    }
    if (ev->kind == ELSIM_EV_RESET) {
        track_add(&s->tracks[ev->cpu], ev->cycle, 2);
        return;
    }
    if (s->event_count == s->event_cap) {
        s->event_cap = s->event_cap ? 2 * s->event_cap : 1024;
        s->events = realloc(s->events, s->event_cap * sizeof *s->events);
        if (!s->events)
            abort();
    }
    struct ui_event *e = &s->events[s->event_count++];
    *e = (struct ui_event){ .cpu = ev->cpu, .cycle = ev->cycle, .from_el = ev->el, .pc = ev->pc };
    if (ev->kind == ELSIM_EV_EXCEPTION) {
        e->to_el = ev->u.exception.to_el;
        e->type = ev->u.exception.type;
        e->esr = ev->u.exception.esr;
        e->vector = ev->u.exception.vector;
        s->exception_count++;
    } else {
        e->eret = true;
        e->to_el = ev->u.eret.to_el;
        s->eret_count++;
    }
    track_add(&s->tracks[ev->cpu], ev->cycle, (uint8_t)e->to_el);
}

/* --- the machine ----------------------------------------------------------------------------- */

static bool build(struct ui_session *s, char *err, size_t errlen)
{
    struct elsim_options o = s->machine.options;
    o.console = s->console_file;
    o.console_input_fd = s->input_pipe[0];
    s->sim = elsim_create(&o, err, errlen);
    if (!s->sim)
        return false;
    const struct ui_machine *m = &s->machine;
    if ((m->image && !elsim_load_image(s->sim, m->image, m->has_load_addr, m->load_addr, err, errlen)) ||
        (m->bios && !elsim_load_bios(s->sim, m->bios, err, errlen))) {
        elsim_destroy(s->sim);
        s->sim = NULL;
        return false;
    }
    s->cpus = elsim_cpu_count(s->sim);
    s->tracks = calloc(s->cpus, sizeof *s->tracks);
    if (!s->tracks)
        abort();
    for (unsigned i = 0; i < s->cpus; i++) {
        const struct cpu *c = elsim_cpu(s->sim, i);
        track_add(&s->tracks[i], c->cycles, c->stop_reason == STOP_OFF ? 0xff : c->el);
    }
    elsim_hooks_add(s->sim, ELSIM_EV_BIT(ELSIM_EV_EXCEPTION) | ELSIM_EV_BIT(ELSIM_EV_ERET) | ELSIM_EV_BIT(ELSIM_EV_RESET) |
                        ELSIM_EV_BIT(ELSIM_EV_IRQ),
                    on_event, s);
    if (s->cpu >= s->cpus)
        s->cpu = 0;
    s->goal = UI_GOAL_NONE;
    s->ended = false;
    s->exit_status = 0;
    ui_session_snapshot(s);
    snprintf(s->status, sizeof s->status, "paused at reset");
    return true;
}

static void forget(struct ui_session *s)
{
    if (s->sim)
        elsim_destroy(s->sim);
    s->sim = NULL;
    for (unsigned i = 0; i < s->cpus; i++)
        free(s->tracks[i].points);
    free(s->tracks);
    s->tracks = NULL;
    free(s->events);
    s->events = NULL;
    s->event_count = s->event_cap = s->exception_count = s->eret_count = 0;
    s->gic_note_count = 0;
    s->breakpoint_count = 0;
    s->goal_point = 0;
}

bool ui_session_open(struct ui_session *s, const struct ui_machine *machine, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->machine = *machine;
    s->input_pipe[0] = s->input_pipe[1] = -1;
    if (pipe(s->input_pipe) != 0) {
        snprintf(err, errlen, "cannot make the console input pipe: %s", strerror(errno));
        return false;
    }
    fcntl(s->input_pipe[1], F_SETFL, O_NONBLOCK);
    s->console_file = fopencookie(s, "w", (cookie_io_functions_t){ .write = console_write });
    if (!s->console_file) {
        snprintf(err, errlen, "cannot make the console stream");
        return false;
    }
    setvbuf(s->console_file, NULL, _IONBF, 0);
    return build(s, err, errlen);
}

void ui_session_close(struct ui_session *s)
{
    forget(s);
    if (s->console_file)
        fclose(s->console_file);
    for (int i = 0; i < 2; i++)
        if (s->input_pipe[i] >= 0)
            close(s->input_pipe[i]);
}

bool ui_session_reset(struct ui_session *s, char *err, size_t errlen)
{
    forget(s);
    s->console_len = 0;
    return build(s, err, errlen);
}

/* --- run control ----------------------------------------------------------------------------- */

uint64_t ui_session_insns(const struct ui_session *s)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < s->cpus; i++)
        n += elsim_cpu(s->sim, i)->insns;
    return n;
}

void ui_session_snapshot(struct ui_session *s)
{
    struct ui_snapshot *p = &s->before;
    struct cpu *c = elsim_cpu(s->sim, s->cpu);
    memcpy(p->x, c->r, sizeof p->x);
    for (unsigned el = 0; el < 3; el++)
        p->sp_el[el] = cpu_get_sp_el(c, el);
    p->pc = c->pc;
    p->el = c->el;
    p->sp_sel = c->sp_sel;
    p->nzcv = c->nzcv;
    p->daif = c->daif;
    memcpy(p->sr, c->sr, sizeof p->sr);
}

static void clear_goal(struct ui_session *s)
{
    const struct elsim_break_on none = { 0 };
    elsim_set_break_on(s->sim, -1, &none);
    if (s->goal_point)
        elsim_point_remove(s->sim, s->goal_point);
    s->goal_point = 0;
    s->goal = UI_GOAL_NONE;
}

void ui_session_start(struct ui_session *s, enum ui_goal goal, uint64_t pc, uint64_t budget)
{
    clear_goal(s);
    if (s->ended)
        return;
    struct elsim_break_on b = { 0 };
    switch (goal) {
    case UI_GOAL_EXCEPTION:
        b.exception_classes = UINT64_MAX;
        b.interrupts = true;
        break;
    case UI_GOAL_ERET: b.eret = true; break;
    case UI_GOAL_EL_CHANGE: b.el_change = true; break;
    case UI_GOAL_PC:
        s->goal_point = elsim_point_add(s->sim, ELSIM_BREAK_VA, pc, 0, (int)s->cpu);
        if (s->goal_point < 0) {
            s->goal_point = 0;
            snprintf(s->status, sizeof s->status, "no breakpoint left for run-until pc");
            return;
        }
        break;
    case UI_GOAL_NONE:
    case UI_GOAL_RUN: break;
    }
    elsim_set_break_on(s->sim, -1, &b);
    s->goal = goal;
    s->budget = budget ? budget : UINT64_MAX;
    s->reached = false;
    ui_session_snapshot(s);
    snprintf(s->status, sizeof s->status, "running");
}

static void end_machine(struct ui_session *s, enum elsim_result r)
{
    s->ended = true;
    switch (r) {
    case ELSIM_EXIT:
        s->exit_status = elsim_exit_status(s->sim);
        snprintf(s->status, sizeof s->status, "guest exited with status %d", s->exit_status);
        break;
    case ELSIM_DEADLOCK:
        s->exit_status = 4;
        snprintf(s->status, sizeof s->status, "%s", elsim_stop_message(s->sim));
        break;
    default:
        s->exit_status = 3;
        snprintf(s->status, sizeof s->status, "stopped: %s", elsim_stop_message(s->sim));
        break;
    }
}

/* Say why the run stopped at a debug event, and select the CPU that stopped. */
static void describe_stop(struct ui_session *s)
{
    const struct elsim_stop *st = elsim_last_stop(s->sim);
    s->cpu = st->cpu < s->cpus ? st->cpu : s->cpu;
    switch (st->kind) {
    case ELSIM_STOP_BREAKPOINT:
        snprintf(s->status, sizeof s->status, "cpu%u: breakpoint at 0x%" PRIx64, st->cpu, st->pc);
        break;
    case ELSIM_STOP_WATCHPOINT:
        snprintf(s->status, sizeof s->status, "cpu%u: watchpoint 0x%" PRIx64, st->cpu, st->data_addr);
        break;
    case ELSIM_STOP_EXCEPTION:
        snprintf(s->status, sizeof s->status, "cpu%u: exception EL%u -> EL%u, ESR 0x%08" PRIx32, st->cpu, st->from_el,
                 st->to_el, st->esr);
        break;
    case ELSIM_STOP_ERET:
        snprintf(s->status, sizeof s->status, "cpu%u: ERET EL%u -> EL%u", st->cpu, st->from_el, st->to_el);
        break;
    case ELSIM_STOP_EL_CHANGE:
        snprintf(s->status, sizeof s->status, "cpu%u: EL%u -> EL%u", st->cpu, st->from_el, st->to_el);
        break;
    }
}

bool ui_session_slice(struct ui_session *s, uint64_t insns)
{
    if (s->goal == UI_GOAL_NONE || s->ended)
        return false;
    uint64_t n = s->budget < insns ? s->budget : insns;
    uint64_t before = ui_session_insns(s);
    /* The time limit returns control to the window while every CPU waits (for console input,
     * say): elsim then waits on the host and no instruction count ends the run. */
    const struct elsim_limits limits = { .max_insns = n, .timeout_s = 0.05 };
    enum elsim_result r = elsim_run(s->sim, &limits);
    uint64_t ran = ui_session_insns(s) - before;
    s->budget -= ran < s->budget ? ran : s->budget;
    switch (r) {
    case ELSIM_INSN_LIMIT:
    case ELSIM_TIMEOUT:
        if (s->budget)
            return true;
        snprintf(s->status, sizeof s->status, "paused after the instruction count");
        break;
    case ELSIM_DEBUG_STOP:
        describe_stop(s);
        s->reached = true;
        break;
    case ELSIM_STOPPED:
    case ELSIM_STEPPED: snprintf(s->status, sizeof s->status, "paused"); break;
    case ELSIM_EXIT:
    case ELSIM_DEADLOCK: end_machine(s, r); break;
    }
    clear_goal(s);
    return false;
}

void ui_session_pause(struct ui_session *s)
{
    if (s->goal != UI_GOAL_NONE)
        snprintf(s->status, sizeof s->status, "paused");
    clear_goal(s);
}

void ui_session_step(struct ui_session *s)
{
    clear_goal(s);
    if (s->ended)
        return;
    ui_session_snapshot(s);
    enum elsim_result r = elsim_step(s->sim, s->cpu);
    if (r == ELSIM_STEPPED || r == ELSIM_DEBUG_STOP)
        snprintf(s->status, sizeof s->status, "cpu%u stepped", s->cpu);
    else
        end_machine(s, r);
}

bool ui_session_has_breakpoint(const struct ui_session *s, uint64_t va)
{
    for (unsigned i = 0; i < s->breakpoint_count; i++)
        if (s->breakpoints[i].va == va)
            return true;
    return false;
}

bool ui_session_toggle_breakpoint(struct ui_session *s, uint64_t va)
{
    for (unsigned i = 0; i < s->breakpoint_count; i++) {
        if (s->breakpoints[i].va == va) {
            elsim_point_remove(s->sim, s->breakpoints[i].id);
            s->breakpoints[i] = s->breakpoints[--s->breakpoint_count];
            return true;
        }
    }
    const unsigned max = sizeof s->breakpoints / sizeof s->breakpoints[0];
    int id = s->breakpoint_count < max ? elsim_point_add(s->sim, ELSIM_BREAK_VA, va, 0, -1) : -1;
    if (id < 0)
        return false;
    s->breakpoints[s->breakpoint_count].va = va;
    s->breakpoints[s->breakpoint_count++].id = id;
    return true;
}

void ui_session_type(struct ui_session *s, const char *text, size_t len)
{
    /* A full pipe (the guest does not read) drops the keys, as a UART FIFO would. */
    if (write(s->input_pipe[1], text, len) < 0 && errno != EAGAIN)
        snprintf(s->status, sizeof s->status, "console input: %s", strerror(errno));
}

bool ui_session_translate(struct ui_session *s, uint64_t va, char **text)
{
    size_t size;
    FILE *f = open_memstream(text, &size);
    if (!f) {
        *text = strdup("cannot make a memory stream");
        return false;
    }
    bool ok = elsim_translate(s->sim, s->cpu, va, f);
    fclose(f);
    return ok;
}
