/* Smoothing a series: each value replaced by the ema, mean or median of
 * the current row and the span - 1 rows before it, in row order (after
 * `sort`), within its key with by=. Causal: no later row is ever read, so
 * a changed row never changes an earlier smoothed value. The first rows
 * of a series, with fewer rows before them, use the rows there are (the
 * ema starts at the first value, like pandas' ewm(span=N, adjust=False)).
 * A missing value stays missing and counts in no mean; the ema carries
 * over it. Only features see smoothed values: the target stays raw. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

static int same_key(float a, float b) { return a == b || (isnan(a) && isnan(b)); }

/* Positions of the order by key (missing keys last, as one series), then
 * by position: each key's series in row order. */
static int by_key(const void *a, const void *b, void *ctx)
{
    const float *key = ctx;
    size_t qa = *(const size_t *)a, qb = *(const size_t *)b;
    float ka = key[qa], kb = key[qb];
    if (!same_key(ka, kb))
        return isnan(ka) ? 1 : isnan(kb) ? -1 : ka < kb ? -1 : 1;
    return qa < qb ? -1 : qa > qb;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Smooths one series x[0..n) into out (buf: span scratch values). */
static void smooth_series(int how, int span, const double *x, size_t n, double *out, double *buf)
{
    double alpha = 2.0 / (span + 1), ema = NAN;
    for (size_t i = 0; i < n; i++) {
        if (how == NN_SMOOTH_EMA && !isnan(x[i]))
            ema = isnan(ema) ? x[i] : alpha * x[i] + (1 - alpha) * ema;
        out[i] = NAN;
        if (isnan(x[i]))
            continue;
        if (how == NN_SMOOTH_EMA) {
            out[i] = ema;
            continue;
        }
        size_t m = 0;
        for (size_t j = i + 1 > (size_t)span ? i + 1 - (size_t)span : 0; j <= i; j++)
            if (!isnan(x[j]))
                buf[m++] = x[j];
        if (how == NN_SMOOTH_MEAN) {
            out[i] = fit_mean(buf, m);
        } else {
            qsort(buf, m, sizeof *buf, compare_doubles);
            out[i] = m % 2 ? buf[m / 2] : (buf[m / 2 - 1] + buf[m / 2]) / 2;
        }
    }
}

/* The ema has no window: it weighs every earlier row, so it is not
 * described as one, lest a user think it forgets after span rows. */
void nn_smoothing_text(const nn_smoothing *s, char *buf, size_t len)
{
    int used = s->how == NN_SMOOTH_EMA
                   ? snprintf(buf, len, "the ema of span %d (weight %.3g on the row, the rest decaying "
                                        "over every earlier row)", s->span, 2.0 / (s->span + 1))
                   : snprintf(buf, len, "the %s of the row and up to %d rows before it",
                              nn_smooth_name(s->how), s->span - 1);
    if (s->by && used >= 0 && (size_t)used < len)
        snprintf(buf + used, len - (size_t)used, " of the same '%s'", s->by);
}

static void note_smoothed(const prep *pp, int c, size_t changed)
{
    const plan_col *pc = &pp->plan.cols[c];
    const char *name = pp->t->cols[c].name;
    if (pc->role == ROLE_TARGET && !pc->on) {
        nn_notes_add(pp->notes, "smooth '%s': the target is not smoothed (only features are, and it "
                                "is not windowed): the step changes nothing", name);
        return;
    }
    nn_smoothing sm = {(nn_smooth)(pc->smooth - 1), pc->span,
                       pc->smooth_by >= 0 ? pp->t->cols[pc->smooth_by].name : NULL, 0};
    char what[300];
    nn_smoothing_text(&sm, what, sizeof what);
    nn_notes_add(pp->notes, "smooth '%s': %zu values replaced by %s; %s", name, changed, what,
                 sm.how == NN_SMOOTH_EMA ? "each series starts from its first value"
                                         : "the first rows of each series use the rows there are");
}

/* Smooths column c in place over each key's series. */
static int smooth_column(prep *pp, int c, size_t *seq, float *key, double *x, double *out,
                         double *buf)
{
    const plan_col *pc = &pp->plan.cols[c];
    float *v = prep_clean_column(pp, c);
    if (!v)
        return -1;
    size_t n = pp->norder;
    for (size_t q = 0; q < n; q++) {
        seq[q] = q;
        key[q] = pc->smooth_by >= 0 ? pp->t->cols[pc->smooth_by].values[pp->order[q]] : 0;
    }
    if (pc->smooth_by >= 0)
        qsort_r(seq, n, sizeof *seq, by_key, key);
    for (size_t i = 0; i < n; i++)
        x[i] = v[pp->order[seq[i]]];
    for (size_t g0 = 0, g1; g0 < n; g0 = g1) {
        for (g1 = g0 + 1; g1 < n && same_key(key[seq[g1]], key[seq[g0]]); g1++)
            ;
        smooth_series(pc->smooth - 1, pc->span, x + g0, g1 - g0, out + g0, buf);
    }
    size_t changed = 0;
    for (size_t i = 0; i < n; i++) {
        float *cell = &v[pp->order[seq[i]]];
        changed += !(isnan(out[i]) && isnan(*cell)) && (float)out[i] != *cell;
        *cell = (float)out[i];
    }
    note_smoothed(pp, c, changed);
    return 0;
}

int smooth_apply(prep *pp, nn_error *err)
{
    size_t n = pp->norder ? pp->norder : 1;
    size_t *seq = NULL;
    float *key = NULL;
    double *x = NULL, *out = NULL, *buf = NULL;
    int rc = 0;
    for (size_t c = 0; rc == 0 && c < pp->plan.ncols; c++) {
        const plan_col *pc = &pp->plan.cols[c];
        if (!pc->smooth)
            continue;
        if (!seq) {
            seq = malloc(n * sizeof *seq), key = malloc(n * sizeof *key);
            x = malloc(n * sizeof *x), out = malloc(n * sizeof *out);
        }
        free(buf);
        buf = malloc((size_t)pc->span * sizeof *buf);
        if (!seq || !key || !x || !out || !buf || smooth_column(pp, (int)c, seq, key, x, out, buf) < 0)
            rc = nn_fail(err, "out of memory");
    }
    free(seq), free(key), free(x), free(out), free(buf);
    return rc;
}
