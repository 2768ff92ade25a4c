/* The exception-level timeline (a strip per vCPU of its EL over model cycles, a marker per
 * exception coloured by class; wheel: zoom, shift+wheel: scroll, click: select the marker's
 * trap log row) and the trap log (a row per exception taken or returned from). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "esr_describe.h"
#include "exception.h"
#include "ui_window.h"

void ui_event_text(const struct ui_event *e, char *buf, size_t len)
{
    static const char *const async[] = { "", "IRQ", "FIQ", "SError" };
    if (e->eret)
        snprintf(buf, len, "ERET to 0x%" PRIx64, e->pc);
    else if (e->type == 0)
        esr_describe(e->esr, buf, len);
    else
        snprintf(buf, len, "%s", async[e->type & 3]);
}

/* Marker colours by exception class; the legend under the timeline names them. */
static const struct {
    const char *name;
    SDL_Color colour;
} classes[] = {
    { "SVC", { 0x4f, 0xd1, 0xd9, 0xff } },   { "HVC", { 0xd9, 0x5f, 0xd1, 0xff } },
    { "SMC", { 0xff, 0x8f, 0xaf, 0xff } },   { "MSR/MRS", { 0xff, 0xd2, 0x4f, 0xff } },
    { "WFx", { 0xb8, 0xe0, 0x5f, 0xff } },   { "abort", { 0xe8, 0x4a, 0x4a, 0xff } },
    { "undef", { 0xc0, 0x80, 0x40, 0xff } }, { "IRQ/FIQ", { 0x5f, 0xdf, 0x7f, 0xff } },
    { "other", { 0x9a, 0x9a, 0xa8, 0xff } },
};
enum { C_SVC, C_HVC, C_SMC, C_SYSREG, C_WFX, C_ABORT, C_UNDEF, C_IRQ, C_OTHER };

static unsigned event_class(const struct ui_event *e)
{
    if (e->type == 1 || e->type == 2)
        return C_IRQ;
    if (e->type == 3)
        return C_ABORT;
    switch (e->esr >> 26) {
    case 0x00: return C_UNDEF;
    case 0x01: return C_WFX;
    case 0x15: return C_SVC;
    case 0x16: return C_HVC;
    case 0x17: return C_SMC;
    case 0x18: return C_SYSREG;
    case 0x20: case 0x21: case 0x22: case 0x24: case 0x25: case 0x26: return C_ABORT;
    default: return C_OTHER;
    }
}

SDL_Color ui_event_colour(const struct ui_event *e)
{
    return e->eret ? UI_DIM : classes[event_class(e)].colour;
}

/* --- timeline ----------------------------------------------------------------------------- */

static uint64_t now_cycles(const struct ui_window *w)
{
    uint64_t now = 1;
    for (unsigned i = 0; i < w->s.cpus; i++) {
        uint64_t c = elsim_cpu(w->s.sim, i)->cycles;
        now = c > now ? c : now;
    }
    return now;
}

/* The cycles shown: everything so far while following, else the zoomed window. */
static void view(const struct ui_window *w, uint64_t *start, uint64_t *span)
{
    uint64_t now = now_cycles(w);
    if (w->tl_follow) {
        *span = w->tl_span && w->tl_span < now ? w->tl_span : now;
        *start = now - *span;
    } else {
        *start = w->tl_start;
        *span = w->tl_span ? w->tl_span : 1;
    }
}

struct strip_geom {
    SDL_Rect in;
    int strip_h;
    uint64_t start, span;
};

static struct strip_geom geometry(const struct ui_window *w)
{
    struct strip_geom g;
    g.in = (SDL_Rect){ w->timeline.x + 6 + 5 * w->d.cw, w->timeline.y + w->d.ch + 7, 0, 0 };
    g.in.w = w->timeline.w - 12 - 5 * w->d.cw;
    g.in.h = w->timeline.h - 2 * w->d.ch - 14;
    g.strip_h = w->s.cpus ? g.in.h / (int)w->s.cpus : g.in.h;
    if (g.strip_h > 40)
        g.strip_h = 40;
    view(w, &g.start, &g.span);
    return g;
}

static int x_of(const struct strip_geom *g, uint64_t cycle)
{
    if (cycle < g->start)
        return g->in.x - 1;
    double f = (double)(cycle - g->start) / (double)g->span;
    return g->in.x + (int)(f * g->in.w);
}

void ui_pane_timeline(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    ui_pane(d, w->timeline, "EL timeline  (wheel: zoom, shift+wheel: scroll, click: marker)", false);
    struct strip_geom g = geometry(w);
    uint64_t now = now_cycles(w);
    for (unsigned cpu = 0; cpu < w->s.cpus; cpu++) {
        int top = g.in.y + (int)cpu * g.strip_h, h = g.strip_h - 4;
        ui_textf(d, w->timeline.x + 6, top + h / 2 - d->ch / 2, cpu == w->s.cpu ? UI_TEXT : UI_DIM, "cpu%u", cpu);
        const struct ui_el_track *t = &w->s.tracks[cpu];
        /* The EL as a step chart: a taller bar for a higher EL, in its colour. */
        for (size_t i = 0; i < t->count; i++) {
            uint64_t from = t->points[i].cycle, to = i + 1 < t->count ? t->points[i + 1].cycle : now;
            if (to < g.start || from > g.start + g.span)
                continue;
            int x0 = x_of(&g, from), x1 = x_of(&g, to);
            x0 = x0 < g.in.x ? g.in.x : x0;
            x1 = x1 > g.in.x + g.in.w ? g.in.x + g.in.w : x1;
            unsigned el = t->points[i].el;
            int bar = el > 3 ? 2 : (h - 8) * (int)(el + 1) / 3;
            ui_fill(d, (SDL_Rect){ x0, top + h - bar, x1 - x0 > 0 ? x1 - x0 : 1, bar }, ui_el_colour(el));
        }
        for (size_t i = 0; i < w->s.event_count; i++) {
            const struct ui_event *e = &w->s.events[i];
            if (e->cpu != cpu || e->cycle < g.start || e->cycle > g.start + g.span || e->eret)
                continue;
            int x = x_of(&g, e->cycle);
            ui_fill(d, (SDL_Rect){ x, top, 2, h }, ui_event_colour(e));
            if ((long)i == w->trap_sel)
                ui_outline(d, (SDL_Rect){ x - 3, top - 1, 8, h + 2 }, UI_TEXT);
        }
    }
    int y = w->timeline.y + w->timeline.h - d->ch - 4;
    int x = ui_textf(d, w->timeline.x + 6, y, UI_DIM, "%" PRIu64 "..%" PRIu64 " cyc ", g.start, g.start + g.span);
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        x = ui_text(d, x + d->cw, y, classes[i].colour, classes[i].name);
}

void ui_wheel_timeline(struct ui_window *w, int x, int dy, bool shift)
{
    struct strip_geom g = geometry(w);
    uint64_t now = now_cycles(w);
    double f = g.in.w > 0 ? (double)(x - g.in.x) / g.in.w : 0.5;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    uint64_t start = g.start, span = g.span;
    if (shift) {
        int64_t step = (int64_t)(span / 8 + 1) * -dy;
        start = step < 0 && (uint64_t)-step > start ? 0 : start + (uint64_t)step;
    } else {
        uint64_t pivot = start + (uint64_t)(f * (double)span);
        span = dy > 0 ? span * 4 / 5 : span * 5 / 4 + 1;
        span = span < 16 ? 16 : span > now ? now : span;
        uint64_t left = (uint64_t)(f * (double)span);
        start = pivot > left ? pivot - left : 0;
    }
    if (start + span > now)
        start = now > span ? now - span : 0;
    w->tl_start = start;
    w->tl_span = span;
    w->tl_follow = start + span >= now && span == now;
}

bool ui_click_timeline(struct ui_window *w, int x, int y)
{
    struct strip_geom g = geometry(w);
    if (y < g.in.y || g.strip_h <= 0)
        return false;
    unsigned cpu = (unsigned)((y - g.in.y) / g.strip_h);
    long best = -1;
    int best_dx = 6;
    for (size_t i = 0; i < w->s.event_count; i++) {
        const struct ui_event *e = &w->s.events[i];
        if (e->cpu != cpu || e->eret || e->cycle < g.start || e->cycle > g.start + g.span)
            continue;
        int dx = abs(x_of(&g, e->cycle) - x);
        if (dx < best_dx) {
            best_dx = dx;
            best = (long)i;
        }
    }
    if (best >= 0)
        ui_select_trap(w, best);
    return best >= 0;
}

/* --- trap log ------------------------------------------------------------------------------ */

static int trap_rows(const struct ui_window *w)
{
    return (w->traps.h - w->d.ch - 10) / w->d.ch;
}

void ui_select_trap(struct ui_window *w, long i)
{
    long n = (long)w->s.event_count;
    w->trap_sel = i < 0 || n == 0 ? -1 : i >= n ? n - 1 : i;
    if (w->trap_sel >= 0) {
        int rows = trap_rows(w);
        if (w->trap_sel < w->trap_top || w->trap_sel >= w->trap_top + rows)
            w->trap_top = w->trap_sel - rows / 2 > 0 ? w->trap_sel - rows / 2 : 0;
        w->trap_follow = false;
        w->s.cpu = w->s.events[w->trap_sel].cpu;
    }
}

void ui_pane_traps(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    char title[96];
    snprintf(title, sizeof title, "Trap log  %zu exceptions, %zu returns", w->s.exception_count, w->s.eret_count);
    SDL_Rect in = ui_pane(d, w->traps, title, false);
    int rows = trap_rows(w);
    long n = (long)w->s.event_count;
    if (w->trap_follow)
        w->trap_top = n > rows ? n - rows : 0;
    for (long i = w->trap_top; i < n && i < w->trap_top + rows; i++) {
        const struct ui_event *e = &w->s.events[i];
        int y = in.y + (int)(i - w->trap_top) * d->ch;
        if (i == w->trap_sel)
            ui_fill(d, (SDL_Rect){ in.x, y, in.w, d->ch }, UI_SELECT);
        char text[200];
        ui_event_text(e, text, sizeof text);
        int x = ui_textf(d, in.x, y, UI_DIM, "%4ld cpu%u %9" PRIu64 " ", i, e->cpu, e->cycle);
        x = ui_textf(d, x, y, ui_el_colour(e->from_el), "EL%u", e->from_el);
        x = ui_text(d, x, y, UI_DIM, "->");
        x = ui_textf(d, x, y, ui_el_colour(e->to_el), "EL%u ", e->to_el);
        ui_fill(d, (SDL_Rect){ x, y + 3, 6, d->ch - 6 }, ui_event_colour(e));
        x += d->cw;
        if (!e->eret)
            x = ui_textf(d, x, y, UI_DIM, "ELR %08" PRIx64 " ", e->pc);
        if (!e->eret && (e->type == 0 || e->type == 3)) /* IRQ and FIQ have no syndrome */
            x = ui_textf(d, x, y, UI_DIM, "ESR %08" PRIx32 " ", e->esr);
        ui_text(d, x, y, UI_TEXT, text);
    }
}

void ui_wheel_traps(struct ui_window *w, int dy)
{
    long n = (long)w->s.event_count, rows = trap_rows(w);
    long top = w->trap_top - 3 * dy;
    long max = n > rows ? n - rows : 0;
    w->trap_top = top < 0 ? 0 : top > max ? max : top;
    w->trap_follow = w->trap_top == max;
}

bool ui_click_traps(struct ui_window *w, int x, int y)
{
    (void)x;
    long row = (y - (w->traps.y + w->d.ch + 7)) / w->d.ch;
    if (row < 0 || w->trap_top + row >= (long)w->s.event_count)
        return false;
    ui_select_trap(w, w->trap_top + row);
    return true;
}
