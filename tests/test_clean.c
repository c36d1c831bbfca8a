/* The data-quality steps: winsorize bounds fitted on the training rows
 * only (numpy.quantile's default "linear" method: position q*(n-1) of the
 * sorted values, interpolated), saved with the recipe and applied to new
 * data; smooth by ema, mean and median, per key, in date order, and never
 * reading a later row; integer codes one-hot encoded. Tables are built by
 * hand; expected values are worked out by hand in the comments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "table_by_hand.h"
#include "tap.h"

/* Two keys, AAA and BBB. */
static void add_keys(nn_table *t, const char *name, const int *codes)
{
    static const char *const names[] = {"AAA", "BBB"};
    add_levels(t, name, NN_COL_CATEGORICAL, names, 2, codes);
}

static nn_recipe *recipe_of(const nn_table *t, const char *const *lines)
{
    nn_recipe *r = nn_recipe_new();
    add_lines(r, t, lines);
    return r;
}

/* Feature f of the prepared row made from table row `row`; NAN if none. */
static double at(const nn_prepared *p, int f, size_t row)
{
    for (size_t i = 0; f >= 0 && i < p->nrows; i++)
        if (p->source_row[i] == row)
            return p->x[i * p->nfeatures + (size_t)f];
    return NAN;
}

/* ---- winsorize ---- */

/* Rows 0-7 train, 8 validation, 9 test (ordered split). Training values
 * sorted: 1 2 3 4 5 7 8 9 (n = 8). lower=0.1: position 0.7 -> 1 + 0.7 =
 * 1.7; upper=0.9: position 6.3 -> 8 + 0.3 = 8.3. numpy.quantile gives the
 * same: [1.7, 8.3]. */
static nn_table *clip_table(double test_value)
{
    const double x[10] = {5, 1, 9, 3, 7, 2, 8, 4, 6, test_value};
    const double y[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    nn_table *t = table_new(10);
    add_numbers(t, "x", x);
    add_numbers(t, "y", y);
    return t;
}

static const char *const CLIP_STEPS[] = {"target y", "winsorize x lower=0.1 upper=0.9", "scale none",
                                         "split train=0.8 val=0.1 test=0.1 ordered", NULL};

static void winsorize_fits_on_training_rows_only(void)
{
    const double extremes[] = {1000, -1e6, 6};
    for (size_t e = 0; e < 3; e++) {
        nn_table *t = clip_table(extremes[e]);
        nn_recipe *r = recipe_of(t, CLIP_STEPS);
        nn_prepared p;
        nn_notes notes = {0};
        nn_error err = {{0}};
        CHECK(nn_recipe_prepare(r, t, &p, &notes, &err) == 0);
        nn_clip k;
        CHECK(nn_recipe_clips(r) == 1 && nn_recipe_clip(r, 0, &k) == 0);
        CHECK(strcmp(k.column, "x") == 0);
        CHECK_NEAR(k.lo, 1.7, 1e-12); /* whatever the test row holds */
        CHECK_NEAR(k.hi, 8.3, 1e-12);
        CHECK(k.count == 8 && k.below == 1 && k.above == 1); /* 1 and 9 */
        int f = feature_index(&p, "x");
        CHECK_NEAR(at(&p, f, 1), 1.7, 1e-6);
        CHECK_NEAR(at(&p, f, 2), 8.3, 1e-6);
        CHECK_NEAR(at(&p, f, 0), 5, 1e-6);
        CHECK_NEAR(at(&p, f, 9), extremes[e] > 8.3 ? 8.3 : extremes[e] < 1.7 ? 1.7 : extremes[e], 1e-6);
        int noted = 0;
        for (size_t i = 0; i < notes.n; i++)
            noted |= strstr(notes.items[i], "winsorize 'x'") != NULL;
        CHECK(noted);
        nn_notes_free(&notes);
        nn_prepared_free(&p);
        nn_recipe_free(r);
        nn_table_free(t);
    }
}

static void winsorize_saved_and_applied(void)
{
    nn_table *t = clip_table(1000);
    nn_recipe *r = recipe_of(t, CLIP_STEPS);
    nn_prepared p;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    char *text = nn_recipe_format(r);
    nn_recipe *back = nn_recipe_parse(text, &err);
    CHECK(back != NULL);
    nn_clip k, was;
    CHECK(nn_recipe_clip(r, 0, &was) == 0);
    CHECK(back && nn_recipe_clip(back, 0, &k) == 0 && k.lo == was.lo && k.hi == was.hi &&
          k.below == 1 && k.above == 1 && k.count == 8 && k.lower == 0.1 && k.upper == 0.9);
    /* new data: clipped to the training bounds, not to its own quantiles */
    const double x[3] = {-50, 5, 50}, y[3] = {NAN, NAN, NAN};
    nn_table *fresh = table_new(3);
    add_numbers(fresh, "x", x);
    add_numbers(fresh, "y", y);
    nn_prepared q;
    nn_notes notes = {0};
    CHECK(back && nn_recipe_apply(back, fresh, &q, &notes, &err) == 0);
    int f = feature_index(&q, "x");
    CHECK_NEAR(at(&q, f, 0), 1.7, 1e-6);
    CHECK_NEAR(at(&q, f, 1), 5, 1e-6);
    CHECK_NEAR(at(&q, f, 2), 8.3, 1e-6);
    CHECK(notes.n >= 1 && strstr(notes.items[0], "2 values clipped") != NULL);
    /* a saved winsorize step without its bounds is refused at prediction */
    char *cut = strdup(text), *clip = strstr(cut, "clip x");
    CHECK(clip != NULL);
    if (clip)
        memmove(clip, strchr(clip, '\n') + 1, strlen(strchr(clip, '\n') + 1) + 1);
    nn_recipe *damaged = nn_recipe_parse(cut, &err);
    nn_prepared d;
    CHECK(damaged && nn_recipe_apply(damaged, fresh, &d, NULL, &err) < 0 &&
          strstr(err.msg, "no fitted bounds") != NULL);
    free(text), free(cut);
    nn_notes_free(&notes);
    nn_prepared_free(&p), nn_prepared_free(&q);
    nn_recipe_free(r), nn_recipe_free(back), nn_recipe_free(damaged);
    nn_table_free(t), nn_table_free(fresh);
}

static void winsorize_refuses_bad_arguments(void)
{
    nn_table *t = clip_table(1);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "winsorize x lower=0.9 upper=0.1", &err) < 0 &&
          strstr(err.msg, "lower < upper") != NULL);
    CHECK(nn_recipe_add_line(r, t, "winsorize nothing", &err) < 0 && strstr(err.msg, "nothing"));
    CHECK(nn_recipe_add_line(r, t, "winsorize lower=0.1", &err) < 0);
    CHECK(nn_recipe_steps(r) == 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- smooth ---- */

/* x = 1 2 3 4 10; span 3.
 *   ema (alpha 2/(3+1) = 0.5, from the first value): 1 1.5 2.25 3.125 6.5625
 *   mean of up to 3 rows:                            1 1.5 2    3     17/3
 *   median of up to 3 rows:                          1 1.5 2    3     4 */
static void smooth_ema_mean_median(void)
{
    const double x[5] = {1, 2, 3, 4, 10}, y[5] = {0, 0, 0, 0, 0};
    const char *methods[3] = {"ema=3", "mean=3", "median=3"};
    const double want[3][5] = {{1, 1.5, 2.25, 3.125, 6.5625},
                               {1, 1.5, 2, 3, 17.0 / 3},
                               {1, 1.5, 2, 3, 4}};
    for (int m = 0; m < 3; m++) {
        nn_table *t = table_new(5);
        add_numbers(t, "x", x);
        add_numbers(t, "y", y);
        char line[64];
        snprintf(line, sizeof line, "smooth x %s", methods[m]);
        const char *steps[] = {"target y", line, "scale none", "split train=0.6 val=0.2 test=0.2", NULL};
        nn_recipe *r = recipe_of(t, steps);
        nn_prepared p;
        nn_error err = {{0}};
        CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
        int f = feature_index(&p, "x");
        for (size_t row = 0; row < 5; row++)
            CHECK_NEAR(at(&p, f, row), want[m][row], 1e-6);
        CHECK(strcmp(nn_recipe_step(r, 1), line) == 0);
        nn_prepared_free(&p);
        nn_recipe_free(r);
        nn_table_free(t);
    }
}

/* Two symbols interleaved: AAA 1 2 3, BBB 10 20 30. mean=2 by=sym:
 * AAA 1 1.5 2.5, BBB 10 15 25; without by= the rows mix: 1 5.5 6 11 11.5 16.5. */
static void smooth_per_key(void)
{
    const double x[6] = {1, 10, 2, 20, 3, 30}, y[6] = {0};
    const int sym[6] = {0, 1, 0, 1, 0, 1};
    const double by_key[6] = {1, 10, 1.5, 15, 2.5, 25}, mixed[6] = {1, 5.5, 6, 11, 11.5, 16.5};
    for (int keyed = 0; keyed < 2; keyed++) {
        nn_table *t = table_new(6);
        add_numbers(t, "x", x);
        add_numbers(t, "y", y);
        add_keys(t, "sym", sym);
        const char *steps[] = {"target y", keyed ? "smooth x mean=2 by=sym" : "smooth x mean=2",
                               "scale none", "split train=0.5 val=0.5 test=0", NULL};
        nn_recipe *r = recipe_of(t, steps);
        nn_prepared p;
        nn_error err = {{0}};
        CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
        int f = feature_index(&p, "x");
        for (size_t row = 0; row < 6; row++)
            CHECK_NEAR(at(&p, f, row), keyed ? by_key[row] : mixed[row], 1e-6);
        nn_prepared_free(&p);
        nn_recipe_free(r);
        nn_table_free(t);
    }
}

/* Rows out of date order: days 3 1 2 with x 30 10 20. In date order the
 * series is 10 20 30, mean=2 gives 10 15 25, so table row 0 (day 3) gets
 * 25. A missing value stays missing and counts in no mean: 1 NaN 3
 * (mean=2) gives 1 NaN 3. */
static void smooth_follows_sort_and_keeps_missing(void)
{
    const double x[3] = {30, 10, 20}, days[3] = {3, 1, 2}, y[3] = {0};
    nn_table *t = table_new(3);
    add_numbers(t, "x", x);
    add_numbers(t, "y", y);
    add_days(t, "date", days);
    const char *steps[] = {"target y", "sort date", "smooth x mean=2", "scale none",
                           "split train=0.67 val=0.33 test=0", NULL};
    nn_recipe *r = recipe_of(t, steps);
    nn_prepared p;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    int f = feature_index(&p, "x");
    CHECK_NEAR(at(&p, f, 1), 10, 1e-6);
    CHECK_NEAR(at(&p, f, 2), 15, 1e-6);
    CHECK_NEAR(at(&p, f, 0), 25, 1e-6);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);

    const double g[3] = {1, NAN, 3};
    t = table_new(3);
    add_numbers(t, "x", g);
    add_numbers(t, "y", y);
    const char *steps2[] = {"target y", "smooth x mean=2", "scale none", "split train=1 val=0 test=0", NULL};
    r = recipe_of(t, steps2);
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    f = feature_index(&p, "x");
    CHECK_NEAR(at(&p, f, 0), 1, 1e-6);
    CHECK(isnan(at(&p, f, 1)));
    CHECK_NEAR(at(&p, f, 2), 3, 1e-6);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Changing row k never changes a smoothed value of a row before it. */
static void smooth_is_causal(void)
{
    const double base[8] = {4, 8, 15, 16, 23, 42, 7, 1}, y[8] = {0};
    const char *lines[3] = {"smooth x ema=4 by=sym", "smooth x mean=3 by=sym", "smooth x median=3 by=sym"};
    const int sym[8] = {0, 0, 1, 0, 1, 1, 0, 1};
    for (int m = 0; m < 3; m++) {
        for (size_t k = 0; k < 8; k++) {
            double changed[8];
            memcpy(changed, base, sizeof changed);
            changed[k] = 1e6;
            nn_prepared p[2];
            for (int v = 0; v < 2; v++) {
                nn_table *t = table_new(8);
                add_numbers(t, "x", v ? changed : base);
                add_numbers(t, "y", y);
                add_keys(t, "sym", sym);
                const char *steps[] = {"target y", lines[m], "scale none",
                                       "split train=0.5 val=0.25 test=0.25", NULL};
                nn_recipe *r = recipe_of(t, steps);
                nn_error err = {{0}};
                CHECK(nn_recipe_prepare(r, t, &p[v], NULL, &err) == 0);
                nn_recipe_free(r);
                nn_table_free(t);
            }
            int f = feature_index(&p[0], "x");
            for (size_t row = 0; row < k; row++)
                CHECK(at(&p[0], f, row) == at(&p[1], f, row));
            if (m < 2) /* the changed row itself moves (a median may not) */
                CHECK(at(&p[0], f, k) != at(&p[1], f, k));
            nn_prepared_free(&p[0]), nn_prepared_free(&p[1]);
        }
    }
}

/* With a window on the target, its lags are smoothed but the target
 * stays raw: y = 1 2 3 10 5, mean=2 -> lags 1 1.5 2.5 6.5 7.5; the
 * target of the row ending at y=10 is the raw next value, 5. */
static void smooth_leaves_the_target_raw(void)
{
    const double y[5] = {1, 2, 3, 10, 5};
    nn_table *t = table_new(5);
    add_numbers(t, "y", y);
    const char *steps[] = {"target y", "window 1", "smooth y mean=2", "scale none",
                           "split train=1 val=0 test=0", NULL};
    nn_recipe *r = recipe_of(t, steps);
    nn_prepared p;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    int f = feature_index(&p, "y[t-0]");
    CHECK(f >= 0);
    CHECK_NEAR(at(&p, f, 3), 6.5, 1e-6);
    for (size_t i = 0; i < p.nrows; i++)
        if (p.source_row[i] == 3)
            CHECK(p.y_raw[i] == 5);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void smooth_refuses_bad_arguments(void)
{
    const double x[3] = {1, 2, 3};
    const int sym[3] = {0, 1, 0};
    nn_table *t = table_new(3);
    add_numbers(t, "x", x);
    add_keys(t, "sym", sym);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "smooth x ema=3 mean=3", &err) < 0 && strstr(err.msg, "not several"));
    CHECK(nn_recipe_add_line(r, t, "smooth x mean=1", &err) < 0 && strstr(err.msg, "2 to 10000"));
    CHECK(nn_recipe_add_line(r, t, "smooth sym", &err) < 0 && strstr(err.msg, "expected a numeric"));
    CHECK(nn_recipe_add_line(r, t, "smooth x by=nothing", &err) < 0 && strstr(err.msg, "nothing"));
    CHECK(nn_recipe_steps(r) == 0);
    CHECK(nn_recipe_add_line(r, t, "smooth x", &err) == 0 &&
          strcmp(nn_recipe_step(r, 0), "smooth x ema=5") == 0); /* the default, written out */
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- integer codes ---- */

/* history = 1 3 2 3 1 6 (train, all rows): one feature per code, in
 * ascending order: history=1, =2, =3, =6. */
static void onehot_of_integer_codes(void)
{
    const double h[6] = {1, 3, 2, 3, 1, 6}, y[6] = {0, 1, 0, 1, 0, 1};
    nn_table *t = table_new(6);
    add_numbers(t, "history", h);
    add_numbers(t, "y", y);
    const char *steps[] = {"target y", "encode onehot history", "split train=1 val=0 test=0", NULL};
    nn_recipe *r = recipe_of(t, steps);
    nn_prepared p;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nfeatures == 4);
    const char *names[4] = {"history=1", "history=2", "history=3", "history=6"};
    const double code[4] = {1, 2, 3, 6};
    for (int k = 0; k < 4; k++) {
        int f = feature_index(&p, names[k]);
        CHECK(f == k);
        for (size_t row = 0; row < 6; row++)
            CHECK(at(&p, f, row) == (h[row] == code[k]));
    }
    /* saved and applied: an unseen code gives zeros, with a note */
    char *text = nn_recipe_format(r);
    nn_recipe *back = nn_recipe_parse(text, &err);
    const double h2[2] = {3, 4}, y2[2] = {NAN, NAN};
    nn_table *fresh = table_new(2);
    add_numbers(fresh, "history", h2);
    add_numbers(fresh, "y", y2);
    nn_prepared q;
    nn_notes notes = {0};
    CHECK(back && nn_recipe_apply(back, fresh, &q, &notes, &err) == 0);
    CHECK(q.nfeatures == 4 && q.x[2] == 1 && q.x[0] + q.x[1] + q.x[3] == 0);
    CHECK(q.x[4] + q.x[5] + q.x[6] + q.x[7] == 0);
    CHECK(notes.n == 1 && strstr(notes.items[0], "first: '4'") != NULL);
    free(text);
    nn_notes_free(&notes);
    nn_prepared_free(&p), nn_prepared_free(&q);
    nn_recipe_free(r), nn_recipe_free(back);
    nn_table_free(t), nn_table_free(fresh);
}

static void onehot_refuses_measurements(void)
{
    double frac[60], many[60], y[60] = {0};
    for (int i = 0; i < 60; i++)
        frac[i] = i % 3 + (i == 7 ? 0.5 : 0), many[i] = i; /* frac[7] = 1.5 */
    nn_table *t = table_new(60);
    add_numbers(t, "frac", frac);
    add_numbers(t, "many", many);
    add_numbers(t, "y", y);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "encode onehot frac", &err) < 0 &&
          strstr(err.msg, "value 1.5 in row 8, not an integer code") != NULL);
    CHECK(nn_recipe_add_line(r, t, "encode onehot many", &err) < 0 &&
          strstr(err.msg, "more than 50 distinct") != NULL);
    CHECK(nn_recipe_add_line(r, t, "encode ordinal y", &err) < 0 && strstr(err.msg, "numeric"));
    CHECK(nn_recipe_steps(r) == 0);
    /* codes may not also be winsorized or smoothed */
    CHECK(nn_recipe_add_line(r, t, "encode onehot y", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "smooth y", &err) < 0 && strstr(err.msg, "integer codes"));
    nn_recipe_free(r);
    nn_table_free(t);
}

int main(void)
{
    TEST(winsorize_fits_on_training_rows_only);
    TEST(winsorize_saved_and_applied);
    TEST(winsorize_refuses_bad_arguments);
    TEST(smooth_ema_mean_median);
    TEST(smooth_per_key);
    TEST(smooth_follows_sort_and_keeps_missing);
    TEST(smooth_is_causal);
    TEST(smooth_leaves_the_target_raw);
    TEST(smooth_refuses_bad_arguments);
    TEST(onehot_of_integer_codes);
    TEST(onehot_refuses_measurements);
    return tap_done();
}
