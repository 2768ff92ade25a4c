/* Drawing for the debugger window (ui_draw.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "ui_draw.h"

const SDL_Color UI_BG = { 0x1b, 0x1d, 0x22, 0xff };
const SDL_Color UI_PANE = { 0x24, 0x27, 0x2e, 0xff };
const SDL_Color UI_TITLE = { 0x34, 0x38, 0x42, 0xff };
const SDL_Color UI_TEXT = { 0xdc, 0xdf, 0xe4, 0xff };
const SDL_Color UI_DIM = { 0x86, 0x8c, 0x97, 0xff };
const SDL_Color UI_CHANGED = { 0xff, 0xc8, 0x3c, 0xff };
const SDL_Color UI_SELECT = { 0x3a, 0x4a, 0x6a, 0xff };
const SDL_Color UI_ACCENT = { 0x6c, 0xb6, 0xff, 0xff };
const SDL_Color UI_RED = { 0xe8, 0x4a, 0x4a, 0xff };

SDL_Color ui_el_colour(unsigned el)
{
    static const SDL_Color colours[] = {
        { 0x5f, 0xbf, 0x6f, 0xff },   /* EL0: green */
        { 0x4f, 0x8f, 0xdf, 0xff },   /* EL1: blue */
        { 0xe0, 0x7a, 0x3f, 0xff },   /* EL2: orange */
        { 0xc0, 0x50, 0xc0, 0xff },   /* EL3: purple */
    };
    return el < 4 ? colours[el] : (SDL_Color){ 0x50, 0x50, 0x50, 0xff };
}

/* The font: $ELSIM_UI_FONT, else DejaVu Sans Mono where Debian puts it. */
static TTF_Font *open_font(char *err, size_t errlen)
{
    const char *env = getenv("ELSIM_UI_FONT");
    static const char *const paths[] = { "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                                         "/usr/share/fonts/TTF/DejaVuSansMono.ttf" };
    if (env)
        return TTF_OpenFont(env, 12);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        TTF_Font *f = TTF_OpenFont(paths[i], 12);
        if (f)
            return f;
    }
    snprintf(err, errlen, "no monospace font (install fonts-dejavu-core or set ELSIM_UI_FONT)");
    return NULL;
}

bool ui_draw_open(struct ui_draw *d, int width, int height, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "SDL: %s", SDL_GetError());
        return false;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
        return false;
    }
    d->font = open_font(err, errlen);
    if (!d->font) {
        if (!*err)
            snprintf(err, errlen, "font: %s", TTF_GetError());
        return false;
    }
    d->window = SDL_CreateWindow("elsim", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, width, height,
                                 SDL_WINDOW_RESIZABLE);
    if (!d->window) {
        snprintf(err, errlen, "SDL window: %s", SDL_GetError());
        return false;
    }
    /* The software renderer: the same pixels under Xvfb, the offscreen driver and a desktop,
     * and RenderReadPixels always works; the window is mostly text. */
    d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
    if (!d->renderer) {
        snprintf(err, errlen, "SDL renderer: %s", SDL_GetError());
        return false;
    }
    TTF_SizeText(d->font, "M", &d->cw, NULL);
    d->ch = TTF_FontLineSkip(d->font);
    for (int c = ' '; c <= '~'; c++) {
        SDL_Surface *s = TTF_RenderGlyph_Blended(d->font, (Uint16)c, (SDL_Color){ 255, 255, 255, 255 });
        if (!s)
            continue;
        d->glyphs[c - ' '] = SDL_CreateTextureFromSurface(d->renderer, s);
        SDL_FreeSurface(s);
    }
    return true;
}

void ui_draw_close(struct ui_draw *d)
{
    for (size_t i = 0; i < sizeof d->glyphs / sizeof d->glyphs[0]; i++)
        if (d->glyphs[i])
            SDL_DestroyTexture(d->glyphs[i]);
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    if (d->window)
        SDL_DestroyWindow(d->window);
    if (d->font)
        TTF_CloseFont(d->font);
    TTF_Quit();
    SDL_Quit();
}

void ui_fill(struct ui_draw *d, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawColor(d->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(d->renderer, &r);
}

void ui_outline(struct ui_draw *d, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawColor(d->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderDrawRect(d->renderer, &r);
}

int ui_text(struct ui_draw *d, int x, int y, SDL_Color c, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p && *p != '\n'; p++, x += d->cw) {
        unsigned ch = *p >= ' ' && *p <= '~' ? *p : '?';
        SDL_Texture *t = d->glyphs[ch - ' '];
        if (!t || ch == ' ')
            continue;
        int w, h;
        SDL_QueryTexture(t, NULL, NULL, &w, &h);
        SDL_SetTextureColorMod(t, c.r, c.g, c.b);
        SDL_RenderCopy(d->renderer, t, NULL, &(SDL_Rect){ x, y, w, h });
    }
    return x;
}

int ui_textf(struct ui_draw *d, int x, int y, SDL_Color c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ui_text(d, x, y, c, buf);
}

SDL_Rect ui_pane(struct ui_draw *d, SDL_Rect r, const char *title, bool focused)
{
    SDL_RenderSetClipRect(d->renderer, NULL);
    ui_fill(d, r, UI_PANE);
    SDL_Rect bar = { r.x, r.y, r.w, d->ch + 4 };
    ui_fill(d, bar, UI_TITLE);
    ui_outline(d, r, focused ? UI_ACCENT : UI_BG);
    SDL_RenderSetClipRect(d->renderer, &bar);
    ui_text(d, r.x + 6, r.y + 2, focused ? UI_ACCENT : UI_TEXT, title);
    SDL_Rect inside = { r.x + 6, r.y + bar.h + 3, r.w - 12, r.h - bar.h - 6 };
    SDL_RenderSetClipRect(d->renderer, &inside);
    return inside;
}

void ui_unclip(struct ui_draw *d)
{
    SDL_RenderSetClipRect(d->renderer, NULL);
}

bool ui_screenshot(struct ui_draw *d, const char *path, char *err, size_t errlen)
{
    int w, h;
    if (SDL_GetRendererOutputSize(d->renderer, &w, &h) != 0) {
        snprintf(err, errlen, "SDL: %s", SDL_GetError());
        return false;
    }
    unsigned char *pixels = malloc((size_t)w * (size_t)h * 3);
    if (!pixels) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_RGB24, pixels, w * 3) != 0) {
        snprintf(err, errlen, "SDL_RenderReadPixels: %s", SDL_GetError());
        free(pixels);
        return false;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        free(pixels);
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    volatile bool ok = false; /* set between setjmp and a possible longjmp */
    if (info && !setjmp(png_jmpbuf(png))) {
        png_init_io(png, f);
        png_set_compression_level(png, 9);
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < h; y++)
            png_write_row(png, pixels + (size_t)y * (size_t)w * 3);
        png_write_end(png, NULL);
        ok = true;
    }
    png_destroy_write_struct(&png, &info);
    free(pixels);
    if (fclose(f) != 0)
        ok = false;
    if (!ok)
        snprintf(err, errlen, "cannot write the PNG %s", path);
    return ok;
}
