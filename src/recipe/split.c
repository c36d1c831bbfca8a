/* Train/validation/test assignment. Shuffled splits count rows with
 * integer largest-remainder quotas, so the part sizes are exact and every
 * class keeps its proportion to within a row (two in test, which takes
 * what is left). Time-based splits work on
 * the sorted distinct times, so rows that share a time (one date across
 * several keys) never straddle a boundary. */
#include "split.h"

#include <math.h>
#include <stdlib.h>

#include "engine/rng.h"

static const char *const part_names[NN_PART_COUNT] = {"train", "val", "test", "none"};

const char *nn_part_name(int part)
{
    return part >= 0 && part < NN_PART_COUNT ? part_names[part] : "?";
}

/* --- fractions ----------------------------------------------------------- */

static int check_fractions(double train, double val, double test, nn_error *err)
{
    const char *names[3] = {"train", "val", "test"};
    double f[3] = {train, val, test};
    for (int p = 0; p < 3; p++)
        if (!(f[p] >= 0 && f[p] <= 1))
            return nn_fail(err, "%s=%g: must be between 0 and 1", names[p], f[p]);
    if (!(train > 0))
        return nn_fail(err, "train=%g: must be more than 0", train);
    double sum = train + val + test;
    if (fabs(sum - 1) > 1e-6)
        return nn_fail(err, "fractions sum to %g, must be 1", sum);
    return 0;
}

/* Rows per part out of n: the cut points are rounded, so the parts add up
 * to n and each is within one row of its exact share. */
static void part_totals(size_t n, double train, double val, size_t total[3])
{
    size_t cut1 = (size_t)llround((double)n * train);
    size_t cut2 = (size_t)llround((double)n * (train + val));
    if (cut1 > n)
        cut1 = n;
    if (cut2 < cut1)
        cut2 = cut1;
    if (cut2 > n)
        cut2 = n;
    total[0] = cut1;
    total[1] = cut2 - cut1;
    total[2] = n - cut2;
}

/* --- shuffled ------------------------------------------------------------ */

typedef struct group {
    size_t start, size; /* a run of the row order sharing one stratum */
    size_t take[3];     /* rows given to each part */
    uint64_t rem;       /* remainder of the current quota, for ranking */
} group;

typedef struct row_ref {
    int stratum; /* -1 for none */
    uint32_t row;
} row_ref;

static int by_stratum_then_row(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int by_remainder(const void *a, const void *b)
{
    const group *g = *(group *const *)a, *h = *(group *const *)b;
    if (g->rem != h->rem)
        return g->rem > h->rem ? -1 : 1;
    return g->start < h->start ? -1 : g->start > h->start; /* ties: first stratum */
}

static size_t room_left(const group *g)
{
    return g->size - g->take[0] - g->take[1];
}

/* Gives part p (train or val) its total rows across the groups in
 * proportion to their sizes: each group gets floor(size * total / n), and
 * the rows still owed go one each to the largest remainders (a group with
 * no remainder only when validation finds small groups already rounded
 * up for training and out of room). */
static void allot_part(group *groups, group **rank, size_t ngroups, size_t n, size_t total, int p)
{
    size_t given = 0;
    for (size_t g = 0; g < ngroups; g++) {
        uint64_t share = (uint64_t)groups[g].size * total;
        /* within the room left: floor(size*val/n) + ceil(size*train/n) <= size */
        groups[g].take[p] = (size_t)(share / n);
        groups[g].rem = share % n;
        given += groups[g].take[p];
        rank[g] = &groups[g];
    }
    qsort(rank, ngroups, sizeof *rank, by_remainder);
    while (given < total) /* ends: the groups have n - train rows of room */
        for (size_t r = 0; r < ngroups && given < total; r++)
            if (room_left(rank[r]) > 0) {
                rank[r]->take[p]++;
                given++;
            }
}

static void shuffle(nn_rng *rng, row_ref *rows, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = nn_rng_below(rng, (uint32_t)i);
        row_ref t = rows[i - 1];
        rows[i - 1] = rows[j];
        rows[j] = t;
    }
}

/* Rows sorted by stratum, cut into runs of one stratum each. */
static size_t find_groups(size_t n, const int *strata, row_ref *order, group *groups)
{
    for (size_t i = 0; i < n; i++)
        order[i] = (row_ref){strata && strata[i] >= 0 ? strata[i] : -1, (uint32_t)i};
    if (strata)
        qsort(order, n, sizeof *order, by_stratum_then_row);
    size_t ngroups = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || order[i].stratum != order[i - 1].stratum)
            groups[ngroups++] = (group){.start = i};
    for (size_t g = 0; g < ngroups; g++)
        groups[g].size = (g + 1 < ngroups ? groups[g + 1].start : n) - groups[g].start;
    return ngroups;
}

int nn_split_shuffled(size_t n, double train, double val, double test, uint64_t seed,
                      const int *strata, unsigned char *part, nn_error *err)
{
    if (check_fractions(train, val, test, err) < 0)
        return -1;
    if (n > UINT32_MAX)
        return nn_fail(err, "too many rows to split (%zu)", n);
    if (n == 0)
        return 0;
    row_ref *order = malloc(n * sizeof *order);
    group *groups = malloc(n * sizeof *groups);
    group **rank = malloc(n * sizeof *rank);
    if (!order || !groups || !rank) {
        free(order);
        free(groups);
        free(rank);
        return nn_fail(err, "out of memory splitting %zu rows", n);
    }
    size_t ngroups = find_groups(n, strata, order, groups), total[3];
    part_totals(n, train, val, total);
    allot_part(groups, rank, ngroups, n, total[0], NN_PART_TRAIN);
    allot_part(groups, rank, ngroups, n, total[1], NN_PART_VAL);
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    for (size_t g = 0; g < ngroups; g++) {
        row_ref *rows = order + groups[g].start;
        shuffle(&rng, rows, groups[g].size);
        size_t ntrain = groups[g].take[0], nval = groups[g].take[1];
        for (size_t i = 0; i < groups[g].size; i++)
            part[rows[i].row] = i < ntrain ? NN_PART_TRAIN
                                : i < ntrain + nval ? NN_PART_VAL : NN_PART_TEST;
    }
    free(order);
    free(groups);
    free(rank);
    return 0;
}

/* --- k-fold --------------------------------------------------------------- */

int nn_split_kfold(size_t n, int nfolds, int k, uint64_t seed, const int *strata,
                   unsigned char *part, nn_error *err)
{
    if (nfolds < 2)
        return nn_fail(err, "folds=%d: must be at least 2", nfolds);
    if (k < 0 || k >= nfolds)
        return nn_fail(err, "fold=%d: must be between 0 and %d", k, nfolds - 1);
    if (n < (size_t)nfolds)
        return nn_fail(err, "folds=%d: needs at least %d rows, the data has %zu", nfolds, nfolds, n);
    if (n > UINT32_MAX)
        return nn_fail(err, "too many rows to split (%zu)", n);
    row_ref *order = malloc(n * sizeof *order);
    group *groups = malloc(n * sizeof *groups);
    if (!order || !groups) {
        free(order);
        free(groups);
        return nn_fail(err, "out of memory splitting %zu rows", n);
    }
    size_t ngroups = find_groups(n, strata, order, groups);
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    for (size_t g = 0; g < ngroups; g++)
        shuffle(&rng, order + groups[g].start, groups[g].size);
    /* dealing in turn across the strata in order: position i goes to fold i mod nfolds */
    for (size_t i = 0; i < n; i++)
        part[order[i].row] = (int)(i % (size_t)nfolds) == k ? NN_PART_TEST : NN_PART_TRAIN;
    free(order);
    free(groups);
    return 0;
}

/* --- time-based ---------------------------------------------------------- */

/* The distinct times of the rows, ascending, and where each row falls. */
typedef struct timeline {
    double *times;     /* distinct times present */
    size_t ntimes;
    size_t *slot;      /* per row: index into times, or NO_TIME */
    size_t *rows_upto; /* rows_upto[i]: rows at times[0..i), i = 0..ntimes */
} timeline;

#define NO_TIME ((size_t)-1)

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double row_time(const double *time, size_t i)
{
    return time ? time[i] : (double)i;
}

static size_t find_time(const timeline *tl, double t)
{
    size_t lo = 0, hi = tl->ntimes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->times[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void timeline_free(timeline *tl)
{
    free(tl->times);
    free(tl->slot);
    free(tl->rows_upto);
}

static int timeline_build(timeline *tl, size_t n, const double *time, nn_error *err)
{
    *tl = (timeline){0};
    tl->times = malloc((n ? n : 1) * sizeof *tl->times);
    tl->slot = malloc((n ? n : 1) * sizeof *tl->slot);
    tl->rows_upto = calloc(n + 1, sizeof *tl->rows_upto);
    if (!tl->times || !tl->slot || !tl->rows_upto) {
        timeline_free(tl);
        return nn_fail(err, "out of memory splitting %zu rows", n);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(row_time(time, i)))
            tl->times[m++] = row_time(time, i);
    qsort(tl->times, m, sizeof *tl->times, by_value);
    for (size_t i = 0; i < m; i++)
        if (i == 0 || tl->times[i] != tl->times[tl->ntimes - 1])
            tl->times[tl->ntimes++] = tl->times[i];
    for (size_t i = 0; i < n; i++) {
        double t = row_time(time, i);
        tl->slot[i] = isnan(t) ? NO_TIME : find_time(tl, t);
        if (tl->slot[i] != NO_TIME)
            tl->rows_upto[tl->slot[i] + 1]++;
    }
    for (size_t i = 0; i < tl->ntimes; i++)
        tl->rows_upto[i + 1] += tl->rows_upto[i];
    return 0;
}

/* Parts from slot boundaries: times before cut[0] train, before cut[1]
 * val, before cut[2] test, the rest (and rows without a time) none. A
 * row whose target time is missing or reaches the first time of a later
 * part is purged, since its label would come from that part. */
static void assign_by_time(const timeline *tl, size_t n, const double *target_time,
                           const size_t cut[3], unsigned char *part)
{
    for (size_t i = 0; i < n; i++) {
        size_t s = tl->slot[i];
        int p = NN_PART_NONE;
        for (int q = NN_PART_TEST; q >= NN_PART_TRAIN; q--)
            if (s < cut[q]) /* never for NO_TIME */
                p = q;
        /* the first time after this part that another part holds */
        size_t next = p < NN_PART_TEST ? cut[p] : tl->ntimes;
        if (p < NN_PART_TEST && next < cut[NN_PART_TEST] && target_time &&
            !(target_time[i] < tl->times[next]))
            p = NN_PART_NONE;
        part[i] = (unsigned char)p;
    }
}

/* The first slot boundary in [lo, hi] with at least `rows` rows before
 * it, or hi. */
static size_t first_cut_reaching(const timeline *tl, size_t rows, size_t lo, size_t hi)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->rows_upto[mid] < rows)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The slot boundary in [lo, hi] whose row count is nearest to rows (the
 * earlier one on a tie), so that a date shared by many rows goes wholly
 * to one side. */
static size_t nearest_cut(const timeline *tl, size_t rows, size_t lo, size_t hi)
{
    size_t c = first_cut_reaching(tl, rows, lo, hi);
    if (c > lo && tl->rows_upto[c] >= rows &&
        rows - tl->rows_upto[c - 1] <= tl->rows_upto[c] - rows)
        c--;
    return c;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

int nn_split_chronological(size_t n, const double *time, const double *target_time, double train,
                           double val, double test, unsigned char *part, nn_error *err)
{
    if (check_fractions(train, val, test, err) < 0)
        return -1;
    if (n == 0)
        return 0;
    timeline tl;
    if (timeline_build(&tl, n, time, err) < 0)
        return -1;
    size_t d = tl.ntimes;
    if (d == 0) {
        timeline_free(&tl);
        return nn_fail(err, "no row has a time to split by");
    }
    size_t total[3];
    part_totals(tl.rows_upto[d], train, val, total);
    /* Each part with a positive fraction keeps at least one time when
     * there are enough: train first, then test, then validation. */
    size_t keep_test = min_size(test > 0, d - 1);
    size_t keep_val = min_size(val > 0, d - 1 - keep_test);
    size_t cut1 = nearest_cut(&tl, total[0], 1, d - keep_val - keep_test);
    size_t cut2 = nearest_cut(&tl, total[0] + total[1], cut1 + keep_val, d - keep_test);
    size_t cut[3] = {cut1, cut2, d};
    assign_by_time(&tl, n, target_time, cut, part);
    timeline_free(&tl);
    return 0;
}

int nn_split_walk_forward(size_t n, const double *time, const double *target_time, int nfolds,
                          int k, int sliding, unsigned char *part, nn_error *err)
{
    if (nfolds < 1)
        return nn_fail(err, "folds=%d: must be at least 1", nfolds);
    if (k < 0 || k >= nfolds)
        return nn_fail(err, "fold=%d: must be between 0 and %d", k, nfolds - 1);
    timeline tl;
    if (timeline_build(&tl, n, time, err) < 0)
        return -1;
    size_t d = tl.ntimes, blocks = (size_t)nfolds + 1;
    if (d < blocks) {
        timeline_free(&tl);
        return nn_fail(err, "folds=%d: needs at least %zu distinct times, the data has %zu", nfolds,
                       blocks, d);
    }
    /* block b holds the times [b*d/blocks, (b+1)*d/blocks) */
    size_t test_start = ((size_t)k + 1) * d / blocks, test_end = ((size_t)k + 2) * d / blocks;
    size_t cut[3] = {test_start, test_start, test_end};
    assign_by_time(&tl, n, target_time, cut, part);
    size_t train_start = sliding ? (size_t)k * d / blocks : 0;
    for (size_t i = 0; i < n; i++) /* sliding: blocks before k leave training */
        if (part[i] == NN_PART_TRAIN && tl.slot[i] < train_start)
            part[i] = NN_PART_NONE;
    timeline_free(&tl);
    return 0;
}
