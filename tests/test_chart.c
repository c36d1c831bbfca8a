/* The chart model as data, with no renderer: a plot laid out on a grid of
 * cells gives its ranges, ticks, legend entries and markers as numbers,
 * the same that tests/test_plot.c sees drawn in the terminal's glyphs
 * (the pictures there are the cross-check for the numbers here).  A file
 * renderer reads exactly these. */
#include <math.h>
#include <string.h>

#include "tap.h"
#include "chart/chart.h"
#include "chart/text.h"

static nn_chart_grid grid(int w, int h, int dots_x, int dots_y)
{
    return (nn_chart_grid){w, h, dots_x, dots_y, false};
}

/* test_plot's axes_and_labels on a 10x7 grid of 1x1 dots:
 *   100+     *
 *      |    *
 *    50+  **
 *      | *
 *     0+*
 *      ++-+-+-
 *       0 2 4           */
static void axes_ticks_and_labels(void)
{
    double x[] = {0, 1, 2, 3, 4, 5}, y[] = {0, 20, 40, 60, 80, 100};
    nn_series s = {NULL, nn_doubles(x), nn_doubles(y), 0, 0, 6, 1, NN_STYLE_LINE, NN_REDUCE_MINMAX, 0};
    nn_plot p;
    nn_plot_init(&p);
    p.x_min = 0, p.x_max = 5, p.y_min = 0, p.y_max = 100;
    p.series = &s, p.n_series = 1;
    nn_chart_grid g = grid(10, 7, 1, 1);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.data.x == 4 && f.data.y == 0 && f.data.w == 6 && f.data.h == 5);
    CHECK(f.x.dots == 6 && f.y.dots == 5);
    CHECK(nn_chart_lo(&f.x) == 0 && nn_chart_hi(&f.x) == 5);
    CHECK(nn_chart_lo(&f.y) == 0 && nn_chart_hi(&f.y) == 100);
    CHECK(f.y_axis_x == 3 && f.y_labels && f.x_axis_y == 5 && f.x_labels_y == 6);
    CHECK(f.title_cols == 0 && f.legend.entries == 0 && f.n_marks == 0);

    /* y: 0, 50, 100 from the bottom, labels 3 wide */
    CHECK(f.y_ticks.n == 3 && f.y_ticks.width == 3);
    CHECK(strcmp(f.y_ticks.label[0], "0") == 0 && f.y_ticks.pos[0] == 4);
    CHECK(strcmp(f.y_ticks.label[1], "50") == 0 && f.y_ticks.pos[1] == 2);
    CHECK(strcmp(f.y_ticks.label[2], "100") == 0 && f.y_ticks.pos[2] == 0);
    /* x: step 2, each label centred under its tick */
    CHECK(f.x_ticks.n == 3);
    for (int i = 0; i < 3; i++) {
        char want[4];
        snprintf(want, sizeof want, "%d", 2 * i);
        CHECK(strcmp(f.x_ticks.label[i], want) == 0);
        CHECK(f.x_ticks.pos[i] == 2 * i && f.x_ticks.label_x[i] == 4 + 2 * i);
    }
    CHECK(f.x_name_cols == 0);

    /* an x name: at the right end of the label row when there is room
     * after the last label, else left of the first (here "5" ends the row) */
    p.x_name = "ep";
    g = grid(16, 7, 2, 4);
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.data.x == 4 && f.data.w == 12 && f.x.dots == 24 && f.y.dots == 20);
    int last = f.x_ticks.n - 1;
    CHECK(strcmp(f.x_ticks.label[last], "5") == 0 && f.x_ticks.label_x[last] == 15);
    CHECK(f.x_ticks.label_x[0] == 4 && f.x_name_x == 1 && f.x_name_cols == 2 && f.x_name_y == f.x_labels_y);
}

/* An x name too long for either side of the labels (ROC's "false positive
 * rate" under 0 ... 1): a row of its own under them, right-aligned, when
 * 8 data rows remain; on a shorter grid it is left out. */
static void x_name_row(void)
{
    double x[] = {0, 1}, y[] = {0, 1};
    nn_series s = {NULL, nn_doubles(x), nn_doubles(y), 0, 0, 2, 1, NN_STYLE_LINE, NN_REDUCE_MINMAX, 0};
    nn_plot p;
    nn_plot_init(&p);
    p.x_min = p.y_min = 0, p.x_max = p.y_max = 1;
    p.series = &s, p.n_series = 1;
    p.x_name = "false positive rate";
    nn_chart_grid g = grid(30, 12, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.data.h == 9 && f.x_axis_y == 9 && f.x_labels_y == 10);
    CHECK(f.x_name_y == 11 && f.x_name_cols == 19 && f.x_name_x == 30 - 19);
    g = grid(30, 10, 2, 4); /* 7 data rows with a row for the name: left out */
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.data.h == 8 && f.x_labels_y == 9 && f.x_name_cols == 0);
}

/* A log scale: ranges in log10, decades as ticks. */
static void log_ranges(void)
{
    double y[] = {1, 3, 10, 30, 100};
    nn_series s = nn_series_epochs(NULL, nn_doubles(y), 5, 1);
    nn_plot p;
    nn_plot_init(&p);
    p.series = &s, p.n_series = 1;
    p.log_y = true;
    p.y_min = 1, p.y_max = 100;
    nn_chart_grid g = grid(30, 11, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.y.log && f.y.lo == 0 && f.y.hi == 2);
    CHECK_CLOSE(nn_chart_hi(&f.y), 100, 1e-12);
    CHECK(f.y_ticks.n == 3);
    CHECK(strcmp(f.y_ticks.label[0], "1") == 0 && strcmp(f.y_ticks.label[2], "100") == 0);
    CHECK(f.y_ticks.pos[0] == f.data.h - 1 && f.y_ticks.pos[2] == 0);

    /* auto x is the data's span; auto y adds 5% of it, in log10 */
    p.y_min = p.y_max = NAN;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(nn_chart_lo(&f.x) == 1 && nn_chart_hi(&f.x) == 5);
    CHECK_NEAR(f.y.lo, -0.1, 1e-12);
    CHECK_NEAR(f.y.hi, 2.1, 1e-12);
}

/* The y range follows the series that count: a trace that skips it is
 * clipped to the epoch lines' range, an overlay that skips x is cut to
 * the current run's epochs; ignoring outliers keeps a huge first loss
 * from flattening the curve. */
static void ranges_follow_what_counts(void)
{
    double epochs[] = {1.0, 0.8, 0.6, 0.5, 0.4}, trace[] = {5.0, 0.1, 3.0}, trace_x[] = {0.5, 2.5, 5.5};
    double previous[] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5};
    nn_series s[3] = {
        nn_series_epochs("loss", nn_doubles(epochs), 5, 1),
        {NULL, nn_doubles(trace_x), nn_doubles(trace), 0, 0, 3, 2, NN_STYLE_POINTS, NN_REDUCE_MINMAX,
         NN_RANGE_SKIP_Y},
        nn_series_epochs("run 1", nn_doubles(previous), 10, 3),
    };
    s[2].skip_range = NN_RANGE_SKIP_X | NN_RANGE_SKIP_Y;
    nn_plot p;
    nn_plot_init(&p);
    p.series = s, p.n_series = 3;
    nn_chart_grid g = grid(40, 12, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(nn_chart_lo(&f.x) == 0.5 && nn_chart_hi(&f.x) == 5.5); /* the trace's x counts, the overlay's not */
    CHECK_NEAR(nn_chart_lo(&f.y), 0.4 - 0.03, 1e-12);             /* epochs 0.4..1 plus 5% */
    CHECK_NEAR(nn_chart_hi(&f.y), 1.0 + 0.03, 1e-12);

    /* ignoring outliers: of 21 values, 20 near 1 and one of 1000 */
    double spiky[21];
    for (int i = 0; i < 21; i++)
        spiky[i] = i == 0 ? 1000 : 1 + i * 0.01;
    nn_series one = nn_series_epochs("loss", nn_doubles(spiky), 21, 1);
    p.series = &one, p.n_series = 1;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(nn_chart_hi(&f.y) > 1000);
    p.y_ignore_outliers = true;
    nn_chart_lay_out(&p, &g, &f);
    /* the 5th and 95th percentiles: sorted[1] = 1.02 and sorted[19] = 1.20 (nearest rank) */
    CHECK_NEAR(nn_chart_lo(&f.y), 1.02 - 0.05 * 0.18, 1e-9);
    CHECK_NEAR(nn_chart_hi(&f.y), 1.20 + 0.05 * 0.18, 1e-9);
}

/* test_plot's legend_truncation: title "T", three series, no axes. */
static void legend_entries(void)
{
    double y[] = {1, 2};
    nn_series s[4] = {
        nn_series_epochs("train", nn_doubles(y), 2, 1),
        nn_series_epochs(NULL, nn_doubles(y), 2, 9), /* no name: not in the legend */
        nn_series_epochs("validation", nn_doubles(y), 2, 2),
        nn_series_epochs("previous", nn_doubles(y), 2, 3),
    };
    nn_plot p;
    nn_plot_init(&p);
    p.title = "T";
    p.hide = NN_PLOT_HIDE_AXES;
    p.series = s, p.n_series = 4;
    nn_chart_grid g = grid(40, 4, 1, 1);
    nn_chart_frame f;

    /* "T      * train  * validation  * previous": 33 columns, at the right */
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.title_cols == 1);
    CHECK(f.legend.entries == 3 && f.legend.more == 0 && f.legend.width == 33);
    CHECK(f.legend.x == 7 && f.legend.y == 0);
    static const int series[] = {0, 2, 3}, x[] = {7, 16, 30}, cols[] = {5, 10, 8};
    nn_legend_entry e = {.series = -1};
    int k = 0;
    while (nn_chart_legend_next(&f, &e)) {
        CHECK(k < 3 && e.series == series[k] && e.x == x[k] && e.name_cols == cols[k] && !e.cut);
        k++;
    }
    CHECK(k == 3);

    /* "T  * tra~  +2 more": one entry cut to 4 columns, then +2 more */
    g.w = 18;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.legend.entries == 1 && f.legend.more == 2 && f.legend.name_cols == 4);
    e = (nn_legend_entry){.series = -1};
    CHECK(nn_chart_legend_next(&f, &e) && e.series == 0 && e.x == 3 && e.name_cols == 4 && e.cut);
    CHECK(!nn_chart_legend_next(&f, &e));
    CHECK(f.legend.more_x == 11);

    /* whole names: no entry fits in 18 columns beside "+3 more"... */
    p.legend_whole_names = true;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.legend.entries == 0);
    /* ...and in 24, "train" whole and "+2 more" (2 + 5 + 2 + 7 = 16) */
    g.w = 24;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.legend.entries == 1 && f.legend.more == 2 && f.legend.name_cols == 10);
    e = (nn_legend_entry){.series = -1};
    CHECK(nn_chart_legend_next(&f, &e) && e.series == 0 && !e.cut);
    p.legend_whole_names = false;

    /* taller: a row of its own, under the title, and one data row fewer */
    g = grid(30, 10, 1, 1);
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.legend.y == 1 && f.data.y == 2 && f.legend.entries == 3 && f.legend.name_cols == 7);

    /* hidden: no legend, and the data area takes the top row */
    p.hide = NN_PLOT_HIDE_ALL;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.legend.entries == 0 && f.title_cols == 0 && f.data.y == 0 && f.data.h == 10);
}

/* test_plot's markers: 11 columns, x 0..10, one dot per cell: "b" right
 * of its line at 7, "e" left of its line at the right edge, "off" off
 * the range; a horizontal one's label at the right end of its row. */
static void marker_places(void)
{
    nn_marker m[4] = {{7, false, "b", 5}, {10, false, "e", 6}, {12, false, "off", 7}, {0.5, true, "h", 8}};
    nn_plot p;
    nn_plot_init(&p);
    p.hide = NN_PLOT_HIDE_ALL;
    p.x_min = 0, p.x_max = 10, p.y_min = 0, p.y_max = 1;
    p.markers = m, p.n_markers = 3;
    nn_chart_grid g = grid(11, 3, 1, 1);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.n_marks == 3);
    CHECK(f.mark[0].at == 7 && f.mark[0].label_x == 8 && f.mark[0].label_y == 0 && f.mark[0].label_cols == 1);
    CHECK(f.mark[1].at == 10 && f.mark[1].label_x == 9 && f.mark[1].label_cols == 1);
    CHECK(f.mark[2].at == -1 && f.mark[2].label_cols == 0);

    /* a label never covers another marker's line: cut to the room, or
     * left of its own line */
    nn_marker n[2] = {{2, false, "abcdef", 1}, {6, false, "xy", 2}};
    p.markers = n, p.n_markers = 2;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.mark[0].label_x == 3 && f.mark[0].label_cols == 3);
    CHECK(f.mark[1].label_x == 7 && f.mark[1].label_cols == 2);

    /* horizontal at y 0.5 of 0..1 on 3 rows: the middle row */
    p.markers = m, p.n_markers = 4;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.mark[3].at == 1 && f.mark[3].label_y == 1 && f.mark[3].label_x == 10 && f.mark[3].label_cols == 1);
}

/* The pen sees one column per dot column: a million points on 38 cells of
 * 2 dots are 76 columns, each a point or two and the lines joining them. */
typedef struct recorder {
    int lines, points;
    long min_x, max_x, top;
} recorder;

static void record_line(void *ctx, double x0, double y0, double x1, double y1)
{
    (void)x0, (void)y0, (void)x1, (void)y1;
    ((recorder *)ctx)->lines++;
}

static void record_point(void *ctx, long x, long y)
{
    recorder *r = ctx;
    r->points++;
    r->min_x = x < r->min_x ? x : r->min_x;
    r->max_x = x > r->max_x ? x : r->max_x;
    r->top = y > r->top ? y : r->top;
}

static void trace_downsamples(void)
{
    enum { N = 1000000 };
    static double y[N];
    y[N / 2] = 1; /* a one-point spike */
    nn_series s = {NULL, {0}, nn_doubles(y), 0, 1, N, 1, NN_STYLE_LINE, NN_REDUCE_MINMAX, 0};
    nn_plot p;
    nn_plot_init(&p);
    p.hide = NN_PLOT_HIDE_ALL;
    p.y_min = 0, p.y_max = 1;
    p.series = &s, p.n_series = 1;
    nn_chart_grid g = grid(38, 8, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    recorder r = {0, 0, 1000, -1000, -1};
    nn_chart_pen pen = {record_line, record_point, &r};
    nn_chart_trace(&f, &s, &pen);
    CHECK(r.points == 2 * 76);           /* lowest and highest of each column */
    CHECK(r.min_x == 0 && r.max_x == 75);
    CHECK(r.top == f.y.dots - 1);        /* the spike kept */
    CHECK(r.lines == 75 + 1);            /* joins, and the spike's column */

    /* points: not joined */
    s.style = NN_STYLE_POINTS;
    r = (recorder){0, 0, 1000, -1000, -1};
    nn_chart_trace(&f, &s, &pen);
    CHECK(r.lines == 0 && r.points == 2 * 76);
}

/* Nothing to lay out on an empty grid. */
/* A scatter hands the pen every point, even many in one dot column (a
 * line would keep the column's lowest and highest), and no line. */
static void scatter_draws_every_point(void)
{
    double x[5] = {0, 0.01, 0.02, 0.5, 1}, y[5] = {0, 0.5, 1, NAN, 1};
    nn_series s = {NULL, nn_doubles(x), nn_doubles(y), 0, 0, 5, 1, NN_STYLE_SCATTER, NN_REDUCE_MINMAX, 0};
    nn_plot p;
    nn_plot_init(&p);
    p.hide = NN_PLOT_HIDE_ALL;
    p.x_min = p.y_min = 0, p.x_max = p.y_max = 1;
    p.series = &s, p.n_series = 1;
    nn_chart_grid g = grid(10, 5, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    recorder r = {0, 0, 1 << 30, -1, -1};
    nn_chart_pen pen = {record_line, record_point, &r};
    nn_chart_trace(&f, &s, &pen);
    CHECK(r.lines == 0 && r.points == 4); /* the NaN skipped */
    CHECK(r.min_x == 0 && r.max_x == 19 && r.top == 19);
}

/* A field's cells read as a class and a strength: binary by the side of
 * 0.5 and |2p - 1|, classes by the most probable above chance, a value
 * from lo to hi; the colour is the class's role (cycling). */
static void field_cells(void)
{
    const float binary[4] = {0.9f, 0.2f, 0.5f, 0.0f};
    const int roles[2] = {7, 8};
    nn_field f = {NN_FIELD_BINARY, binary, 2, 2, 1, 0, 1, 0, 1, 0, 0, roles, 2};
    nn_field_shade a = nn_field_cell(&f, 0, 0), b = nn_field_cell(&f, 1, 0), c = nn_field_cell(&f, 0, 1),
                   d = nn_field_cell(&f, 1, 1);
    CHECK(a.cls == 1 && a.role == 8 && fabs(a.level - 0.8) < 1e-6);
    CHECK(b.cls == 0 && b.role == 7 && fabs(b.level - 0.6) < 1e-6);
    CHECK(c.cls == 1 && c.level == 0 && d.cls == 0 && d.level == 1);
    const float three[6] = {0.2f, 0.2f, 0.6f, 1.0f / 3, 1.0f / 3, 1.0f / 3};
    f = (nn_field){NN_FIELD_CLASSES, three, 2, 1, 3, 0, 1, 0, 1, 0, 0, roles, 2};
    a = nn_field_cell(&f, 0, 0), b = nn_field_cell(&f, 1, 0);
    CHECK(a.cls == 2 && a.role == 7 && fabs(a.level - 0.4) < 1e-6); /* (0.6 - 1/3) / (2/3) */
    CHECK(b.level < 1e-6);
    const float values[3] = {-1, 0, 3};
    f = (nn_field){NN_FIELD_VALUE, values, 3, 1, 1, 0, 1, 0, 1, -1, 1, roles, 2};
    CHECK(nn_field_cell(&f, 0, 0).level == 0 && nn_field_cell(&f, 1, 0).level == 0.5);
    CHECK(nn_field_cell(&f, 2, 0).level == 1 && nn_field_cell(&f, 2, 0).cls == -1 && nn_field_cell(&f, 2, 0).role == 7);
}

static void empty_grid(void)
{
    nn_plot p;
    nn_plot_init(&p);
    p.title = "Loss";
    nn_chart_grid g = grid(0, 5, 2, 4);
    nn_chart_frame f;
    nn_chart_lay_out(&p, &g, &f);
    CHECK(f.data.w == 0 && f.data.h == 0 && f.title_cols == 0 && f.y_axis_x == -1 && f.x_labels_y == -1);
}

/* Widths: a CJK character takes two columns, a combining mark none. */
static void text_widths(void)
{
    CHECK(nn_text_width("ab", false) == 2);
    CHECK(nn_text_width("漢字", false) == 4);
    CHECK(nn_text_width("漢字", true) == 2);
    CHECK(nn_text_width("e\xcc\x81", false) == 1);
    CHECK(nn_text_fit("漢字", 3, false) == 2);
    CHECK(nn_text_width(NULL, false) == 0);
}

int main(void)
{
    TEST(axes_ticks_and_labels);
    TEST(x_name_row);
    TEST(log_ranges);
    TEST(ranges_follow_what_counts);
    TEST(legend_entries);
    TEST(marker_places);
    TEST(trace_downsamples);
    TEST(scatter_draws_every_point);
    TEST(field_cells);
    TEST(empty_grid);
    TEST(text_widths);
    return tap_done();
}
