/* Exploring a table: per-column summaries and a quick chart of one
 * column, as plain data the front-ends print or draw. */
#ifndef NN_STATS_H
#define NN_STATS_H

#include <stddef.h>

#include "engine/error.h"
#include "table.h"

#define NN_STATS_TOP 5

typedef struct nn_column_stats {
    nn_col_type type;
    size_t count;                /* present values */
    size_t missing;
    /* NUMERIC and BOOLEAN (share of true as mean): */
    double mean, std;            /* std with n-1, like pandas */
    double min, q1, median, q3, max; /* quartiles by linear interpolation (pandas' default) */
    /* BOOLEAN, CATEGORICAL, TEXT: */
    size_t distinct;
    size_t ntop;
    const char *top[NN_STATS_TOP];   /* most frequent levels, ties by level order */
    size_t top_count[NN_STATS_TOP];
    /* DATE: */
    double first, last;          /* seconds */
} nn_column_stats;

/* Fills *s for column col; the fields that do not apply to its type are
 * NAN (numbers) or 0 (counts). No present value: count 0, mean and the
 * rest NAN; one value: std NAN (n-1 = 0), as pandas. Dates: first and
 * last are the earliest and latest times, whatever the row order.
 * Returns 0, or -1 (out of memory, or col out of range). */
int nn_column_describe(const nn_table *t, size_t col, nn_column_stats *s, nn_error *err);

typedef enum nn_chart_kind {
    NN_CHART_LINE,       /* y over x: a numeric column over its date column or row number */
    NN_CHART_HISTOGRAM,  /* counts over equal-width bins of a numeric column */
    NN_CHART_BARS,       /* counts of each level (most frequent first) */
} nn_chart_kind;

typedef struct nn_chart {
    nn_chart_kind kind;
    size_t n;            /* points, bins or bars */
    double *x, *y;       /* LINE: x (seconds or row), y; HISTOGRAM: x = bin left edge, y = count;
                            BARS: x = index, y = count */
    double bin_width;    /* HISTOGRAM */
    const char **labels; /* BARS: level names (owned by the table) */
    int x_is_time;       /* LINE over a date column */
    double x_first, x_last; /* LINE: the earliest and latest x drawn (a date's own
                               time, not a bucket's mean); NAN without points */
    char title[128], x_label[64], y_label[64];
} nn_chart;

/* A chart of column col with at most max_points points:
 * - NUMERIC, in a table with a date column: a line over the first date
 *   column, x in seconds, rows in date order (rows missing either value
 *   left out). When dates repeat, the first CATEGORICAL or TEXT column
 *   in which no (level, date) pair repeats is taken as the key (symbol in
 *   a long stock table) and the line follows the key of the earliest row
 *   only, named in the title ("price, symbol = MSFT"): one real series,
 *   not an average of unrelated ones. Without such a key the values that
 *   share a date are averaged ("price, mean per date"). A line longer
 *   than max_points becomes max_points bucket means of x and y, bucket i
 *   holding the sorted points [i*n/m, (i+1)*n/m).
 * - NUMERIC without a date column, and DATE (x_is_time set): a histogram
 *   with numpy.histogram's bins='auto', i.e. equal bins of the narrower
 *   of the Freedman-Diaconis and Sturges widths (Sturges when the IQR is
 *   0), capped at max_points bins; the last bin includes its right edge;
 *   a constant column v gets one bin from v - 0.5 to v + 0.5.
 * - BOOLEAN, CATEGORICAL, TEXT: bars of the max_points most frequent
 *   levels, most frequent first, ties in level order; missing not shown.
 * No present value gives n = 0. Returns 0 or -1 (out of memory, col out
 * of range, max_points 0). */
int nn_column_chart(const nn_table *t, size_t col, size_t max_points, nn_chart *c, nn_error *err);
void nn_chart_free(nn_chart *c);

/* A row's condition: column col holds level (an index into its levels). */
typedef struct nn_chart_match {
    size_t col, level;
} nn_chart_match;

/* The LINE of numeric column col over the first date column, as above,
 * of the rows that meet every condition of where[0..n_where-1] (one key's
 * series: `plot price symbol=AAPL`); the title names the conditions
 * ("price, symbol = AAPL").  Fails, naming the columns, when col is not
 * numeric, the table has no date column or a condition's column has no
 * levels.  No row left gives n = 0. */
int nn_column_line(const nn_table *t, size_t col, const nn_chart_match *where, size_t n_where, size_t max_points,
                   nn_chart *c, nn_error *err);

typedef struct nn_level_count {
    size_t level, count;
} nn_level_count;

/* The levels of a BOOLEAN, CATEGORICAL or TEXT column that occur at least
 * once, most frequent first, ties in level order, into *ranked (malloc'ed,
 * NULL when none occur). Returns how many, or -1 when out of memory. */
long nn_rank_levels(const nn_column *c, size_t nrows, nn_level_count **ranked);

#endif
