/* Preparing data at the edges: empty and one-row tables, columns with
 * no values, windows longer than every series, prices of zero, classes
 * seen only in test rows, numbers used as classes, unseen levels, hostile
 * recipe text, new data lacking a column, and recipes that must stay as
 * they were when a step or a preparation fails. Tables are built by
 * hand; expected values are worked out in the comments. Run under
 * AddressSanitizer and UBSan, most of these cases crashed or read out of
 * bounds before they were fixed. */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "table_by_hand.h"
#include "tap.h"

/* ---- building tables ---- */

/* 0, 1, 2, ... */
static void add_day_count(nn_table *t, const char *name)
{
    double *d = alloc_rows(t->nrows, sizeof *d);
    for (size_t i = 0; i < t->nrows; i++)
        d[i] = (double)i;
    add_days(t, name, d);
    free(d);
}

static double x_at(const nn_prepared *p, size_t row, int f)
{
    return f < 0 ? NAN : p->x[row * p->nfeatures + (size_t)f];
}

static int has_note(const nn_notes *notes, const char *text)
{
    for (size_t i = 0; i < notes->n; i++)
        if (strstr(notes->items[i], text))
            return 1;
    return 0;
}

static const char *const AB[] = {"a", "b"};
static const char *const ABC[] = {"a", "b", "c"};
static const char *const YESNO[] = {"no", "yes"};

/* ---- tiny tables ---- */

static void empty_table_is_refused_with_a_message(void)
{
    nn_table *t = table_new(0);
    add_numbers(t, "x", NULL);
    add_numbers(t, "y", NULL);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) < 0);
    CHECK(err.msg[0] != '\0');
    CHECK(!nn_recipe_fitted(r));

    /* fitted on one table, applied to an empty one: no rows, no crash */
    nn_table *u = table_new(4);
    add_numbers(u, "x", (const double[]){1, 2, 3, 4});
    add_numbers(u, "y", (const double[]){2, 4, 6, 8});
    CHECK(nn_recipe_add_line(r, u, "split train=1", &err) == 0);
    CHECK(nn_recipe_prepare(r, u, &p, NULL, &err) == 0);
    nn_prepared_free(&p);
    nn_prepared q;
    int rc = nn_recipe_apply(r, t, &q, NULL, &err);
    CHECK(rc == 0 || err.msg[0]);
    if (rc == 0) {
        CHECK(q.nrows == 0 && q.nfeatures == 1);
        nn_prepared_free(&q);
    }
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void one_row_regression(void)
{
    nn_table *t = table_new(1);
    add_numbers(t, "x", (const double[]){5});
    add_numbers(t, "y", (const double[]){7});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    /* 0.7 of one row rounds to one training row; a single value has
     * spread 0: centre 5, scale 1, so x = 0 and y = 0 */
    CHECK(p.nrows == 1 && p.begin[NN_PART_TRAIN + 1] == 1);
    CHECK(p.x[0] == 0 && p.y[0] == 0);
    CHECK_NEAR(nn_prepared_unscale(&p, 0, 0), 7, 1e-9);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* A split whose training part is empty must be refused, not fitted on
 * nothing: 0.1 of 3 rows rounds to 0. */
static void no_training_rows_is_refused(void)
{
    nn_table *t = table_new(3);
    add_numbers(t, "x", (const double[]){1, 2, 3});
    add_numbers(t, "y", (const double[]){1, 2, 3});
    add_levels(t, "ok", NN_COL_BOOLEAN, YESNO, 2, (const int[]){0, 1, 1});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "split train=0.1 val=0.45 test=0.45", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) < 0);
    CHECK(strstr(err.msg, "training") != NULL);
    /* a boolean target always has its two classes: same refusal */
    CHECK(nn_recipe_add_line(r, t, "target ok", &err) == 0);
    err.msg[0] = '\0';
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) < 0);
    CHECK(strstr(err.msg, "training") != NULL);
    CHECK(!nn_recipe_fitted(r));
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- columns without values, levels seen once ---- */

static void all_missing_columns(void)
{
    nn_table *t = table_new(6);
    add_numbers(t, "x", (const double[]){1, 2, 3, 4, 5, 6});
    add_numbers(t, "y", (const double[]){1, 0, 1, 0, 1, 0});
    add_numbers(t, "empty", (const double[]){NAN, NAN, NAN, NAN, NAN, NAN});
    /* a categorical column with levels but no values, last on purpose:
     * its source has no features */
    add_levels(t, "colour", NN_COL_CATEGORICAL, AB, 2, (const int[]){-1, -1, -1, -1, -1, -1});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "split train=1", "impute mean empty", NULL}) == 0);
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        /* x and empty; colour has no level in training, so no feature */
        CHECK(p.nfeatures == 2);
        CHECK(feature_index(&p, "x") == 0 && feature_index(&p, "empty") == 1);
        /* x untouched by its neighbours: z-scores of 1..6 */
        for (size_t i = 0; i < 6; i++)
            CHECK_NEAR(x_at(&p, i, 0), ((double)i + 1 - 3.5) / sqrt(35.0 / 12), 1e-5);
        /* a mean of nothing fills nothing: refused, naming the column */
        CHECK(p.missing[1] == 6);
        CHECK(nn_prepared_check_complete(&p, &err) < 0);
        CHECK(strstr(err.msg, "empty (6)") != NULL);
        nn_prepared_free(&p);
    }
    nn_recipe_free(r);
    nn_table_free(t);
}

/* A category with one level in training is still one-hot: 1 for that
 * level, 0 for a level first seen in test rows. */
static void one_level_onehot(void)
{
    nn_table *t = table_new(4);
    add_day_count(t, "date");
    add_levels(t, "c", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 0, 1});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", "split train=0.75 val=0 test=0.25", NULL}) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, &notes, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(p.nfeatures == 1 && strcmp(p.feature_names[0], "c=a") == 0);
        CHECK(p.begin[NN_PART_TEST] == 3 && p.nrows == 4);
        for (size_t i = 0; i < 3; i++)
            CHECK(x_at(&p, i, 0) == 1);
        CHECK(x_at(&p, 3, 0) == 0); /* "b": unseen, all zeros */
        CHECK(p.missing[0] == 0);
        CHECK(has_note(&notes, "not seen in training"));
        nn_prepared_free(&p);
    }
    nn_notes_free(&notes);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- windows ---- */

static void window_longer_than_every_series(void)
{
    nn_table *t = table_new(5);
    add_levels(t, "k", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 0, 1, 1});
    add_numbers(t, "p", (const double[]){1, 2, 3, 4, 5});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target p", "window 2 by=k", "split train=1", NULL}) == 0);
    /* fitted once: k=a gives one window (p 1,2 -> 3) */
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nrows == 1);
    nn_prepared_free(&p);
    char *before = nn_recipe_format(r);
    /* a table whose series are all too short for the window */
    nn_table *u = table_new(3);
    add_levels(u, "k", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 1});
    add_numbers(u, "p", (const double[]){1, 2, 3});
    CHECK(nn_recipe_prepare(r, u, &p, NULL, &err) < 0);
    CHECK(strstr(err.msg, "no rows") != NULL);
    /* the failed preparation left the earlier fit alone */
    CHECK(nn_recipe_fitted(r));
    char *after = nn_recipe_format(r);
    CHECK(before && after && strcmp(before, after) == 0);
    /* applied to it, the window ending on a's last value is kept (its
     * target lies beyond the data); b has no window at all */
    nn_prepared q;
    int rc = nn_recipe_apply(r, u, &q, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(q.nrows == 1 && isnan(q.y_raw[0]) && q.source_row[0] == 1);
        nn_prepared_free(&q);
    }
    free(before), free(after);
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Returns to or from a price of 0 are not numbers: they must become
 * missing values (features) or rows without a target, never infinities
 * that poison the scalers. p = 10 0 5 6 7 8, window 1 as=return:
 * positions 1..4 have a return before them and a target after;
 *   q=1: x = 0/10-1 = -1,  y = 5/0-1   (not a number: row dropped)
 *   q=2: x = 5/0-1 (missing), y = 6/5-1 = 0.2
 *   q=3: x = 0.2,          y = 7/6-1
 *   q=4: x = 7/6-1,        y = 8/7-1 */
static void returns_through_zero_prices(void)
{
    nn_table *t = table_new(6);
    add_numbers(t, "p", (const double[]){10, 0, 5, 6, 7, 8});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target p", "window 1 as=return", "split train=1", NULL}) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, &notes, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(p.nrows == 3);
        static const double want_y[3] = {0.2, 7.0 / 6 - 1, 8.0 / 7 - 1};
        for (size_t i = 0; i < p.nrows && i < 3; i++) {
            CHECK_NEAR(p.y_raw[i], want_y[i], 1e-6);
            CHECK(isfinite(p.y[i]));
        }
        /* y scaled with the mean and population std of the three */
        double m = (want_y[0] + want_y[1] + want_y[2]) / 3, ss = 0;
        for (int i = 0; i < 3; i++)
            ss += (want_y[i] - m) * (want_y[i] - m);
        CHECK_NEAR(p.y_center[0], m, 1e-6);
        CHECK_NEAR(p.y_scale[0], sqrt(ss / 3), 1e-6);
        CHECK(p.missing[0] == 1 && isnan(x_at(&p, 0, 0)));
        /* x of the other rows from the two present values 0.2, 1/6 */
        double xm = (0.2 + 1.0 / 6) / 2, xs = (0.2 - 1.0 / 6) / 2;
        CHECK_NEAR(x_at(&p, 1, 0), (0.2 - xm) / xs, 1e-4);
        CHECK(has_note(&notes, "without a target"));
        nn_prepared_free(&p);
    }
    nn_notes_free(&notes);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Log returns of negative or zero prices are missing, and a diff of
 * prices is fine whatever their sign. */
static void log_returns_of_negative_prices(void)
{
    nn_table *t = table_new(5);
    add_numbers(t, "p", (const double[]){10, -5, 5, 10, 20});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target p", "window 1 as=logreturn", "scale none", "split train=1", NULL}) == 0);
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        /* q=1: y = log(5/-5) missing, dropped; q=2: x = log(5/-5) missing,
         * y = log 2; q=3: x = log 2, y = log 2 */
        CHECK(p.nrows == 2);
        CHECK(isnan(x_at(&p, 0, 0)) && p.missing[0] == 1);
        CHECK_NEAR(x_at(&p, 1, 0), log(2), 1e-6);
        CHECK_NEAR(p.y_raw[0], log(2), 1e-6);
        nn_prepared_free(&p);
    }
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Windows on a column other than the target: the target is then a level
 * H steps ahead, and the prepared data must say so. */
static void window_as_follows_the_target(void)
{
    nn_table *t = table_new(5);
    add_numbers(t, "a", (const double[]){1, 2, 4, 8, 16});
    add_numbers(t, "b", (const double[]){5, 6, 7, 8, 9});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target b", "window 1 on=a as=return", "scale none", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    /* positions 1..3: x = a return (1 each time), y = b one step later */
    CHECK(p.nrows == 3 && p.windowed);
    CHECK_NEAR(x_at(&p, 0, 0), 1, 1e-6);
    CHECK_NEAR(p.y_raw[0], 7, 1e-6);
    CHECK(p.window_as == NN_WINDOW_LEVEL);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- forward fill and drop ---- */

/* ffill never carries a value from one key to the next. A: x = 1 _ 2 _,
 * B: x = _ 5 _; a window of 1 on y gives A positions 0..2, B 0..1. */
static void ffill_stays_within_its_key(void)
{
    nn_table *t = table_new(7);
    add_levels(t, "k", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 0, 0, 1, 1, 1});
    add_numbers(t, "x", (const double[]){1, NAN, 2, NAN, NAN, 5, NAN});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4, 5, 6, 7});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "impute ffill x", "window 1 on=y by=k", "scale none", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    int fx = feature_index(&p, "x");
    CHECK(p.nrows == 5 && fx >= 0);
    CHECK(x_at(&p, 0, fx) == 1 && x_at(&p, 1, fx) == 1 && x_at(&p, 2, fx) == 2);
    CHECK(isnan(x_at(&p, 3, fx))); /* B's first x: nothing before it in B */
    CHECK(x_at(&p, 4, fx) == 5);
    CHECK(p.missing[fx] == 1);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void impute_drop_with_everything_missing(void)
{
    nn_table *t = table_new(4);
    add_numbers(t, "x", (const double[]){NAN, NAN, NAN, NAN});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "impute drop x", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) < 0);
    /* the message says why no row is left */
    CHECK(strstr(err.msg, "drop") != NULL);
    CHECK(!nn_recipe_fitted(r));
    nn_recipe_free(r);
    nn_table_free(t);
}

/* `impute drop` on the target removes unlabelled rows from training; at
 * prediction the target is what is unknown, so no row may be dropped
 * for lacking it. */
static void impute_drop_target_keeps_rows_to_predict(void)
{
    nn_table *t = table_new(5);
    add_numbers(t, "x", (const double[]){1, 2, 3, 4, 5});
    add_numbers(t, "y", (const double[]){2, NAN, 6, 8, 10});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "impute drop y", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nrows == 4);
    nn_prepared_free(&p);
    nn_table *u = table_new(3);
    add_numbers(u, "x", (const double[]){7, 8, 9});
    add_numbers(u, "y", (const double[]){NAN, NAN, NAN});
    nn_prepared q;
    CHECK(nn_recipe_apply(r, u, &q, NULL, &err) == 0);
    CHECK(q.nrows == 3);
    nn_prepared_free(&q);
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- classes ---- */

/* A class present only in the last dates lands in test; it cannot be
 * learned, so its rows leave the data with a note, and the classes are
 * those of training. */
static void class_only_in_test_rows(void)
{
    nn_table *t = table_new(10);
    add_day_count(t, "date");
    add_numbers(t, "x", (const double[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    add_levels(t, "y", NN_COL_CATEGORICAL, ABC, 3, (const int[]){0, 1, 0, 1, 0, 1, 0, 1, 2, 2});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", "split train=0.6 val=0.2 test=0.2", NULL}) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, &notes, &err) == 0);
    CHECK(p.task == NN_TASK_MULTICLASS && p.ntargets == 2 && p.nclasses == 2);
    CHECK(strcmp(p.class_names[0], "a") == 0 && strcmp(p.class_names[1], "b") == 0);
    /* days 0-5 train, 6-7 val, 8-9 (class c) test and left out */
    CHECK(p.begin[NN_PART_VAL] == 6 && p.begin[NN_PART_TEST] == 8 && p.nrows == 8);
    for (size_t i = 0; i < p.nrows; i++)
        CHECK(p.y[i * 2] + p.y[i * 2 + 1] == 1);
    CHECK(has_note(&notes, "absent from the training rows"));
    nn_prepared_free(&p);
    /* applying to a table with class c: the class is unknown, not a crash */
    nn_prepared q;
    nn_notes_free(&notes);
    CHECK(nn_recipe_apply(r, t, &q, &notes, &err) == 0);
    CHECK(q.nrows == 10 && isnan(q.y_raw[9]) && q.y[9 * 2] == 0 && q.y[9 * 2 + 1] == 0);
    CHECK(has_note(&notes, "not seen in training"));
    nn_prepared_free(&q);
    nn_notes_free(&notes);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Numbers as classes: any value, negative or beyond an int, is its own
 * class and stratum. 12 rows, 4 of each of -2, 0.5, 3e9, split
 * 0.5/0.25/0.25 stratified: each class gives 2 rows to training. */
static void numeric_target_as_classes(void)
{
    static const double v[3] = {-2, 0.5, 3e9};
    double y[12], x[12];
    for (int i = 0; i < 12; i++)
        y[i] = v[i % 3], x[i] = i;
    nn_table *t = table_new(12);
    add_numbers(t, "x", x);
    add_numbers(t, "y", y);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "y", NN_TASK_BINARY, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) < 0); /* three classes */
    CHECK(strstr(err.msg, "binary") != NULL);
    CHECK(nn_recipe_target(r, t, "y", NN_TASK_MULTICLASS, &err) == 0);
    for (uint64_t seed = 1; seed <= 6; seed++) {
        nn_recipe *s = nn_recipe_copy(r);
        CHECK(nn_recipe_split(s, t, 0.5, 0.25, 0.25, NN_ORDER_SHUFFLE, seed, &err) == 0);
        CHECK(nn_recipe_prepare(s, t, &p, NULL, &err) == 0);
        CHECK(p.nclasses == 3 && strcmp(p.class_names[0], "-2") == 0 &&
              strcmp(p.class_names[1], "0.5") == 0 && strcmp(p.class_names[2], "3e+09") == 0);
        size_t per_class[3] = {0, 0, 0};
        for (size_t i = 0; i < p.begin[NN_PART_TRAIN + 1]; i++)
            per_class[(size_t)p.y_raw[i]]++;
        CHECK(per_class[0] == 2 && per_class[1] == 2 && per_class[2] == 2);
        nn_prepared_free(&p);
        nn_recipe_free(s);
    }
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- encodings ---- */

/* Ordinal levels are indexes among the training levels (sorted): with
 * training rows hi lo lo hi hi, the levels are hi=0 lo=1, the mode hi;
 * a missing value and the unseen "mid" take the mode, 0. Scaled with
 * the training values 0 1 1 0 0: mean 0.4, population std sqrt(0.24). */
static void ordinal_unseen_and_missing(void)
{
    static const char *const levels[] = {"hi", "lo", "mid"};
    nn_table *t = table_new(8);
    add_day_count(t, "date");
    add_levels(t, "grade", NN_COL_CATEGORICAL, levels, 3, (const int[]){0, 1, 1, 0, 0, 2, -1, 1});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4, 5, 6, 7, 8});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", "encode ordinal grade", "impute mode grade",
                                           "split train=0.625 val=0 test=0.375", NULL}) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, &notes, &err) == 0);
    CHECK(p.nfeatures == 1 && strcmp(p.feature_names[0], "grade") == 0);
    CHECK(p.begin[NN_PART_TEST] == 5 && p.nrows == 8);
    double s = sqrt(0.24);
    static const double index[8] = {0, 1, 1, 0, 0, 0, 0, 1};
    for (size_t i = 0; i < p.nrows && i < 8; i++)
        CHECK_NEAR(x_at(&p, i, 0), (index[i] - 0.4) / s, 1e-5);
    CHECK(p.missing[0] == 0);
    CHECK(has_note(&notes, "'mid'"));
    nn_prepared_free(&p);
    nn_notes_free(&notes);

    /* new data with its own level list: matched by name */
    static const char *const other[] = {"lo", "zzz"};
    nn_table *u = table_new(2);
    add_days(u, "date", (const double[]){20, 21});
    add_levels(u, "grade", NN_COL_CATEGORICAL, other, 2, (const int[]){0, 1});
    nn_prepared q;
    CHECK(nn_recipe_apply(r, u, &q, NULL, &err) == 0);
    CHECK_NEAR(q.x[0], (1 - 0.4) / s, 1e-5);
    CHECK_NEAR(q.x[1], (0 - 0.4) / s, 1e-5);
    nn_prepared_free(&q);

    /* without imputation an unseen level has no value: it is missing,
     * and the note says so rather than promising a fill */
    nn_recipe *bare = nn_recipe_new();
    CHECK(add_lines(bare, t, (const char *[]){"target y", "sort date", "encode ordinal grade",
                                              "split train=0.625 val=0 test=0.375", NULL}) == 0);
    CHECK(nn_recipe_prepare(bare, t, &p, NULL, &err) == 0);
    nn_prepared_free(&p);
    CHECK(nn_recipe_apply(bare, u, &q, &notes, &err) == 0);
    CHECK(isnan(q.x[1]) && q.missing[0] == 1);
    CHECK(has_note(&notes, "'zzz'") && has_note(&notes, "missing"));
    nn_prepared_free(&q);
    nn_notes_free(&notes);
    nn_recipe_free(bare);
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void text_columns_need_encoding(void)
{
    static const char *const ids[] = {"id1", "id2", "id3", "id4"};
    nn_table *t = table_new(4);
    add_levels(t, "id", NN_COL_TEXT, ids, 4, (const int[]){0, 1, 2, 3});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4});
    add_numbers(t, "x", (const double[]){4, 3, 2, 1});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "split train=1", NULL}) == 0);
    CHECK(nn_recipe_add_line(r, t, "keep id x", &err) < 0);
    CHECK(strstr(err.msg, "encode onehot id") != NULL);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nfeatures == 1); /* text is ignored unless encoded */
    nn_prepared_free(&p);
    CHECK(nn_recipe_add_line(r, t, "encode onehot id", &err) == 0);
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nfeatures == 5 && feature_index(&p, "id=id3") == 2);
    CHECK(x_at(&p, 2, 2) == 1 && x_at(&p, 1, 2) == 0);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* 1970-01-01 was a Thursday; day 31 is 1 February (a Sunday). */
static void calendar_features(void)
{
    nn_table *t = table_new(4);
    add_days(t, "d", (const double[]){0, 31, 1, 4});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "calendar d", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.nfeatures == 19);
    int thu = feature_index(&p, "d.weekday=Thu"), sun = feature_index(&p, "d.weekday=Sun");
    int mon = feature_index(&p, "d.weekday=Mon"), fri = feature_index(&p, "d.weekday=Fri");
    int jan = feature_index(&p, "d.month=Jan"), feb = feature_index(&p, "d.month=Feb");
    /* sorted by the calendar date: days 0, 1, 4, 31 */
    CHECK(x_at(&p, 0, thu) == 1 && x_at(&p, 0, jan) == 1);
    CHECK(x_at(&p, 1, fri) == 1);
    CHECK(x_at(&p, 2, mon) == 1);
    CHECK(x_at(&p, 3, sun) == 1 && x_at(&p, 3, feb) == 1 && x_at(&p, 3, jan) == 0);
    float sum = 0;
    for (size_t f = 0; f < p.nfeatures; f++)
        sum += x_at(&p, 3, (int)f);
    CHECK(sum == 2);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- splits ---- */

static void split_without_val_or_test(void)
{
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = i;
    nn_table *t = table_new(10);
    add_day_count(t, "date");
    add_numbers(t, "x", x);
    add_numbers(t, "y", x);
    static const struct {
        const char *line;
        size_t train, val, test;
    } cases[] = {
        {"split train=1", 10, 0, 0},
        {"split train=0.8 val=0", 8, 0, 2},
        {"split train=0.8 test=0", 8, 2, 0},
        {"split train=0.8 val=0 shuffle seed=9", 8, 0, 2},
        {"split train=0.7 val=0.3 test=0 ordered", 7, 3, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nn_recipe *r = nn_recipe_new();
        nn_error err = {{0}};
        CHECK(add_lines(r, t, (const char *[]){"target y", cases[k].line, NULL}) == 0);
        nn_prepared p;
        CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
        CHECK(p.begin[1] - p.begin[0] == cases[k].train);
        CHECK(p.begin[2] - p.begin[1] == cases[k].val);
        CHECK(p.begin[3] - p.begin[2] == cases[k].test);
        nn_prepared_free(&p);
        nn_recipe_free(r);
    }
    nn_table_free(t);
}

static void walk_forward_with_few_dates(void)
{
    nn_table *t = table_new(3);
    add_day_count(t, "date");
    add_numbers(t, "y", (const double[]){1, 2, 3});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "window 1", NULL}) == 0);
    /* windows at days 0 and 1: two times, three folds need four */
    nn_prepared p;
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_EXPANDING, 3, 0}, &p, NULL, &err) < 0);
    CHECK(strstr(err.msg, "folds=3") != NULL);
    /* one fold: train day 0, test day 1; the training row's target is
     * day 1, in the test block, so it is purged and nothing is left to
     * train on: refused */
    err.msg[0] = '\0';
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_EXPANDING, 1, 0}, &p, NULL, &err) < 0);
    CHECK(strstr(err.msg, "training") != NULL);
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_EXPANDING, 1, 1}, &p, NULL, &err) < 0);
    CHECK(!nn_recipe_fitted(r));
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- statistics fitted on training rows only ---- */

/* x = 1 2 3 4 100 200 by date, train 0.5: the first three rows.
 *   zscore: mean 2, population std sqrt(2/3)
 *   minmax: min 1, range 2
 *   robust: median 2, IQR 2.5 - 1.5 = 1 (linear quantiles, as numpy) */
static void scalers_use_training_rows_only(void)
{
    nn_table *t = table_new(6);
    add_day_count(t, "date");
    add_numbers(t, "x", (const double[]){1, 2, 3, 4, 100, 200});
    add_numbers(t, "y", (const double[]){10, 20, 30, 40, 1000, 2000});
    static const struct {
        const char *line;
        double center, scale;
    } cases[] = {
        {"scale zscore", 2, 0.816496580927726},
        {"scale minmax", 1, 2},
        {"scale robust", 2, 1},
    };
    for (size_t k = 0; k < 3; k++) {
        nn_recipe *r = nn_recipe_new();
        nn_error err = {{0}};
        CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", cases[k].line,
                                               "split train=0.5 val=0.5 test=0", NULL}) == 0);
        nn_prepared p;
        CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
        CHECK(p.begin[1] == 3);
        CHECK_NEAR(x_at(&p, 5, 0), (200 - cases[k].center) / cases[k].scale, 1e-3);
        CHECK_NEAR(x_at(&p, 0, 0), (1 - cases[k].center) / cases[k].scale, 1e-5);
        CHECK_NEAR(p.y_center[0], 10 * cases[k].center, 1e-9);
        CHECK_NEAR(p.y_scale[0], 10 * cases[k].scale, 1e-9);
        nn_prepared_free(&p);
        nn_recipe_free(r);
    }
    nn_table_free(t);
}

/* The mean fill comes from training rows: x = 2 4 _ 100, train = the
 * first three rows: mean 3; the scale of the filled values 2 4 3 is
 * sqrt(2/3) about 3. */
static void imputation_uses_training_rows_only(void)
{
    nn_table *t = table_new(4);
    add_day_count(t, "date");
    add_numbers(t, "x", (const double[]){2, 4, NAN, 100});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", "impute mean x",
                                           "split train=0.75 val=0.25 test=0", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    double s = sqrt(2.0 / 3);
    CHECK_NEAR(x_at(&p, 2, 0), 0, 1e-6);
    CHECK_NEAR(x_at(&p, 3, 0), (100 - 3) / s, 1e-3);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- text round trip ---- */

/* Column names with spaces, quotes, '=', '#', ';', backslashes, a
 * newline and UTF-8 survive a save and a load, steps and fit alike; a
 * column named like a keyword ("value=5") stays a column. */
static void round_trip_with_awkward_names(void)
{
    static const char *const cats[] = {"x y", "q\"uote", "#h"};
    nn_table *t = table_new(8);
    add_day_count(t, "the date");
    add_numbers(t, "value=5", (const double[]){1, NAN, 3, 4, 5, 6, 7, 8});
    add_levels(t, "cat;egory #1", NN_COL_CATEGORICAL, cats, 3, (const int[]){0, 1, 2, 0, 1, 2, 0, 1});
    add_numbers(t, "pr\\ice\nline", (const double[]){1, 2, 3, 4, 5, 6, 7, 9});
    add_numbers(t, "größe 価格", (const double[]){8, 7, 6, 5, 4, 3, 2, 1});
    add_levels(t, "k=ey", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 0, 0, 1, 1, 1, 1});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "größe 価格", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_impute(r, t, NN_IMPUTE_MEAN, 0, (const char *[]){"value=5"}, 1, &err) == 0);
    CHECK(nn_recipe_encode(r, t, NN_ENCODE_ONEHOT, (const char *[]){"cat;egory #1"}, 1, &err) == 0);
    CHECK(nn_recipe_window(r, t, 2, (const char *[]){"pr\\ice\nline"}, 1, NN_WINDOW_DIFF, 1, "k=ey", &err) == 0);
    CHECK(nn_recipe_sort(r, t, "the date", &err) == 0);
    CHECK(nn_recipe_split(r, t, 0.5, 0.5, 0, NN_ORDER_AUTO, UINT64_MAX, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    char *text = nn_recipe_format(r);
    nn_recipe *back = nn_recipe_parse(text, &err);
    CHECK(back != NULL);
    if (!back)
        printf("#   %s\n", err.msg);
    char *again = back ? nn_recipe_format(back) : NULL;
    CHECK(again && strcmp(text, again) == 0);
    CHECK(back && nn_recipe_steps(back) == nn_recipe_steps(r));
    for (size_t i = 0; back && i < nn_recipe_steps(r); i++)
        CHECK(strcmp(nn_recipe_step(back, i), nn_recipe_step(r, i)) == 0);
    CHECK(strstr(text, "seed=18446744073709551615") != NULL);
    nn_prepared q;
    CHECK(back && nn_recipe_apply(back, t, &q, NULL, &err) == 0);
    if (back && q.nfeatures == p.nfeatures) {
        size_t same = 0;
        for (size_t i = 0; i < p.nrows; i++)
            for (size_t j = 0; j < q.nrows; j++)
                if (p.source_row[i] == q.source_row[j])
                    same += memcmp(p.x + i * p.nfeatures, q.x + j * q.nfeatures,
                                   p.nfeatures * sizeof(float)) == 0;
        CHECK(same == p.nrows);
        nn_prepared_free(&q);
    }
    /* a recipe parsed back is also a recipe steps can be added to */
    CHECK(back && nn_recipe_add_line(back, t, "impute constant value=-1 \"value=5\"", &err) == 0);
    /* value= belongs to constant only: after mean it is a column name */
    CHECK(nn_recipe_add_line(r, t, "impute mean value=3", &err) < 0);
    CHECK(strstr(err.msg, "'value=3'") != NULL);
    free(text), free(again);
    nn_prepared_free(&p);
    nn_recipe_free(back);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void split_seeds_survive_text(void)
{
    nn_table *t = table_new(2);
    add_numbers(t, "y", (const double[]){1, 2});
    static const uint64_t seeds[] = {0, 9007199254740993ull, UINT64_MAX};
    for (int k = 0; k < 3; k++) {
        nn_recipe *r = nn_recipe_new();
        nn_error err = {{0}};
        CHECK(nn_recipe_split(r, t, 1, 0, 0, NN_ORDER_SHUFFLE, seeds[k], &err) == 0);
        char want[64];
        snprintf(want, sizeof want, "seed=%llu", (unsigned long long)seeds[k]);
        CHECK(strstr(nn_recipe_step(r, 0), want) != NULL);
        nn_recipe *s = nn_recipe_new();
        CHECK(nn_recipe_add_line(s, t, nn_recipe_step(r, 0), &err) == 0);
        CHECK(nn_recipe_steps(s) == 1 && strcmp(nn_recipe_step(s, 0), nn_recipe_step(r, 0)) == 0);
        nn_recipe_free(s);
        nn_recipe_free(r);
    }
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "split train=1 seed=1e30", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "split train=1 seed=-3", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "split train=1 seed=18446744073709551616", &err) < 0);
    CHECK(nn_recipe_steps(r) == 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Numbers in recipe text are in the C locale whatever the user's: with a
 * locale whose decimal mark is ',' (when one is installed). */
static void numbers_ignore_the_locale(void)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE"};
    const char *got = NULL;
    for (size_t i = 0; i < 5 && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got) {
        printf("# no locale with a decimal comma installed: case not exercised\n");
        return;
    }
    nn_table *t = table_new(4);
    add_numbers(t, "x", (const double[]){1, 2, 3, 4});
    add_numbers(t, "y", (const double[]){1.5, 2, 3, 4});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "split train=0.5 val=0.25 test=0.25 ordered",
                                           "impute constant value=2.5 x", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    nn_prepared_free(&p);
    char *text = nn_recipe_format(r);
    CHECK(text && strstr(text, "train=0.5 ") && strstr(text, "value=2.5 ") && !strstr(text, "0,5"));
    nn_recipe *back = text ? nn_recipe_parse(text, &err) : NULL;
    CHECK(back != NULL);
    char *again = back ? nn_recipe_format(back) : NULL;
    CHECK(again && strcmp(again, text) == 0);
    setlocale(LC_NUMERIC, "C");
    free(text), free(again);
    nn_recipe_free(back);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- hostile recipe text ---- */

static nn_table *stock_table(void)
{
    nn_table *t = table_new(8);
    add_day_count(t, "date");
    add_levels(t, "sym", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 0, 0, 0, 1, 1, 1, 1});
    add_numbers(t, "price", (const double[]){10, 11, 12, 13, 20, 22, 21, 23});
    add_levels(t, "up", NN_COL_BOOLEAN, YESNO, 2, (const int[]){1, 1, 1, 0, 1, 0, 1, 0});
    return t;
}

static char *fitted_stock_recipe(const nn_table *t)
{
    nn_recipe *r = nn_recipe_new();
    add_lines(r, t, (const char *[]){"target price", "window 2 on=price as=diff by=sym", "calendar date",
                                     "split train=1", NULL});
    nn_prepared p;
    nn_error err = {{0}};
    char *text = NULL;
    if (nn_recipe_prepare(r, t, &p, NULL, &err) == 0) {
        nn_prepared_free(&p);
        text = nn_recipe_format(r);
    }
    nn_recipe_free(r);
    return text;
}

/* A parsed recipe is NULL with a message, or one that applies without a
 * memory error. */
static int parse_and_apply(const char *text, const nn_table *t)
{
    nn_error err = {{0}};
    nn_recipe *r = nn_recipe_parse(text, &err);
    if (!r)
        return err.msg[0] ? 0 : -1;
    nn_prepared p;
    if (nn_recipe_apply(r, t, &p, NULL, &err) == 0)
        nn_prepared_free(&p);
    else if (!err.msg[0])
        return -1;
    char *again = nn_recipe_format(r);
    free(again);
    nn_recipe_free(r);
    return 0;
}

static void hostile_recipe_text(void)
{
    nn_table *t = stock_table();
    static const char *const bad[] = {
        "",
        "nnwb-recipe 1",
        "nnwb-recipe 2\nend\n",
        "nnwb-recipe 1\nstep\nend\n",
        "nnwb-recipe 1\nstep window 0\nend\n",
        "nnwb-recipe 1\nstep target \"price\nend\n",
        "nnwb-recipe 1\nstep target price task=sideways\nend\n",
        "nnwb-recipe 1\nstep split train=1 seed=1e300\nend\n",
        "nnwb-recipe 1\ncolumn date date 99 0\nend\n",
        "nnwb-recipe 1\ncolumn date date -1 0\nend\n",
        "nnwb-recipe 1\ncolumn x\nend\n",
        "nnwb-recipe 1\nclass a\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nfit regression 0 1\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nsource value price 0 level nan 0\nfeature price 0 0\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nsource lag price 1e30 level nan 0\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nsource lag price nan level nan 0\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nsource lag price -1 level nan 0\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nfit regression 0 1\nsource onehot sym 0 level 0 2\nlevel a\nfeature sym=a 0 1\nend\n",
        /* lags and windows that disagree would read before each series */
        "nnwb-recipe 1\nstep target price\nstep window 2 on=price\nfit regression 0 1\n"
        "source lag price 5 level nan 0\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nstep target price\nstep window 1 on=price\nfit regression 0 1\n"
        "source lag price 0 diff nan 0\nfeature p 0 1\nend\n",
        "nnwb-recipe 1\nstep target price\nfit regression 0 1\n"
        "source lag price 0 level nan 0\nfeature p 0 1\nend\n",
        /* classifications need their classes */
        "nnwb-recipe 1\nstep target up\nfit binary 0 1\nsource value price nan 0\nfeature price 0 1\nend\n",
        "nnwb-recipe 1\nstep target up\nfit multiclass 0 1\nclass a\nsource value price nan 0\n"
        "feature price 0 1\nend\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nn_error err = {{0}};
        nn_recipe *r = nn_recipe_parse(bad[i], &err);
        if (r || !err.msg[0])
            printf("#   accepted or silent: case %zu\n", i);
        CHECK(r == NULL && err.msg[0]);
        nn_recipe_free(r);
    }
    nn_error err = {{0}};
    CHECK(nn_recipe_parse(NULL, &err) == NULL && err.msg[0]);
    /* blank lines are allowed (and cost no memory) */
    nn_recipe *blank = nn_recipe_parse("nnwb-recipe 1\n\n  \nend\n", &err);
    CHECK(blank && nn_recipe_steps(blank) == 0 && !nn_recipe_fitted(blank));
    nn_recipe_free(blank);

    /* every truncation of a good recipe, and single-byte damage */
    char *text = fitted_stock_recipe(t);
    CHECK(text != NULL);
    size_t len = text ? strlen(text) : 0, failures = 0;
    for (size_t cut = 0; cut < len; cut++) {
        char *part = strndup(text, cut);
        failures += parse_and_apply(part, t) < 0;
        free(part);
    }
    static const char swaps[] = "0129-.e\"\\ =\n#xn";
    for (size_t i = 0; i < len; i++) {
        for (size_t k = 0; k < sizeof swaps - 1; k++) {
            char *damaged = strdup(text);
            damaged[i] = swaps[k];
            failures += parse_and_apply(damaged, t) < 0;
            free(damaged);
        }
    }
    CHECK(failures == 0);
    /* a recipe saved with CR LF line ends still reads */
    size_t crlf_len = 0;
    char *crlf = malloc(2 * len + 1);
    for (size_t i = 0; text && i < len; i++) {
        if (text[i] == '\n')
            crlf[crlf_len++] = '\r';
        crlf[crlf_len++] = text[i];
    }
    crlf[crlf_len] = '\0';
    nn_recipe *r = nn_recipe_parse(crlf, &err);
    CHECK(r != NULL);
    char *again = r ? nn_recipe_format(r) : NULL;
    CHECK(again && text && strcmp(again, text) == 0);
    free(again), free(crlf), free(text);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- new data that does not fit ---- */

static void apply_names_missing_and_mistyped_columns(void)
{
    nn_table *t = table_new(6);
    add_numbers(t, "income", (const double[]){1, 2, 3, 4, 5, 6});
    add_levels(t, "colour", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 1, 0, 1, 0, 1});
    add_numbers(t, "y", (const double[]){1, 2, 3, 4, 5, 6});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target y", "keep income colour y", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    nn_prepared_free(&p);

    /* no target: fine, even though `keep` listed it */
    nn_table *u = table_new(2);
    add_numbers(u, "income", (const double[]){7, 8});
    add_levels(u, "colour", NN_COL_CATEGORICAL, AB, 2, (const int[]){1, 0});
    nn_prepared q;
    int rc = nn_recipe_apply(r, u, &q, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(q.nrows == 2 && q.y == NULL);
        nn_prepared_free(&q);
    } else {
        printf("#   %s\n", err.msg);
    }
    nn_table_free(u);

    /* a feature column missing */
    u = table_new(2);
    add_levels(u, "colour", NN_COL_CATEGORICAL, AB, 2, (const int[]){1, 0});
    CHECK(nn_recipe_apply(r, u, &q, NULL, &err) < 0);
    CHECK(strstr(err.msg, "income") != NULL);
    nn_table_free(u);

    /* a feature column of the wrong type, each way round */
    u = table_new(2);
    add_levels(u, "income", NN_COL_CATEGORICAL, AB, 2, (const int[]){1, 0});
    add_levels(u, "colour", NN_COL_CATEGORICAL, AB, 2, (const int[]){1, 0});
    CHECK(nn_recipe_apply(r, u, &q, NULL, &err) < 0);
    CHECK(strstr(err.msg, "'income'") && strstr(err.msg, "numeric"));
    nn_table_free(u);
    u = table_new(2);
    add_numbers(u, "income", (const double[]){7, 8});
    add_numbers(u, "colour", (const double[]){1, 0});
    CHECK(nn_recipe_apply(r, u, &q, NULL, &err) < 0);
    CHECK(strstr(err.msg, "'colour'") && strstr(err.msg, "categorical"));
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- atomicity and copies ---- */

static void out_of_range_choices_are_refused(void)
{
    nn_table *t = table_new(2);
    add_numbers(t, "y", (const double[]){1, 2});
    add_levels(t, "c", NN_COL_CATEGORICAL, AB, 2, (const int[]){0, 1});
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "y", (nn_task)7, &err) < 0 && err.msg[0]);
    CHECK(nn_recipe_encode(r, t, (nn_encode)5, (const char *[]){"c"}, 1, &err) < 0);
    CHECK(nn_recipe_scale(r, t, (nn_scale)9, &err) < 0);
    CHECK(nn_recipe_split(r, t, 1, 0, 0, (nn_order)4, 1, &err) < 0);
    CHECK(nn_recipe_impute(r, t, (nn_impute)99, 0, NULL, 0, &err) < 0);
    CHECK(nn_recipe_window(r, t, 1, NULL, 0, (nn_window_as)8, 1, NULL, &err) < 0);
    CHECK(nn_recipe_steps(r) == 0);
    CHECK(strcmp(nn_task_name((nn_task)9), "auto") == 0);
    CHECK(strcmp(nn_scale_name((nn_scale)-2), "?") == 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void failures_leave_recipe_and_fit_alone(void)
{
    nn_table *t = stock_table();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(add_lines(r, t, (const char *[]){"target price", "window 2 by=sym", "split train=1", NULL}) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    char *before = nn_recipe_format(r);
    /* refused steps keep the steps and the fit */
    CHECK(nn_recipe_add_line(r, t, "drop nosuch", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "target sym task=regression", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "window 2 on=up", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "split train=0.9 val=0.9", &err) < 0);
    CHECK(nn_recipe_fitted(r));
    /* a failed preparation on a table lacking the key, the same */
    nn_table *u = table_new(2);
    add_numbers(u, "price", (const double[]){1, 2});
    nn_prepared q = p;
    CHECK(nn_recipe_prepare(r, u, &q, NULL, &err) < 0);
    CHECK(strstr(err.msg, "sym") != NULL);
    CHECK(memcmp(&q, &p, sizeof p) == 0); /* *out untouched */
    char *after = nn_recipe_format(r);
    CHECK(before && after && strcmp(before, after) == 0);

    /* a copy is deep: it outlives the original and changes alone */
    nn_recipe *c = nn_recipe_copy(r);
    nn_recipe_free(r);
    char *copied = nn_recipe_format(c);
    CHECK(copied && strcmp(copied, before) == 0);
    nn_prepared a;
    CHECK(nn_recipe_apply(c, t, &a, NULL, &err) == 0);
    CHECK(a.nfeatures == p.nfeatures);
    nn_prepared_free(&a);
    nn_recipe *d = nn_recipe_copy(c);
    CHECK(nn_recipe_add_line(d, t, "scale none", &err) == 0);
    CHECK(nn_recipe_fitted(c) && !nn_recipe_fitted(d));
    CHECK(nn_recipe_steps(c) == 3 && nn_recipe_steps(d) == 4);
    free(before), free(after), free(copied);
    nn_prepared_free(&p);
    nn_recipe_free(c);
    nn_recipe_free(d);
    nn_table_free(u);
    nn_table_free(t);
}

int main(void)
{
    TEST(empty_table_is_refused_with_a_message);
    TEST(one_row_regression);
    TEST(no_training_rows_is_refused);
    TEST(all_missing_columns);
    TEST(one_level_onehot);
    TEST(window_longer_than_every_series);
    TEST(returns_through_zero_prices);
    TEST(log_returns_of_negative_prices);
    TEST(window_as_follows_the_target);
    TEST(ffill_stays_within_its_key);
    TEST(impute_drop_with_everything_missing);
    TEST(impute_drop_target_keeps_rows_to_predict);
    TEST(class_only_in_test_rows);
    TEST(numeric_target_as_classes);
    TEST(ordinal_unseen_and_missing);
    TEST(text_columns_need_encoding);
    TEST(calendar_features);
    TEST(split_without_val_or_test);
    TEST(walk_forward_with_few_dates);
    TEST(scalers_use_training_rows_only);
    TEST(imputation_uses_training_rows_only);
    TEST(round_trip_with_awkward_names);
    TEST(split_seeds_survive_text);
    TEST(numbers_ignore_the_locale);
    TEST(hostile_recipe_text);
    TEST(apply_names_missing_and_mistyped_columns);
    TEST(out_of_range_choices_are_refused);
    TEST(failures_leave_recipe_and_fit_alone);
    return tap_done();
}
