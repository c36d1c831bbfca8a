/* Markers: each one's line, and where its label goes.  A vertical
 * marker's label goes at the top of the data area, right of its line,
 * else left of it, else cut to the room on the right (at least 3
 * columns), never over another marker's line or an earlier label; a
 * horizontal one's goes at the right end of its row. */
#include <string.h>

#include "chart_internal.h"
#include "chart/text.h"

/* A marker's cell column (vertical) or row (horizontal) in the data area,
 * or -1 when it is off the range. */
static int marker_cell(const nn_chart_frame *f, const nn_marker *m)
{
    const nn_chart_axis *a = m->horizontal ? &f->y : &f->x;
    if (!chart_plottable(a, m->at))
        return -1;
    long dot = chart_round_dot(chart_dot_of(a, chart_plotted(a, m->at)));
    if (dot < 0 || dot >= a->dots)
        return -1;
    return m->horizontal ? (int)((a->dots - 1 - dot) / f->grid.dots_y) : (int)(dot / f->grid.dots_x);
}

/* Whether column `offset` of a label written in max_cols columns is a
 * space: 1 a space, 0 another character, -1 past what was written. */
static int label_space_at(const char *label, int max_cols, bool ascii_only, int offset)
{
    int cols = 0;
    nn_text_char ch;
    for (const char *s = label; *s;) {
        s += nn_text_next(s, ascii_only, &ch);
        if (ch.width == 0)
            continue;
        if (cols + ch.width > max_cols)
            break;
        if (offset < cols + ch.width)
            return strcmp(ch.glyph, " ") == 0;
        cols += ch.width;
    }
    return -1;
}

/* Whether grid column x of the data area's top row is blank once every
 * marker line and the labels of markers before `upto` are drawn. */
static bool top_blank(const nn_chart_frame *f, int x, int upto)
{
    for (int j = 0; j < f->n_marks; j++) {
        const nn_chart_mark *k = &f->mark[j];
        bool horizontal = f->plot->markers[j].horizontal;
        if (k->at >= 0 && (horizontal ? k->at == 0 : f->data.x + k->at == x))
            return false;
    }
    for (int j = upto - 1; j >= 0; j--) { /* a later label covers an earlier one */
        const nn_chart_mark *k = &f->mark[j];
        if (k->label_cols == 0 || k->label_y != f->data.y || x < k->label_x)
            continue;
        int space = label_space_at(f->plot->markers[j].label, k->label_cols, f->grid.ascii_only,
                                   x - k->label_x);
        if (space >= 0)
            return space;
    }
    return true;
}

/* Blank cells of the top row from x on, going by dir (+1 or -1). */
static int blank_run(const nn_chart_frame *f, int x, int dir, int upto)
{
    int n = 0;
    for (; x >= f->data.x && x < f->data.x + f->data.w && top_blank(f, x, upto); x += dir)
        n++;
    return n;
}

static void place_label(nn_chart_frame *f, int i)
{
    const nn_marker *m = &f->plot->markers[i];
    nn_chart_mark *k = &f->mark[i];
    const nn_rect *d = &f->data;
    int w = m->label ? nn_text_width(m->label, f->grid.ascii_only) : 0;
    if (k->at < 0 || w == 0)
        return;
    if (m->horizontal) {
        k->label_cols = w < d->w ? w : d->w;
        k->label_x = d->x + d->w - k->label_cols, k->label_y = d->y + k->at;
        return;
    }
    int x = d->x + k->at;
    int right = blank_run(f, x + 1, 1, i), left = blank_run(f, x - 1, -1, i);
    int min_w = w < 3 ? w : 3;
    k->label_y = d->y;
    if (w <= right || (w > left && right >= min_w))
        k->label_x = x + 1, k->label_cols = right < w ? right : w;
    else if (w <= left)
        k->label_x = x - w, k->label_cols = w;
}

void chart_place_marks(nn_chart_frame *f)
{
    int n = f->plot->n_markers;
    f->n_marks = n < NN_CHART_MAX_MARKS ? n : NN_CHART_MAX_MARKS;
    for (int i = 0; i < f->n_marks; i++)
        f->mark[i] = (nn_chart_mark){marker_cell(f, &f->plot->markers[i]), 0, 0, 0};
    for (int i = 0; i < f->n_marks; i++)
        place_label(f, i);
}
