/* The CPU's panes: general registers and PSTATE, system registers by EL, the bit fields of
 * the selected one, and the GIC / generic timer view. Values that changed since the last
 * command (step, run, ...) are drawn highlighted. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "esr_describe.h"
#include "interrupt.h"
#include "sysreg.h"
#include "ui_sysregs.h"
#include "ui_window.h"

static SDL_Color changed(bool c)
{
    return c ? UI_CHANGED : UI_TEXT;
}

unsigned ui_shown_el(struct ui_window *w)
{
    return elsim_cpu(w->s.sim, w->s.cpu)->el;
}

void ui_pane_registers(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    const struct ui_snapshot *b = &w->s.before;
    char title[64];
    snprintf(title, sizeof title, "Registers  cpu%u%s", w->s.cpu,
             c->stop_reason == STOP_OFF ? "  (off)" : c->stop_reason == STOP_WFI ? "  (in WFI)" : "");
    SDL_Rect in = ui_pane(d, w->regs, title, false);
    int y = in.y;
    for (unsigned i = 0; i < 16; i++, y += d->ch) {
        int x = ui_textf(d, in.x, y, UI_DIM, "x%-2u ", i);
        x = ui_textf(d, x, y, changed(c->r[i] != b->x[i]), "%016" PRIx64, c->r[i]);
        if (i + 16 < 31) {
            x = ui_textf(d, x + d->cw, y, UI_DIM, "x%-2u ", i + 16);
            ui_textf(d, x, y, changed(c->r[i + 16] != b->x[i + 16]), "%016" PRIx64, c->r[i + 16]);
        }
    }
    for (unsigned el = 0; el < 3; el++, y += d->ch) {
        uint64_t sp = cpu_get_sp_el(c, el);
        int x = ui_textf(d, in.x, y, UI_DIM, "SP_EL%u ", el);
        ui_textf(d, x, y, changed(sp != b->sp_el[el]), "%016" PRIx64, sp);
    }
    int x = ui_text(d, in.x, y, UI_DIM, "PC     ");
    ui_textf(d, x, y, changed(c->pc != b->pc), "%016" PRIx64, c->pc);
    y += d->ch;
    /* PSTATE: the EL in its timeline colour, then each flag bright when set. */
    x = ui_text(d, in.x, y, UI_DIM, "PSTATE ");
    x = ui_textf(d, x, y, ui_el_colour(c->el), "EL%u%c", c->el, c->sp_sel ? 'h' : 't');
    if (c->el != b->el || c->sp_sel != b->sp_sel)
        x = ui_text(d, x, y, UI_CHANGED, "*");
    x += d->cw;
    static const struct { char name; uint32_t bit; bool daif; } flags[] = {
        { 'N', FLAG_N, false }, { 'Z', FLAG_Z, false }, { 'C', FLAG_C, false }, { 'V', FLAG_V, false },
        { 'D', DAIF_D, true },  { 'A', DAIF_A, true },  { 'I', DAIF_I, true },  { 'F', DAIF_F, true },
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        uint32_t now = flags[i].daif ? c->daif : c->nzcv, then = flags[i].daif ? b->daif : b->nzcv;
        bool set = now & flags[i].bit;
        SDL_Color col = (now ^ then) & flags[i].bit ? UI_CHANGED : set ? UI_TEXT : UI_DIM;
        char s[2] = { set ? flags[i].name : (char)(flags[i].name + 'a' - 'A'), 0 };
        x = ui_text(d, x + (i == 4 ? d->cw : 0), y, col, s);
    }
    y += d->ch;
    ui_textf(d, in.x, y, UI_DIM, "insns %" PRIu64 "  cycles %" PRIu64, c->insns, c->cycles);
}

/* Row i of the sysregs pane (headers included) -> the ui_sysregs index, or -1 for a header. */
static int sysreg_at_row(int row)
{
    int r = 0;
    unsigned el = 0;
    for (size_t i = 0; i < ui_sysreg_count; i++) {
        if (ui_sysregs[i].el != el) {
            el = ui_sysregs[i].el;
            if (r++ == row)
                return -1;
        }
        if (r++ == row)
            return (int)i;
    }
    return -1;
}

void ui_pane_sysregs(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    SDL_Rect in = ui_pane(d, w->sysregs, "System registers  (click: fields)", false);
    int y = in.y;
    unsigned el = 0;
    for (size_t i = 0; i < ui_sysreg_count; i++) {
        const struct ui_sysreg *r = &ui_sysregs[i];
        if (r->el != el) {
            el = r->el;
            ui_textf(d, in.x, y, ui_el_colour(el), "EL%u", el);
            y += d->ch;
        }
        if ((int)i == w->sysreg_sel)
            ui_fill(d, (SDL_Rect){ in.x, y, in.w, d->ch }, UI_SELECT);
        if (r->id < 0) {
            ui_textf(d, in.x + 2 * d->cw, y, UI_DIM, "%-12s (absent)", r->name);
        } else {
            uint64_t v = sysreg_peek(c, (unsigned)r->id);
            int x = ui_textf(d, in.x + 2 * d->cw, y, UI_TEXT, "%-12s", r->name);
            ui_textf(d, x, y, changed(c->sr[r->id] != w->s.before.sr[r->id]), "%016" PRIx64, v);
        }
        y += d->ch;
    }
}

bool ui_click_sysregs(struct ui_window *w, int x, int y)
{
    (void)x;
    int row = (y - (w->sysregs.y + w->d.ch + 7)) / w->d.ch;
    int i = row >= 0 ? sysreg_at_row(row) : -1;
    if (i >= 0)
        w->sysreg_sel = i;
    return i >= 0;
}

/* SPSR.M[3:0] as a mode name (AArch64 only: M[4] = 0). */
static const char *spsr_mode(uint64_t v)
{
    static const char *const modes[16] = { "EL0t", NULL, NULL, NULL, "EL1t", "EL1h", NULL, NULL,
                                           "EL2t", "EL2h", NULL, NULL, "EL3t", "EL3h", NULL, NULL };
    return (v & 0x10) ? "AArch32" : modes[v & 15] ? modes[v & 15] : "illegal";
}

/* Draw text wrapped at the pane's width; returns the y below it. */
static int wrapped(struct ui_draw *d, SDL_Rect in, int y, SDL_Color col, const char *text)
{
    int per_line = in.w / d->cw;
    size_t len = strlen(text);
    for (size_t at = 0; at < len && per_line > 0; at += (size_t)per_line, y += d->ch) {
        char line[256];
        snprintf(line, sizeof line, "%.*s", per_line, text + at);
        ui_text(d, in.x, y, col, line);
    }
    return y;
}

void ui_pane_fields(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    const struct ui_sysreg *r = &ui_sysregs[w->sysreg_sel];
    uint64_t v = r->id >= 0 ? sysreg_peek(c, (unsigned)r->id) : 0;
    uint64_t old = r->id >= 0 ? w->s.before.sr[r->id] : 0;
    uint64_t now = r->id >= 0 ? c->sr[r->id] : 0;
    char title[80];
    snprintf(title, sizeof title, "%s = 0x%" PRIx64, r->name, v);
    SDL_Rect in = ui_pane(d, w->fields, title, false);
    size_t n = 0;
    while (r->fields[n].name)
        n++;
    int rows = in.h / d->ch;
    bool extra = strncmp(r->name, "ESR", 3) == 0 || strncmp(r->name, "SPSR", 4) == 0;
    size_t per_col = (size_t)(rows - (extra ? 3 : 0)) < n ? (n + 1) / 2 : n;
    int col_w = in.w / 2;
    for (size_t i = 0; i < n; i++) {
        const struct ui_field *f = &r->fields[i];
        int x = in.x + (i >= per_col ? col_w : 0), y = in.y + (int)(i % per_col) * d->ch;
        uint64_t fv = ui_field_value(f, v);
        bool diff = ui_field_value(f, now) != ui_field_value(f, old);
        char bits[16];
        if (f->msb == f->lsb)
            snprintf(bits, sizeof bits, "[%u]", f->lsb);
        else
            snprintf(bits, sizeof bits, "[%u:%u]", f->msb, f->lsb);
        x = ui_textf(d, x, y, UI_DIM, "%-9s%-8s", f->name, bits);
        ui_textf(d, x, y, diff ? UI_CHANGED : fv ? UI_TEXT : UI_DIM, f->msb == f->lsb ? "%" PRIu64 : "0x%" PRIx64, fv);
    }
    int y = in.y + (int)per_col * d->ch + d->ch / 2;
    if (strncmp(r->name, "ESR", 3) == 0) {
        char text[256];
        esr_describe((uint32_t)v, text, sizeof text);
        wrapped(d, in, y, UI_ACCENT, text);
    } else if (strncmp(r->name, "SPSR", 4) == 0) {
        ui_textf(d, in.x, y, UI_ACCENT, "returns to %s", spsr_mode(v));
    }
}

/* A generic timer's control register: ENABLE, IMASK, ISTATUS. */
static int timer_line(struct ui_draw *d, SDL_Rect in, int y, struct cpu *c, const char *name, int ctl, int cval)
{
    uint64_t v = sysreg_peek(c, (unsigned)ctl);
    int x = ui_textf(d, in.x, y, UI_DIM, "%-9s", name);
    x = ui_text(d, x, y, v & 1 ? UI_TEXT : UI_DIM, v & 1 ? "ENABLE " : "enable ");
    x = ui_text(d, x, y, v & 2 ? UI_TEXT : UI_DIM, v & 2 ? "IMASK " : "imask ");
    x = ui_text(d, x, y, v & 4 ? UI_CHANGED : UI_DIM, v & 4 ? "ISTATUS" : "istatus");
    ui_textf(d, x + d->cw, y, UI_TEXT, "CVAL %" PRIx64, sysreg_peek(c, (unsigned)cval));
    return y + d->ch;
}


void ui_pane_gic(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    SDL_Rect in = ui_pane(d, w->gic, "Interrupts and timers", false);
    int y = in.y;
    uint32_t l = c->irq_lines;
    static const struct { const char *name; uint32_t bit; } lines[] = {
        { "IRQ", IRQ_LINE_IRQ }, { "FIQ", IRQ_LINE_FIQ }, { "SErr", IRQ_LINE_SERROR },
        { "vIRQ", IRQ_LINE_VIRQ }, { "vFIQ", IRQ_LINE_VFIQ },
    };
    int x = ui_textf(d, in.x, y, UI_DIM, "cpu%u in:", w->s.cpu);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        x = ui_text(d, x + d->cw, y, l & lines[i].bit ? UI_CHANGED : UI_DIM, lines[i].name);
    y += d->ch;
    /* The GIC through the embedding API (GICv2 and GICv3 alike): distributor and CPU interface,
     * the virtual interface and its list registers, then the INTIDs pending or active here. */
    struct elsim_gic_cpu g;
    if (elsim_gic_cpu(w->s.sim, w->s.cpu, &g)) {
        ui_textf(d, in.x, y, UI_TEXT, "GICv%u GICD_CTLR=%x  CTLR=%x PMR=%02x RPR=%02x", g.version, g.dist_ctlr, g.ctlr,
                 g.pmr, g.running_priority);
        y += d->ch;
        ui_textf(d, in.x, y, UI_TEXT, "vif HCR=%x VMCR=%x MISR=%x", g.hcr, g.vmcr, g.misr);
        y += d->ch;
        static const char *const states[] = { "invalid", "pending", "active", "pending+active" };
        for (unsigned n = 0; n < g.lr_count; n++) {
            const struct elsim_gic_lr *lr = &g.lr[n];
            ui_textf(d, in.x, y, lr->state ? UI_TEXT : UI_DIM, "LR%u vINTID %-4u %-14s prio %02x%s", n, lr->vintid,
                     states[lr->state & 3], lr->priority, lr->hw ? " hw" : "");
            y += d->ch;
        }
        char pending[96] = "", active[96] = "";
        size_t np = 0, na = 0;
        for (unsigned intid = 0; intid < ELSIM_GIC_INTIDS; intid++) {
            struct elsim_gic_irq q;
            if (!elsim_gic_irq(w->s.sim, w->s.cpu, intid, &q))
                continue;
            if (q.pending && np < sizeof pending - 8)
                np += (size_t)snprintf(pending + np, sizeof pending - np, " %u", intid);
            if (q.active && na < sizeof active - 8)
                na += (size_t)snprintf(active + na, sizeof active - na, " %u", intid);
        }
        ui_textf(d, in.x, y, np || na ? UI_CHANGED : UI_DIM, "pending:%s  active:%s", np ? pending : " -",
                 na ? active : " -");
        y += d->ch;
    }
    ui_textf(d, in.x, y, UI_DIM, "timers  CNTPCT %" PRIx64 "  CNTVOFF %" PRIx64, sysreg_physical_count(c),
             c->sr[SR_CNTVOFF_EL2]);
    y += d->ch;
    y = timer_line(d, in, y, c, "EL1 phys", SR_CNTP_CTL_EL0, SR_CNTP_CVAL_EL0);
    y = timer_line(d, in, y, c, "virtual", SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0);
    y = timer_line(d, in, y, c, "EL2 phys", SR_CNTHP_CTL_EL2, SR_CNTHP_CVAL_EL2);
    /* The newest interrupt controller events that fit, newest last. */
    static const char *const kinds[] = { "pending", "ack", "EOI", "deactivate", "LR write" };
    uint64_t fit = (uint64_t)((in.y + in.h - y) / d->ch);
    fit = fit < UI_GIC_NOTES ? fit : UI_GIC_NOTES;
    uint64_t first = w->s.gic_note_count > fit ? w->s.gic_note_count - fit : 0;
    for (uint64_t i = first; i < w->s.gic_note_count; i++) {
        const struct ui_gic_note *g = &w->s.gic_notes[i % UI_GIC_NOTES];
        if (g->event.kind == GIC_EVENT_LR_WRITE)
            ui_textf(d, in.x, y, UI_DIM, "[cpu%u %" PRIu64 "] LR%u <- vINTID %u", g->cpu, g->cycle, g->event.lr,
                     g->event.intid);
        else
            ui_textf(d, in.x, y, UI_DIM, "[cpu%u %" PRIu64 "] %s%s INTID %u", g->cpu, g->cycle,
                     g->event.virtual_ ? "virtual " : "", kinds[g->event.kind], g->event.intid);
        y += d->ch;
    }
}
