/* Laying a plot out on a grid: rows top to bottom (title, legend, data,
 * x axis, x labels) and columns left to right (y labels, y axis, data),
 * then the ticks, the legend's place and the markers. */
#include <limits.h>
#include <string.h>

#include "chart_internal.h"
#include "chart/text.h"

/* Rows from the top: the title row (with the legend, or the legend's own
 * row under it), the data, the x axis line, the x labels. */
typedef struct rows {
    int top, data_h;
    bool axis_row, label_row, name_row;
} rows;

/* Data rows a chart keeps when its x name takes a row of its own. */
enum { NAME_ROW_MIN_DATA = 8 };

static rows split_rows(const nn_plot *p, int h, bool has_top, bool name_row)
{
    bool axes = !(p->hide & NN_PLOT_HIDE_AXES);
    rows r = {has_top && h >= 2, 0, axes && h >= 4, axes && h >= 3, name_row};
    r.data_h = h - r.top - r.label_row - r.axis_row - r.name_row;
    return r;
}

/* The title's columns and the legend beside it, or on a row of its own
 * when it does not fit there and 4 data rows remain. */
static void title_and_legend(nn_chart_frame *f, rows *r, bool want_title, bool want_legend)
{
    const nn_plot *p = f->plot;
    const nn_chart_grid *g = &f->grid;
    f->title_cols = want_title && r->top ? nn_text_width(p->title, g->ascii_only) : 0;
    if (f->title_cols > g->w)
        f->title_cols = g->w;
    if (!want_legend || !r->top)
        return;
    int room = f->title_cols ? g->w - f->title_cols - 2 : g->w;
    int legend_y = 0;
    int full_w = chart_fit_legend(p, g->ascii_only, INT_MAX).width;
    if (full_w > room && f->title_cols && r->data_h - 1 >= 4) {
        room = g->w;
        legend_y = 1;
        r->data_h--;
        r->top++;
    }
    f->legend = chart_fit_legend(p, g->ascii_only, room);
    f->legend.x = g->w - f->legend.width;
    f->legend.y = legend_y;
    nn_legend_entry e = {.series = -1};
    int end = f->legend.x;
    while (nn_chart_legend_next(f, &e))
        end = e.x + 2 + e.name_cols;
    f->legend.more_x = end + 2;
}

/* Columns: the y labels' gutter when there is room for it and 4 data
 * columns, the y axis, the data area; then the x ticks. */
static void columns_and_ticks(nn_chart_frame *f, const rows *r)
{
    const nn_plot *p = f->plot;
    const nn_chart_grid *g = &f->grid;
    bool axes = !(p->hide & NN_PLOT_HIDE_AXES);
    f->y.dots = r->data_h * g->dots_y;
    if (axes && r->data_h > 0)
        chart_y_ticks(&f->y, r->data_h, g->dots_y, &f->y_ticks);
    int gutter = 0, axis_col = 0;
    if (axes && g->w >= f->y_ticks.width + 1 + 4)
        gutter = f->y_ticks.width, axis_col = 1;
    else if (axes && g->w >= 3)
        axis_col = 1;
    f->data = (nn_rect){gutter + axis_col, r->top, g->w - gutter - axis_col, r->data_h};
    if (f->data.w <= 0 || f->data.h <= 0)
        f->data.w = f->data.h = 0;
    f->x.dots = f->data.w * g->dots_x;
    f->y.dots = f->data.h * g->dots_y;
    if (f->data.w == 0)
        return;
    if (axes)
        chart_x_ticks(&f->x, p->x_whole, f->data.w, g->dots_x, &f->x_ticks);
    if (axis_col)
        f->y_axis_x = gutter, f->y_labels = gutter > 0;
    if (r->axis_row)
        f->x_axis_y = f->data.y + f->data.h;
    if (r->label_row) {
        f->x_labels_y = f->data.y + f->data.h + r->axis_row;
        chart_place_x_labels(f, r->name_row);
    }
}

static void lay_out(const nn_plot *p, const nn_chart_grid *g, bool name_row, nn_chart_frame *f)
{
    memset(f, 0, sizeof *f);
    f->plot = p;
    f->grid = *g;
    f->y_axis_x = f->x_axis_y = f->x_labels_y = f->x_name_y = -1;
    if (g->w <= 0 || g->h <= 0)
        return;
    chart_find_ranges(p, &f->x, &f->y);
    bool want_title = !(p->hide & NN_PLOT_HIDE_TITLE) && p->title && *p->title;
    bool want_legend = chart_has_legend(p);
    rows r = split_rows(p, g->h, want_title || want_legend, name_row);
    title_and_legend(f, &r, want_title, want_legend);
    columns_and_ticks(f, &r);
    if (f->data.w > 0)
        chart_place_marks(f);
}

void nn_chart_lay_out(const nn_plot *p, const nn_chart_grid *g, nn_chart_frame *f)
{
    lay_out(p, g, false, f);
    /* A name that found no room beside the labels: again, with its own row. */
    if (f->x_labels_y >= 0 && !f->x_name_cols && p->x_name && *p->x_name && f->data.h - 1 >= NAME_ROW_MIN_DATA)
        lay_out(p, g, true, f);
}
