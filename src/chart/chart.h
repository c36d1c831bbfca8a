/* Line charts as data: what a chart shows (nn_plot: series, markers,
 * ranges, log scale, title, legend) and where each part of it goes on a
 * grid of character cells (nn_chart_frame: the data area, the ranges
 * drawn, the ticks and their labels, the legend's entries, each marker's
 * line and label).  No drawing here: a renderer lays a plot out with
 * nn_chart_lay_out, walks each series with nn_chart_trace and draws what
 * the frame says in its own glyphs or strokes (tui/plot.c draws cells of
 * a terminal; a file renderer can draw the same frame in pixels).  No
 * allocation: the model reads the caller's arrays in place.
 *
 * A 38 x 8 grid (training, validation, two markers), as the terminal
 * draws it in braille:
 *
 *     Loss                    ─ train  ─ val     title; legend at the right
 *     0.6┤⢦⡀       ┊lr=0.01    ┊best             y tick labels right-aligned
 *        │ ⠙⢤⣀     ┊           ┊                 markers: a dim column, its
 *        │   ⠉⠓⢄⣀⡀ ┊           ┊                 label at the top
 *     0.2┤      ⠈⠙⠶⠶⣤⣄⣀⣀⣀      ┊
 *        │         ┊  ⠈⠉⠉⠛⠛⠛⠛⠛⠓⠶⠶⠶⠶⠮⠭⠭⠭⠭⠭⠭⠭⠭
 *        └───┬───┬────┬───┬───┬────┬───┬───┬     x axis and ticks
 *      epoch 5   10   15  20  25   30  35 40     x tick labels, x name
 *
 * Ticks are round values (1, 2 or 5 x 10^k apart; decades on a log
 * scale, else 1, 3, 2, 5 x 10^k) at least one empty row apart (on 3 rows
 * or more) and with a space between x labels; when no such set has two
 * values, a set may lose up to half its values, and failing that the two
 * ends of the range are labelled.  A legend that does not fit next to the
 * title gets a row of its own when 4 data rows remain, else its names are
 * cut (to 4 columns at least, the last column for an ellipsis; not at all
 * when the plot wants whole names) and then the last entries are left out
 * for "+N more".
 *
 * The x axis's name goes right of the x labels, else left of them; when
 * it fits on neither side it gets a row of its own under the labels,
 * right-aligned, if 8 data rows remain (a file's picture, a tall pane).
 *
 * Small grids drop parts in this order: the legend's own row (it joins
 * the title row, truncated), the x axis line (height < 4), the x labels
 * (height < 3), the title row (height < 2), the y labels (too narrow for
 * them and 4 data columns), the y axis (width < 3).
 *
 * Each cell of the data area holds dots_x x dots_y dots, the resolution
 * lines are drawn at.  Points become dots, x = (x - x_lo) / (x_hi - x_lo)
 * * (dots - 1) rounded half up, and likewise y (counted from the bottom,
 * in log10 on a log scale).  A point whose x or y is NaN or infinite, or
 * whose y is not positive on a log scale, is skipped and breaks the line
 * there.
 *
 * Down-sampling: consecutive points that fall in the same dot column are
 * reduced to one column before drawing, so the cost is O(points) plus
 * O(dots drawn): a million batches take one pass over the data.
 *   NN_REDUCE_MINMAX (default): the column is drawn from the lowest to
 *     the highest of its points, and joined to its neighbours from its
 *     first and last points: a one-batch spike stays visible.
 *   NN_REDUCE_MEAN: the column becomes one point at the mean of its y
 *     values (in log10 on a log scale): a quieter line for noisy data.
 * With no more points than dot columns both draw every point. */
#ifndef NN_CHART_H
#define NN_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "chart/numbers.h"
#include "chart/rect.h"

/* --- what a chart shows ------------------------------------------------------ */

typedef enum nn_series_style {
    NN_STYLE_LINE,   /* a line through the points */
    NN_STYLE_POINTS, /* faint points, not joined (per-batch losses) */
    NN_STYLE_DIM,    /* a faint line (the raw line under a smoothed one, the previous run) */
    NN_STYLE_SCATTER, /* data points, every one drawn, not joined nor reduced (a boundary's rows) */
} nn_series_style;

typedef enum nn_reduce { NN_REDUCE_MINMAX, NN_REDUCE_MEAN } nn_reduce;

/* What a series leaves out of the auto ranges (nn_series.skip_range): a
 * faint trace that should not stretch the chart (per-batch losses), an
 * overlay cut to the current run's epochs (the previous run). */
enum { NN_RANGE_SKIP_X = 1 << 0, NN_RANGE_SKIP_Y = 1 << 1 };

typedef struct nn_series {
    const char *name;   /* in the legend; NULL keeps it out */
    nn_numbers x, y;    /* x.at NULL: x_i = x_first + i * x_step */
    double x_first, x_step;
    size_t n;
    int role;           /* its colour, a theme role */
    nn_series_style style;
    nn_reduce reduce;
    unsigned skip_range; /* NN_RANGE_SKIP_*: drawn (clipped) but not widening auto ranges */
} nn_series;

/* A series of n values at x = 1, 2, ..., n (epochs). */
static inline nn_series nn_series_epochs(const char *name, nn_numbers y, size_t n, int role)
{
    nn_series s = {name, {0}, y, 1, 1, n, role, NN_STYLE_LINE, NN_REDUCE_MINMAX, 0};
    return s;
}

/* A dim line across the data area, drawn under the series: vertical at
 * x = at (the best epoch, a hyperparameter change) with its label at the
 * top, right of the line (else left of it, else cut short, never over
 * another marker's line or label), or horizontal at y = at (a threshold)
 * with its label at the right end.  Markers outside the ranges are not
 * drawn and do not widen auto ranges. */
typedef struct nn_marker {
    double at;
    bool horizontal;
    const char *label; /* short: cut to the room there is; NULL for none */
    int role;
} nn_marker;

/* A field under the series: a model's outputs at the centres of a grid
 * of cells tiling a rectangle of the plane (a decision boundary).  Each
 * cell has a colour and a strength (nn_field_cell); renderers shade it in
 * their own way (the terminal in glyphs, a file in translucent colour).
 * It does not widen auto ranges: give the plot its rectangle. */
typedef enum nn_field_kind {
    NN_FIELD_BINARY,  /* one output: p(class 1) */
    NN_FIELD_CLASSES, /* one output per class */
    NN_FIELD_VALUE,   /* regression: one output, shaded from lo to hi */
} nn_field_kind;

typedef struct nn_field {
    nn_field_kind kind;
    const float *values;   /* rows x cols cells, row 0 at the top, `outputs` floats each */
    int cols, rows, outputs;
    double x0, x1, y0, y1; /* the rectangle: x0 the left edge, y1 the top */
    float lo, hi;          /* NN_FIELD_VALUE: the outputs shaded lightest and strongest */
    const int *class_roles; /* class k's colour: class_roles[k % n_roles]; VALUE: class_roles[0] */
    int n_roles;
} nn_field;

typedef struct nn_field_shade {
    int cls;      /* the class the cell leans to (binary: p >= 0.5); -1 for a value */
    int role;     /* its colour */
    double level; /* how strongly, 0 to 1: binary |2p - 1|, classes the top
                     probability above chance, a value from lo to hi */
} nn_field_shade;

nn_field_shade nn_field_cell(const nn_field *f, int col, int row);

enum {
    NN_PLOT_HIDE_TITLE = 1 << 0,  /* (a pane's frame shows it); the legend keeps the top row */
    NN_PLOT_HIDE_LEGEND = 1 << 1,
    NN_PLOT_HIDE_AXES = 1 << 2,   /* axis lines, ticks and their labels */
    NN_PLOT_HIDE_ALL = 7,         /* the bare data area: a sparkline */
};

typedef struct nn_plot {
    const char *title;
    const char *x_name;              /* after the x tick labels, e.g. "epoch" */
    const nn_series *series;
    int n_series;
    const nn_marker *markers;
    int n_markers;                   /* up to NN_CHART_MAX_MARKS are drawn */
    const nn_field *field;           /* under everything else; NULL: none */
    /* NAN: from the data (each end separately).  x auto is exactly the
     * data's span, so the latest epoch is at the right edge; y auto adds
     * 5% of the span above and below (in log10 on a log scale) and counts
     * only points inside the x range.  On a log scale a bound <= 0 counts
     * as NAN.  An empty range is widened (by 1, or a tenth, or half a
     * decade). */
    double x_min, x_max, y_min, y_max;
    /* Auto y from the 5th to the 95th percentile of the points that count
     * (TensorBoard's "ignore outliers in chart scaling"): one huge early
     * loss no longer flattens the rest of the curve. */
    bool y_ignore_outliers;
    bool log_y;
    bool x_whole;                    /* x ticks only at whole numbers (epochs) */
    unsigned hide;                   /* NN_PLOT_HIDE_* */
    bool legend_whole_names;         /* never cut a name: leave entries out for "+N more" */
    int text_role, axis_role, title_role; /* blanks and labels, axes, the title */
} nn_plot;

/* Defaults: auto ranges, linear y, everything shown, all roles 0. */
void nn_plot_init(nn_plot *p);

/* x of a series' point i. */
double nn_series_x(const nn_series *s, size_t i);

/* --- where it goes ------------------------------------------------------------- */

/* The grid a chart is laid out on. */
typedef struct nn_chart_grid {
    int w, h;             /* character cells */
    int dots_x, dots_y;   /* dots per cell, at least 1 */
    bool ascii_only;      /* text measured as chart/text.h says */
} nn_chart_grid;

/* An axis: lo and hi in plotted units (log10 on a log scale), over `dots`
 * dots. */
typedef struct nn_chart_axis {
    double lo, hi;
    bool log;
    int dots;
} nn_chart_axis;

#define NN_CHART_MAX_TICKS 64
#define NN_CHART_LABEL_MAX 24
#define NN_CHART_MAX_MARKS 32

typedef struct nn_chart_ticks {
    int n;
    int pos[NN_CHART_MAX_TICKS];     /* cell row (y) or column (x) in the data area */
    char label[NN_CHART_MAX_TICKS][NN_CHART_LABEL_MAX];
    double value[NN_CHART_MAX_TICKS]; /* in data units: where a finer renderer puts the tick */
    int label_x[NN_CHART_MAX_TICKS]; /* x labels: first column on the grid, -1 left out */
    int width;                       /* the widest label */
} nn_chart_ticks;

typedef struct nn_chart_legend {
    int entries;   /* named series shown (0: no legend) */
    int name_cols; /* names cut to this many columns, the last one an ellipsis */
    int more;      /* named series left out, shown as "+N more" at more_x */
    int width;
    int x, y, more_x;
} nn_chart_legend;

/* One legend entry: a sample of the series' line at x, its name from
 * x + 2 in name_cols columns (cut: the name in name_cols - 1, then an
 * ellipsis). */
typedef struct nn_legend_entry {
    int series; /* index in the plot */
    int x, name_cols;
    bool cut;
} nn_legend_entry;

/* A marker placed: its line's column (vertical) or row (horizontal) in
 * the data area, and its label's columns on the grid. */
typedef struct nn_chart_mark {
    int at;          /* -1: off the ranges, not drawn */
    int label_x, label_y;
    int label_cols;  /* at most this many columns of the label; 0: none */
} nn_chart_mark;

/* The model: a plot laid out on a grid.  Coordinates are cells of the
 * grid, (0, 0) at its top left. */
typedef struct nn_chart_frame {
    const nn_plot *plot;
    nn_chart_grid grid;
    nn_rect data;              /* the data area (w and h 0: none, nothing in it drawn) */
    nn_chart_axis x, y;        /* the ranges drawn */
    int title_cols;            /* the title at (0, 0) in this many columns; 0: none */
    nn_chart_legend legend;
    nn_chart_ticks x_ticks, y_ticks;
    int y_axis_x;              /* column of the y axis, -1: none */
    bool y_labels;             /* tick labels right-aligned left of the y axis */
    int x_axis_y;              /* row of the x axis line, -1: none */
    int x_labels_y;            /* row of the x tick labels, -1: none */
    int x_name_y;              /* the x name's row: the labels' row, or the one under it */
    int x_name_x, x_name_cols; /* the x name on that row (cols 0: left out) */
    int n_marks;
    nn_chart_mark mark[NN_CHART_MAX_MARKS]; /* one per marker of the plot */
} nn_chart_frame;

/* Lays p out on g.  The frame points to p, which must outlive it.  A grid
 * with no cells gives a frame with nothing in it. */
void nn_chart_lay_out(const nn_plot *p, const nn_chart_grid *g, nn_chart_frame *f);

/* The range drawn in data units (also on a log scale). */
double nn_chart_lo(const nn_chart_axis *a);
double nn_chart_hi(const nn_chart_axis *a);

/* Walks the legend's entries, left to right: start with e->series = -1;
 * false after the last. */
bool nn_chart_legend_next(const nn_chart_frame *f, nn_legend_entry *e);

/* What a renderer draws a series with: dot coordinates within the data
 * area, counted from its bottom left, x in [0, x.dots), y in [0, y.dots). */
typedef struct nn_chart_pen {
    /* a line between two dots, unrounded and maybe off the grid */
    void (*line)(void *ctx, double x0, double y0, double x1, double y1);
    /* a data point's dot (maybe off the grid) */
    void (*point)(void *ctx, long x, long y);
    void *ctx;
} nn_chart_pen;

/* Draws series s of the frame's plot with pen, down-sampled to one dot
 * column at a time as the rules above say. */
void nn_chart_trace(const nn_chart_frame *f, const nn_series *s, const nn_chart_pen *pen);

#endif
