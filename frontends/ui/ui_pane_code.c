/* The disassembly pane: instructions around the selected CPU's PC through its current
 * translation (capstone, through elsim_disassemble), with ELF symbols; a click on a row
 * toggles a breakpoint there. */
#include <inttypes.h>
#include <stdio.h>

#include "ui_window.h"

void ui_pane_disasm(struct ui_window *w)
{
    struct ui_draw *d = &w->d;
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    char title[96];
    snprintf(title, sizeof title, "Disassembly  cpu%u EL%u  (click: breakpoint)", w->s.cpu, c->el);
    SDL_Rect in = ui_pane(d, w->disasm, title, false);
    int rows = in.h / d->ch;
    if (rows > UI_DISASM_MAX)
        rows = UI_DISASM_MAX;
    uint64_t pc = c->pc;
    uint64_t before = (uint64_t)(rows / 3);
    uint64_t addr = pc >= 4 * before ? pc - 4 * before : 0;
    w->dis_count = 0;
    for (int i = 0; i < rows; i++, addr += 4) {
        int y = in.y + i * d->ch;
        w->dis_addr[w->dis_count] = addr;
        w->dis_y[w->dis_count++] = y;
        bool at_pc = addr == pc;
        if (at_pc)
            ui_fill(d, (SDL_Rect){ in.x, y, in.w, d->ch }, UI_SELECT);
        if (ui_session_has_breakpoint(&w->s, addr))
            ui_fill(d, (SDL_Rect){ in.x + 1, y + d->ch / 2 - 4, 8, 8 }, UI_RED);
        int x = ui_text(d, in.x + 12, y, UI_CHANGED, at_pc ? ">" : " ");
        x = ui_textf(d, x + d->cw, y, UI_DIM, "%010" PRIx64, addr);
        uint64_t off = 0;
        const struct elsim_symbol *sym = w->syms ? elsim_symbols_find(w->syms, addr, &off) : NULL;
        char label[40] = "";
        if (sym)
            snprintf(label, sizeof label, off ? "<%.18s+%" PRIx64 ">" : "<%.24s>", sym->name, off);
        x = ui_textf(d, x + d->cw, y, UI_ACCENT, "%-26s", label);
        uint32_t word;
        if (!elsim_read_virt(w->s.sim, w->s.cpu, addr, &word, sizeof word)) {
            ui_text(d, x, y, UI_DIM, "(not memory)");
            continue;
        }
        char text[128];
        elsim_disassemble(word, addr, text, sizeof text);
        x = ui_textf(d, x, y, UI_DIM, "%08" PRIx32 "  ", word);
        ui_text(d, x, y, at_pc ? UI_CHANGED : UI_TEXT, text);
    }
}

bool ui_click_disasm(struct ui_window *w, int x, int y)
{
    (void)x;
    for (int i = 0; i < w->dis_count; i++) {
        if (y >= w->dis_y[i] && y < w->dis_y[i] + w->d.ch) {
            if (!ui_session_toggle_breakpoint(&w->s, w->dis_addr[i]))
                snprintf(w->s.status, sizeof w->s.status, "no breakpoint left (64 at most)");
            return true;
        }
    }
    return false;
}
