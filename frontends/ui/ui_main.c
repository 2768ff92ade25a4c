/* The debugger window: layout, toolbar, keyboard and mouse, and the loop that runs the
 * machine in slices between frames so that the window stays responsive (ui_window.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_sysregs.h"
#include "ui_window.h"

enum { SLICE_INSNS = 50000, FRAME_MS = 30 };

static const struct {
    const char *label;
    SDL_Keycode key;
} actions[UI_ACTION_COUNT] = {
    [UI_RUN] = { "Run F5", SDLK_F5 },
    [UI_PAUSE] = { "Pause F6", SDLK_F6 },
    [UI_STEP] = { "Step F10", SDLK_F10 },
    [UI_NEXT_EXCEPTION] = { "Exception F7", SDLK_F7 },
    [UI_NEXT_ERET] = { "ERET F8", SDLK_F8 },
    [UI_UNTIL_EL_CHANGE] = { "EL change F9", SDLK_F9 },
    [UI_RESET] = { "Reset ^R", 0 },
    [UI_NEXT_CPU] = { "vCPU Tab", SDLK_TAB },
};

void ui_layout(struct ui_window *w)
{
    int W, H, ch = w->d.ch;
    SDL_GetRendererOutputSize(w->d.renderer, &W, &H);
    int title = ch + 4 + 9; /* a pane's title bar and margins */
    w->toolbar = (SDL_Rect){ 0, 0, W, ch + 14 };
    int x = 6;
    for (int a = 0; a < UI_ACTION_COUNT; a++) {
        int bw = (int)strlen(actions[a].label) * w->d.cw + 14;
        w->buttons[a] = (SDL_Rect){ x, 5, bw, ch + 4 };
        x += bw + 6;
    }
    w->status = (SDL_Rect){ x + 6, 5, W - x - 12, ch + 4 };
    int top = w->toolbar.h, h = H - top;
    int c1 = W * 24 / 100 > 300 ? W * 24 / 100 : 300, c2 = W * 30 / 100, c3 = W - c1 - c2;
    int regs_h = 22 * ch + title, gic_h = 16 * ch + title;
    w->regs = (SDL_Rect){ 0, top, c1, regs_h };
    w->gic = (SDL_Rect){ 0, top + regs_h, c1, gic_h };
    w->console = (SDL_Rect){ 0, top + regs_h + gic_h, c1, h - regs_h - gic_h };
    int sr_h = 28 * ch + title;
    w->sysregs = (SDL_Rect){ c1, top, c2, sr_h };
    w->fields = (SDL_Rect){ c1, top + sr_h, c2, h - sr_h };
    /* The timeline: a strip per vCPU (at most 40 px each) and the legend. */
    int strips = 40 * (int)(w->s.cpus < 4 ? w->s.cpus : 4);
    int tl_h = strips + 2 * ch + title, rest = h - tl_h;
    int dis_h = rest * 36 / 100, traps_h = rest * 26 / 100;
    w->disasm = (SDL_Rect){ c1 + c2, top, c3, dis_h };
    w->timeline = (SDL_Rect){ c1 + c2, top + dis_h, c3, tl_h };
    w->traps = (SDL_Rect){ c1 + c2, top + dis_h + tl_h, c3, traps_h };
    w->translate = (SDL_Rect){ c1 + c2, top + dis_h + tl_h + traps_h, c3, rest - dis_h - traps_h };
}

static bool running(const struct ui_window *w)
{
    return w->s.goal != UI_GOAL_NONE;
}

static void toolbar(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    ui_fill(d, w->toolbar, UI_BG);
    for (int a = 0; a < UI_ACTION_COUNT; a++) {
        bool live = a == UI_PAUSE ? running(w) : a == UI_RESET || (!running(w) && !w->s.ended);
        ui_fill(d, w->buttons[a], UI_TITLE);
        ui_outline(d, w->buttons[a], live ? UI_ACCENT : UI_PANE);
        ui_text(d, w->buttons[a].x + 7, w->buttons[a].y + 2, live ? UI_TEXT : UI_DIM, actions[a].label);
    }
    SDL_RenderSetClipRect(d->renderer, &w->status);
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    int x = ui_textf(d, w->status.x, w->status.y + 2, UI_TEXT, "cpu%u/%u ", w->s.cpu, w->s.cpus);
    x = ui_textf(d, x, w->status.y + 2, ui_el_colour(c->el), "EL%u ", c->el);
    ui_text(d, x + d->cw, w->status.y + 2, w->s.ended ? UI_CHANGED : UI_DIM, running(w) ? "running" : w->s.status);
    ui_unclip(d);
}

void ui_render(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    SDL_SetRenderDrawColor(d->renderer, UI_BG.r, UI_BG.g, UI_BG.b, 255);
    SDL_RenderClear(d->renderer);
    toolbar(w);
    ui_pane_registers(w);
    ui_pane_gic(w);
    ui_pane_console(w);
    ui_pane_sysregs(w);
    ui_pane_fields(w);
    ui_pane_disasm(w);
    ui_pane_timeline(w);
    ui_pane_traps(w);
    ui_pane_translate(w);
    ui_unclip(d);
}

void ui_do(struct ui_window *w, enum ui_action a)
{
    struct ui_session *s = &w->s;
    switch (a) {
    case UI_RUN: ui_session_start(s, UI_GOAL_RUN, 0, 0); break;
    case UI_PAUSE: ui_session_pause(s); break;
    case UI_STEP: ui_session_step(s); break;
    case UI_NEXT_EXCEPTION: ui_session_start(s, UI_GOAL_EXCEPTION, 0, 0); break;
    case UI_NEXT_ERET: ui_session_start(s, UI_GOAL_ERET, 0, 0); break;
    case UI_UNTIL_EL_CHANGE: ui_session_start(s, UI_GOAL_EL_CHANGE, 0, 0); break;
    case UI_RESET: {
        char err[512];
        if (!ui_session_reset(s, err, sizeof err)) {
            fprintf(stderr, "elsim: reset: %s\n", err);
            w->quit = true; /* no machine to show */
            return;
        }
        w->trap_sel = -1;
        w->trap_top = 0;
        w->trap_follow = w->tl_follow = true;
        w->tl_span = 0;
        w->tr_valid = false;
        free(w->tr_text);
        w->tr_text = NULL;
        break;
    }
    case UI_NEXT_CPU:
        s->cpu = (s->cpu + 1) % s->cpus;
        ui_session_snapshot(s);
        break;
    case UI_ACTION_COUNT: break;
    }
}

static bool inside(SDL_Rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static void click(struct ui_window *w, int x, int y)
{
    for (int a = 0; a < UI_ACTION_COUNT; a++) {
        if (inside(w->buttons[a], x, y)) {
            ui_do(w, (enum ui_action)a);
            return;
        }
    }
    w->focus = inside(w->console, x, y) ? UI_FOCUS_CONSOLE : inside(w->translate, x, y) ? UI_FOCUS_TRANSLATE : UI_FOCUS_NONE;
    if (inside(w->sysregs, x, y))
        ui_click_sysregs(w, x, y);
    else if (inside(w->disasm, x, y))
        ui_click_disasm(w, x, y);
    else if (inside(w->timeline, x, y))
        ui_click_timeline(w, x, y);
    else if (inside(w->traps, x, y))
        ui_click_traps(w, x, y);
}

void ui_wheel(struct ui_window *w, int x, int y, int dy, bool shift)
{
    if (inside(w->timeline, x, y))
        ui_wheel_timeline(w, x, dy, shift);
    else if (inside(w->traps, x, y))
        ui_wheel_traps(w, dy);
    else if (inside(w->translate, x, y))
        ui_wheel_translate(w, dy);
}

/* Keys while the translation VA is being typed. */
static void translate_key(struct ui_window *w, SDL_Keycode k)
{
    size_t n = strlen(w->va_text);
    if (k == SDLK_BACKSPACE && n)
        w->va_text[n - 1] = 0;
    else if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
        ui_translate(w, strtoull(w->va_text, NULL, 16));
}

/* F12: the window as elsim-N.png in the current directory, the first N not taken. */
static void save_screenshot(struct ui_window *w)
{
    char path[64], err[256];
    FILE *f = NULL;
    for (unsigned n = 1; n < 10000; n++) {
        snprintf(path, sizeof path, "elsim-%u.png", n);
        f = fopen(path, "r");
        if (!f)
            break;
        fclose(f);
    }
    ui_render(w);
    if (ui_screenshot(&w->d, path, err, sizeof err))
        snprintf(w->s.status, sizeof w->s.status, "saved %s", path);
    else
        snprintf(w->s.status, sizeof w->s.status, "%s", err);
}

static void key(struct ui_window *w, const SDL_KeyboardEvent *e)
{
    SDL_Keycode k = e->keysym.sym;
    if (k == SDLK_ESCAPE) {
        w->focus = UI_FOCUS_NONE;
        return;
    }
    if (k == SDLK_F12) {
        save_screenshot(w);
        return;
    }
    if (k == SDLK_r && (e->keysym.mod & KMOD_CTRL)) {
        ui_do(w, UI_RESET);
        return;
    }
    for (int a = 0; a < UI_ACTION_COUNT; a++) {
        if (actions[a].key && actions[a].key == k && (k != SDLK_TAB || w->focus == UI_FOCUS_NONE)) {
            if (a == UI_PAUSE || a == UI_RESET || (!running(w) && !w->s.ended) || a == UI_NEXT_CPU)
                ui_do(w, (enum ui_action)a);
            return;
        }
    }
    if (w->focus == UI_FOCUS_TRANSLATE) {
        translate_key(w, k);
    } else if (w->focus == UI_FOCUS_CONSOLE) {
        /* Keys with no text of their own: what a serial terminal sends. */
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
            ui_session_type(&w->s, "\r", 1);
        else if (k == SDLK_BACKSPACE)
            ui_session_type(&w->s, "\x7f", 1);
    }
}

static void text_input(struct ui_window *w, const char *text)
{
    if (w->focus == UI_FOCUS_CONSOLE) {
        ui_session_type(&w->s, text, strlen(text));
    } else if (w->focus == UI_FOCUS_TRANSLATE) {
        for (const char *p = text; *p; p++) {
            size_t n = strlen(w->va_text);
            bool hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F');
            if (hex && n + 1 < sizeof w->va_text && n < 16) {
                w->va_text[n] = *p;
                w->va_text[n + 1] = 0;
            }
        }
    }
}

void ui_handle(struct ui_window *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: w->quit = true; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui_layout(w);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            click(w, e->button.x, e->button.y);
        break;
    case SDL_MOUSEWHEEL: {
        int x, y;
        SDL_GetMouseState(&x, &y);
        ui_wheel(w, x, y, e->wheel.y, (SDL_GetModState() & KMOD_SHIFT) != 0);
        break;
    }
    case SDL_KEYDOWN: key(w, &e->key); break;
    case SDL_TEXTINPUT: text_input(w, e->text.text); break;
    default: break;
    }
}

static int interactive(struct ui_window *w)
{
    SDL_StartTextInput();
    while (!w->quit) {
        SDL_Event e;
        /* Paused: sleep until something happens (the console may still print: redraw often). */
        if (!running(w) && SDL_WaitEventTimeout(&e, 100))
            ui_handle(w, &e);
        while (SDL_PollEvent(&e))
            ui_handle(w, &e);
        Uint32 start = SDL_GetTicks();
        while (running(w) && SDL_GetTicks() - start < FRAME_MS && ui_session_slice(&w->s, SLICE_INSNS))
            ;
        ui_render(w);
        SDL_RenderPresent(w->d.renderer);
    }
    return w->s.ended ? w->s.exit_status : 0;
}

int ui_main(const struct ui_machine *machine, const char *script)
{
    struct ui_window *w = calloc(1, sizeof *w);
    char err[512] = "";
    if (!w)
        return 2;
    w->s.input_pipe[0] = w->s.input_pipe[1] = -1;
    ui_sysregs_init();
    int status = 2;
    if (!ui_session_open(&w->s, machine, err, sizeof err)) {
        fprintf(stderr, "elsim: %s\n", err);
        goto out;
    }
    if (!ui_draw_open(&w->d, 1280, 800, err, sizeof err)) {
        fprintf(stderr, "elsim: --ui: %s\n", err);
        goto out;
    }
    char title[300];
    snprintf(title, sizeof title, "elsim  %s", machine->image ? machine->image : machine->bios);
    SDL_SetWindowTitle(w->d.window, title);
    if (machine->image) /* not an ELF (an Image, a raw binary): addresses only */
        w->syms = elsim_symbols_load(machine->image, err, sizeof err);
    w->trap_sel = -1;
    w->trap_follow = w->tl_follow = true;
    ui_layout(w);
    status = script ? ui_script_run(w, script) : interactive(w);
out:
    ui_session_close(&w->s);
    ui_draw_close(&w->d);
    if (w->syms)
        elsim_symbols_free(w->syms);
    free(w->tr_text);
    free(w);
    return status;
}
