/* The cell grid: allocation, clipping, glyphs and text.  See canvas.h. */
#include "canvas.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void nn_canvas_init(nn_canvas *c)
{
    memset(c, 0, sizeof *c);
}

void nn_canvas_free(nn_canvas *c)
{
    free(c->cells);
    nn_canvas_init(c);
}

static void blank(nn_cell *cell, int role)
{
    memcpy(cell->glyph, " ", 2);
    cell->dots = 0;
    cell->flags = 0;
    cell->role = role;
}

int nn_canvas_resize(nn_canvas *c, int w, int h)
{
    if (w < 0 || h < 0)
        w = h = 0;
    size_t need = (size_t)w * (size_t)h;
    if (need > c->capacity) {
        nn_cell *cells = realloc(c->cells, need * sizeof *cells);
        if (!cells) {
            c->w = c->h = 0;
            return -1;
        }
        c->cells = cells;
        c->capacity = need;
    }
    c->w = w;
    c->h = h;
    for (size_t i = 0; i < need; i++)
        blank(&c->cells[i], 0);
    return 0;
}

nn_cell *nn_canvas_cell(nn_canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

const nn_cell *nn_canvas_cell_const(const nn_canvas *c, int x, int y)
{
    return nn_canvas_cell((nn_canvas *)c, x, y);
}

nn_rect nn_rect_intersect(nn_rect a, nn_rect b)
{
    /* in long: x + w may overflow an int for absurd rectangles */
    long x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    long ax1 = (long)a.x + a.w, bx1 = (long)b.x + b.w;
    long ay1 = (long)a.y + a.h, by1 = (long)b.y + b.h;
    long x1 = ax1 < bx1 ? ax1 : bx1, y1 = ay1 < by1 ? ay1 : by1;
    nn_rect r = {(int)x0, (int)y0, x1 > x0 ? (int)(x1 - x0) : 0, y1 > y0 ? (int)(y1 - y0) : 0};
    if (r.w == 0 || r.h == 0)
        r.w = r.h = 0;
    return r;
}

nn_rect nn_canvas_clip(const nn_canvas *c, nn_rect r)
{
    return nn_rect_intersect(r, (nn_rect){0, 0, c->w, c->h});
}

void nn_canvas_fill(nn_canvas *c, nn_rect r, int role)
{
    r = nn_canvas_clip(c, r);
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            blank(nn_canvas_cell(c, x, y), role);
}

/* Before (x, y) is overwritten: the other half of a wide glyph there
 * becomes a blank, so no half-glyph is left behind. */
static void break_wide(nn_canvas *c, int x, int y)
{
    nn_cell *cell = nn_canvas_cell(c, x, y);
    nn_cell *other = NULL;
    if (cell->flags & NN_CELL_CONT)
        other = nn_canvas_cell(c, x - 1, y);
    else if (cell->flags & NN_CELL_WIDE)
        other = nn_canvas_cell(c, x + 1, y);
    if (other)
        blank(other, other->role);
}

static void set_glyph(nn_cell *cell, const char *glyph, int role, unsigned flags)
{
    size_t n = strlen(glyph);
    if (n >= NN_GLYPH_MAX)
        glyph = "?", n = 1;
    memcpy(cell->glyph, glyph, n + 1);
    cell->dots = 0;
    cell->flags = (unsigned char)flags;
    cell->role = role;
}

void nn_canvas_put(nn_canvas *c, int x, int y, const char *glyph, int role, unsigned flags)
{
    nn_cell *cell = nn_canvas_cell(c, x, y);
    if (!cell)
        return;
    break_wide(c, x, y);
    set_glyph(cell, glyph, role, flags & ~(unsigned)(NN_CELL_WIDE | NN_CELL_CONT));
}

static void put_wide(nn_canvas *c, int x, int y, const char *glyph, int role, unsigned flags)
{
    break_wide(c, x, y);
    break_wide(c, x + 1, y);
    flags &= ~(unsigned)(NN_CELL_WIDE | NN_CELL_CONT);
    set_glyph(nn_canvas_cell(c, x, y), glyph, role, flags | NN_CELL_WIDE);
    set_glyph(nn_canvas_cell(c, x + 1, y), "", role, flags | NN_CELL_CONT);
}

int nn_canvas_text_width(const nn_canvas *c, const char *text)
{
    return nn_text_width(text, c->ascii_only);
}

int nn_canvas_text(nn_canvas *c, nn_rect clip, int x, int y, int max_cols, const char *text,
                   int role, unsigned flags)
{
    clip = nn_canvas_clip(c, clip);
    if (!text || y < clip.y || y >= clip.y + clip.h)
        return 0;
    long right = (long)clip.x + clip.w; /* first column not to write */
    long limit = (long)x + (max_cols > 0 ? max_cols : 0);
    if (limit < right)
        right = limit;
    long cx = x;
    nn_text_char ch;
    for (const char *s = text; *s;) {
        s += nn_text_next(s, c->ascii_only, &ch);
        if (ch.width == 0)
            continue;
        if (cx + ch.width > right)
            break;
        if (cx >= clip.x) {
            if (ch.width == 2)
                put_wide(c, (int)cx, y, ch.glyph, role, flags);
            else
                nn_canvas_put(c, (int)cx, y, ch.glyph, role, flags);
        }
        cx += ch.width;
    }
    return (int)(cx - x);
}

size_t nn_canvas_dump(const nn_canvas *c, char *buf, size_t len)
{
    size_t n = 0;
    for (int y = 0; y < c->h; y++) {
        for (int x = 0; x < c->w; x++) {
            const nn_cell *cell = nn_canvas_cell_const(c, x, y);
            for (const char *g = cell->glyph; *g; g++, n++)
                if (n + 1 < len)
                    buf[n] = *g;
        }
        if (n + 1 < len)
            buf[n] = '\n';
        n++;
    }
    if (len)
        buf[n < len ? n : len - 1] = '\0';
    return n;
}
