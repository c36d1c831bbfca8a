/* The terminal's chart renderer: a chart frame (chart/chart.h) drawn in
 * cells of a canvas.  See plot.h for the modes and how series share
 * cells; this file is in the order things are drawn: the dot grid, the
 * series, then the title, legend, markers and axes. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

nn_plot_mode nn_plot_mode_for_codeset(const char *codeset)
{
    if (codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "UTF8") == 0))
        return NN_PLOT_BRAILLE;
    return NN_PLOT_ASCII;
}

/* --- cells and dots --------------------------------------------------------- */

/* Where a plot may write: its region within the canvas, and the data
 * area's dot grid, on the canvas. */
typedef struct pen {
    nn_canvas *c;
    nn_rect clip;
    nn_rect data;
    nn_plot_mode mode;
    int sx, sy; /* dots per cell */
    nn_chart_axis x, y;
    const char *mark; /* ASCII: the series' data points (ascii_mark) */
} pen;

static bool inside(nn_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static void put(pen *p, int x, int y, const char *glyph, int role, unsigned flags)
{
    if (inside(p->clip, x, y))
        nn_canvas_put(p->c, x, y, glyph, role, flags);
}

static int text(pen *p, int x, int y, int max_cols, const char *s, int role, unsigned flags)
{
    return nn_canvas_text(p->c, p->clip, x, y, max_cols, s, role, flags);
}

static bool utf8_mode(const pen *p)
{
    return p->mode != NN_PLOT_ASCII;
}

static long chart_round(double d)
{
    return (long)floor(d + 0.5);
}

/* Glyph of a cell's dot pattern. */
static const char *dots_glyph(nn_plot_mode mode, unsigned dots, const char *mark, char buf[NN_GLYPH_MAX])
{
    static const char *const quadrant[16] = {
        " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
    };
    static const char *const half[4] = {" ", "▀", "▄", "█"};
    switch (mode) {
    case NN_PLOT_BRAILLE: /* U+2800 + dots, in UTF-8 */
        buf[0] = (char)0xE2;
        buf[1] = (char)(0xA0 | (dots >> 6));
        buf[2] = (char)(0x80 | (dots & 0x3F));
        buf[3] = '\0';
        return buf;
    case NN_PLOT_QUADRANT:
        return quadrant[dots & 15];
    case NN_PLOT_HALF_BLOCK:
        return half[dots & 3];
    default: /* ASCII: bit 1 a line, bit 2 a data point */
        return dots & 2 ? mark : ".";
    }
}

/* ASCII has no colour to tell lines apart when colour is off (NO_COLOR,
 * LANG=C): the k-th line series marks its points with the k-th of these. */
static const char *ascii_mark(const nn_plot *pl, int series)
{
    static const char marks[] = "*+ox#@%&";
    static char one[sizeof marks][2];
    int k = 0;
    for (int i = 0; i < series; i++)
        k += pl->series[i].style == NN_STYLE_LINE;
    k %= (int)(sizeof marks - 1);
    one[k][0] = marks[k];
    return one[k];
}

/* The bit of dot (col, row) inside its cell; `point` matters in ASCII only. */
static unsigned dot_bit(nn_plot_mode mode, int col, int row, bool point)
{
    static const unsigned char braille[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    switch (mode) {
    case NN_PLOT_BRAILLE:
        return braille[col][row];
    case NN_PLOT_QUADRANT:
        return 1u << (row * 2 + col);
    case NN_PLOT_HALF_BLOCK:
        return 1u << row;
    default:
        return point ? 2 : 1;
    }
}

/* Sets a dot, counted from the bottom.  A cell has one colour, so series
 * share cells this way: a faint (dim) dot never lands on a bright series'
 * cell; a bright dot clears a faint cell (and any text) first; otherwise
 * the dots add up and the cell takes the later series' colour. */
static void set_dot(pen *p, long dx, long dy, int role, unsigned flags, bool point)
{
    if (dx < 0 || dy < 0 || dx >= p->x.dots || dy >= p->y.dots)
        return;
    long top = p->y.dots - 1 - dy;
    int cx = p->data.x + (int)(dx / p->sx), cy = p->data.y + (int)(top / p->sy);
    if (!inside(p->clip, cx, cy))
        return;
    nn_cell *cell = nn_canvas_cell(p->c, cx, cy);
    unsigned dots = cell->dots;
    bool faint = flags & NN_CELL_DIM, cell_faint = cell->flags & NN_CELL_DIM;
    if (dots && faint && !cell_faint)
        return;
    if (dots && !faint && cell_faint)
        dots = 0;
    dots |= dot_bit(p->mode, (int)(dx % p->sx), (int)(top % p->sy), point);
    char buf[NN_GLYPH_MAX];
    nn_canvas_put(p->c, cx, cy, dots_glyph(p->mode, dots, p->mark, buf), role, flags);
    cell->dots = (unsigned char)dots;
}

/* Clips the segment to the dot grid (Liang-Barsky); false if it misses. */
static bool clip_segment(const pen *p, double *x0, double *y0, double *x1, double *y1)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double q[4] = {*x0 + 0.5, p->x.dots - 0.5 - *x0, *y0 + 0.5, p->y.dots - 0.5 - *y0};
    double pp[4] = {-dx, dx, -dy, dy};
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0) {
            if (q[i] < 0)
                return false;
        } else {
            double t = q[i] / pp[i];
            if (pp[i] < 0 && t > t0)
                t0 = t;
            else if (pp[i] > 0 && t < t1)
                t1 = t;
        }
    }
    if (t0 > t1)
        return false;
    double ox = *x0, oy = *y0;
    *x0 = ox + t0 * dx, *y0 = oy + t0 * dy;
    *x1 = ox + t1 * dx, *y1 = oy + t1 * dy;
    return true;
}

/* A Bresenham line between two dots (unrounded, from the bottom). */
static void line(pen *p, double fx0, double fy0, double fx1, double fy1, int role,
                 unsigned flags)
{
    if (!clip_segment(p, &fx0, &fy0, &fx1, &fy1))
        return;
    long x0 = chart_round(fx0), y0 = chart_round(fy0), x1 = chart_round(fx1), y1 = chart_round(fy1);
    long dx = labs(x1 - x0), dy = -labs(y1 - y0), err = dx + dy;
    int step_x = x0 < x1 ? 1 : -1, step_y = y0 < y1 ? 1 : -1;
    for (;;) {
        set_dot(p, x0, y0, role, flags, false);
        if (x0 == x1 && y0 == y1)
            break;
        long e2 = 2 * err;
        if (e2 >= dy)
            err += dy, x0 += step_x;
        if (e2 <= dx)
            err += dx, y0 += step_y;
    }
}

/* --- series ------------------------------------------------------------------- */

/* The pen nn_chart_trace draws one series with. */
typedef struct series_pen {
    pen *p;
    int role;
    unsigned flags;
    bool bright; /* a line's data points: '*' in ASCII */
} series_pen;

static void series_line(void *ctx, double x0, double y0, double x1, double y1)
{
    series_pen *s = ctx;
    line(s->p, x0, y0, x1, y1, s->role, s->flags);
}

static void series_point(void *ctx, long x, long y)
{
    series_pen *s = ctx;
    set_dot(s->p, x, y, s->role, s->flags, s->bright);
}

static void draw_series(pen *p, const nn_chart_frame *f, const nn_series *s)
{
    p->mark = ascii_mark(f->plot, (int)(s - f->plot->series));
    series_pen sp = {p, s->role, s->style == NN_STYLE_LINE ? 0 : NN_CELL_DIM, s->style == NN_STYLE_LINE};
    nn_chart_pen dots = {series_line, series_point, &sp};
    nn_chart_trace(f, s, &dots);
}

/* --- title, legend, markers, axes --------------------------------------------- */

static const char *sample_glyph(const pen *p, const nn_plot *pl, int series)
{
    nn_series_style style = pl->series[series].style;
    if (!utf8_mode(p))
        return style == NN_STYLE_LINE ? ascii_mark(pl, series) : ".";
    return style == NN_STYLE_POINTS ? "·" : "─";
}

static void draw_legend(pen *p, const nn_chart_frame *f, nn_rect r)
{
    const nn_plot *pl = f->plot;
    int y = r.y + f->legend.y;
    nn_legend_entry e = {.series = -1};
    while (nn_chart_legend_next(f, &e)) {
        const nn_series *s = &pl->series[e.series];
        int x = r.x + e.x;
        put(p, x, y, sample_glyph(p, pl, e.series), s->role, s->style == NN_STYLE_LINE ? 0 : NN_CELL_DIM);
        if (!e.cut) {
            text(p, x + 2, y, e.name_cols, s->name, pl->text_role, 0);
        } else {
            text(p, x + 2, y, e.name_cols - 1, s->name, pl->text_role, 0);
            text(p, x + 1 + e.name_cols, y, 1, utf8_mode(p) ? "…" : "~", pl->text_role, 0);
        }
    }
    if (f->legend.more) { /* the separator is written too, dim like "+N more" */
        char more[24];
        snprintf(more, sizeof more, "  +%d more", f->legend.more);
        text(p, r.x + f->legend.more_x - 2, y, (int)strlen(more), more, pl->text_role, NN_CELL_DIM);
    }
}

static void draw_marker_line(pen *p, const nn_marker *m, const nn_chart_mark *k)
{
    const nn_rect *d = &p->data;
    if (k->at < 0)
        return;
    bool u = utf8_mode(p);
    if (m->horizontal)
        for (int x = d->x; x < d->x + d->w; x++)
            put(p, x, d->y + k->at, u ? "┄" : "-", m->role, NN_CELL_DIM);
    else
        for (int y = d->y; y < d->y + d->h; y++)
            put(p, d->x + k->at, y, u ? "┊" : ":", m->role, NN_CELL_DIM);
}

static void draw_markers(pen *p, const nn_chart_frame *f, nn_rect r)
{
    for (int i = 0; i < f->n_marks; i++)
        draw_marker_line(p, &f->plot->markers[i], &f->mark[i]);
    for (int i = 0; i < f->n_marks; i++) {
        const nn_chart_mark *k = &f->mark[i];
        const nn_marker *m = &f->plot->markers[i];
        if (k->label_cols > 0)
            text(p, r.x + k->label_x, r.y + k->label_y, k->label_cols, m->label, m->role, NN_CELL_DIM);
    }
}

static void draw_y_axis(pen *p, const nn_chart_frame *f, nn_rect r)
{
    const nn_plot *pl = f->plot;
    const nn_chart_ticks *t = &f->y_ticks;
    int axis_x = r.x + f->y_axis_x;
    bool u = utf8_mode(p);
    for (int y = p->data.y; y < p->data.y + p->data.h; y++)
        put(p, axis_x, y, u ? "│" : "|", pl->axis_role, 0);
    for (int i = 0; i < t->n; i++) {
        int y = p->data.y + t->pos[i];
        put(p, axis_x, y, u ? "┤" : "+", pl->axis_role, 0);
        if (f->y_labels) {
            int w = (int)strlen(t->label[i]);
            text(p, axis_x - w, y, w, t->label[i], pl->text_role, 0);
        }
    }
}

static void draw_x_axis(pen *p, const nn_chart_frame *f, nn_rect r)
{
    const nn_plot *pl = f->plot;
    const nn_chart_ticks *t = &f->x_ticks;
    int y = r.y + f->x_axis_y;
    bool u = utf8_mode(p);
    if (f->y_axis_x >= 0)
        put(p, r.x + f->y_axis_x, y, u ? "└" : "+", pl->axis_role, 0);
    for (int x = p->data.x; x < p->data.x + p->data.w; x++)
        put(p, x, y, u ? "─" : "-", pl->axis_role, 0);
    for (int i = 0; i < t->n; i++)
        put(p, p->data.x + t->pos[i], y, u ? "┬" : "+", pl->axis_role, 0);
}

static void draw_x_labels(pen *p, const nn_chart_frame *f, nn_rect r)
{
    const nn_plot *pl = f->plot;
    const nn_chart_ticks *t = &f->x_ticks;
    int y = r.y + f->x_labels_y;
    for (int i = 0; i < t->n; i++)
        if (t->label_x[i] >= 0)
            text(p, r.x + t->label_x[i], y, (int)strlen(t->label[i]), t->label[i], pl->text_role, 0);
    if (f->x_name_cols)
        text(p, r.x + f->x_name_x, r.y + f->x_name_y, f->x_name_cols, pl->x_name, pl->text_role, NN_CELL_DIM);
}

/* --- the whole plot ------------------------------------------------------------ */

static void dots_per_cell(nn_plot_mode mode, int *sx, int *sy)
{
    static const int x[] = {1, 1, 2, 2}, y[] = {1, 2, 2, 4};
    *sx = x[mode], *sy = y[mode];
}

static void draw_data_area(pen *p, const nn_chart_frame *f, nn_rect r)
{
    draw_markers(p, f, r);
    for (int i = 0; i < f->plot->n_series; i++)
        draw_series(p, f, &f->plot->series[i]);
    if (f->y_axis_x >= 0)
        draw_y_axis(p, f, r);
    if (f->x_axis_y >= 0)
        draw_x_axis(p, f, r);
    if (f->x_labels_y >= 0)
        draw_x_labels(p, f, r);
}

static nn_plot_layout layout_of(const nn_chart_frame *f, nn_rect r)
{
    nn_plot_layout out = {0};
    out.data = f->data;
    out.data.x += r.x, out.data.y += r.y;
    out.dots_w = f->x.dots, out.dots_h = f->y.dots;
    out.x_lo = nn_chart_lo(&f->x), out.x_hi = nn_chart_hi(&f->x);
    out.y_lo = nn_chart_lo(&f->y), out.y_hi = nn_chart_hi(&f->y);
    out.legend_entries = f->legend.entries;
    return out;
}

void nn_plot_draw(nn_canvas *c, nn_rect r, const nn_plot *pl, nn_plot_mode mode, nn_plot_layout *layout)
{
    pen p = {.c = c, .clip = nn_canvas_clip(c, r), .mode = mode, .mark = "*"};
    if (p.mode < NN_PLOT_ASCII || p.mode > NN_PLOT_BRAILLE)
        p.mode = NN_PLOT_ASCII;
    dots_per_cell(p.mode, &p.sx, &p.sy);
    if (layout)
        *layout = (nn_plot_layout){0};
    if (r.w <= 0 || r.h <= 0)
        return;
    nn_canvas_fill(c, p.clip, pl->text_role);
    nn_chart_frame f;
    nn_chart_grid g = {r.w, r.h, p.sx, p.sy, c->ascii_only};
    nn_chart_lay_out(pl, &g, &f);
    p.data = (nn_rect){r.x + f.data.x, r.y + f.data.y, f.data.w, f.data.h};
    p.x = f.x, p.y = f.y;
    if (f.title_cols)
        text(&p, r.x, r.y, f.title_cols, pl->title, pl->title_role, NN_CELL_BOLD);
    if (f.legend.entries)
        draw_legend(&p, &f, r);
    if (f.data.w > 0)
        draw_data_area(&p, &f, r);
    if (layout)
        *layout = layout_of(&f, r);
}
