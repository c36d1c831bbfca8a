/* Charts as text: small plots drawn into a canvas and read back cell by
 * cell, against pictures worked out by hand from the rules in chart/chart.h and plot.h
 * (dot x = (x - x_lo) / (x_hi - x_lo) * (dots_w - 1), rounded half up,
 * likewise y from the bottom; Bresenham between consecutive points).
 * Also: tick labels and their alignment, log scale, NaN gaps, markers,
 * legend truncation, clipping to the region, the EMA and number format. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tui/canvas.h"
#include "tui/plot.h"

#define CHECK_TEXT(got, want)                                                         \
    do {                                                                              \
        const char *tap_g_ = (got), *tap_w_ = (want);                                 \
        if (strcmp(tap_g_, tap_w_) != 0) {                                            \
            printf("#   %s:%d: text differs\n# got:\n%s# want:\n%s", __FILE__,        \
                   __LINE__, tap_g_, tap_w_);                                         \
            tap_case_failures++;                                                      \
        }                                                                             \
    } while (0)

static char dump[8192];

/* Draws p on a canvas exactly w x h and returns the canvas as text. */
static const char *render(nn_canvas *c, int w, int h, const nn_plot *p, nn_plot_mode mode,
                          nn_plot_layout *lay)
{
    nn_canvas_resize(c, w, h);
    nn_plot_draw(c, (nn_rect){0, 0, w, h}, p, mode, lay);
    nn_canvas_dump(c, dump, sizeof dump);
    return dump;
}

/* A plot with only the data area and fixed ranges. */
static nn_plot bare(double x0, double x1, double y0, double y1)
{
    nn_plot p;
    nn_plot_init(&p);
    p.hide = NN_PLOT_HIDE_ALL;
    p.x_min = x0, p.x_max = x1, p.y_min = y0, p.y_max = y1;
    return p;
}

static nn_series xy(const double *x, const double *y, size_t n, int role)
{
    nn_series s = {0};
    s.x = nn_doubles(x);
    s.y = nn_doubles(y);
    s.n = n;
    s.role = role;
    return s;
}

/* (0,0) to (3,3) on a 2x1 braille area: 4x4 dots, dot = value.  Bresenham
 * gives dots (0,0) (1,1) (2,2) (3,3) from the bottom, i.e. rows 3 2 1 0
 * from the top.  Braille bits: left column rows 0-3 = 0x01 0x02 0x04
 * 0x40, right column = 0x08 0x10 0x20 0x80.
 *   cell 0: (col 0, row 3) 0x40 + (col 1, row 2) 0x20 = 0x60 -> U+2860 ⡠
 *   cell 1: (col 0, row 1) 0x02 + (col 1, row 0) 0x08 = 0x0A -> U+280A ⠊ */
static void braille_diagonal(void)
{
    double x[] = {0, 3}, y[] = {0, 3};
    nn_series s = xy(x, y, 2, 1);
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p = bare(0, 3, 0, 3);
    p.series = &s, p.n_series = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    CHECK_TEXT(render(&c, 2, 1, &p, mode, NULL), "⡠⠊\n");
    CHECK(nn_canvas_cell(&c, 0, 0)->role == 1 && nn_canvas_cell(&c, 1, 0)->role == 1);
    CHECK(nn_canvas_cell(&c, 0, 0)->flags == 0);

    /* the same line in ASCII on 4x4 cells: '*' at the two data points,
     * '.' where the line passes between them */
    mode = NN_PLOT_ASCII;
    CHECK_TEXT(render(&c, 4, 4, &p, mode, NULL),
               "   *\n"
               "  . \n"
               " .  \n"
               "*   \n");
    nn_canvas_free(&c);
}

/* (0,0) to (3,1) on 4x2 dots.  Bresenham: (0,0) (1,0) (2,1) (3,1).
 * Quadrants (2x2 per cell, bits TL 1, TR 2, BL 4, BR 8): cell 0 has the
 * bottom two = 12 -> ▄, cell 1 the top two = 3 -> ▀.
 * Half blocks (1x2 per cell): ▄ ▄ ▀ ▀. */
static void block_modes(void)
{
    double x[] = {0, 3}, y[] = {0, 1};
    nn_series s = xy(x, y, 2, 1);
    nn_plot_mode mode = NN_PLOT_QUADRANT;
    nn_plot p = bare(0, 3, 0, 1);
    p.series = &s, p.n_series = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    CHECK_TEXT(render(&c, 2, 1, &p, mode, NULL), "▄▀\n");
    mode = NN_PLOT_HALF_BLOCK;
    CHECK_TEXT(render(&c, 4, 1, &p, mode, NULL), "▄▄▀▀\n");
    nn_canvas_free(&c);
}

/* Points (0,0) (1,3) (2,NaN) (3,3) on a 2x1 braille area (4x4 dots).
 * (0,0)-(1,3) by Bresenham: (0,0) (0,1) (1,2) (1,3), rows from the top
 * 3 2 1 0: cell 0 = 0x40|0x04 (left col rows 3, 2) | 0x10|0x08 (right
 * col rows 1, 0) = 0x5C -> ⡜.  The NaN breaks the line, so (3,3) stands
 * alone: cell 1 = right col row 0 = 0x08 -> ⠈.  With 3 instead of NaN the
 * line (1,3)-(3,3) adds (2,3): left col row 0 = 0x01 -> 0x09 ⠉. */
static void nan_breaks_the_line(void)
{
    double x[] = {0, 1, 2, 3}, y[] = {0, 3, NAN, 3};
    nn_series s = xy(x, y, 4, 1);
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p = bare(0, 3, 0, 3);
    p.series = &s, p.n_series = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    CHECK_TEXT(render(&c, 2, 1, &p, mode, NULL), "⡜⠈\n");
    y[2] = 3;
    CHECK_TEXT(render(&c, 2, 1, &p, mode, NULL), "⡜⠉\n");

    /* ASCII, 7x1, x 0..6: points at 0, 3, (4 NaN), 6, all y = 0 */
    double ax[] = {0, 3, 4, 6}, ay[] = {0, 0, NAN, 0};
    s = xy(ax, ay, 4, 1);
    mode = NN_PLOT_ASCII;
    p = bare(0, 6, -1, 1);
    p.series = &s, p.n_series = 1;
    CHECK_TEXT(render(&c, 7, 1, &p, mode, NULL), "*..*  *\n");
    ay[2] = 0;
    CHECK_TEXT(render(&c, 7, 1, &p, mode, NULL), "*..**.*\n");
    /* an infinite value breaks it too */
    ay[2] = INFINITY;
    CHECK_TEXT(render(&c, 7, 1, &p, mode, NULL), "*..*  *\n");
    nn_canvas_free(&c);
}

/* 10 x 7 ASCII, y 0..100, x 0..5, no title: 5 data rows (dots 0..4 from
 * the bottom), an x axis row and a label row.
 * y ticks: a step of 20 puts 40 and 60 both on dot 2 (1.6 and 2.4 round
 * to 2), so 50 is taken: 0, 50, 100 on dots 0, 2, 4 = rows 4, 2, 0;
 * labels right-aligned in 3 columns, the axis in column 3.
 * x: 6 data columns, dot = x; step 1 leaves labels without a space
 * between them, step 2 gives 0 2 4 at columns 4, 6, 8.
 * Data (x, y): (0,0) (1,20) (2,40) (3,60) (4,80) (5,100) -> dots (0,0)
 * (1,1) (2,2) (3,2) (4,3) (5,4), neighbours, so every one is a '*'. */
static void axes_and_labels(void)
{
    double x[] = {0, 1, 2, 3, 4, 5}, y[] = {0, 20, 40, 60, 80, 100};
    nn_series s = xy(x, y, 6, 1);
    nn_plot_mode mode = NN_PLOT_ASCII;
    nn_plot p;
    nn_plot_init(&p);
    p.x_min = 0, p.x_max = 5, p.y_min = 0, p.y_max = 100;
    p.series = &s, p.n_series = 1;
    p.axis_role = 7, p.text_role = 8;
    nn_canvas c;
    nn_canvas_init(&c);
    nn_plot_layout lay;
    CHECK_TEXT(render(&c, 10, 7, &p, mode, &lay),
               "100+     *\n"
               "   |    * \n"
               " 50+  **  \n"
               "   | *    \n"
               "  0+*     \n"
               "   ++-+-+-\n"
               "    0 2 4 \n");
    CHECK(lay.data.x == 4 && lay.data.y == 0 && lay.data.w == 6 && lay.data.h == 5);
    CHECK(lay.dots_w == 6 && lay.dots_h == 5);
    CHECK(nn_canvas_cell(&c, 3, 0)->role == 7);  /* axis */
    CHECK(nn_canvas_cell(&c, 0, 0)->role == 8);  /* label */
    CHECK(nn_canvas_cell(&c, 9, 0)->role == 1);  /* data */

    /* The same in braille: axes in box-drawing characters, an x name
     * after the labels when there is room. */
    mode = NN_PLOT_BRAILLE;
    p.x_name = "ep";
    render(&c, 16, 7, &p, mode, &lay);
    const char *rows[7];
    char copy[sizeof dump];
    strcpy(copy, dump);
    char *save = NULL;
    for (int i = 0; i < 7; i++)
        rows[i] = strtok_r(i ? NULL : copy, "\n", &save);
    /* labels 100, 50, 0 right-aligned against the axis at column 3 */
    CHECK(strncmp(rows[0], "100┤", strlen("100┤")) == 0);
    CHECK(strncmp(rows[2], " 50┤", strlen(" 50┤")) == 0);
    CHECK(strncmp(rows[4], "  0┤", strlen("  0┤")) == 0);
    CHECK(strncmp(rows[1], "   │", strlen("   │")) == 0);
    CHECK(strncmp(rows[5], "   └", strlen("   └")) == 0);
    CHECK(strstr(rows[6], "ep") != NULL);
    CHECK(lay.data.x == 4 && lay.data.w == 12 && lay.dots_w == 24 && lay.dots_h == 20);
    nn_canvas_free(&c);
}

/* Compact numbers, right-aligned: 0.023, 0.0235, 0.024 ... */
static void y_labels_compact(void)
{
    double y[] = {0.0231, 0.0238, 0.0244};
    nn_series s = nn_series_epochs(NULL, nn_doubles(y), 3, 1);
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p;
    nn_plot_init(&p);
    p.series = &s, p.n_series = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    render(&c, 30, 10, &p, mode, NULL);
    /* every label row: the label ends right before a '┤' in one column */
    int label_rows = 0, axis_col = -1;
    for (int y0 = 0; y0 < c.h; y0++) {
        for (int x0 = 0; x0 < c.w; x0++) {
            if (strcmp(nn_canvas_cell(&c, x0, y0)->glyph, "┤") != 0)
                continue;
            CHECK(axis_col < 0 || axis_col == x0);
            axis_col = x0;
            label_rows++;
            CHECK(x0 > 0 && strcmp(nn_canvas_cell(&c, x0 - 1, y0)->glyph, " ") != 0);
            char label[16] = "";
            for (int k = 0; k < x0 && strlen(label) < 15; k++)
                if (strcmp(nn_canvas_cell(&c, k, y0)->glyph, " ") != 0)
                    strcat(label, nn_canvas_cell(&c, k, y0)->glyph);
            CHECK(strncmp(label, "0.02", 4) == 0);
        }
    }
    CHECK(label_rows >= 2);
    nn_canvas_free(&c);
}

/* Log scale, y fixed 1..100: the decades 1, 10, 100 at log10 = 0, 1, 2.
 * With 5 data rows (20 dots): dots 0, 9.5 -> 10, 19 from the bottom, rows
 * 4, 2, 0 from the top.  With 9 rows (36 dots): 0, 17.5 -> 18, 35: rows
 * 8, 4, 0.  Evenly spaced either way. */
static int row_of_label(nn_canvas *c, const char *label)
{
    char want[16];
    snprintf(want, sizeof want, "%3s┤", label);
    for (int y = 0; y < c->h; y++) {
        char start[32] = "";
        for (int x = 0; x < 4 && x < c->w; x++)
            strcat(start, nn_canvas_cell(c, x, y)->glyph);
        if (strcmp(start, want) == 0)
            return y;
    }
    return -1;
}

static void log_scale(void)
{
    double y[] = {1, 3, 10, 30, 100};
    nn_series s = nn_series_epochs(NULL, nn_doubles(y), 5, 1);
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p;
    nn_plot_init(&p);
    p.series = &s, p.n_series = 1;
    p.log_y = true;
    p.y_min = 1, p.y_max = 100;
    nn_canvas c;
    nn_canvas_init(&c);
    render(&c, 30, 7, &p, mode, NULL); /* 5 data rows */
    CHECK(row_of_label(&c, "100") == 0);
    CHECK(row_of_label(&c, "10") == 2);
    CHECK(row_of_label(&c, "1") == 4);
    render(&c, 30, 11, &p, mode, NULL); /* 9 data rows */
    CHECK(row_of_label(&c, "100") == 0);
    CHECK(row_of_label(&c, "10") == 4);
    CHECK(row_of_label(&c, "1") == 8);

    /* Non-positive values are skipped and break the line: on 3x1 braille
     * (6x4 dots), x 0..5, y 1..1000: points (0, 1000) (1, 0) (2, 1000):
     * the zero leaves (0,top) and (2,top) unjoined, so dot column 1 is
     * empty: cell 0 = left col row 0 = 0x01 ⠁, cell 1 = left col 0x01 ⠁. */
    double y2[] = {1000, 0, 1000};
    nn_series s2 = nn_series_epochs(NULL, nn_doubles(y2), 3, 1);
    s2.x_first = 0;
    mode = NN_PLOT_BRAILLE;
    nn_plot q = bare(0, 5, 1, 1000);
    q.log_y = true;
    q.series = &s2, q.n_series = 1;
    CHECK_TEXT(render(&c, 3, 1, &q, mode, NULL), "⠁⠁ \n");
    y2[1] = -5;
    CHECK_TEXT(render(&c, 3, 1, &q, mode, NULL), "⠁⠁ \n");
    y2[1] = 1000;
    CHECK_TEXT(render(&c, 3, 1, &q, mode, NULL), "⠉⠁ \n");
    nn_canvas_free(&c);
}

/* Markers on an 11-column bare area, x 0..10.  ASCII: dot = x, so x = 7 is
 * column 7.  Braille: 22 dots, 7 / 10 * 21 = 14.7 -> dot 15, cell 7.  The
 * label goes right of the line, or left at the right edge; a marker off
 * the range is not drawn. */
static void markers(void)
{
    nn_marker m[3] = {{7, false, "b", 5}, {10, false, "e", 6}, {12, false, "off", 7}};
    nn_plot_mode mode = NN_PLOT_ASCII;
    nn_plot p = bare(0, 10, 0, 1);
    p.markers = m, p.n_markers = 3;
    nn_canvas c;
    nn_canvas_init(&c);
    CHECK_TEXT(render(&c, 11, 3, &p, mode, NULL),
               "       :be:\n"
               "       :  :\n"
               "       :  :\n");
    CHECK(nn_canvas_cell(&c, 7, 1)->role == 5 && (nn_canvas_cell(&c, 7, 1)->flags & NN_CELL_DIM));
    CHECK(nn_canvas_cell(&c, 10, 2)->role == 6);
    mode = NN_PLOT_BRAILLE;
    CHECK_TEXT(render(&c, 11, 3, &p, mode, NULL),
               "       ┊be┊\n"
               "       ┊  ┊\n"
               "       ┊  ┊\n");

    /* A series drawn over a marker takes the cells it passes through. */
    double x[] = {0, 10}, y[] = {0.5, 0.5};
    nn_series s = xy(x, y, 2, 1);
    mode = NN_PLOT_ASCII;
    p.series = &s, p.n_series = 1;
    p.n_markers = 1;
    CHECK_TEXT(render(&c, 11, 3, &p, mode, NULL),
               "       :b  \n"
               "*.........*\n"
               "       :   \n");

    /* A horizontal marker: a dim row with its label at the right end.
     * y 0..1 on 3 rows: 0.5 -> dot 1 -> the middle row. */
    nn_marker h = {0.5, true, "lim", 4};
    p.series = NULL, p.n_series = 0;
    p.markers = &h, p.n_markers = 1;
    CHECK_TEXT(render(&c, 11, 3, &p, mode, NULL),
               "           \n"
               "--------lim\n"
               "           \n");
    nn_canvas_free(&c);
}

/* Title "T" and three series; the legend shares the title row (a 4-row
 * plot without axes has no room for a row of its own).  In ASCII each
 * entry is '*', a space and the name, entries two spaces apart: full
 * width 7 + 12 + 10 + 4 = 33, with room = width - 3 after the title. */
static void legend_truncation(void)
{
    double y[] = {1, 2};
    nn_series s[3] = {
        nn_series_epochs("train", nn_doubles(y), 2, 1),
        nn_series_epochs("validation", nn_doubles(y), 2, 2),
        nn_series_epochs("previous", nn_doubles(y), 2, 3),
    };
    nn_plot_mode mode = NN_PLOT_ASCII;
    nn_plot p;
    nn_plot_init(&p);
    p.title = "T";
    p.hide = NN_PLOT_HIDE_AXES;
    p.series = s, p.n_series = 3;
    nn_canvas c;
    nn_canvas_init(&c);
    nn_plot_layout lay;
    char row[128];

    render(&c, 40, 4, &p, mode, &lay); /* room 37: all of it */
    snprintf(row, sizeof row, "%.40s", dump);
    CHECK_TEXT(row, "T      * train  + validation  o previous"); /* a mark each, for no colour */
    CHECK(lay.legend_entries == 3);
    CHECK(nn_canvas_cell(&c, 7, 0)->role == 1 && nn_canvas_cell(&c, 16, 0)->role == 2);

    /* room 27: names cut to 6 columns (5 and a '~'): 7 + 8 + 8 + 4 = 27 */
    render(&c, 30, 4, &p, mode, &lay);
    snprintf(row, sizeof row, "%.30s", dump);
    CHECK_TEXT(row, "T  * train  + valid~  o previ~");
    CHECK(lay.legend_entries == 3);

    /* room 15: at 4 columns a name the three take 22; two and "+1 more"
     * 21; one and "+2 more" 15 */
    render(&c, 18, 4, &p, mode, &lay);
    snprintf(row, sizeof row, "%.18s", dump);
    CHECK_TEXT(row, "T  * tra~  +2 more");
    CHECK(lay.legend_entries == 1);

    /* room 5: not even one entry */
    render(&c, 8, 4, &p, mode, &lay);
    snprintf(row, sizeof row, "%.8s", dump);
    CHECK_TEXT(row, "T       ");
    CHECK(lay.legend_entries == 0);

    /* Taller, the legend gets a row of its own, the whole width (30):
     * names cut to 7: 7 + 9 + 9 + 4 = 29, right-aligned. */
    render(&c, 30, 10, &p, mode, &lay);
    CHECK(strncmp(dump, "T                             \n"
                        " * train  + valida~  o previo~\n",
                  31 + 31) == 0);
    CHECK(lay.data.y == 2 && lay.legend_entries == 3);

    /* UTF-8 modes cut with an ellipsis and draw the sample as a line */
    mode = NN_PLOT_BRAILLE;
    render(&c, 30, 4, &p, mode, &lay);
    CHECK(strncmp(dump, "T  ─ train  ─ valid…  ─ previ…\n", strlen("T  ─ train  ─ valid…  ─ previ…\n")) == 0);
    nn_canvas_free(&c);
}

/* Series meeting in a braille cell.  1x1 cell, 2x4 dots, x 0..1, y 0..3:
 * A at (0,0) is the left column's bottom dot 0x40 (⡀), B at (1,3) the
 * right column's top dot 0x08 (⠈); both 0x48 (⡈). */
static void series_share_cells(void)
{
    double ax[] = {0}, ay[] = {0}, bx[] = {1}, by[] = {3};
    nn_series s[2] = {xy(ax, ay, 1, 1), xy(bx, by, 1, 2)};
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p = bare(0, 1, 0, 3);
    p.series = s, p.n_series = 2;
    nn_canvas c;
    nn_canvas_init(&c);
    /* two lines: the dots add up, the later colour */
    CHECK_TEXT(render(&c, 1, 1, &p, mode, NULL), "⡈\n");
    CHECK(nn_canvas_cell(&c, 0, 0)->role == 2 && nn_canvas_cell(&c, 0, 0)->flags == 0);
    /* a dim line after a bright one leaves the cell alone */
    s[1].style = NN_STYLE_DIM;
    CHECK_TEXT(render(&c, 1, 1, &p, mode, NULL), "⡀\n");
    CHECK(nn_canvas_cell(&c, 0, 0)->role == 1);
    /* a bright line after a dim one (the smoothed line over the raw one)
     * takes the cell */
    s[0].style = NN_STYLE_DIM, s[1].style = NN_STYLE_LINE;
    CHECK_TEXT(render(&c, 1, 1, &p, mode, NULL), "⠈\n");
    CHECK(nn_canvas_cell(&c, 0, 0)->role == 2 && nn_canvas_cell(&c, 0, 0)->flags == 0);
    /* two faint ones share, dim */
    s[1].style = NN_STYLE_POINTS;
    CHECK_TEXT(render(&c, 1, 1, &p, mode, NULL), "⡈\n");
    CHECK(nn_canvas_cell(&c, 0, 0)->flags & NN_CELL_DIM);
    nn_canvas_free(&c);
}

/* 100 points, all 0 but a spike of 10 at i = 25, on 5x5 ASCII cells, x
 * 0..99, y 0..10.  Column of i: round(i * 4 / 99); column 1 holds
 * i = 13..37 (12.4 <= i < 37.1), 25 points, the spike amid them.
 * Min/max: column 1 spans dots 0..4, its top a data point '*'.
 * Mean: column 1's dot is 4 / 25 = 0.16 -> 0: the spike is gone. */
static void downsampling(void)
{
    double y[100] = {0};
    y[25] = 10;
    nn_series s = nn_series_epochs(NULL, nn_doubles(y), 100, 1);
    s.x_first = 0;
    nn_plot_mode mode = NN_PLOT_ASCII;
    nn_plot p = bare(0, 99, 0, 10);
    p.series = &s, p.n_series = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    CHECK_TEXT(render(&c, 5, 5, &p, mode, NULL),
               " *   \n"
               " .   \n"
               " .   \n"
               " .   \n"
               "*****\n");
    s.reduce = NN_REDUCE_MEAN;
    CHECK_TEXT(render(&c, 5, 5, &p, mode, NULL),
               "     \n"
               "     \n"
               "     \n"
               "     \n"
               "*****\n");
    /* Faint points: no lines, only each column's extremes, dim. */
    s.reduce = NN_REDUCE_MINMAX;
    s.style = NN_STYLE_POINTS;
    CHECK_TEXT(render(&c, 5, 5, &p, mode, NULL),
               " .   \n"
               "     \n"
               "     \n"
               "     \n"
               ".....\n");
    CHECK(nn_canvas_cell(&c, 1, 0)->flags & NN_CELL_DIM);

    /* A million points draw into a 38-column pane (no crash, the spike
     * kept), reading floats through a stride. */
    size_t n = 1000000;
    float *big = calloc(n * 2, sizeof *big);
    big[2 * 500000] = 1;
    nn_series b = {0};
    b.y = nn_float_field(big, 2 * sizeof *big);
    b.n = n, b.x_step = 1, b.role = 1;
    nn_plot q = bare(NAN, NAN, 0, 1);
    q.series = &b, q.n_series = 1;
    render(&c, 38, 8, &q, NN_PLOT_BRAILLE, NULL);
    int top_dots = 0;
    for (int x = 0; x < 38; x++)
        top_dots += nn_canvas_cell(&c, x, 0)->dots != 0;
    CHECK(top_dots == 1);
    free(big);
    nn_canvas_free(&c);
}

/* Every cell outside the region keeps what it had, whatever the region's
 * size and place, in every mode; every cell inside it is drawn. */
static void never_outside_the_region(void)
{
    double tr[30], va[30];
    for (int i = 0; i < 30; i++) {
        tr[i] = exp(-i / 6.0) + 0.01;
        va[i] = i == 9 ? NAN : exp(-i / 7.0) + 0.05;
    }
    nn_series s[2] = {nn_series_epochs("train", nn_doubles(tr), 30, 1),
                      nn_series_epochs("validation", nn_doubles(va), 30, 2)};
    nn_marker m[2] = {{20, false, "best", 3}, {0.1, true, "limit", 4}};
    nn_rect regions[] = {
        {0, 0, 20, 10},  {15, 7, 10, 6}, {-5, -3, 12, 8}, {5, 5, 1, 1},  {5, 5, 0, 0},
        {5, 5, -3, 4},   {3, 3, 2, 1},   {0, 9, 20, 1},   {19, 0, 1, 10}, {-30, -30, 5, 5},
        {2, 2, 3, 3},    {1, 1, 4, 2},   {0, 0, 40, 40},  {6, 2, 9, 5},
    };
    nn_canvas c;
    nn_canvas_init(&c);
    for (int mode = NN_PLOT_ASCII; mode <= NN_PLOT_BRAILLE; mode++) {
        for (int log = 0; log < 2; log++) {
            for (size_t k = 0; k < sizeof regions / sizeof regions[0]; k++) {
                nn_plot p;
                nn_plot_init(&p);
                p.title = "Loss";
                p.x_name = "epoch";
                p.x_whole = true;
                p.log_y = log;
                p.series = s, p.n_series = 2;
                p.markers = m, p.n_markers = 2;
                p.text_role = 10;
                nn_canvas_resize(&c, 20, 10);
                for (int y = 0; y < c.h; y++)
                    for (int x = 0; x < c.w; x++)
                        nn_canvas_put(&c, x, y, "X", 99, 0);
                nn_rect r = regions[k];
                nn_plot_draw(&c, r, &p, (nn_plot_mode)mode, NULL);
                int outside_changed = 0, inside_left = 0;
                for (int y = 0; y < c.h; y++) {
                    for (int x = 0; x < c.w; x++) {
                        const nn_cell *cell = nn_canvas_cell(&c, x, y);
                        bool in = x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
                        bool untouched = strcmp(cell->glyph, "X") == 0 && cell->role == 99;
                        outside_changed += !in && !untouched;
                        inside_left += in && untouched;
                    }
                }
                if (outside_changed || inside_left)
                    printf("#   mode %d log %d region %zu: %d outside changed, %d inside left\n",
                           mode, log, k, outside_changed, inside_left);
                CHECK(outside_changed == 0);
                CHECK(inside_left == 0);
            }
        }
    }
    /* canvases of 0x0 and 1x1 */
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p;
    nn_plot_init(&p);
    p.series = s, p.n_series = 2;
    p.title = "Loss";
    nn_canvas_resize(&c, 0, 0);
    nn_plot_draw(&c, (nn_rect){0, 0, 5, 5}, &p, mode, NULL);
    CHECK(nn_canvas_dump(&c, dump, sizeof dump) == 0);
    nn_canvas_resize(&c, 1, 1);
    nn_plot_draw(&c, (nn_rect){0, 0, 1, 1}, &p, mode, NULL);
    CHECK(nn_canvas_cell(&c, 0, 0)->glyph[0] != '\0');
    nn_canvas_free(&c);
}

/* A 38x8 loss pane, the size it has at 80x24: everything is there. */
static void loss_pane_at_80x24(void)
{
    double tr[40], va[40];
    for (int i = 0; i < 40; i++) {
        tr[i] = 0.6 * exp(-i / 8.0) + 0.05;
        va[i] = 0.6 * exp(-i / 8.0) + 0.08 + (i > 25 ? (i - 25) * 0.004 : 0);
    }
    nn_series s[2] = {nn_series_epochs("train", nn_doubles(tr), 40, 1),
                      nn_series_epochs("val", nn_doubles(va), 40, 2)};
    nn_marker best = {26, false, "best", 3};
    nn_plot_mode mode = NN_PLOT_BRAILLE;
    nn_plot p;
    nn_plot_init(&p);
    p.title = "Loss";
    p.x_name = "epoch";
    p.x_whole = true;
    p.series = s, p.n_series = 2;
    p.markers = &best, p.n_markers = 1;
    nn_canvas c;
    nn_canvas_init(&c);
    nn_plot_layout lay;
    render(&c, 38, 8, &p, mode, &lay);
    for (const char *line = dump; *line; line = strchr(line, '\n') + 1)
        printf("# %.*s\n", (int)(strchr(line, '\n') - line), line);
    CHECK(strncmp(dump, "Loss", 4) == 0);
    CHECK(strstr(dump, "─ train  ─ val\n") != NULL);
    CHECK(strstr(dump, "epoch") != NULL);
    CHECK(strstr(dump, "best") != NULL);
    CHECK(lay.data.h == 5 && lay.legend_entries == 2);
    CHECK(lay.x_lo == 1 && lay.x_hi == 40);
    /* the best epoch's column: x 1..40 on lay.dots_w dots */
    int col = lay.data.x + (int)floor((26.0 - 1) / 39 * (lay.dots_w - 1) + 0.5) / 2;
    CHECK(strcmp(nn_canvas_cell(&c, col, lay.data.y + 2)->glyph, "┊") == 0 ||
          nn_canvas_cell(&c, col, lay.data.y + 2)->dots != 0);
    CHECK(nn_canvas_cell(&c, col, lay.data.y)->role == 3);
    /* x ticks are whole epochs: no '.' on the last row */
    size_t len = strlen(dump);
    const char *last = dump + len - 1;
    while (last > dump && last[-1] != '\n')
        last--;
    CHECK(strchr(last, '.') == NULL);
    CHECK(strstr(last, "10") != NULL);
    nn_canvas_free(&c);
}

/* TensorBoard's debiased EMA by hand, w = 0.5, input 1 2 3 NaN 4:
 *   ema 0.5    / (1 - 0.5)    = 1
 *   ema 1.25   / (1 - 0.25)   = 5/3
 *   ema 2.125  / (1 - 0.125)  = 17/7
 *   NaN stays, and does not count
 *   ema 3.0625 / (1 - 0.0625) = 49/15 */
static void ema(void)
{
    double in[] = {1, 2, 3, NAN, 4}, out[5];
    nn_ema_smooth(nn_doubles(in), 5, 0.5, out);
    CHECK_NEAR(out[0], 1.0, 1e-12);
    CHECK_NEAR(out[1], 5.0 / 3, 1e-12);
    CHECK_NEAR(out[2], 17.0 / 7, 1e-12);
    CHECK(isnan(out[3]));
    CHECK_NEAR(out[4], 49.0 / 15, 1e-12);

    /* floats through a stride, in a struct array */
    struct rec {
        int epoch;
        float loss;
    } r[3] = {{1, 1}, {2, 2}, {3, 3}};
    nn_ema_smooth(nn_float_field(&r[0].loss, sizeof r[0]), 3, 0.5, out);
    CHECK_NEAR(out[2], 17.0 / 7, 1e-6);

    /* in place; weight 0 copies; a constant stays constant */
    double v[] = {2, 4, 8};
    nn_ema_smooth(nn_doubles(v), 3, 0, v);
    CHECK(v[0] == 2 && v[1] == 4 && v[2] == 8);
    double k[] = {0.3, 0.3, 0.3, 0.3};
    nn_ema_smooth(nn_doubles(k), 4, 0.9, k);
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(k[i], 0.3, 1e-12);
    /* a weight of 1 or more is clamped to 0.999: still finite */
    double one[] = {1, 2};
    nn_ema_smooth(nn_doubles(one), 2, 1.0, one);
    CHECK(isfinite(one[1]) && one[1] > 1 && one[1] < 2);
}

static void number_format(void)
{
    static const struct {
        double v;
        int sig;
        const char *want;
    } cases[] = {
        {0.023, 2, "0.023"},  {1.2e-4, 2, "1.2e-4"}, {0.5, 1, "0.5"},     {-0.25, 2, "-0.25"},
        {0, 3, "0"},          {2500, 2, "2500"},     {1000, 1, "1000"},   {1e5, 1, "1e5"},
        {123456, 3, "123000"}, {12000, 2, "12000"},  {1234.5, 3, "1230"}, {0.001, 1, "1e-3"},
        {1e-4, 1, "1e-4"},    {0.30000000000000004, 1, "0.3"}, {99.99, 3, "100"},
        {3.14159, 3, "3.14"}, {1e300, 2, "1e300"},   {NAN, 3, "nan"},     {-INFINITY, 3, "-inf"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nn_format_number(buf, sizeof buf, cases[i].v, cases[i].sig);
        CHECK_TEXT(buf, cases[i].want);
    }
    /* a decimal-comma locale changes nothing */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE.utf8")) {
        nn_format_number(buf, sizeof buf, 0.023, 2);
        CHECK_TEXT(buf, "0.023");
        nn_format_number(buf, sizeof buf, 1.5e-7, 2);
        CHECK_TEXT(buf, "1.5e-7");
        setlocale(LC_NUMERIC, "C");
    } else {
        printf("# no de_DE locale: decimal-comma check skipped\n");
    }
    /* a short buffer is cut, and the full length returned */
    char tiny[4];
    CHECK(nn_format_number(tiny, sizeof tiny, 0.0235, 3) == 6);
    CHECK_TEXT(tiny, "0.0");
}

static void canvas_text(void)
{
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, 6, 1);
    nn_rect all = {0, 0, 6, 1};
    /* a wide character takes two cells; one that does not fit is left out */
    CHECK(nn_canvas_text(&c, all, 0, 0, 6, "a損bc損", 1, 0) == 5);
    CHECK_TEXT((nn_canvas_dump(&c, dump, sizeof dump), dump), "a損bc \n");
    CHECK(nn_canvas_cell(&c, 1, 0)->flags & NN_CELL_WIDE);
    CHECK(nn_canvas_cell(&c, 2, 0)->flags & NN_CELL_CONT);
    /* overwriting half of it blanks the other half */
    nn_canvas_put(&c, 2, 0, "x", 1, 0);
    CHECK_TEXT((nn_canvas_dump(&c, dump, sizeof dump), dump), "a xbc \n");
    /* combining marks dropped, control and invalid bytes become '?' */
    nn_canvas_resize(&c, 6, 1);
    CHECK(nn_canvas_text(&c, all, 0, 0, 6, "e\xcc\x81\t\xff!", 1, 0) == 4);
    CHECK_TEXT((nn_canvas_dump(&c, dump, sizeof dump), dump), "e?" "?!  \n");
    /* ASCII-only canvases */
    c.ascii_only = true;
    nn_canvas_resize(&c, 6, 1);
    CHECK(nn_canvas_text_width(&c, "é損") == 2);
    nn_canvas_text(&c, all, 1, 0, 6, "é損", 1, 0);
    CHECK_TEXT((nn_canvas_dump(&c, dump, sizeof dump), dump), " ??   \n");
    /* clipping on the left and by max_cols */
    c.ascii_only = false;
    nn_canvas_resize(&c, 6, 1);
    CHECK(nn_canvas_text(&c, (nn_rect){2, 0, 3, 1}, 0, 0, 10, "abcdefgh", 1, 0) == 5);
    CHECK_TEXT((nn_canvas_dump(&c, dump, sizeof dump), dump), "  cde \n");
    /* growing reallocates, shrinking keeps the cells */
    nn_cell *cells = c.cells;
    nn_canvas_resize(&c, 2, 2);
    CHECK(c.cells == cells && c.w == 2 && c.h == 2);
    nn_canvas_free(&c);
}

static void mode_for_codeset(void)
{
    CHECK(nn_plot_mode_for_codeset("UTF-8") == NN_PLOT_BRAILLE);
    CHECK(nn_plot_mode_for_codeset("utf8") == NN_PLOT_BRAILLE);
    CHECK(nn_plot_mode_for_codeset("ANSI_X3.4-1968") == NN_PLOT_ASCII);
    CHECK(nn_plot_mode_for_codeset("ISO-8859-1") == NN_PLOT_ASCII);
    CHECK(nn_plot_mode_for_codeset(NULL) == NN_PLOT_ASCII);
}

int main(void)
{
    TEST(braille_diagonal);
    TEST(block_modes);
    TEST(nan_breaks_the_line);
    TEST(axes_and_labels);
    TEST(y_labels_compact);
    TEST(log_scale);
    TEST(markers);
    TEST(legend_truncation);
    TEST(series_share_cells);
    TEST(downsampling);
    TEST(never_outside_the_region);
    TEST(loss_pane_at_80x24);
    TEST(ema);
    TEST(number_format);
    TEST(canvas_text);
    TEST(mode_for_codeset);
    return tap_done();
}
