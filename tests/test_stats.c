/* Exploring: column summaries agree with pandas' describe() on the real
 * credit-card data (with and without missing values), top levels count
 * ties in level order, histograms agree with numpy's bins='auto' (values
 * on bin edges included), a price
 * line over repeated dates follows one symbol in date order, and the
 * awkward columns (all missing, one value, constant) give pandas' answers.
 * Reference values: tests/fixtures/make_stats_reference.py. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "table/stats.h"
#include "fixtures/stats_reference.h"
#include "tap.h"

#define DAY 86400.0

/* --- tables built by hand (the loader is tested elsewhere) --------------- */

static size_t count_missing(const float *v, const double *t, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += v ? isnan(v[i]) : isnan(t[i]);
    return m;
}

static nn_column numbers(const char *name, const float *v, size_t n)
{
    nn_column c = {.name = strdup(name), .type = NN_COL_NUMERIC};
    c.values = malloc((n ? n : 1) * sizeof *c.values);
    memcpy(c.values, v, n * sizeof *v);
    c.missing = count_missing(v, NULL, n);
    return c;
}

static nn_column levels(nn_col_type type, const char *name, const float *codes, size_t n,
                        const char *const *names, size_t nlevels)
{
    nn_column c = numbers(name, codes, n);
    c.type = type;
    c.nlevels = nlevels;
    c.levels = malloc(nlevels * sizeof *c.levels);
    for (size_t i = 0; i < nlevels; i++)
        c.levels[i] = strdup(names[i]);
    return c;
}

static const char *const NO_YES[2] = {"no", "yes"};

static nn_column dates(const char *name, const double *t, size_t n)
{
    nn_column c = {.name = strdup(name), .type = NN_COL_DATE};
    c.times = malloc((n ? n : 1) * sizeof *c.times);
    memcpy(c.times, t, n * sizeof *t);
    c.missing = count_missing(NULL, t, n);
    return c;
}

/* A table owning the given columns (nn_table_free frees it). */
static nn_table *table_of(size_t nrows, size_t ncols, const nn_column *cols)
{
    nn_table *t = calloc(1, sizeof *t);
    t->nrows = nrows;
    t->ncols = ncols;
    t->cols = malloc(ncols * sizeof *t->cols);
    memcpy(t->cols, cols, ncols * sizeof *cols);
    return t;
}

static nn_table *one_column(nn_column c, size_t nrows)
{
    return table_of(nrows, 1, &c);
}

static nn_table *stocks_table(void)
{
    nn_column cols[3] = {
        levels(NN_COL_CATEGORICAL, "symbol", ref_stocks_symbol, REF_STOCKS_N, ref_symbol_levels, 5),
        dates("date", ref_stocks_time, REF_STOCKS_N),
        numbers("price", ref_stocks_price, REF_STOCKS_N),
    };
    return table_of(REF_STOCKS_N, 3, cols);
}

/* --- describe -------------------------------------------------------------- */

static void describe_matches_pandas_on_credit_card(void)
{
    size_t ncases = sizeof ref_describe / sizeof *ref_describe;
    for (size_t k = 0; k < ncases; k++) {
        const struct ref_describe *r = &ref_describe[k];
        int boolean = strcmp(r->name, "card") == 0 || strcmp(r->name, "owner") == 0;
        nn_table *t = one_column(boolean ? levels(NN_COL_BOOLEAN, r->name, r->values, REF_CREDIT_N,
                                                  NO_YES, 2)
                                         : numbers(r->name, r->values, REF_CREDIT_N),
                                 REF_CREDIT_N);
        nn_column_stats s;
        nn_error err;
        CHECK(nn_column_describe(t, 0, &s, &err) == 0);
        printf("# %s\n", r->name);
        CHECK(s.type == (boolean ? NN_COL_BOOLEAN : NN_COL_NUMERIC));
        CHECK(s.count == (size_t)r->count);
        CHECK(s.missing == (size_t)r->missing);
        CHECK_CLOSE(s.mean, r->mean, 1e-12);
        CHECK_CLOSE(s.std, r->std, 1e-12);
        CHECK(s.min == r->min);
        CHECK_CLOSE(s.q1, r->q1, 1e-12);
        CHECK_CLOSE(s.median, r->median, 1e-12);
        CHECK_CLOSE(s.q3, r->q3, 1e-12);
        CHECK(s.max == r->max);
        CHECK(isnan(s.first) && isnan(s.last));
        nn_table_free(t);
    }
}

static void top_levels_match_pandas(void)
{
    nn_table *t[4] = {
        one_column(levels(NN_COL_BOOLEAN, "card", ref_credit_card, REF_CREDIT_N, NO_YES, 2),
                   REF_CREDIT_N),
        one_column(levels(NN_COL_BOOLEAN, "owner", ref_credit_owner, REF_CREDIT_N, NO_YES, 2),
                   REF_CREDIT_N),
        one_column(levels(NN_COL_CATEGORICAL, "dependents", ref_credit_dependents, REF_CREDIT_N,
                          ref_dependents_levels, 7),
                   REF_CREDIT_N),
        stocks_table(), /* symbol: four with 123 rows, in level order, then GOOG */
    };
    for (size_t k = 0; k < 4; k++) {
        const struct ref_top *r = &ref_top[k];
        nn_column_stats s;
        nn_error err;
        CHECK(strcmp(t[k]->cols[0].name, r->name) == 0);
        CHECK(nn_column_describe(t[k], 0, &s, &err) == 0);
        CHECK(s.distinct == r->distinct);
        CHECK(s.ntop == r->ntop);
        for (size_t i = 0; i < r->ntop && i < s.ntop; i++) {
            CHECK(strcmp(s.top[i], r->top[i]) == 0);
            CHECK(s.top_count[i] == r->top_count[i]);
        }
        CHECK(s.count == t[k]->nrows && s.missing == 0);
        if (t[k]->cols[0].type == NN_COL_CATEGORICAL)
            CHECK(isnan(s.mean) && isnan(s.max));
        nn_table_free(t[k]);
    }
}

static void describe_dates_gives_first_and_last(void)
{
    nn_table *t = stocks_table(); /* shuffled rows */
    nn_column_stats s;
    nn_error err;
    CHECK(nn_column_describe(t, 1, &s, &err) == 0);
    CHECK(s.type == NN_COL_DATE);
    CHECK(s.count == REF_STOCKS_N && s.missing == 0);
    CHECK(s.first == ref_stocks_first && s.last == ref_stocks_last);
    CHECK(isnan(s.mean) && s.distinct == 0);
    nn_table_free(t);

    const double when[4] = {NAN, 20 * DAY, NAN, 10 * DAY};
    t = one_column(dates("when", when, 4), 4);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 2 && s.missing == 2);
    CHECK(s.first == 10 * DAY && s.last == 20 * DAY);
    nn_table_free(t);
}

static void describe_awkward_columns(void)
{
    nn_column_stats s;
    nn_error err;
    /* 1, 2, 3, 4 with a gap: quartiles at ranks 0.75, 1.5, 2.25 */
    const float four[5] = {4, NAN, 1, 3, 2};
    nn_table *t = one_column(numbers("x", four, 5), 5);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 4 && s.missing == 1);
    CHECK(s.mean == 2.5);
    CHECK_CLOSE(s.std, sqrt(5.0 / 3), 1e-15);
    CHECK(s.min == 1 && s.q1 == 1.75 && s.median == 2.5 && s.q3 == 3.25 && s.max == 4);
    nn_table_free(t);

    const float gone[3] = {NAN, NAN, NAN};
    t = one_column(numbers("empty", gone, 3), 3);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 0 && s.missing == 3);
    CHECK(isnan(s.mean) && isnan(s.std) && isnan(s.min) && isnan(s.median) && isnan(s.max));
    nn_table_free(t);

    const float one[3] = {NAN, 7.5f, NAN};
    t = one_column(numbers("one", one, 3), 3);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 1 && s.mean == 7.5 && isnan(s.std)); /* n-1 = 0, as pandas */
    CHECK(s.min == 7.5 && s.q1 == 7.5 && s.median == 7.5 && s.q3 == 7.5 && s.max == 7.5);
    nn_table_free(t);

    const float same[4] = {0.1f, 0.1f, 0.1f, 0.1f};
    t = one_column(numbers("same", same, 4), 4);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.std == 0 && s.mean == (double)0.1f && s.q3 == (double)0.1f);
    nn_table_free(t);

    /* levels that never occur are not distinct values; missing not counted */
    const char *const abc[3] = {"a", "b", "c"};
    const float codes[6] = {2, NAN, 0, 2, 0, NAN};
    t = one_column(levels(NN_COL_TEXT, "id", codes, 6, abc, 3), 6);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 4 && s.missing == 2 && s.distinct == 2 && s.ntop == 2);
    CHECK(strcmp(s.top[0], "a") == 0 && s.top_count[0] == 2); /* a tie: level order */
    CHECK(strcmp(s.top[1], "c") == 0 && s.top_count[1] == 2);
    nn_table_free(t);

    t = one_column(levels(NN_COL_CATEGORICAL, "none", gone, 3, abc, 3), 3);
    CHECK(nn_column_describe(t, 0, &s, &err) == 0);
    CHECK(s.count == 0 && s.missing == 3 && s.distinct == 0 && s.ntop == 0);
    CHECK(nn_column_describe(t, 1, &s, &err) < 0);
    CHECK(strcmp(err.msg, "column 1: the table has 1 columns") == 0);
    nn_table_free(t);
}

/* --- charts ---------------------------------------------------------------- */

static void histogram_matches_numpy(void)
{
    size_t ncases = sizeof ref_histograms / sizeof *ref_histograms;
    for (size_t k = 0; k < ncases; k++) {
        const struct ref_histogram *r = &ref_histograms[k];
        nn_table *t = one_column(numbers(r->name, r->values, r->n), r->n);
        nn_chart c;
        nn_error err;
        printf("# %s, at most %zu bins\n", r->name, r->max_points);
        CHECK(nn_column_chart(t, 0, r->max_points, &c, &err) == 0);
        CHECK(c.kind == NN_CHART_HISTOGRAM && !c.x_is_time);
        CHECK(c.n == r->nbins);
        CHECK_CLOSE(c.bin_width, r->edges[1] - r->edges[0], 1e-12);
        int bad = 0;
        double total = 0;
        for (size_t i = 0; i < c.n && i < r->nbins; i++) {
            bad += fabs(c.x[i] - r->edges[i]) > 1e-12 * fmax(1, fabs(r->edges[i]));
            bad += c.y[i] != r->counts[i];
            total += c.y[i];
        }
        CHECK(bad == 0);
        CHECK(total == (double)(r->n - t->cols[0].missing));
        CHECK(strcmp(c.y_label, "count") == 0 && strcmp(c.x_label, r->name) == 0);
        nn_chart_free(&c);
        nn_table_free(t);
    }
}

static void histogram_of_a_date_column(void)
{
    nn_table *t = stocks_table();
    nn_chart c;
    nn_error err;
    CHECK(nn_column_chart(t, 1, 100, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_HISTOGRAM && c.x_is_time);
    CHECK(c.n == REF_DATE_BINS);
    int bad = 0;
    for (size_t i = 0; i < c.n && i < REF_DATE_BINS; i++)
        bad += c.x[i] != ref_date_edges[i] || c.y[i] != ref_date_counts[i];
    CHECK(bad == 0);
    nn_chart_free(&c);
    nn_table_free(t);
}

static void histogram_of_awkward_columns(void)
{
    nn_chart c;
    nn_error err;
    const float same[5] = {3, 3, NAN, 3, 3};
    nn_table *t = one_column(numbers("same", same, 5), 5);
    CHECK(nn_column_chart(t, 0, 50, &c, &err) == 0); /* numpy: one bin, 2.5 to 3.5 */
    CHECK(c.kind == NN_CHART_HISTOGRAM && c.n == 1);
    CHECK(c.x[0] == 2.5 && c.bin_width == 1 && c.y[0] == 4);
    nn_chart_free(&c);
    nn_table_free(t);

    const float gone[2] = {NAN, NAN};
    t = one_column(numbers("gone", gone, 2), 2);
    CHECK(nn_column_chart(t, 0, 50, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_HISTOGRAM && c.n == 0);
    nn_chart_free(&c);
    CHECK(nn_column_chart(t, 0, 0, &c, &err) < 0);
    CHECK(strcmp(err.msg, "max_points=0: must be at least 1") == 0);
    CHECK(nn_column_chart(t, 2, 10, &c, &err) < 0);
    CHECK(strcmp(err.msg, "column 2: the table has 1 columns") == 0);
    nn_table_free(t);

    /* 0..10 in one bin: the maximum lands in the last (closed) bin */
    const float ramp[11] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    t = one_column(numbers("ramp", ramp, 11), 11);
    CHECK(nn_column_chart(t, 0, 1, &c, &err) == 0);
    CHECK(c.n == 1 && c.x[0] == 0 && c.bin_width == 10 && c.y[0] == 11);
    nn_chart_free(&c);
    /* two bins: edges 0, 5, 10; 5 opens the second bin */
    CHECK(nn_column_chart(t, 0, 2, &c, &err) == 0);
    CHECK(c.n == 2 && c.y[0] == 5 && c.y[1] == 6);
    nn_chart_free(&c);
    nn_table_free(t);
}

static void line_follows_the_first_rows_key(void)
{
    nn_table *t = stocks_table();
    nn_chart c;
    nn_error err;
    CHECK(nn_column_chart(t, 2, 1000, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_LINE && c.x_is_time);
    CHECK(c.n == REF_LINE_N);
    int bad = 0;
    for (size_t i = 0; i < c.n && i < REF_LINE_N; i++)
        bad += c.x[i] != ref_line_x[i] || c.y[i] != ref_line_y[i];
    CHECK(bad == 0);
    char title[64];
    snprintf(title, sizeof title, "price, symbol = %s", ref_line_key);
    CHECK(strcmp(c.title, title) == 0);
    CHECK(strcmp(c.x_label, "date") == 0 && strcmp(c.y_label, "price") == 0);
    nn_chart_free(&c);

    CHECK(nn_column_chart(t, 2, REF_LINE_BUCKETS, &c, &err) == 0);
    CHECK(c.n == REF_LINE_BUCKETS);
    for (size_t i = 0; i < c.n && i < REF_LINE_BUCKETS; i++) {
        CHECK_CLOSE(c.x[i], ref_line_bucket_x[i], 1e-12);
        CHECK_CLOSE(c.y[i], ref_line_bucket_y[i], 1e-12);
    }
    nn_chart_free(&c);
    nn_table_free(t);
}

static void line_of_a_plain_series(void)
{
    /* rows out of order, one value missing; 4 points in 2 buckets */
    const double t5[5] = {3 * DAY, 1 * DAY, 4 * DAY, 2 * DAY, 5 * DAY};
    const float v5[5] = {30, 10, NAN, 20, 50};
    nn_column cols[2] = {numbers("v", v5, 5), dates("d", t5, 5)};
    nn_table *t = table_of(5, 2, cols);
    nn_chart c;
    nn_error err;
    CHECK(nn_column_chart(t, 0, 10, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_LINE && c.n == 4 && strcmp(c.title, "v") == 0);
    CHECK(c.x[0] == DAY && c.x[1] == 2 * DAY && c.x[2] == 3 * DAY && c.x[3] == 5 * DAY);
    CHECK(c.y[0] == 10 && c.y[1] == 20 && c.y[2] == 30 && c.y[3] == 50);
    nn_chart_free(&c);
    CHECK(nn_column_chart(t, 0, 2, &c, &err) == 0);
    CHECK(c.n == 2 && c.x[0] == 1.5 * DAY && c.y[0] == 15 && c.x[1] == 4 * DAY && c.y[1] == 40);
    CHECK(c.x_first == DAY && c.x_last == 5 * DAY); /* the data's own dates, not the buckets' means */
    nn_chart_free(&c);
    /* 4 points in 3 buckets: [0,1) [1,2) [2,4) */
    CHECK(nn_column_chart(t, 0, 3, &c, &err) == 0);
    CHECK(c.n == 3 && c.y[0] == 10 && c.y[1] == 20 && c.y[2] == 40);
    nn_chart_free(&c);
    nn_table_free(t);
}

static void line_of_repeated_dates_without_a_key(void)
{
    /* a text column that repeats with the dates cannot tell series apart,
     * so the values sharing a date are averaged */
    const double d[6] = {2 * DAY, 1 * DAY, 2 * DAY, 1 * DAY, 3 * DAY, 3 * DAY};
    const float v[6] = {10, 1, 20, 3, 5, NAN};
    const float note[6] = {0, 0, 0, 0, 0, 0};
    const char *const same[1] = {"same"};
    nn_column cols[3] = {levels(NN_COL_TEXT, "note", note, 6, same, 1), dates("day", d, 6),
                         numbers("v", v, 6)};
    nn_table *t = table_of(6, 3, cols);
    nn_chart c;
    nn_error err;
    CHECK(nn_column_chart(t, 2, 10, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_LINE && c.n == 3);
    CHECK(c.x[0] == DAY && c.y[0] == 2 && c.x[1] == 2 * DAY && c.y[1] == 15);
    CHECK(c.x[2] == 3 * DAY && c.y[2] == 5);
    CHECK(strcmp(c.title, "v, mean per day") == 0);
    nn_chart_free(&c);

    /* a key with a gap still separates: rows of key b (row 0's) only */
    const float key[6] = {1, 0, 0, 1, NAN, 1};
    const char *const ab[2] = {"a", "b"};
    cols[0] = levels(NN_COL_CATEGORICAL, "k", key, 6, ab, 2);
    nn_column_clear(&t->cols[0]);
    t->cols[0] = cols[0];
    CHECK(nn_column_chart(t, 2, 10, &c, &err) == 0);
    CHECK(c.n == 2 && c.x[0] == DAY && c.y[0] == 3 && c.x[1] == 2 * DAY && c.y[1] == 10);
    CHECK(strcmp(c.title, "v, k = b") == 0);
    nn_chart_free(&c);
    nn_table_free(t);
}

/* nn_column_line: the rows of one key (a level), the key named in the
 * title, its own first and last date; several conditions all hold. */
static void line_of_one_key(void)
{
    const double d[7] = {1 * DAY, 1 * DAY, 2 * DAY, 2 * DAY, 3 * DAY, 4 * DAY, 9 * DAY};
    const float v[7] = {1, 10, 2, 20, 30, 4, 90};
    const float key[7] = {0, 1, 0, 1, 1, 0, 1}, side[7] = {0, 0, 0, 0, 0, 0, 1};
    const char *const ab[2] = {"a", "b"}, *const lr[2] = {"l", "r"};
    nn_column cols[4] = {levels(NN_COL_CATEGORICAL, "k", key, 7, ab, 2), dates("day", d, 7), numbers("v", v, 7),
                         levels(NN_COL_CATEGORICAL, "s", side, 7, lr, 2)};
    nn_table *t = table_of(7, 4, cols);
    nn_chart c;
    nn_error err;
    nn_chart_match b = {0, 1};
    CHECK(nn_column_line(t, 2, &b, 1, 2, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_LINE && c.n == 2 && strcmp(c.title, "v, k = b") == 0);
    CHECK(c.x[0] == 1.5 * DAY && c.y[0] == 15 && c.x[1] == 6 * DAY && c.y[1] == 60); /* bucket means */
    CHECK(c.x_first == DAY && c.x_last == 9 * DAY);
    nn_chart_free(&c);
    nn_chart_match b_left[2] = {{0, 1}, {3, 0}};
    CHECK(nn_column_line(t, 2, b_left, 2, 10, &c, &err) == 0);
    CHECK(c.n == 3 && c.y[2] == 30 && c.x_last == 3 * DAY && strcmp(c.title, "v, k = b, s = l") == 0);
    nn_chart_free(&c);
    CHECK(nn_column_line(t, 0, &b, 1, 10, &c, &err) < 0 && strstr(err.msg, "numeric"));
    nn_chart_match bad = {2, 0};
    CHECK(nn_column_line(t, 2, &bad, 1, 10, &c, &err) < 0 && strstr(err.msg, "'v' has no levels"));
    nn_table_free(t);
}

static void bars_of_levels(void)
{
    nn_table *t = stocks_table();
    nn_chart c;
    nn_error err;
    CHECK(nn_column_chart(t, 0, 3, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_BARS && c.n == 3);
    for (size_t i = 0; i < c.n; i++) { /* the first three of the ties, in level order */
        CHECK(strcmp(c.labels[i], ref_top[3].top[i]) == 0);
        CHECK(c.y[i] == (double)ref_top[3].top_count[i] && c.x[i] == (double)i);
    }
    CHECK(c.labels[0] == t->cols[0].levels[0]); /* owned by the table */
    nn_chart_free(&c);
    CHECK(nn_column_chart(t, 0, 50, &c, &err) == 0);
    CHECK(c.n == 5 && strcmp(c.labels[4], "GOOG") == 0 && c.y[4] == 68);
    nn_chart_free(&c);
    nn_table_free(t);

    t = one_column(levels(NN_COL_BOOLEAN, "card", ref_credit_card, REF_CREDIT_N, NO_YES, 2),
                   REF_CREDIT_N);
    CHECK(nn_column_chart(t, 0, 10, &c, &err) == 0);
    CHECK(c.kind == NN_CHART_BARS && c.n == 2);
    CHECK(strcmp(c.labels[0], ref_top[0].top[0]) == 0 && c.y[0] == (double)ref_top[0].top_count[0]);
    CHECK(strcmp(c.labels[1], ref_top[0].top[1]) == 0 && c.y[1] == (double)ref_top[0].top_count[1]);
    nn_chart_free(&c);
    nn_chart_free(&c); /* twice is harmless */
    nn_table_free(t);
}

int main(void)
{
    TEST(describe_matches_pandas_on_credit_card);
    TEST(top_levels_match_pandas);
    TEST(describe_dates_gives_first_and_last);
    TEST(describe_awkward_columns);
    TEST(histogram_matches_numpy);
    TEST(histogram_of_a_date_column);
    TEST(histogram_of_awkward_columns);
    TEST(line_follows_the_first_rows_key);
    TEST(line_of_a_plain_series);
    TEST(line_of_repeated_dates_without_a_key);
    TEST(line_of_one_key);
    TEST(bars_of_levels);
    return tap_done();
}
