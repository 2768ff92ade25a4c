/* The translation inspector (a VA typed in, or `translate VA` in a script: the stage 1 and
 * stage 2 walks of elsim_translate, the PA or the fault) and the UART console. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_window.h"

void ui_translate(struct ui_window *w, uint64_t va)
{
    free(w->tr_text);
    w->tr_text = NULL;
    w->tr_va = va;
    w->tr_cpu = w->s.cpu;
    w->tr_el = ui_shown_el(w);
    w->tr_ok = ui_session_translate(&w->s, va, &w->tr_text);
    w->tr_valid = true;
    w->tr_scroll = 0;
    w->tr_pa = 0;
    /* The walk's last line says "=> PA 0x...". */
    for (const char *p = w->tr_text; w->tr_ok && (p = strstr(p, "=> PA 0x")); p++)
        w->tr_pa = strtoull(p + 6, NULL, 16);
    snprintf(w->va_text, sizeof w->va_text, "%" PRIx64, va);
}

/* Shorten the walk's words so that a line fits the pane: "stage 2 level 1: descriptor at PA"
 * -> "S2 L1: @PA" (the scroll wheel still reaches every line). */
static void abbreviate(char *line)
{
    static const struct { const char *from, *to; } words[] = {
        { "stage 1 level ", "S1 L" }, { "stage 2 level ", "S2 L" }, { "descriptor at PA ", "@" },
        { "next table at ", "" }, { "0x00000000", "0x" },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t from = strlen(words[i].from), to = strlen(words[i].to);
        for (char *p = strstr(line, words[i].from); p; p = strstr(p + to, words[i].from)) {
            memmove(p + to, p + from, strlen(p + from) + 1);
            memcpy(p, words[i].to, to);
        }
    }
}

void ui_pane_translate(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    bool focused = w->focus == UI_FOCUS_TRANSLATE;
    SDL_Rect in = ui_pane(d, w->translate, focused ? "Translation  type a VA, Enter" : "Translation  (click to enter a VA)",
                          focused);
    int y = in.y;
    /* Typing a new VA: the CPU and EL it will be translated for; else those of the result. */
    bool typing = focused || !w->tr_valid;
    int x = ui_textf(d, in.x, y, UI_DIM, "cpu%u EL%u VA 0x", typing ? w->s.cpu : w->tr_cpu,
                     typing ? ui_shown_el(w) : w->tr_el);
    x = ui_text(d, x, y, UI_TEXT, w->va_text);
    if (focused)
        ui_fill(d, (SDL_Rect){ x, y + 1, 2, d->ch - 2 }, UI_ACCENT);
    if (w->tr_valid) {
        if (w->tr_ok)
            ui_textf(d, x + 2 * d->cw, y, UI_CHANGED, "=> PA 0x%" PRIx64, w->tr_pa);
        else
            ui_text(d, x + 2 * d->cw, y, UI_RED, "=> fault");
    }
    y += d->ch + 2;
    if (!w->tr_text)
        return;
    int skip = w->tr_scroll;
    for (const char *line = w->tr_text; *line && y + d->ch <= in.y + in.h;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (skip > 0) {
            skip--;
        } else {
            char buf[400];
            snprintf(buf, sizeof buf, "%.*s", (int)len, line);
            bool stage2 = strstr(buf, "stage 2 level") != NULL;
            abbreviate(buf);
            ui_text(d, in.x + (stage2 ? 2 * d->cw : 0), y,
                    strstr(buf, "fault") ? UI_RED : stage2 ? UI_DIM : UI_TEXT, buf);
            y += d->ch;
        }
        line += len + (end ? 1 : 0);
    }
}

void ui_wheel_translate(struct ui_window *w, int dy)
{
    int lines = 0;
    for (const char *p = w->tr_text; p && *p; p++)
        lines += *p == '\n';
    w->tr_scroll -= 3 * dy;
    w->tr_scroll = w->tr_scroll < 0 ? 0 : w->tr_scroll >= lines ? (lines > 0 ? lines - 1 : 0) : w->tr_scroll;
}

void ui_pane_console(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    bool focused = w->focus == UI_FOCUS_CONSOLE;
    SDL_Rect in = ui_pane(d, w->console, focused ? "UART console  typing goes to the guest (Esc: stop)"
                                                 : "UART console  (click to type to the guest)", focused);
    int rows = in.h / d->ch, cols = in.w / d->cw;
    if (rows <= 0 || cols <= 0)
        return;
    /* The start of each screen line (long lines wrap at the pane's width), the last `rows`
     * of them kept in a ring: the pane shows the end of the output. */
    enum { MAX_ROWS = 256 };
    size_t starts[MAX_ROWS];
    rows = rows > MAX_ROWS ? MAX_ROWS : rows;
    const char *text = w->s.console;
    size_t len = w->s.console_len, lines = 1;
    starts[0] = 0;
    for (size_t i = 0, col = 0; i < len; i++) {
        if (text[i] == '\n') {
            starts[lines++ % MAX_ROWS] = i + 1;
            col = 0;
        } else if (text[i] != '\r') {
            if (col == (size_t)cols) {
                starts[lines++ % MAX_ROWS] = i;
                col = 0;
            }
            col++;
        }
    }
    size_t start = lines > (size_t)rows ? starts[(lines - (size_t)rows) % MAX_ROWS] : 0;
    int y = in.y, x = in.x;
    char ch[2] = { 0, 0 };
    for (size_t i = start; i < len; i++) {
        if (text[i] == '\n' || x + d->cw > in.x + in.w) {
            y += d->ch;
            x = in.x;
            if (text[i] == '\n')
                continue;
        }
        if (text[i] == '\r')
            continue;
        ch[0] = text[i];
        x = ui_text(d, x, y, UI_TEXT, ch);
    }
    if (focused)
        ui_fill(d, (SDL_Rect){ x, y + 1, d->cw, d->ch - 2 }, UI_ACCENT);
}
