/* Cross-validation folds at the recipe level (nn_recipe_prepare_fold):
 * shuffled k-fold keeps every test row out of its training part, its K
 * test parts partition the rows, each class keeps its share within one
 * row per fold, and the scaler is fitted on the fold's training rows;
 * walk-forward folds never train on a row (or a target) at or after their
 * test rows, expanding or sliding. Also the recipe's timing, which `cv`
 * and `split` read. Rows are told apart by source_row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "table_by_hand.h"
#include "tap.h"

/* ---- shuffled k-fold ---- */

enum { ROWS = 23, CLASSES = 3, K = 4 };
static const char *const CLASS_NAMES[CLASSES] = {"a", "b", "c"};

/* 23 rows: class a 10 rows, b 8, c 5, interleaved; x = row squared, so
 * no two folds' training means coincide. */
static nn_table *classes(int *count)
{
    int code[ROWS];
    double x[ROWS];
    for (int i = 0; i < ROWS; i++) {
        code[i] = i % 3 == 0 || i >= 20 ? (i < 20 ? 0 : 2) : i % 3 == 1 ? (i < 14 ? 1 : 2) : 0;
        x[i] = (double)i * i;
    }
    memset(count, 0, CLASSES * sizeof *count);
    for (int i = 0; i < ROWS; i++)
        count[code[i]]++;
    nn_table *t = table_new(ROWS);
    add_numbers(t, "x", x);
    add_levels(t, "y", NN_COL_CATEGORICAL, CLASS_NAMES, CLASSES, code);
    return t;
}

static void kfold_partitions_and_stratifies(void)
{
    int count[CLASSES];
    nn_table *t = classes(count);
    CHECK(count[0] + count[1] + count[2] == ROWS && count[2] > 0 && count[0] != count[1]);
    nn_recipe *r = nn_recipe_new();
    CHECK(add_lines(r, t, (const char *[]){"target y", NULL}) == 0);
    int tested[ROWS] = {0};
    for (int k = 0; k < K; k++) {
        nn_prepared p;
        nn_error err = {{0}};
        int rc = nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_SHUFFLED, K, k}, &p, NULL, &err);
        CHECK(rc == 0);
        if (rc < 0) {
            printf("# %s\n", err.msg);
            continue;
        }
        int where[ROWS] = {0}; /* 1 train, 2 test */
        int per_class[CLASSES] = {0};
        double train_x = 0;
        CHECK(p.begin[NN_PART_VAL + 1] == p.begin[NN_PART_VAL]); /* no validation */
        CHECK(p.nrows == ROWS);
        for (size_t i = 0; i < p.nrows; i++) {
            int part = i < p.begin[NN_PART_TRAIN + 1] ? 1 : i >= p.begin[NN_PART_TEST] && i < p.begin[NN_PART_TEST + 1] ? 2 : 0;
            size_t row = p.source_row[i];
            CHECK(part != 0 && row < ROWS && where[row] == 0); /* each row once, in train or test */
            where[row] = part;
            if (part == 2) {
                tested[row]++;
                per_class[(int)p.y_raw[i]]++;
            } else {
                train_x += p.x[i * p.nfeatures];
            }
        }
        size_t ntest = p.begin[NN_PART_TEST + 1] - p.begin[NN_PART_TEST];
        CHECK(ntest == ROWS / K || ntest == ROWS / K + 1);
        for (int c = 0; c < CLASSES; c++) /* within one row of the class's share */
            CHECK(fabs(per_class[c] - (double)count[c] / K) < 1);
        /* zscore fitted on this fold's training rows: they average 0 there */
        CHECK(fabs(train_x) < 1e-3);
        nn_prepared_free(&p);
    }
    for (int i = 0; i < ROWS; i++) /* the K test parts partition the rows */
        CHECK(tested[i] == 1);
    nn_prepared p;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_SHUFFLED, 1, 0}, &p, NULL, &err) < 0);
    CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_SHUFFLED, ROWS + 1, 0}, &p, NULL, &err) < 0);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* A search's folds (NN_FOLDS_WITHIN_SPLIT): the split's test rows are in
 * no fold, and the K held-out parts (validation) partition the rest. */
static void folds_within_the_split_leave_the_test_rows_out(void)
{
    int count[CLASSES];
    nn_table *t = classes(count);
    nn_recipe *r = nn_recipe_new();
    CHECK(add_lines(r, t, (const char *[]){"target y", "split train=0.6 val=0.2 test=0.2", NULL}) == 0);
    nn_prepared plain;
    nn_error err = {{0}};
    CHECK(nn_recipe_prepare(r, t, &plain, NULL, &err) == 0);
    int is_test[ROWS] = {0}, held_out[ROWS] = {0};
    for (size_t i = plain.begin[NN_PART_TEST]; i < plain.begin[NN_PART_TEST + 1]; i++)
        is_test[plain.source_row[i]] = 1;
    size_t ntest = plain.begin[NN_PART_TEST + 1] - plain.begin[NN_PART_TEST];
    for (int k = 0; k < K; k++) {
        nn_prepared p;
        CHECK(nn_recipe_prepare_fold(r, t, &(nn_fold){NN_FOLDS_WITHIN_SPLIT, K, k}, &p, NULL, &err) == 0);
        CHECK(p.nrows == ROWS - ntest && p.begin[NN_PART_TEST + 1] == p.begin[NN_PART_TEST]);
        for (size_t i = 0; i < p.nrows; i++) {
            CHECK(!is_test[p.source_row[i]]);
            held_out[p.source_row[i]] += i >= p.begin[NN_PART_VAL] && i < p.begin[NN_PART_VAL + 1];
        }
        nn_prepared_free(&p);
    }
    for (int i = 0; i < ROWS; i++) /* every kept row held out once, test rows never */
        CHECK(held_out[i] == !is_test[i]);
    nn_prepared_free(&plain);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- walk-forward ---- */

enum { DAYS = 40, HORIZON = 2 };

static nn_table *series(void)
{
    double day[DAYS], y[DAYS];
    for (int i = 0; i < DAYS; i++) {
        day[i] = (double)((i * 7) % DAYS); /* rows out of date order on purpose */
        y[i] = sin(day[i] / 3);
    }
    nn_table *t = table_new(DAYS);
    add_days(t, "date", day);
    add_numbers(t, "y", y);
    return t;
}

/* Every training row's time and target time come before the first test
 * time; returns the fold's first training time. */
static double check_walk_fold(const nn_prepared *p, int *train_rows)
{
    size_t ntrain = p->begin[NN_PART_TRAIN + 1];
    double first_test = INFINITY, first_train = INFINITY;
    for (size_t i = p->begin[NN_PART_TEST]; i < p->begin[NN_PART_TEST + 1]; i++)
        first_test = fmin(first_test, p->time[i]);
    CHECK(ntrain > 0 && isfinite(first_test));
    for (size_t i = 0; i < ntrain; i++) {
        CHECK(p->time[i] + HORIZON * DAY < first_test);
        first_train = fmin(first_train, p->time[i]);
    }
    *train_rows = (int)ntrain;
    return first_train;
}

static void walk_forward_never_trains_on_later_rows(void)
{
    nn_table *t = series();
    for (int sliding = 0; sliding < 2; sliding++) {
        nn_recipe *r = nn_recipe_new();
        CHECK(add_lines(r, t, (const char *[]){"target y", "sort date", "window 3 horizon=2", NULL}) == 0);
        double last_first = -INFINITY, last_test_end = -INFINITY;
        int last_rows = 0;
        for (int k = 0; k < 3; k++) {
            nn_prepared p;
            nn_error err = {{0}};
            nn_fold f = {sliding ? NN_FOLDS_SLIDING : NN_FOLDS_EXPANDING, 3, k};
            CHECK(nn_recipe_prepare_fold(r, t, &f, &p, NULL, &err) == 0);
            int rows;
            double first = check_walk_fold(&p, &rows);
            double test_start = INFINITY, test_end = -INFINITY;
            for (size_t i = p.begin[NN_PART_TEST]; i < p.begin[NN_PART_TEST + 1]; i++)
                test_start = fmin(test_start, p.time[i]), test_end = fmax(test_end, p.time[i]);
            CHECK(test_start > last_test_end); /* the test blocks move forward */
            if (sliding) {
                CHECK(k == 0 || first > last_first); /* the window's start moves */
            } else {
                CHECK(first == last_first || k == 0); /* always from the start */
                CHECK(rows > last_rows);              /* and growing */
            }
            last_first = first, last_rows = rows, last_test_end = test_end;
            nn_prepared_free(&p);
        }
        nn_recipe_free(r);
    }
    nn_table_free(t);
}

/* ---- timing ---- */

static void timing_of_recipes(void)
{
    nn_table *t = series();
    struct {
        const char *lines[4];
        int chronological, overlap;
    } cases[] = {
        {{"target y", NULL}, 0, 0},
        {{"target y", "sort date", NULL}, 1, 0},
        {{"target y", "split train=0.6 val=0.2 test=0.2 ordered seed=1", NULL}, 1, 0},
        {{"target y", "window 3 horizon=3", "split train=0.6 val=0.2 test=0.2 shuffle seed=1", NULL}, 1, 3},
        {{"target y", "window 3 horizon=1", "split train=0.6 val=0.2 test=0.2 shuffle seed=1", NULL}, 1, 0},
        {{"target y", "window 3 horizon=3", NULL}, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nn_recipe *r = nn_recipe_new();
        nn_recipe_timing tm = {-1, -1};
        nn_error err = {{0}};
        CHECK(add_lines(r, t, cases[i].lines) == 0);
        CHECK(nn_recipe_timing_of(r, t, &tm, &err) == 0);
        CHECK(tm.chronological == cases[i].chronological);
        CHECK(tm.overlap == cases[i].overlap);
        nn_recipe_free(r);
    }
    nn_table_free(t);
}

int main(void)
{
    TEST(kfold_partitions_and_stratifies);
    TEST(folds_within_the_split_leave_the_test_rows_out);
    TEST(walk_forward_never_trains_on_later_rows);
    TEST(timing_of_recipes);
    return tap_done();
}
