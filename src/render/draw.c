/* A chart frame drawn with Cairo: the frame is laid out on a grid of
 * character cells the size of the font's, and each part goes where the
 * frame says, in pixels: text in its cells, ticks and marker lines at
 * their exact values, series as one stroked path each (a scatter as one
 * path of discs).  In the order drawn: background, title, legend, the
 * field, markers, series, axes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chart/text.h"
#include "render_internal.h"

enum { DOTS = 8 }; /* dots per cell each way: lines fall between pixels */

typedef struct page {
    cairo_t *cr;
    const nn_render_style *st;
    const nn_chart_frame *f;
    double ox, oy, cw, ch;   /* the grid's origin and cell size */
    double dx0, dy0, dw, dh; /* the data area */
} page;

/* A role's colour, 0xrrggbb: the text's for a role past the palette. */
static unsigned rgb_of(const page *g, int role)
{
    return role >= 0 && role < g->st->n_colors ? g->st->colors[role]
           : g->f->plot->text_role >= 0 && g->f->plot->text_role < g->st->n_colors
               ? g->st->colors[g->f->plot->text_role] : 0;
}

static void colour(page *g, int role, double alpha)
{
    unsigned c = rgb_of(g, role);
    cairo_set_source_rgba(g->cr, (c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0, alpha);
}

static double cell_x(const page *g, int col) { return g->ox + col * g->cw; }
static double baseline(const page *g, int row) { return g->oy + row * g->ch + g->ch * 0.7; }
static double dot_x(const page *g, double d) { return g->dx0 + (d + 0.5) * g->cw / DOTS; }
static double dot_y(const page *g, double d) { return g->dy0 + g->dh - (d + 0.5) * g->ch / DOTS; }

/* A value's dot on an axis, unrounded (chart.h's mapping). */
static double value_dot(const nn_chart_axis *a, double v)
{
    double t = a->log ? log10(v) : v;
    return a->dots <= 1 || a->hi == a->lo ? 0 : (t - a->lo) / (a->hi - a->lo) * (a->dots - 1);
}

/* The start of s that fits in max_cols columns, as the frame measured it. */
static void fit(const char *s, int max_cols, char *out, size_t cap)
{
    size_t used = 0;
    int cols = 0;
    while (s && *s) {
        nn_text_char c;
        int n = nn_text_next(s, false, &c);
        size_t glyph = strlen(c.glyph);
        if (cols + c.width > max_cols || used + glyph + 1 > cap)
            break;
        memcpy(out + used, c.glyph, glyph);
        used += glyph, cols += c.width, s += n;
    }
    out[used] = '\0';
}

static double text_width(page *g, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(g->cr, s, &e);
    return e.x_advance;
}

static void show(page *g, double x, double y, const char *s, int max_cols)
{
    char buf[256];
    fit(s, max_cols, buf, sizeof buf);
    cairo_move_to(g->cr, x, y);
    cairo_show_text(g->cr, buf);
}

/* --- series ------------------------------------------------------------------ */

typedef struct stroke {
    page *g;
    bool points, open;
    double lx, ly; /* where the path is */
} stroke;

static void stroke_line(void *ctx, double x0, double y0, double x1, double y1)
{
    stroke *k = ctx;
    double px0 = dot_x(k->g, x0), py0 = dot_y(k->g, y0);
    if (!k->open || fabs(px0 - k->lx) > 1e-6 || fabs(py0 - k->ly) > 1e-6)
        cairo_move_to(k->g->cr, px0, py0);
    k->lx = dot_x(k->g, x1), k->ly = dot_y(k->g, y1), k->open = true;
    cairo_line_to(k->g->cr, k->lx, k->ly);
}

/* A point: a small square of the faint trace; on a line, a dot only where
 * no line passes (an isolated point), as a round cap of no length. */
static void stroke_point(void *ctx, long x, long y)
{
    stroke *k = ctx;
    double px = dot_x(k->g, (double)x), py = dot_y(k->g, (double)y), r = 0.9;
    if (k->points) {
        cairo_rectangle(k->g->cr, px - r, py - r, 2 * r, 2 * r);
        return;
    }
    double near = k->g->ch / DOTS;
    if (k->open && fabs(px - k->lx) <= near && fabs(py - k->ly) <= near)
        return;
    cairo_move_to(k->g->cr, px, py);
    cairo_line_to(k->g->cr, px, py);
    k->lx = px, k->ly = py, k->open = true;
}

/* A scatter's point: a disc, filled in the series' colour and ringed in
 * the background's so that points stand out on a field of that colour. */
static void scatter_point(void *ctx, long x, long y)
{
    stroke *k = ctx;
    double px = dot_x(k->g, (double)x), py = dot_y(k->g, (double)y), r = k->g->st->font_px * 0.25;
    cairo_new_sub_path(k->g->cr);
    cairo_arc(k->g->cr, px, py, r, 0, 2 * M_PI);
}

static void draw_scatter(page *g, const nn_series *s)
{
    stroke k = {g, true, false, 0, 0};
    nn_chart_pen pen = {stroke_line, scatter_point, &k};
    cairo_new_path(g->cr);
    nn_chart_trace(g->f, s, &pen);
    colour(g, s->role, 1);
    cairo_fill_preserve(g->cr);
    unsigned b = g->st->background;
    cairo_set_source_rgb(g->cr, (b >> 16 & 255) / 255.0, (b >> 8 & 255) / 255.0, (b & 255) / 255.0);
    cairo_set_line_width(g->cr, 0.8);
    cairo_stroke(g->cr);
}

static void draw_series(page *g, const nn_series *s)
{
    cairo_t *cr = g->cr;
    if (s->style == NN_STYLE_SCATTER) {
        draw_scatter(g, s);
        return;
    }
    stroke k = {g, s->style == NN_STYLE_POINTS, false, 0, 0};
    nn_chart_pen pen = {stroke_line, stroke_point, &k};
    cairo_new_path(cr);
    nn_chart_trace(g->f, s, &pen);
    if (k.points) {
        colour(g, s->role, 0.35);
        cairo_fill(cr);
        return;
    }
    colour(g, s->role, s->style == NN_STYLE_DIM ? 0.45 : 1);
    cairo_set_line_width(cr, s->style == NN_STYLE_DIM ? 1.0 : 1.8);
    cairo_stroke(cr);
}

/* --- the field ------------------------------------------------------------------ */

/* The cells of a field as a picture of cols x rows pixels stretched over
 * its rectangle (smoothly: the field is a sampled function): each cell
 * its class's colour over the background, stronger (to 55%) where the
 * model is surer.  One image, so a vector file stays small. */
static void draw_field(page *g, const nn_field *fl)
{
    const nn_chart_frame *f = g->f;
    double left = dot_x(g, value_dot(&f->x, fl->x0)), right = dot_x(g, value_dot(&f->x, fl->x1));
    double top = dot_y(g, value_dot(&f->y, fl->y1)), bottom = dot_y(g, value_dot(&f->y, fl->y0));
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, fl->cols, fl->rows);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return;
    }
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int row = 0; row < fl->rows; row++)
        for (int col = 0; col < fl->cols; col++) {
            nn_field_shade sh = nn_field_cell(fl, col, row);
            unsigned c = rgb_of(g, sh.role);
            double a = 0.55 * sh.level; /* premultiplied, as Cairo keeps ARGB32 */
            uint32_t px = (uint32_t)lround(a * 255) << 24 | (uint32_t)lround((c >> 16 & 255) * a) << 16 |
                          (uint32_t)lround((c >> 8 & 255) * a) << 8 | (uint32_t)lround((c & 255) * a);
            memcpy(data + (size_t)row * (size_t)stride + (size_t)col * 4, &px, 4);
        }
    cairo_surface_mark_dirty(img);
    cairo_save(g->cr);
    cairo_rectangle(g->cr, left, top, right - left, bottom - top);
    cairo_clip(g->cr);
    cairo_translate(g->cr, left, top);
    cairo_scale(g->cr, (right - left) / fl->cols, (bottom - top) / fl->rows);
    cairo_set_source_surface(g->cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(g->cr), CAIRO_FILTER_BILINEAR);
    cairo_pattern_set_extend(cairo_get_source(g->cr), CAIRO_EXTEND_PAD);
    cairo_paint(g->cr);
    cairo_restore(g->cr);
    cairo_surface_destroy(img);
}

/* --- title, legend, markers, axes --------------------------------------------- */

static void draw_legend(page *g)
{
    const nn_chart_frame *f = g->f;
    double y = baseline(g, f->legend.y), mid = g->oy + (f->legend.y + 0.5) * g->ch;
    nn_legend_entry e = {.series = -1};
    while (nn_chart_legend_next(f, &e)) {
        const nn_series *s = &f->plot->series[e.series];
        double x = cell_x(g, e.x);
        colour(g, s->role, s->style == NN_STYLE_LINE || s->style == NN_STYLE_SCATTER ? 1 : 0.5);
        if (s->style == NN_STYLE_SCATTER) { /* a point, as the scatter draws it */
            cairo_arc(g->cr, x + 0.8 * g->cw, mid, g->st->font_px * 0.25, 0, 2 * M_PI);
            cairo_fill(g->cr);
        } else {
            cairo_set_line_width(g->cr, 2);
            cairo_move_to(g->cr, x, mid);
            cairo_line_to(g->cr, x + 1.6 * g->cw, mid);
            cairo_stroke(g->cr);
        }
        colour(g, f->plot->text_role, 1);
        show(g, cell_x(g, e.x + 2), y, s->name, e.cut ? e.name_cols - 1 : e.name_cols);
        if (e.cut)
            show(g, cell_x(g, e.x + 1 + e.name_cols), y, "…", 1);
    }
    if (f->legend.more) {
        char more[24];
        int n = snprintf(more, sizeof more, "+%d more", f->legend.more);
        colour(g, f->plot->text_role, 0.6);
        show(g, cell_x(g, f->legend.more_x), y, more, n);
    }
}

static void draw_markers(page *g)
{
    const nn_chart_frame *f = g->f;
    static const double dash[] = {4, 3};
    for (int i = 0; i < f->n_marks; i++) {
        const nn_marker *m = &f->plot->markers[i];
        const nn_chart_mark *k = &f->mark[i];
        if (k->at < 0)
            continue;
        colour(g, m->role, 0.8);
        cairo_set_line_width(g->cr, 1);
        cairo_set_dash(g->cr, dash, 2, 0);
        if (m->horizontal) {
            double y = dot_y(g, value_dot(&f->y, m->at));
            cairo_move_to(g->cr, g->dx0, y), cairo_line_to(g->cr, g->dx0 + g->dw, y);
        } else {
            double x = dot_x(g, value_dot(&f->x, m->at));
            cairo_move_to(g->cr, x, g->dy0), cairo_line_to(g->cr, x, g->dy0 + g->dh);
        }
        cairo_stroke(g->cr);
        cairo_set_dash(g->cr, NULL, 0, 0);
        if (k->label_cols > 0)
            show(g, cell_x(g, k->label_x), baseline(g, k->label_y), m->label, k->label_cols);
    }
}

static void draw_y_axis(page *g)
{
    const nn_chart_frame *f = g->f;
    const nn_chart_ticks *t = &f->y_ticks;
    double x = g->dx0 - 0.3 * g->cw;
    colour(g, f->plot->axis_role, 1);
    cairo_set_line_width(g->cr, 1);
    cairo_move_to(g->cr, x, g->dy0), cairo_line_to(g->cr, x, g->dy0 + g->dh);
    for (int i = 0; i < t->n; i++) {
        double y = dot_y(g, value_dot(&f->y, t->value[i]));
        cairo_move_to(g->cr, x, y), cairo_line_to(g->cr, x - 0.4 * g->cw, y);
    }
    cairo_stroke(g->cr);
    if (!f->y_labels)
        return;
    colour(g, f->plot->text_role, 1);
    for (int i = 0; i < t->n; i++) {
        double y = dot_y(g, value_dot(&f->y, t->value[i]));
        show(g, x - 0.6 * g->cw - text_width(g, t->label[i]), y + g->ch * 0.2, t->label[i], NN_CHART_LABEL_MAX);
    }
}

static void draw_x_axis(page *g)
{
    const nn_chart_frame *f = g->f;
    const nn_chart_ticks *t = &f->x_ticks;
    double y = g->dy0 + g->dh + 0.2 * g->ch;
    colour(g, f->plot->axis_role, 1);
    cairo_set_line_width(g->cr, 1);
    cairo_move_to(g->cr, g->dx0 - 0.3 * g->cw, y), cairo_line_to(g->cr, g->dx0 + g->dw, y);
    for (int i = 0; i < t->n; i++) {
        double x = dot_x(g, value_dot(&f->x, t->value[i]));
        cairo_move_to(g->cr, x, y), cairo_line_to(g->cr, x, y + 0.3 * g->ch);
    }
    cairo_stroke(g->cr);
}

static void draw_x_labels(page *g)
{
    const nn_chart_frame *f = g->f;
    const nn_chart_ticks *t = &f->x_ticks;
    double y = baseline(g, f->x_labels_y);
    colour(g, f->plot->text_role, 1);
    for (int i = 0; i < t->n; i++)
        if (t->label_x[i] >= 0) {
            double x = dot_x(g, value_dot(&f->x, t->value[i]));
            show(g, x - text_width(g, t->label[i]) / 2, y, t->label[i], NN_CHART_LABEL_MAX);
        }
    if (f->x_name_cols) {
        colour(g, f->plot->text_role, 0.6);
        show(g, cell_x(g, f->x_name_x), baseline(g, f->x_name_y), f->plot->x_name, f->x_name_cols);
    }
}

static void draw_data_area(page *g)
{
    const nn_plot *p = g->f->plot;
    if (p->field)
        draw_field(g, p->field);
    draw_markers(g);
    cairo_save(g->cr); /* lines stop at the data area's edges */
    cairo_rectangle(g->cr, g->dx0 - 2, g->dy0 - 2, g->dw + 4, g->dh + 4);
    cairo_clip(g->cr);
    cairo_set_line_cap(g->cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(g->cr, CAIRO_LINE_JOIN_ROUND);
    for (int i = 0; i < p->n_series; i++)
        draw_series(g, &p->series[i]);
    cairo_restore(g->cr);
    if (g->f->y_axis_x >= 0)
        draw_y_axis(g);
    if (g->f->x_axis_y >= 0)
        draw_x_axis(g);
    if (g->f->x_labels_y >= 0)
        draw_x_labels(g);
}

/* --- the whole picture --------------------------------------------------------- */

void render_draw(cairo_t *cr, const nn_plot *p, int width, int height, const nn_render_style *st)
{
    page g = {.cr = cr, .st = st};
    cairo_select_font_face(cr, "monospace", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, st->font_px);
    g.cw = text_width(&g, "0"), g.ch = st->font_px * 1.5;
    double margin = st->font_px;
    g.ox = g.oy = margin;
    nn_chart_grid grid = {(int)((width - 2 * margin) / g.cw), (int)((height - 2 * margin) / g.ch), DOTS, DOTS, false};
    nn_chart_frame f;
    nn_chart_lay_out(p, &grid, &f);
    g.f = &f;
    g.dx0 = cell_x(&g, f.data.x), g.dy0 = g.oy + f.data.y * g.ch;
    g.dw = f.data.w * g.cw, g.dh = f.data.h * g.ch;
    unsigned b = st->background;
    cairo_set_source_rgb(cr, (b >> 16 & 255) / 255.0, (b >> 8 & 255) / 255.0, (b & 255) / 255.0);
    cairo_paint(cr);
    if (f.title_cols) {
        cairo_select_font_face(cr, "monospace", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        colour(&g, p->title_role, 1);
        show(&g, g.ox, baseline(&g, 0), p->title, f.title_cols);
        cairo_select_font_face(cr, "monospace", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    }
    if (f.legend.entries)
        draw_legend(&g);
    if (f.data.w > 0)
        draw_data_area(&g);
}
