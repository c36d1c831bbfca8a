/* Preparing data: windows per key, leak-free splits, statistics fitted on
 * training rows only, imputation, encoding, unseen categories, refusal of
 * missing values, and a saved recipe preparing the same matrix again.
 * Tables are built by hand here, so these tests do not depend on the CSV
 * loader; expected values are worked out by hand in the comments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "recipe/steps.h"
#include "table_by_hand.h"
#include "tap.h"

/* ---- building tables ---- */

static const char *const SYMBOLS[] = {"AAA", "BBB"};

/* Two interleaved series, rows shuffled on purpose:
 *   AAA on days 0..5: 10 11 12 13 14 15
 *   BBB on days 0..3: 100 110 121 133.1 */
static nn_table *two_series(void)
{
    static const int sym[10] = {1, 0, 0, 1, 0, 0, 1, 0, 1, 0};
    static const double day[10] = {2, 5, 0, 0, 3, 1, 1, 2, 3, 4};
    static const double price[10] = {121, 15, 10, 100, 13, 11, 110, 12, 133.1, 14};
    nn_table *t = table_new(10);
    add_levels(t, "symbol", NN_COL_CATEGORICAL, SYMBOLS, 2, sym);
    add_days(t, "date", day);
    add_numbers(t, "price", price);
    return t;
}

static const float *row_of(const nn_prepared *p, size_t r) { return p->x + r * p->nfeatures; }

/* ---- windows ---- */

static void window_levels_per_key(void)
{
    nn_table *t = two_series();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    const char *on[] = {"price"};
    CHECK(nn_recipe_target(r, t, "price", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_window(r, t, 2, on, 1, NN_WINDOW_LEVEL, 1, "symbol", &err) == 0);
    CHECK(nn_recipe_scale(r, t, NN_SCALE_NONE, &err) == 0);
    CHECK(nn_recipe_split(r, t, 1, 0, 0, NN_ORDER_CHRONOLOGICAL, 1, &err) == 0);
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        /* AAA: windows ending on days 1..4 → 4 rows; BBB: days 1..2 → 2 rows */
        CHECK(p.nrows == 6);
        CHECK(p.nfeatures == 2);
        CHECK(strcmp(p.feature_names[0], "price[t-0]") == 0);
        CHECK(strcmp(p.feature_names[1], "price[t-1]") == 0);
        static const double expect[6][3] = {/* t-0, t-1, target */
                                            {11, 10, 12},   {12, 11, 13},   {13, 12, 14},
                                            {14, 13, 15},   {110, 100, 121}, {121, 110, 133.1}};
        double got[6][3];
        for (size_t i = 0; i < p.nrows && i < 6; i++) {
            got[i][0] = row_of(&p, i)[0], got[i][1] = row_of(&p, i)[1], got[i][2] = p.y_raw[i];
        }
        /* rows come in (key, date) order within the training part */
        for (size_t i = 0; i < 6; i++)
            for (int k = 0; k < 3; k++)
                CHECK_NEAR(got[i][k], expect[i][k], 1e-4);
        CHECK(p.last_value != NULL);
        if (p.last_value)
            CHECK_NEAR(p.last_value[4], 110, 1e-4);
        nn_prepared_free(&p);
    } else {
        printf("# %s\n", err.msg);
    }
    nn_recipe_free(r);
    nn_table_free(t);
}

static void window_log_returns(void)
{
    nn_table *t = two_series();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "price", NN_TASK_AUTO, &err) == 0);
    /* on= left out: the target is windowed */
    CHECK(nn_recipe_window(r, t, 1, NULL, 0, NN_WINDOW_LOGRETURN, 2, "symbol", &err) == 0);
    CHECK(nn_recipe_scale(r, t, NN_SCALE_NONE, &err) == 0);
    CHECK(nn_recipe_split(r, t, 1, 0, 0, NN_ORDER_CHRONOLOGICAL, 1, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    /* AAA: positions 1..3 (a return needs the day before; the target two
     * days ahead): x = log(11/10), y = log(13/11); ... BBB: position 1
     * only: x = log(1.1), y = log(133.1/110) = log(1.21). */
    CHECK(p.nrows == 4);
    CHECK(p.nfeatures == 1 && strcmp(p.feature_names[0], "price.logreturn[t-0]") == 0);
    CHECK_NEAR(row_of(&p, 0)[0], log(11.0 / 10), 1e-6);
    CHECK_NEAR(p.y_raw[0], log(13.0 / 11), 1e-6);
    CHECK_NEAR(row_of(&p, 2)[0], log(13.0 / 12), 1e-6);
    CHECK_NEAR(p.y_raw[2], log(15.0 / 13), 1e-6);
    CHECK_NEAR(row_of(&p, 3)[0], log(1.1), 1e-6);
    CHECK_NEAR(p.y_raw[3], log(1.21), 1e-5);
    CHECK(p.window_as == NN_WINDOW_LOGRETURN);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* Wide layout: one column per series, windows along the rows. */
static void window_wide_layout(void)
{
    static const double day[5] = {0, 1, 2, 3, 4};
    static const double a[5] = {1, 2, 3, 4, 5}, b[5] = {50, 40, 30, 20, 10};
    nn_table *t = table_new(5);
    add_days(t, "date", day);
    add_numbers(t, "a", a);
    add_numbers(t, "b", b);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    const char *on[] = {"a", "b"};
    CHECK(nn_recipe_target(r, t, "a", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_window(r, t, 2, on, 2, NN_WINDOW_DIFF, 1, NULL, &err) == 0);
    CHECK(nn_recipe_scale(r, t, NN_SCALE_NONE, &err) == 0);
    CHECK(nn_recipe_split(r, t, 1, 0, 0, NN_ORDER_AUTO, 1, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    /* diffs need one step before the window: positions 2 and 3 */
    CHECK(p.nrows == 2 && p.nfeatures == 4);
    CHECK(strcmp(p.feature_names[2], "b.diff[t-0]") == 0);
    CHECK_NEAR(row_of(&p, 0)[2], -10, 1e-6);
    CHECK_NEAR(p.y_raw[0], 1, 1e-6);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- splits and fitting ---- */

/* 20 days, 3 keys, rows in scrambled order; feature x = day, so the
 * scaler fitted on training rows must only see the early days. */
static nn_table *panel(size_t *n_out)
{
    enum { DAYS = 20, KEYS = 3, N = DAYS * KEYS };
    static double day[N], x[N], y[N];
    static int key[N];
    for (int i = 0; i < N; i++) {
        int j = (i * 37) % N; /* 37 is coprime with 60: a permutation */
        day[j] = i / KEYS;
        key[j] = i % KEYS;
        x[j] = day[j] + (i % KEYS == 2 ? NAN : 0);
        y[j] = 2 * day[j] + key[j];
    }
    static const char *const keys[] = {"k0", "k1", "k2"};
    nn_table *t = table_new(N);
    add_days(t, "date", day);
    add_levels(t, "key", NN_COL_CATEGORICAL, keys, 3, key);
    add_numbers(t, "x", x);
    add_numbers(t, "y", y);
    *n_out = N;
    return t;
}

static void chronological_split_is_leak_free(void)
{
    size_t n;
    nn_table *t = panel(&n);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "y", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_sort(r, t, "date", &err) == 0);
    CHECK(nn_recipe_impute(r, t, NN_IMPUTE_MEAN, 0, (const char *[]){"x"}, 1, &err) == 0);
    CHECK(nn_recipe_split(r, t, 0.5, 0.25, 0.25, NN_ORDER_AUTO, 3, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    double max_train = -INFINITY, min_val = INFINITY, max_val = -INFINITY, min_test = INFINITY;
    for (size_t i = p.begin[NN_PART_TRAIN]; i < p.begin[NN_PART_TRAIN + 1]; i++)
        max_train = fmax(max_train, p.time[i]);
    for (size_t i = p.begin[NN_PART_VAL]; i < p.begin[NN_PART_VAL + 1]; i++)
        min_val = fmin(min_val, p.time[i]), max_val = fmax(max_val, p.time[i]);
    for (size_t i = p.begin[NN_PART_TEST]; i < p.begin[NN_PART_TEST + 1]; i++)
        min_test = fmin(min_test, p.time[i]);
    CHECK(p.begin[NN_PART_VAL] > 0 && p.begin[NN_PART_TEST] > p.begin[NN_PART_VAL]);
    CHECK(p.begin[NN_PART_NONE] > p.begin[NN_PART_TEST]);
    CHECK(max_train < min_val);
    CHECK(max_val < min_test);
    /* days 0..9 are training (half the rows); x's mean over present
     * training values is 4.5 and its population std sqrt(8.25); the
     * missing x (every third row) is imputed with 4.5 before scaling. */
    CHECK_NEAR(max_train, 9 * DAY, 1e-6);
    size_t train = p.begin[NN_PART_TRAIN + 1], fx = p.nfeatures;
    for (size_t f = 0; f < p.nfeatures; f++)
        if (strcmp(p.feature_names[f], "x") == 0)
            fx = f;
    CHECK(fx < p.nfeatures);
    /* x = (v - 4.5) / s over 30 training rows, 10 of them filled with
     * 4.5: s = sqrt(8.25 * 20 / 30); so the scaled column has mean 0
     * and mean square 1 over the training rows */
    double scale = sqrt(8.25 * 20.0 / 30.0), sum = 0, ss = 0;
    for (size_t i = 0; fx < p.nfeatures && i < train; i++) {
        double v = p.x[i * p.nfeatures + fx];
        sum += v, ss += v * v;
        double raw = t->cols[2].values[p.source_row[i]];
        CHECK_NEAR(v * scale + 4.5, isnan(raw) ? 4.5 : raw, 1e-4);
    }
    CHECK_NEAR(sum, 0, 1e-4);
    CHECK_NEAR(ss / train, 1, 1e-4);
    /* validation rows use the training statistics: day 10 → (10 - 4.5) / s */
    size_t v0 = p.begin[NN_PART_VAL];
    double raw0 = t->cols[2].values[p.source_row[v0]];
    if (fx < p.nfeatures && !isnan(raw0))
        CHECK_NEAR(p.x[v0 * p.nfeatures + fx], (raw0 - 4.5) / scale, 1e-4);
    /* the regression target is scaled with training statistics too */
    double ysum = 0;
    for (size_t i = 0; i < train; i++)
        ysum += p.y_raw[i];
    CHECK_NEAR(p.y_center[0], ysum / train, 1e-9);
    CHECK_NEAR(nn_prepared_unscale(&p, 0, p.y[train]), p.y_raw[train], 1e-4);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void purging_keeps_future_targets_out(void)
{
    size_t n;
    nn_table *t = panel(&n);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "y", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_impute(r, t, NN_IMPUTE_FFILL, 0, (const char *[]){"x"}, 1, &err) == 0);
    CHECK(nn_recipe_window(r, t, 2, (const char *[]){"y"}, 1, NN_WINDOW_LEVEL, 3, "key", &err) == 0);
    CHECK(nn_recipe_split(r, t, 0.6, 0.2, 0.2, NN_ORDER_AUTO, 1, &err) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, &notes, &err) == 0);
    /* the target of a training row is 3 days after its time: it must come
     * before the first validation time */
    double min_val = INFINITY;
    for (size_t i = p.begin[NN_PART_VAL]; i < p.begin[NN_PART_VAL + 1]; i++)
        min_val = fmin(min_val, p.time[i]);
    for (size_t i = 0; i < p.begin[NN_PART_TRAIN + 1]; i++)
        CHECK(p.time[i] + 3 * DAY < min_val);
    CHECK(notes.n >= 1);
    nn_notes_free(&notes);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void walk_forward_folds_expand(void)
{
    size_t n;
    nn_table *t = panel(&n);
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "y", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_drop(r, t, (const char *[]){"x"}, 1, &err) == 0);
    CHECK(nn_recipe_sort(r, t, "date", &err) == 0);
    size_t last_train = 0;
    for (int k = 0; k < 3; k++) {
        nn_prepared p;
        CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_EXPANDING, 3, k}, &p, NULL, &err) == 0);
        size_t train = p.begin[NN_PART_TRAIN + 1];
        CHECK(train > last_train);
        CHECK(p.begin[NN_PART_TEST + 1] > p.begin[NN_PART_TEST]);
        for (size_t i = p.begin[NN_PART_TEST]; i < p.begin[NN_PART_TEST + 1]; i++)
            CHECK(p.time[i] > p.time[train - 1]);
        last_train = train;
        nn_prepared_free(&p);
    }
    nn_prepared p;
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_EXPANDING, 3, 3}, &p, NULL, &err) < 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- classes, encoding, unseen categories ---- */

static const char *const COLOURS[] = {"blue", "green", "red"};
static const char *const YESNO[] = {"no", "yes"};

static nn_table *applicants(void)
{
    static const int colour[12] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, -1};
    static const int owner[12] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    static const int card[12] = {1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1};
    static const double income[12] = {5, 1, 4, 2, 6, 3, 5, 1, 7, 2, 6, 4};
    nn_table *t = table_new(12);
    add_levels(t, "card", NN_COL_BOOLEAN, YESNO, 2, card);
    add_numbers(t, "income", income);
    add_levels(t, "colour", NN_COL_CATEGORICAL, COLOURS, 3, colour);
    add_levels(t, "owner", NN_COL_BOOLEAN, YESNO, 2, owner);
    return t;
}

static void classification_with_onehot_and_refusal(void)
{
    nn_table *t = applicants();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "card", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_split(r, t, 0.5, 0.25, 0.25, NN_ORDER_AUTO, 5, &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.task == NN_TASK_BINARY && p.ntargets == 1 && p.nclasses == 2);
    CHECK(strcmp(p.class_names[1], "yes") == 0);
    /* features: income, colour=blue/green/red (those seen in training), owner */
    CHECK(strcmp(p.feature_names[0], "income") == 0);
    CHECK(strncmp(p.feature_names[1], "colour=", 7) == 0);
    CHECK(strcmp(p.feature_names[p.nfeatures - 1], "owner") == 0);
    /* the missing colour is still missing: training must refuse */
    size_t missing_colour = 0;
    for (size_t f = 0; f < p.nfeatures; f++)
        missing_colour += p.missing[f];
    CHECK(missing_colour == 1);
    CHECK(nn_prepared_check_complete(&p, &err) < 0);
    CHECK(strstr(err.msg, "colour") && strstr(err.msg, "(1)") && strstr(err.msg, "impute"));
    nn_prepared_free(&p);
    CHECK(nn_recipe_impute(r, t, NN_IMPUTE_MODE, 0, (const char *[]){"colour"}, 1, &err) == 0);
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(nn_prepared_check_complete(&p, &err) == 0);
    /* binary labels follow the rows */
    for (size_t i = 0; i < p.nrows; i++)
        CHECK(p.y[i] == (float)t->cols[0].values[p.source_row[i]]);
    /* stratified: 8 yes / 4 no split 50/25/25 keeps both classes in training */
    size_t yes = 0;
    for (size_t i = 0; i < p.begin[NN_PART_TRAIN + 1]; i++)
        yes += p.y[i] == 1;
    CHECK(yes == 4);
    nn_prepared_free(&p);

    /* new data with a colour never seen: zeros and a note, no crash */
    static const char *const new_colours[] = {"blue", "purple"};
    nn_table *u = table_new(2);
    add_numbers(u, "income", (const double[]){3, 4});
    add_levels(u, "colour", NN_COL_CATEGORICAL, new_colours, 2, (const int[]){1, 0});
    add_levels(u, "owner", NN_COL_BOOLEAN, YESNO, 2, (const int[]){1, 0});
    nn_notes notes = {0};
    nn_prepared q;
    CHECK(nn_recipe_apply(r, u, &q, &notes, &err) == 0);
    CHECK(q.nrows == 2 && q.y == NULL && q.begin[NN_PART_NONE] == 0);
    float onehot = 0;
    for (size_t f = 1; f < q.nfeatures - 1; f++)
        onehot += q.x[f];
    CHECK(onehot == 0);
    CHECK(notes.n == 1 && strstr(notes.items[0], "purple"));
    CHECK(q.x[q.nfeatures + 1] == 1); /* blue, the first level */
    nn_notes_free(&notes);
    nn_prepared_free(&q);
    nn_table_free(u);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- a failed step changes nothing ---- */

static void failed_steps_leave_recipe_unchanged(void)
{
    nn_table *t = applicants();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_target(r, t, "card", NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_impute(r, t, NN_IMPUTE_MEAN, 0, (const char *[]){"colour"}, 1, &err) < 0);
    CHECK(strstr(err.msg, "colour") != NULL);
    CHECK(nn_recipe_drop(r, t, (const char *[]){"incme"}, 1, &err) < 0);
    CHECK(strstr(err.msg, "incme") != NULL);
    CHECK(nn_recipe_drop(r, t, (const char *[]){"card"}, 1, &err) < 0);
    CHECK(nn_recipe_split(r, t, 0.8, 0.3, 0, NN_ORDER_AUTO, 1, &err) < 0);
    CHECK(strstr(err.msg, "sum") != NULL);
    CHECK(nn_recipe_add_line(r, t, "window 3 on=colour", &err) < 0);
    CHECK(nn_recipe_add_line(r, t, "scale bogus", &err) < 0);
    CHECK(strstr(err.msg, "zscore") != NULL);
    CHECK(nn_recipe_steps(r) == 1);
    CHECK(strcmp(nn_recipe_step(r, 0), "target card") == 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- saving ---- */

static void saved_recipe_prepares_the_same_rows(void)
{
    nn_table *t = two_series();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "target price", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "window 2 on=price as=return horizon=1 by=symbol", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "calendar date", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "scale robust", &err) == 0);
    /* windows end on days 2 (AAA, BBB), 3 and 4: training takes days 2-3
     * and day 3's row is purged (its target is day 4) */
    CHECK(nn_recipe_add_line(r, t, "split train=0.75 val=0.25 test=0 ordered", &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);
    CHECK(p.begin[NN_PART_TRAIN + 1] == 2 && p.nrows == 3);
    char *text = nn_recipe_format(r);
    nn_recipe *back = nn_recipe_parse(text, &err);
    CHECK(back != NULL);
    char *again = back ? nn_recipe_format(back) : NULL;
    CHECK(again && strcmp(text, again) == 0);
    nn_prepared q;
    CHECK(back && nn_recipe_apply(back, t, &q, NULL, &err) == 0);
    /* prediction keeps every window, including the last ones whose target
     * lies beyond the data; those present in p match bit for bit */
    CHECK(q.nrows > p.nrows && q.nfeatures == p.nfeatures);
    size_t matched = 0;
    for (size_t i = 0; i < p.nrows; i++)
        for (size_t j = 0; j < q.nrows; j++)
            if (p.source_row[i] == q.source_row[j]) {
                matched++;
                CHECK(memcmp(row_of(&p, i), row_of(&q, j), p.nfeatures * sizeof(float)) == 0);
                CHECK(p.y[i] == q.y[j]);
            }
    CHECK(matched == p.nrows);
    /* a damaged recipe is refused */
    char *cut = strdup(text);
    cut[strlen(cut) / 2] = '\0';
    nn_recipe *bad = nn_recipe_parse(cut, &err);
    CHECK(bad == NULL && err.msg[0]);
    free(cut), free(text), free(again);
    nn_prepared_free(&p), nn_prepared_free(&q);
    nn_recipe_free(back);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- steps built from a command's arguments ---- */

/* A command's bound arguments, as name=value pairs (the last pair a NULL name). */
static const char *pair_str(const void *call, const char *name)
{
    for (const char *const *kv = call; kv[0]; kv += 2)
        if (strcmp(kv[0], name) == 0)
            return kv[1];
    return NULL;
}

static size_t pair_list(const void *call, const char *name, const char *const **values)
{
    for (const char *const *kv = call; kv[0]; kv += 2)
        if (strcmp(kv[0], name) == 0)
            return *values = &kv[1], 1;
    return *values = NULL, 0;
}

static void steps_build_from_arguments(void)
{
    nn_table *t = table_new(4);
    add_numbers(t, "x", (double[]){1, 2, 3, 4});
    add_numbers(t, "y", (double[]){0, 1, 0, 1});
    const char *split[] = {"train", "0.6", "order", "shuffle", "seed", "7", NULL};
    const char *smooth[] = {"columns", "x", "mean", "3", NULL};
    const nn_step_info *kind = nn_step_kind_find("split");
    nn_recipe *r = nn_recipe_new(), *again = nn_recipe_new();
    nn_error err;
    CHECK(kind && (kind->flags & NN_STEP_ORDERS_ROWS) && kind->args && kind->summary);
    CHECK(nn_recipe_add_args(r, t, kind, &(nn_step_args){split, pair_str, pair_list}, &err) == 0);
    CHECK(nn_recipe_add_args(r, t, nn_step_kind_find("smooth"), &(nn_step_args){smooth, pair_str, pair_list},
                             &err) == 0);
    CHECK(nn_recipe_steps(r) == 2);
    CHECK(strcmp(nn_recipe_step(r, 0), "split train=0.6 val=0.2 test=0.2 shuffle seed=7") == 0);
    CHECK(strcmp(nn_recipe_step(r, 1), "smooth x mean=3") == 0);
    /* the text form reads back as the same step */
    for (size_t i = 0; i < nn_recipe_steps(r); i++)
        CHECK(nn_recipe_add_line(again, t, nn_recipe_step(r, i), &err) == 0 &&
              strcmp(nn_recipe_step(again, i), nn_recipe_step(r, i)) == 0);
    /* refused as the command would be: nothing added */
    const char *several[] = {"columns", "x", "mean", "3", "ema", "4", NULL};
    CHECK(nn_recipe_add_args(r, t, nn_step_kind_find("smooth"), &(nn_step_args){several, pair_str, pair_list},
                             &err) < 0);
    CHECK(strcmp(err.msg, "smooth: expected one of ema=N, mean=N or median=N, not several") == 0);
    CHECK(nn_recipe_steps(r) == 2);
    /* every kind is listed once, by its own name */
    for (size_t i = 0; i < nn_step_kind_count(); i++)
        CHECK(nn_step_kind_find(nn_step_kind_at(i)->name) == nn_step_kind_at(i));
    CHECK(nn_step_kind_at(nn_step_kind_count()) == NULL && nn_step_kind_find("nope") == NULL);
    nn_recipe_free(again);
    nn_recipe_free(r);
    nn_table_free(t);
}

int main(void)
{
    TEST(window_levels_per_key);
    TEST(window_log_returns);
    TEST(window_wide_layout);
    TEST(chronological_split_is_leak_free);
    TEST(purging_keeps_future_targets_out);
    TEST(walk_forward_folds_expand);
    TEST(classification_with_onehot_and_refusal);
    TEST(failed_steps_leave_recipe_unchanged);
    TEST(saved_recipe_prepares_the_same_rows);
    TEST(steps_build_from_arguments);
    return tap_done();
}
