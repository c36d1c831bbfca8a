/* Line charts drawn into a region of a canvas: several series, auto or
 * fixed ranges, an optional log-scale y, labelled axes, vertical and
 * horizontal markers, a legend and a title.  No ncurses, no allocation:
 * the plot reads the caller's arrays (through strided views, so fields of
 * the history's records can be plotted in place) and writes only the
 * cells of its region.
 *
 * A 38 x 8 region, braille (training, validation, two markers):
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
 * and in ASCII:
 *
 *     Loss                    * train  * val
 *        |*        :lr=0.01    :best
 *     0.6+ ***     :           :
 *        |   ***** :           :
 *     0.2+       **************:  **********
 *        |         :      ******************
 *        +---+----+---+---+---+----+---+---+
 *      epoch 5    10  15  20  25   30  35 40
 *
 * Ticks are round values (1, 2 or 5 x 10^k apart; decades on a log
 * scale, else 1, 3, 2, 5 x 10^k) at least one empty row apart (on 3 rows
 * or more) and with a space between x labels; when no such set has two
 * values, a set may lose up to half its values, and failing that the two
 * ends of the range are labelled.  A legend that does not fit next to the
 * title gets a row of its own when 4 data rows remain, else its names are
 * cut (to 4 columns at least, with '…' or '~') and then the last entries
 * are left out for "+N".
 *
 * Small regions drop parts in this order: the legend's own row (it joins
 * the title row, truncated), the x axis line (height < 4), the x labels
 * (height < 3), the title row (height < 2), the y labels (too narrow for
 * them and 4 data columns), the y axis (width < 3).  Nothing is drawn
 * outside the region, whatever its size or position.
 *
 * Modes: the dot grid each cell holds.
 *   braille     2 x 4 dots per cell (U+2800-U+28FF), for UTF-8 locales
 *   quadrant    2 x 2 (U+2596-U+259F, ▀ ▄ ▌ ▐ █): fonts without braille
 *   half block  1 x 2 (▀ ▄ █ only): the Linux console's font has these
 *   ASCII       1 x 1: '*' at the points of a line, '.' between them and
 *               for dim lines and faint points, ':' and '-' for markers,
 *               '|' '-' '+' for the axes
 * The UTF-8 modes draw axes with box-drawing characters (│ ┤ └ ─ ┬).
 *
 * Series are drawn in order.  A cell has one colour, so where series
 * meet in a cell: a faint series (points, dim) never covers a bright one
 * (line), whatever the order; a bright one clears a faint one's dots
 * there; two of the same kind share the cell's dots, in the colour of the
 * one drawn later.  So the raw line (dim) stays under the smoothed one,
 * and crossing training and validation lines both keep their shape.
 *
 * Points become dot coordinates, x = (x - x_lo) / (x_hi - x_lo) * (dots_w - 1)
 * rounded half up, and likewise y (counted from the bottom, in log10 on a
 * log scale).  Consecutive points are joined with Bresenham lines on the
 * dot grid.  A point whose x or y is NaN or infinite, or whose y is not
 * positive on a log scale, is skipped and breaks the line there.
 *
 * Down-sampling: consecutive points that fall in the same dot column are
 * reduced to one column before drawing, so the cost is O(points) plus
 * O(dots drawn): a million batches take one pass over the data, not a
 * million line segments.
 *   NN_REDUCE_MINMAX (default): the column is drawn from the lowest to
 *     the highest of its points, and joined to its neighbours from its
 *     first and last points: a one-batch spike stays visible.
 *   NN_REDUCE_MEAN: the column becomes one point at the mean of its y
 *     values (in log10 on a log scale): a quieter line for noisy data.
 * With no more points than dot columns both draw every point. */
#ifndef NN_PLOT_H
#define NN_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"

typedef enum nn_plot_mode {
    NN_PLOT_ASCII,
    NN_PLOT_HALF_BLOCK,
    NN_PLOT_QUADRANT,
    NN_PLOT_BRAILLE,
} nn_plot_mode;

/* Braille for a UTF-8 codeset (nl_langinfo(CODESET): "UTF-8", "utf8"),
 * ASCII for anything else or NULL. */
nn_plot_mode nn_plot_mode_for_codeset(const char *codeset);

/* --- numbers, read in place ----------------------------------------------- */

typedef enum nn_num_type { NN_NUM_DOUBLE, NN_NUM_FLOAT } nn_num_type;

/* Value i is the double or float at (char *)at + i * stride. */
typedef struct nn_numbers {
    const void *at;
    size_t stride;
    nn_num_type type;
} nn_numbers;

static inline nn_numbers nn_doubles(const double *v)
{
    return (nn_numbers){v, sizeof *v, NN_NUM_DOUBLE};
}
static inline nn_numbers nn_floats(const float *v)
{
    return (nn_numbers){v, sizeof *v, NN_NUM_FLOAT};
}
/* A field of an array of structs, e.g. the validation losses of a history
 * snapshot: nn_double_field(&s->epoch[0].val_loss, sizeof s->epoch[0]);
 * or one layer's column of a row-major table:
 * nn_float_field(s->layer_grad_norms + k, s->n_layers * sizeof(float)). */
static inline nn_numbers nn_double_field(const double *first, size_t stride)
{
    return (nn_numbers){first, stride, NN_NUM_DOUBLE};
}
static inline nn_numbers nn_float_field(const float *first, size_t stride)
{
    return (nn_numbers){first, stride, NN_NUM_FLOAT};
}

double nn_number_at(nn_numbers v, size_t i);

/* --- a plot ---------------------------------------------------------------- */

typedef enum nn_series_style {
    NN_STYLE_LINE,   /* a line through the points */
    NN_STYLE_POINTS, /* faint points, not joined (per-batch losses) */
    NN_STYLE_DIM,    /* a faint line (the raw line under a smoothed one, the previous run) */
} nn_series_style;

typedef enum nn_reduce { NN_REDUCE_MINMAX, NN_REDUCE_MEAN } nn_reduce;

typedef struct nn_series {
    const char *name;   /* in the legend; NULL keeps it out */
    nn_numbers x, y;    /* x.at NULL: x_i = x_first + i * x_step */
    double x_first, x_step;
    size_t n;
    int role;
    nn_series_style style;
    nn_reduce reduce;
} nn_series;

/* A series of n values at x = 1, 2, ..., n (epochs). */
static inline nn_series nn_series_epochs(const char *name, nn_numbers y, size_t n, int role)
{
    nn_series s = {name, {0}, y, 1, 1, n, role, NN_STYLE_LINE, NN_REDUCE_MINMAX};
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

enum {
    NN_PLOT_HIDE_TITLE = 1 << 0,  /* (a pane's frame shows it); the legend keeps the top row */
    NN_PLOT_HIDE_LEGEND = 1 << 1,
    NN_PLOT_HIDE_AXES = 1 << 2,   /* axis lines, ticks and their labels */
    NN_PLOT_HIDE_ALL = 7,         /* the bare data area: a sparkline */
};

typedef struct nn_plot {
    nn_plot_mode mode;
    const char *title;
    const char *x_name;              /* after the x tick labels, e.g. "epoch" */
    const nn_series *series;
    int n_series;
    const nn_marker *markers;
    int n_markers;
    /* NAN: from the data (each end separately).  x auto is exactly the
     * data's span, so the latest epoch is at the right edge; y auto adds
     * 5% of the span above and below (in log10 on a log scale) and counts
     * only points inside the x range.  On a log scale a bound <= 0 counts
     * as NAN.  An empty range is widened (by 1, or a tenth, or half a
     * decade). */
    double x_min, x_max, y_min, y_max;
    bool log_y;
    bool x_whole;                    /* x ticks only at whole numbers (epochs) */
    unsigned hide;                   /* NN_PLOT_HIDE_* */
    int text_role, axis_role, title_role; /* blanks and labels, axes, the title */
} nn_plot;

/* Defaults: auto ranges, linear y, everything shown, all roles 0. */
void nn_plot_init(nn_plot *p, nn_plot_mode mode);

/* Where things went, for tests and for the TUI (a cursor, a tooltip). */
typedef struct nn_plot_layout {
    nn_rect data;          /* the cells of the data area (w or h 0: none) */
    int dots_w, dots_h;    /* its dot grid */
    double x_lo, x_hi;     /* the ranges drawn */
    double y_lo, y_hi;     /* in data units, also on a log scale */
    int legend_entries;    /* series named in the legend (0: no legend) */
} nn_plot_layout;

/* Draws p into region r of c (clipped to the canvas), blanking the region
 * first.  layout may be NULL.  Pure: the same inputs give the same cells. */
void nn_plot_draw(nn_canvas *c, nn_rect r, const nn_plot *p, nn_plot_layout *layout);

/* --- helpers ----------------------------------------------------------------- */

/* Debiased exponential moving average, as TensorBoard's smoothing:
 *   ema_t = w * ema_(t-1) + (1 - w) * x_t,  ema_0 = 0,  out_t = ema_t / (1 - w^t)
 * where t counts the finite values so far.  A non-finite value is copied
 * as it is (a NaN still breaks the line) and does not enter the average.
 * w is clamped to [0, 0.999]; 0 copies the input.  out has n values and
 * may be the input itself when it is a dense double array. */
void nn_ema_smooth(nn_numbers in, size_t n, double weight, double *out);

/* A number in at most `sig` significant digits (1-15), trailing zeros
 * dropped, in whichever of fixed or exponent form is shorter (fixed on a
 * tie, and for whole numbers below 10000): 0.023, 1.2e-4, 2500, 1e5.
 * Always '.' whatever the locale.  Returns the length, like snprintf. */
int nn_format_number(char *buf, size_t len, double v, int sig);

#endif
