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

/* --- UTF-8 ---------------------------------------------------------------- */

/* Decodes one character; returns the bytes it took (at least 1) and sets
 * *cp, or -1 for a malformed sequence (overlong, surrogate, truncated). */
static int utf8_decode(const unsigned char *s, int32_t *cp)
{
    int n;
    int32_t v;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2, v = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3, v = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4, v = s[0] & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return i; /* resume at the byte that broke the sequence */
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const int32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        v = -1;
    *cp = v;
    return n;
}

typedef struct range {
    int32_t lo, hi;
} range;

static bool in_ranges(int32_t cp, const range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

/* Approximately Unicode's East Asian Wide and Fullwidth blocks and the
 * emoji that terminals draw two columns wide. */
static const range wide_ranges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x26AA, 0x26AB},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x274C, 0x274C},   {0x2753, 0x2757},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF},
    {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

/* Combining marks, zero-width spaces and joiners, bidi controls,
 * variation selectors and the BOM. */
static const range zero_width_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One character ready for cells: its glyph and its width (0, 1 or 2). */
typedef struct text_char {
    char glyph[NN_GLYPH_MAX];
    int width;
} text_char;

/* Reads the character at s into *out; returns the bytes taken. */
static int next_char(const nn_canvas *c, const char *s, text_char *out)
{
    int32_t cp;
    int n = utf8_decode((const unsigned char *)s, &cp);
    out->width = 1;
    if (cp < 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (c->ascii_only && cp >= 0x80)) {
        memcpy(out->glyph, "?", 2);
        return n;
    }
    memcpy(out->glyph, s, (size_t)n);
    out->glyph[n] = '\0';
    if (in_ranges(cp, zero_width_ranges, COUNT(zero_width_ranges)))
        out->width = 0;
    else if (in_ranges(cp, wide_ranges, COUNT(wide_ranges)))
        out->width = 2;
    return n;
}

int nn_canvas_text_width(const nn_canvas *c, const char *text)
{
    int cols = 0;
    text_char ch;
    for (const char *s = text; s && *s;) {
        s += next_char(c, s, &ch);
        cols += ch.width;
    }
    return cols;
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
    text_char ch;
    for (const char *s = text; *s;) {
        s += next_char(c, s, &ch);
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
