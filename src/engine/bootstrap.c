/* Percentile bootstrap of the evaluate reports (see bootstrap.h). */
#include "bootstrap.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Scores one resample (count per row) into report. */
typedef void (*score_fn)(const void *ctx, const unsigned *count, void *report);

/* The metric fields of a report, by offset, to read each as a double. */
typedef struct {
    const size_t *offset;
    int count;
} fields;

static double *field(void *report, size_t offset)
{
    return (double *)((char *)report + offset);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of sorted v[m] by linear interpolation (numpy's default). */
static double quantile(const double *v, size_t m, double q)
{
    if (m == 0)
        return NAN;
    double pos = q * (double)(m - 1);
    size_t i = (size_t)pos;
    return i + 1 < m ? v[i] + (pos - (double)i) * (v[i + 1] - v[i]) : v[i];
}

/* Bounds of v[m] over its non-NaN values; reorders v. */
static void percentile_interval(double *v, size_t m, double *lo, double *hi)
{
    size_t kept = 0;
    for (size_t i = 0; i < m; i++)
        if (!isnan(v[i]))
            v[kept++] = v[i];
    qsort(v, kept, sizeof *v, by_value);
    double tail = (1.0 - NN_BOOTSTRAP_LEVEL) / 2.0;
    *lo = quantile(v, kept, tail);
    *hi = quantile(v, kept, 1.0 - tail);
}

/* n draws of n rows with replacement, as counts. */
static void resample(nn_rng *rng, unsigned *count, size_t n)
{
    memset(count, 0, n * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[nn_rng_below(rng, (uint32_t)n)]++;
}

/* Scores `resamples` resamples into scratch and writes each field's bounds
 * into lo and hi. */
static int bootstrap(score_fn score, const void *ctx, size_t n, fields f, void *scratch,
                     void *lo, void *hi, int resamples, uint64_t seed, nn_error *err)
{
    if (resamples < 1)
        return nn_fail(err, "the bootstrap needs at least one resample, not %d", resamples);
    if (n > UINT32_MAX)
        return nn_fail(err, "too many rows to resample (%zu)", n);
    size_t m = (size_t)resamples;
    unsigned *count = malloc(n * sizeof *count);
    double *values = malloc((size_t)f.count * m * sizeof *values);
    if (!count || !values) {
        free(count), free(values);
        return nn_fail(err, "out of memory for %d resamples of %zu rows", resamples, n);
    }
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    for (size_t b = 0; b < m; b++) {
        resample(&rng, count, n);
        score(ctx, count, scratch);
        for (int j = 0; j < f.count; j++)
            values[(size_t)j * m + b] = *field(scratch, f.offset[j]);
    }
    for (int j = 0; j < f.count; j++)
        percentile_interval(values + (size_t)j * m, m, field(lo, f.offset[j]),
                            field(hi, f.offset[j]));
    free(count), free(values);
    return 0;
}

/* --- regression ---------------------------------------------------------- */

static const size_t regression_offsets[] = {
    offsetof(nn_regression_report, rmse),
    offsetof(nn_regression_report, mae),
    offsetof(nn_regression_report, mape),
    offsetof(nn_regression_report, r2),
    offsetof(nn_regression_report, directional_accuracy),
    offsetof(nn_regression_report, always_up),
};

typedef struct {
    const double *truth, *pred, *reference;
    size_t n;
    nn_forecast kind;
} regression_rows;

static void score_regression(const void *ctx, const unsigned *count, void *report)
{
    const regression_rows *d = ctx;
    nn_regression_report_weighted(report, d->truth, d->pred, count, d->n, d->kind, d->reference);
}

int nn_regression_bootstrap(nn_regression_report *lo, nn_regression_report *hi,
                            const double *truth, const double *pred, size_t n, nn_forecast kind,
                            const double *reference, int resamples, uint64_t seed, nn_error *err)
{
    nn_regression_report full, scratch;
    if (nn_regression_report_fill(&full, truth, pred, n, kind, reference, err) < 0)
        return -1;
    *lo = *hi = full;
    regression_rows d = {truth, pred, kind == NN_FORECAST_NONE ? NULL : reference, n, kind};
    fields f = {regression_offsets, sizeof regression_offsets / sizeof *regression_offsets};
    return bootstrap(score_regression, &d, n, f, &scratch, lo, hi, resamples, seed, err);
}

/* --- classification ------------------------------------------------------- */

static const size_t classification_offsets[] = {
    offsetof(nn_classification_report, accuracy),
    offsetof(nn_classification_report, precision),
    offsetof(nn_classification_report, recall),
    offsetof(nn_classification_report, f1),
    offsetof(nn_classification_report, auc),
    offsetof(nn_classification_report, logloss),
};

typedef struct {
    const int *truth;
    const double *prob;
    size_t n;
    int width;
    const size_t *order;
} classification_rows;

static void score_classification(const void *ctx, const unsigned *count, void *report)
{
    const classification_rows *d = ctx;
    nn_classification_report_weighted(report, d->truth, d->prob, count, d->n, d->width, d->order);
}

int nn_classification_bootstrap(nn_classification_report *lo, nn_classification_report *hi,
                                const int *truth, const double *prob, size_t n, int width,
                                int resamples, uint64_t seed, nn_error *err)
{
    return nn_classification_bootstrap_at(lo, hi, truth, prob, n, width, 0.5, resamples, seed, err);
}

int nn_classification_bootstrap_at(nn_classification_report *lo, nn_classification_report *hi,
                                   const int *truth, const double *prob, size_t n, int width,
                                   double threshold, int resamples, uint64_t seed, nn_error *err)
{
    nn_classification_report scratch; /* its threshold decides each resample's classes */
    if (nn_classification_report_fill_at(&scratch, truth, prob, n, width, threshold, err) < 0)
        return -1;
    *lo = *hi = scratch;
    lo->confusion = hi->confusion = NULL;
    size_t *order = nn_score_order(prob, n, width);
    classification_rows d = {truth, prob, n, width, order};
    fields f = {classification_offsets,
                sizeof classification_offsets / sizeof *classification_offsets};
    int rc = order ? bootstrap(score_classification, &d, n, f, &scratch, lo, hi, resamples, seed,
                               err)
                   : nn_fail(err, "out of memory evaluating %zu rows", n);
    free(order);
    nn_classification_report_free(&scratch);
    return rc;
}
