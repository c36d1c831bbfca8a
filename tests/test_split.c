/* Splits: shuffled splits are reproducible for a seed, have exact part
 * sizes and keep class proportions; chronological splits never put a
 * later time in training than in validation or test, keep a shared date
 * in one part and purge rows whose labels come from a later part;
 * walk-forward folds grow their training window and never overlap their
 * test times. Refusals name the argument at fault. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/split.h"
#include "engine/rng.h"
#include "tap.h"

#define DAY 86400.0

static void count_parts(const unsigned char *part, size_t n, size_t counts[NN_PART_COUNT])
{
    memset(counts, 0, NN_PART_COUNT * sizeof *counts);
    for (size_t i = 0; i < n; i++)
        if (part[i] < NN_PART_COUNT)
            counts[part[i]]++;
}

static void part_names(void)
{
    CHECK(strcmp(nn_part_name(NN_PART_TRAIN), "train") == 0);
    CHECK(strcmp(nn_part_name(NN_PART_VAL), "val") == 0);
    CHECK(strcmp(nn_part_name(NN_PART_TEST), "test") == 0);
    CHECK(strcmp(nn_part_name(NN_PART_NONE), "none") == 0);
}

static void refusals_name_the_argument(void)
{
    unsigned char part[4];
    nn_error err;
    CHECK(nn_split_shuffled(4, 1.2, 0, 0, 1, NULL, part, &err) < 0);
    CHECK(strcmp(err.msg, "train=1.2: must be between 0 and 1") == 0);
    CHECK(nn_split_shuffled(4, 0.6, -0.1, 0.5, 1, NULL, part, &err) < 0);
    CHECK(strcmp(err.msg, "val=-0.1: must be between 0 and 1") == 0);
    CHECK(nn_split_shuffled(4, 0.6, 0.2, NAN, 1, NULL, part, &err) < 0);
    CHECK(strcmp(err.msg, "test=nan: must be between 0 and 1") == 0);
    CHECK(nn_split_shuffled(4, 0.6, 0.3, 0.2, 1, NULL, part, &err) < 0);
    CHECK(strcmp(err.msg, "fractions sum to 1.1, must be 1") == 0);
    CHECK(nn_split_shuffled(4, 0, 0.5, 0.5, 1, NULL, part, &err) < 0);
    CHECK(strcmp(err.msg, "train=0: must be more than 0") == 0);
    CHECK(nn_split_chronological(4, NULL, NULL, 0.5, 0.3, 0.3, part, &err) < 0);
    CHECK(strcmp(err.msg, "fractions sum to 1.1, must be 1") == 0);
    /* within 1e-6 of 1 is accepted, as fractions typed as 0.7/0.15/0.15 */
    CHECK(nn_split_shuffled(4, 0.7, 0.15, 0.1500001, 1, NULL, part, &err) == 0);

    double nan_times[2] = {NAN, NAN};
    CHECK(nn_split_chronological(2, nan_times, NULL, 0.5, 0.5, 0, part, &err) < 0);
    CHECK(strcmp(err.msg, "no row has a time to split by") == 0);
    CHECK(nn_split_walk_forward(4, NULL, NULL, 0, 0, 0, part, &err) < 0);
    CHECK(strcmp(err.msg, "folds=0: must be at least 1") == 0);
    CHECK(nn_split_walk_forward(4, NULL, NULL, 2, 2, 0, part, &err) < 0);
    CHECK(strcmp(err.msg, "fold=2: must be between 0 and 1") == 0);
    CHECK(nn_split_walk_forward(4, NULL, NULL, 4, 0, 0, part, &err) < 0);
    CHECK(strcmp(err.msg, "folds=4: needs at least 5 distinct times, the data has 4") == 0);
}

/* --- shuffled ------------------------------------------------------------ */

static void shuffled_sizes_are_exact(void)
{
    static unsigned char part[1000];
    size_t c[NN_PART_COUNT];
    nn_error err;
    CHECK(nn_split_shuffled(1000, 0.7, 0.15, 0.15, 42, NULL, part, &err) == 0);
    count_parts(part, 1000, c);
    CHECK(c[NN_PART_TRAIN] == 700 && c[NN_PART_VAL] == 150 && c[NN_PART_TEST] == 150);
    CHECK(c[NN_PART_NONE] == 0);

    /* 7 rows at 0.5/0.25/0.25: cuts at round(3.5) = 4 and round(5.25) = 5 */
    CHECK(nn_split_shuffled(7, 0.5, 0.25, 0.25, 42, NULL, part, &err) == 0);
    count_parts(part, 7, c);
    CHECK(c[NN_PART_TRAIN] == 4 && c[NN_PART_VAL] == 1 && c[NN_PART_TEST] == 2);

    /* no validation part at all */
    CHECK(nn_split_shuffled(10, 0.8, 0, 0.2, 42, NULL, part, &err) == 0);
    count_parts(part, 10, c);
    CHECK(c[NN_PART_TRAIN] == 8 && c[NN_PART_VAL] == 0 && c[NN_PART_TEST] == 2);

    /* every size from 1 to 200: parts add up, each within a row of its share */
    for (size_t n = 1; n <= 200; n++) {
        CHECK(nn_split_shuffled(n, 0.6, 0.3, 0.1, n, NULL, part, &err) == 0);
        count_parts(part, n, c);
        CHECK(c[NN_PART_TRAIN] + c[NN_PART_VAL] + c[NN_PART_TEST] == n);
        CHECK(fabs((double)c[NN_PART_TRAIN] - 0.6 * (double)n) <= 0.5);
        CHECK(fabs((double)c[NN_PART_VAL] - 0.3 * (double)n) < 1);
        CHECK(fabs((double)c[NN_PART_TEST] - 0.1 * (double)n) < 1);
    }
}

static void shuffled_is_reproducible_for_a_seed(void)
{
    enum { N = 500 };
    unsigned char a[N], b[N], other[N];
    nn_error err;
    CHECK(nn_split_shuffled(N, 0.7, 0.15, 0.15, 7, NULL, a, &err) == 0);
    CHECK(nn_split_shuffled(N, 0.7, 0.15, 0.15, 7, NULL, b, &err) == 0);
    CHECK(memcmp(a, b, N) == 0);
    CHECK(nn_split_shuffled(N, 0.7, 0.15, 0.15, 8, NULL, other, &err) == 0);
    int differ = 0;
    for (int i = 0; i < N; i++)
        differ += a[i] != other[i];
    CHECK(differ > N / 10);
    /* shuffled indeed: the first 70 % of rows are not all training */
    int train_in_head = 0;
    for (int i = 0; i < 350; i++)
        train_in_head += a[i] == NN_PART_TRAIN;
    CHECK(train_in_head < 300);
}

static void stratified_keeps_a_90_10_imbalance(void)
{
    enum { N = 1000 };
    int strata[N];
    unsigned char part[N];
    for (int i = 0; i < N; i++)
        strata[i] = i % 10 == 3; /* 100 positives spread over the rows */
    nn_error err;
    CHECK(nn_split_shuffled(N, 0.7, 0.15, 0.15, 3, strata, part, &err) == 0);
    size_t pos[NN_PART_COUNT] = {0}, all[NN_PART_COUNT] = {0};
    for (int i = 0; i < N; i++) {
        all[part[i]]++;
        pos[part[i]] += strata[i] == 1;
    }
    CHECK(all[NN_PART_TRAIN] == 700 && all[NN_PART_VAL] == 150 && all[NN_PART_TEST] == 150);
    CHECK(pos[NN_PART_TRAIN] == 70 && pos[NN_PART_VAL] == 15 && pos[NN_PART_TEST] == 15);

    /* 1003 rows, 97 positives: each part within a row of 97/1003 positive */
    int strata2[1003];
    unsigned char part2[1003];
    for (int i = 0; i < 1003; i++)
        strata2[i] = i < 97;
    CHECK(nn_split_shuffled(1003, 0.7, 0.15, 0.15, 3, strata2, part2, &err) == 0);
    memset(pos, 0, sizeof pos);
    memset(all, 0, sizeof all);
    for (int i = 0; i < 1003; i++) {
        all[part2[i]]++;
        pos[part2[i]] += strata2[i] == 1;
    }
    CHECK(all[NN_PART_TRAIN] == 702 && all[NN_PART_VAL] == 151 && all[NN_PART_TEST] == 150);
    for (int p = 0; p < 3; p++)
        CHECK(fabs((double)pos[p] - 97.0 * (double)all[p] / 1003) < 1);
}

/* Random class mixes, including -1 (no class) and tiny classes: parts
 * keep their exact totals and every class is within a row of its share
 * in train and validation (two rows in test, which takes the rest). */
static void stratified_property_over_random_classes(void)
{
    nn_rng rng;
    nn_rng_seed(&rng, 99);
    static int strata[600];
    static unsigned char part[600], plain[600];
    nn_error err;
    int bad = 0;
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + nn_rng_below(&rng, 600);
        int nclasses = 1 + (int)nn_rng_below(&rng, 8);
        for (size_t i = 0; i < n; i++) /* skewed: low classes are common */
            strata[i] = (int)nn_rng_below(&rng, 1 + nn_rng_below(&rng, (uint32_t)nclasses + 1)) - 1;
        double train = 0.3 + 0.6 * nn_rng_uniform(&rng);
        double val = (1 - train) * nn_rng_uniform(&rng), test = 1 - train - val;
        if (nn_split_shuffled(n, train, val, test, (uint64_t)trial, strata, part, &err) < 0 ||
            nn_split_shuffled(n, train, val, test, (uint64_t)trial, NULL, plain, &err) < 0) {
            bad++;
            continue;
        }
        size_t c[NN_PART_COUNT], cp[NN_PART_COUNT];
        count_parts(part, n, c);
        count_parts(plain, n, cp);
        bad += memcmp(c, cp, sizeof c) != 0;
        for (int k = -1; k < nclasses; k++) {
            size_t m = 0, in[3] = {0};
            for (size_t i = 0; i < n; i++)
                if (strata[i] == k) {
                    m++;
                    in[part[i]]++;
                }
            for (int p = 0; p < 3; p++) {
                double share = (double)m * (double)c[p] / (double)n;
                bad += fabs((double)in[p] - share) >= (p == 2 ? 2 : 1);
            }
        }
    }
    CHECK(bad == 0);
}

/* --- chronological ------------------------------------------------------- */

/* Rows of `keys` series over `dates` days, in a random order. */
static void panel(nn_rng *rng, size_t keys, size_t dates, double *time, size_t *n)
{
    *n = keys * dates;
    for (size_t i = 0; i < *n; i++)
        time[i] = (double)(i / keys) * DAY;
    for (size_t i = *n; i > 1; i--) {
        size_t j = nn_rng_below(rng, (uint32_t)i);
        double t = time[i - 1];
        time[i - 1] = time[j];
        time[j] = t;
    }
}

static double part_min(const double *time, const unsigned char *part, size_t n, int p)
{
    double m = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (part[i] == p && time[i] < m)
            m = time[i];
    return m;
}

static double part_max(const double *time, const unsigned char *part, size_t n, int p)
{
    double m = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (part[i] == p && time[i] > m)
            m = time[i];
    return m;
}

static void chronological_on_a_panel_of_5_keys(void)
{
    nn_rng rng;
    nn_rng_seed(&rng, 5);
    static double time[100];
    static unsigned char part[100];
    size_t n, c[NN_PART_COUNT];
    panel(&rng, 5, 20, time, &n);
    nn_error err;
    CHECK(nn_split_chronological(n, time, NULL, 0.6, 0.2, 0.2, part, &err) == 0);
    count_parts(part, n, c);
    CHECK(c[NN_PART_TRAIN] == 60 && c[NN_PART_VAL] == 20 && c[NN_PART_TEST] == 20);
    CHECK(part_max(time, part, n, NN_PART_TRAIN) == 11 * DAY);
    CHECK(part_min(time, part, n, NN_PART_VAL) == 12 * DAY);
    CHECK(part_max(time, part, n, NN_PART_VAL) == 15 * DAY);
    CHECK(part_min(time, part, n, NN_PART_TEST) == 16 * DAY);

    /* 0.7 of 20 dates x 5 keys is 70 rows = 14 dates; a cut inside a
     * date is impossible, so 0.73 goes to the nearest date (73 -> 75) */
    CHECK(nn_split_chronological(n, time, NULL, 0.73, 0.12, 0.15, part, &err) == 0);
    count_parts(part, n, c);
    CHECK(c[NN_PART_TRAIN] == 75 && c[NN_PART_VAL] == 10 && c[NN_PART_TEST] == 15);
    /* and 0.71 to the earlier one (71 -> 70) */
    CHECK(nn_split_chronological(n, time, NULL, 0.71, 0.14, 0.15, part, &err) == 0);
    count_parts(part, n, c);
    CHECK(c[NN_PART_TRAIN] == 70 && c[NN_PART_VAL] == 15 && c[NN_PART_TEST] == 15);
}

static void chronological_by_row_index_and_missing_times(void)
{
    unsigned char part[10];
    nn_error err;
    CHECK(nn_split_chronological(10, NULL, NULL, 0.7, 0.2, 0.1, part, &err) == 0);
    const unsigned char want[10] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 2};
    CHECK(memcmp(part, want, 10) == 0);

    /* a row without a time cannot be placed in time: none */
    double time[6] = {5, NAN, 1, 3, 2, 4};
    CHECK(nn_split_chronological(6, time, NULL, 0.6, 0.2, 0.2, part, &err) == 0);
    const unsigned char want2[6] = {2, NN_PART_NONE, 0, 0, 0, 1};
    CHECK(memcmp(part, want2, 6) == 0);
}

static void chronological_keeps_small_parts_when_it_can(void)
{
    /* 3 dates, 0.8/0.1/0.1: each part still gets one date */
    double time[6] = {1, 1, 2, 2, 3, 3};
    unsigned char part[6];
    nn_error err;
    CHECK(nn_split_chronological(6, time, NULL, 0.8, 0.1, 0.1, part, &err) == 0);
    const unsigned char want[6] = {0, 0, 1, 1, 2, 2};
    CHECK(memcmp(part, want, 6) == 0);
    /* one date: everything trains */
    double same[3] = {7, 7, 7};
    CHECK(nn_split_chronological(3, same, NULL, 0.5, 0.25, 0.25, part, &err) == 0);
    CHECK(part[0] == 0 && part[1] == 0 && part[2] == 0);
}

/* Many random tables: keys with different spans and gaps, rows in any
 * order, random fractions. Whatever the data, no later time trains. */
static void chronological_property_over_random_tables(void)
{
    nn_rng rng;
    nn_rng_seed(&rng, 2024);
    static double time[800];
    static unsigned char part[800];
    nn_error err;
    int bad = 0, trials = 500;
    for (int trial = 0; trial < trials; trial++) {
        size_t n = 1 + nn_rng_below(&rng, 800), ndates = 1 + nn_rng_below(&rng, 60);
        for (size_t i = 0; i < n; i++)
            time[i] = nn_rng_below(&rng, 50) == 0 ? NAN
                                                 : 1e9 + (double)nn_rng_below(&rng, (uint32_t)ndates) * DAY;
        double train = 0.2 + 0.7 * nn_rng_uniform(&rng);
        double val = (1 - train) * nn_rng_uniform(&rng), test = 1 - train - val;
        if (nn_split_chronological(n, time, NULL, train, val, test, part, &err) < 0) {
            int all_nan = 1;
            for (size_t i = 0; i < n; i++)
                all_nan &= isnan(time[i]);
            bad += !all_nan;
            continue;
        }
        double max_train = part_max(time, part, n, NN_PART_TRAIN);
        double min_val = part_min(time, part, n, NN_PART_VAL);
        double max_val = part_max(time, part, n, NN_PART_VAL);
        double min_test = part_min(time, part, n, NN_PART_TEST);
        bad += !(max_train < min_val) || !(max_train < min_test) || !(max_val < min_test);
        bad += part_max(time, part, n, NN_PART_NONE) > -INFINITY; /* only NaN rows */
        for (size_t i = 0; i < n; i++) {
            bad += isnan(time[i]) != (part[i] == NN_PART_NONE);
            for (size_t j = 0; j < i; j++) /* a shared time shares a part */
                bad += time[i] == time[j] && part[i] != part[j];
        }
        bad += part_max(time, part, n, NN_PART_TRAIN) == -INFINITY; /* train never empty */
    }
    CHECK(bad == 0);
}

/* Monthly data, 5 keys, 20 months, each row predicting 3 months ahead:
 * training rows from months 9-11 would learn validation-time labels. */
static void chronological_purges_labels_from_later_parts(void)
{
    enum { N = 100 };
    double time[N], target[N];
    unsigned char part[N];
    for (int i = 0; i < N; i++) {
        time[i] = (i % 20) * 30 * DAY; /* key-major order */
        target[i] = time[i] + 3 * 30 * DAY;
    }
    target[0] = NAN; /* a label of unknown date is not trusted */
    nn_error err;
    CHECK(nn_split_chronological(N, time, target, 0.6, 0.2, 0.2, part, &err) == 0);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        int month = i % 20, want;
        if (i == 0)
            want = NN_PART_NONE;
        else if (month < 9)
            want = NN_PART_TRAIN;
        else if (month < 12)
            want = NN_PART_NONE; /* target in months 12-14: validation */
        else if (month < 13)
            want = NN_PART_VAL;
        else if (month < 16)
            want = NN_PART_NONE; /* target in months 16-18: test */
        else
            want = NN_PART_TEST; /* test labels are never trained on */
        bad += part[i] != want;
    }
    CHECK(bad == 0);
    size_t c[NN_PART_COUNT];
    count_parts(part, N, c);
    CHECK(c[NN_PART_TRAIN] == 44 && c[NN_PART_VAL] == 5 && c[NN_PART_TEST] == 20);
    CHECK(c[NN_PART_NONE] == 31);

    /* a target that stays before the next part's first time is kept */
    for (int i = 0; i < N; i++)
        target[i] = time[i] + 29 * DAY;
    CHECK(nn_split_chronological(N, time, target, 0.6, 0.2, 0.2, part, &err) == 0);
    count_parts(part, N, c);
    CHECK(c[NN_PART_TRAIN] == 60 && c[NN_PART_VAL] == 20 && c[NN_PART_NONE] == 0);
}

/* --- walk-forward -------------------------------------------------------- */

static void walk_forward_folds_expand(void)
{
    nn_rng rng;
    nn_rng_seed(&rng, 11);
    static double time[60];
    unsigned char part[60];
    size_t n;
    panel(&rng, 5, 12, time, &n); /* 12 dates: 4 blocks of 3 for 3 folds */
    nn_error err;
    size_t last_train = 0;
    for (int k = 0; k < 3; k++) {
        CHECK(nn_split_walk_forward(n, time, NULL, 3, k, 0, part, &err) == 0);
        size_t c[NN_PART_COUNT];
        count_parts(part, n, c);
        CHECK(c[NN_PART_TRAIN] == (size_t)(k + 1) * 15);
        CHECK(c[NN_PART_TEST] == 15 && c[NN_PART_VAL] == 0);
        CHECK(part_min(time, part, n, NN_PART_TRAIN) == 0);
        CHECK(part_max(time, part, n, NN_PART_TRAIN) == (3 * (k + 1) - 1) * DAY);
        CHECK(part_min(time, part, n, NN_PART_TEST) == 3 * (k + 1) * DAY);
        CHECK(part_max(time, part, n, NN_PART_TEST) == (3 * (k + 1) + 2) * DAY);
        CHECK(c[NN_PART_TRAIN] > last_train);
        last_train = c[NN_PART_TRAIN];
    }

    /* 10 dates in 4 blocks: boundaries at 10*b/4 = 0, 2, 5, 7, 10 */
    double t10[10];
    for (int i = 0; i < 10; i++)
        t10[i] = 9 - i; /* descending rows */
    const int train_end[3] = {2, 5, 7}, test_end[3] = {5, 7, 10};
    for (int k = 0; k < 3; k++) {
        CHECK(nn_split_walk_forward(10, t10, NULL, 3, k, 0, part, &err) == 0);
        int bad = 0;
        for (int i = 0; i < 10; i++) {
            int t = 9 - i;
            int want = t < train_end[k] ? NN_PART_TRAIN
                       : t < test_end[k] ? NN_PART_TEST : NN_PART_NONE;
            bad += part[i] != want;
        }
        CHECK(bad == 0);
    }
}

static void walk_forward_property_and_purge(void)
{
    nn_rng rng;
    nn_rng_seed(&rng, 77);
    static double time[400], target[400];
    static unsigned char part[400], prev[400];
    nn_error err;
    int bad = 0;
    for (int trial = 0; trial < 100; trial++) {
        size_t n = 50 + nn_rng_below(&rng, 350), ndates = 10 + nn_rng_below(&rng, 40);
        double horizon = (double)nn_rng_below(&rng, 4) * DAY;
        for (size_t i = 0; i < n; i++) {
            time[i] = (double)nn_rng_below(&rng, (uint32_t)ndates) * DAY;
            target[i] = time[i] + horizon;
        }
        int nfolds = 1 + (int)nn_rng_below(&rng, 5);
        for (int k = 0; k < nfolds; k++) {
            if (nn_split_walk_forward(n, time, target, nfolds, k, 0, part, &err) < 0) {
                bad++; /* only when fewer distinct times than blocks */
                continue;
            }
            double max_train = part_max(time, part, n, NN_PART_TRAIN);
            double min_test = part_min(time, part, n, NN_PART_TEST);
            bad += !(max_train < min_test);
            for (size_t i = 0; i < n; i++) {
                bad += part[i] == NN_PART_VAL;
                bad += part[i] == NN_PART_TRAIN && !(target[i] < min_test);
                /* the window only grows: last fold's training rows still train
                 * unless purged by the new, later test block (never) */
                bad += k > 0 && prev[i] == NN_PART_TRAIN && part[i] != NN_PART_TRAIN;
            }
            memcpy(prev, part, n);
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    TEST(part_names);
    TEST(refusals_name_the_argument);
    TEST(shuffled_sizes_are_exact);
    TEST(shuffled_is_reproducible_for_a_seed);
    TEST(stratified_keeps_a_90_10_imbalance);
    TEST(stratified_property_over_random_classes);
    TEST(chronological_on_a_panel_of_5_keys);
    TEST(chronological_by_row_index_and_missing_times);
    TEST(chronological_keeps_small_parts_when_it_can);
    TEST(chronological_property_over_random_tables);
    TEST(chronological_purges_labels_from_later_parts);
    TEST(walk_forward_folds_expand);
    TEST(walk_forward_property_and_purge);
    return tap_done();
}
