/* The debugger window's state, shared by its panes (ui_pane_*.c), its main loop (ui_main.c)
 * and its script runner (ui_script.c). */
#ifndef ELSIM_UI_WINDOW_H
#define ELSIM_UI_WINDOW_H

#include "ui_draw.h"
#include "ui_session.h"

enum ui_focus { UI_FOCUS_NONE, UI_FOCUS_CONSOLE, UI_FOCUS_TRANSLATE };

enum ui_action {
    UI_RUN, UI_PAUSE, UI_STEP, UI_NEXT_EXCEPTION, UI_NEXT_ERET, UI_UNTIL_EL_CHANGE, UI_RESET, UI_NEXT_CPU,
    UI_ACTION_COUNT
};

enum { UI_DISASM_MAX = 64 };

struct ui_window {
    struct ui_session s;
    struct ui_draw d;
    struct elsim_symbols *syms;      /* the ELF image's symbols; NULL: none */
    bool quit;
    enum ui_focus focus;

    /* Layout (ui_layout), recomputed when the window size changes. */
    SDL_Rect toolbar, status, regs, gic, console, sysregs, fields, disasm, timeline, traps, translate;
    SDL_Rect buttons[UI_ACTION_COUNT];

    int sysreg_sel;                  /* ui_sysregs row shown bit by bit */
    /* Timeline: the cycles shown, [tl_start, tl_start + tl_span); tl_follow keeps the end. */
    uint64_t tl_start, tl_span;
    bool tl_follow;
    /* Trap log: the selected event (-1 none) and the first row shown; follow the newest. */
    long trap_sel, trap_top;
    bool trap_follow;
    /* Translation inspector. */
    char va_text[24];
    bool tr_valid, tr_ok;
    uint64_t tr_va, tr_pa;
    unsigned tr_cpu, tr_el;          /* who translated, at which EL */
    char *tr_text;
    int tr_scroll;
    /* Disassembly rows on screen, for clicks. */
    uint64_t dis_addr[UI_DISASM_MAX];
    int dis_y[UI_DISASM_MAX];
    int dis_count;
};

void ui_layout(struct ui_window *w);
void ui_render(struct ui_window *w);
void ui_do(struct ui_window *w, enum ui_action a);
/* A window system event: keys, mouse buttons, text, resizing (what the scripts' key and click
 * commands send too); the wheel at (x, y). */
void ui_handle(struct ui_window *w, const SDL_Event *e);
void ui_wheel(struct ui_window *w, int x, int y, int dy, bool shift);
/* Translate va for the selected CPU into the inspector. */
void ui_translate(struct ui_window *w, uint64_t va);
/* The EL the registers pane shows for the selected CPU. */
unsigned ui_shown_el(struct ui_window *w);

/* Panes: draw, and clicks / wheel inside them (true if handled). */
void ui_pane_registers(struct ui_window *w);
void ui_pane_sysregs(struct ui_window *w);
void ui_pane_fields(struct ui_window *w);
void ui_pane_gic(struct ui_window *w);
void ui_pane_disasm(struct ui_window *w);
void ui_pane_timeline(struct ui_window *w);
void ui_pane_traps(struct ui_window *w);
void ui_pane_translate(struct ui_window *w);
void ui_pane_console(struct ui_window *w);
bool ui_click_sysregs(struct ui_window *w, int x, int y);
bool ui_click_disasm(struct ui_window *w, int x, int y);
bool ui_click_timeline(struct ui_window *w, int x, int y);
bool ui_click_traps(struct ui_window *w, int x, int y);
void ui_wheel_timeline(struct ui_window *w, int x, int dy, bool shift);
void ui_wheel_traps(struct ui_window *w, int dy);
void ui_wheel_translate(struct ui_window *w, int dy);
/* Select trap log row i (clamped); -1: none. */
void ui_select_trap(struct ui_window *w, long i);

/* A trap log event in words ("SVC #0x42", "ERET", "IRQ"), and its marker colour. */
void ui_event_text(const struct ui_event *e, char *buf, size_t len);
SDL_Color ui_event_colour(const struct ui_event *e);

/* --ui-script: run the commands of a file; returns the exit status. */
int ui_script_run(struct ui_window *w, const char *path);

#endif
