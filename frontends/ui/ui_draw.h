/* Drawing for the debugger window: an SDL2 renderer, a monospace TrueType font (SDL2_ttf,
 * DejaVu Sans Mono from fonts-dejavu-core) and PNG screenshots of what was rendered (libpng). */
#ifndef ELSIM_UI_DRAW_H
#define ELSIM_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>
#include <SDL_ttf.h>

struct ui_draw {
    SDL_Window *window;
    SDL_Renderer *renderer;
    TTF_Font *font;
    SDL_Texture *glyphs[95];     /* ' ' .. '~', white: text colour is a colour mod */
    int cw, ch;                  /* character advance and line height, pixels */
};

/* The palette. */
extern const SDL_Color UI_BG, UI_PANE, UI_TITLE, UI_TEXT, UI_DIM, UI_CHANGED, UI_SELECT, UI_ACCENT, UI_RED;
/* Colour of an exception level in the timeline and the PSTATE line (el 0xff: CPU off). */
SDL_Color ui_el_colour(unsigned el);

bool ui_draw_open(struct ui_draw *d, int width, int height, char *err, size_t errlen);
void ui_draw_close(struct ui_draw *d);

void ui_fill(struct ui_draw *d, SDL_Rect r, SDL_Color c);
void ui_outline(struct ui_draw *d, SDL_Rect r, SDL_Color c);
/* Draw text at (x, y) (its top left); returns the x after it. Non-ASCII bytes show as '?'. */
int ui_text(struct ui_draw *d, int x, int y, SDL_Color c, const char *text);
int ui_textf(struct ui_draw *d, int x, int y, SDL_Color c, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A pane: background, title bar, and the clip rectangle set to its inside; returns the inside. */
SDL_Rect ui_pane(struct ui_draw *d, SDL_Rect r, const char *title, bool focused);
void ui_unclip(struct ui_draw *d);

/* Write what the renderer shows now to a PNG file. */
bool ui_screenshot(struct ui_draw *d, const char *path, char *err, size_t errlen);

#endif
