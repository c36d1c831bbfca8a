/* The terminal's chart renderer: a chart (chart/chart.h: what it shows
 * and where each part goes) drawn into a region of a canvas in cells.
 * No ncurses, no allocation: it writes only the cells of its region.
 *
 * Modes: the dot grid each cell holds.
 *   braille     2 x 4 dots per cell (U+2800-U+28FF), for UTF-8 locales
 *   quadrant    2 x 2 (U+2596-U+259F, ▀ ▄ ▌ ▐ █): fonts without braille
 *   half block  1 x 2 (▀ ▄ █ only): the Linux console's font has these
 *   ASCII       1 x 1: '*' at the points of a line, '.' between them and
 *               for dim lines and faint points, ':' and '-' for markers,
 *               '|' '-' '+' for the axes
 * The UTF-8 modes draw axes with box-drawing characters (│ ┤ └ ─ ┬),
 * markers with ┊ and ┄, and cut legend names with '…' (ASCII: '~').
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
 * Series are drawn in order.  A cell has one colour, so where series
 * meet in a cell: a faint series (points, dim) never covers a bright one
 * (line), whatever the order; a bright one clears a faint one's dots
 * there; two of the same kind share the cell's dots, in the colour of the
 * one drawn later.  So the raw line (dim) stays under the smoothed one,
 * and crossing training and validation lines both keep their shape.
 * Consecutive points are joined with Bresenham lines on the dot grid. */
#ifndef NN_PLOT_H
#define NN_PLOT_H

#include "canvas.h"
#include "chart/chart.h"

typedef enum nn_plot_mode {
    NN_PLOT_ASCII,
    NN_PLOT_HALF_BLOCK,
    NN_PLOT_QUADRANT,
    NN_PLOT_BRAILLE,
} nn_plot_mode;

/* Braille for a UTF-8 codeset (nl_langinfo(CODESET): "UTF-8", "utf8"),
 * ASCII for anything else or NULL. */
nn_plot_mode nn_plot_mode_for_codeset(const char *codeset);

/* Where things went, for tests and for the TUI (a cursor, a tooltip). */
typedef struct nn_plot_layout {
    nn_rect data;          /* the cells of the data area on the canvas (w or h 0: none) */
    int dots_w, dots_h;    /* its dot grid */
    double x_lo, x_hi;     /* the ranges drawn */
    double y_lo, y_hi;     /* in data units, also on a log scale */
    int legend_entries;    /* series named in the legend (0: no legend) */
} nn_plot_layout;

/* Draws p into region r of c (clipped to the canvas) in a mode's glyphs,
 * blanking the region first.  layout may be NULL.  Pure: the same inputs
 * give the same cells. */
void nn_plot_draw(nn_canvas *c, nn_rect r, const nn_plot *p, nn_plot_mode mode, nn_plot_layout *layout);

#endif
