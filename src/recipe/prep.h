/* One preparation run: the rows it produces (in series order, then
 * grouped by part) and the values of the table it reads them from. */
#ifndef NN_PREP_H
#define NN_PREP_H

#include "recipe_internal.h"

#define NO_POS ((size_t)-1)

typedef struct prep {
    const nn_table *t;
    nn_plan plan;
    nn_notes *notes;
    float **filled;     /* per column: forward-filled copy of values, or NULL */
    float **clean;      /* per column: winsorized / smoothed copy the features read, or NULL */
    size_t *order;      /* table rows, sorted and filtered */
    size_t norder;
    size_t *group;      /* per position in order: first position of its key group */
    size_t n;           /* rows */
    size_t *pos;        /* per row: position in order of its (last) step */
    size_t *tpos;       /* per row: position of its target, NO_POS when beyond the data */
    size_t ny;          /* targets per row: a regression's several, else 1 */
    double *y;          /* per row, ny each: targets in original units, or a class index */
    unsigned char *part;
    size_t begin[NN_PART_COUNT + 1];
} prep;

/* ---- prep_value.c ---- */

/* The value of numeric column c at position q of the order. */
double prep_value(const prep *pp, int c, size_t q);
/* The value features read: winsorized and smoothed when a step says so
 * (the target reads prep_value: it stays raw). */
double prep_feature(const prep *pp, int c, size_t q);
/* Column c's cleaned copy, made from its values on first use (NULL: out
 * of memory). */
float *prep_clean_column(prep *pp, int c);
/* The time of position q: the time column's value, else the position
 * within its series. */
double prep_time(const prep *pp, size_t q);

/* features.c: sources of features fitted on training rows, and the
 * feature matrix. */
int features_fit(prep *pp, nn_fit *fit, nn_error *err);
int features_write(const prep *pp, const nn_fit *fit, nn_prepared *out, nn_error *err);
/* target.c: the target of each row, classes fitted on training rows. */
int target_values(prep *pp, const nn_fit *fit, nn_error *err);
int target_fit(prep *pp, nn_fit *fit, nn_error *err);
int target_write(const prep *pp, const nn_fit *fit, nn_prepared *out, nn_error *err);

/* winsorize.c: bounds fitted on the training rows, then applied to every
 * position of the order. smooth.c: causal smoothing, per key. */
int winsorize_fit(prep *pp, nn_fit *fit, nn_error *err);
int winsorize_apply(prep *pp, const nn_fit *fit, nn_error *err);
int smooth_apply(prep *pp, nn_error *err);

/* stats helpers (fit.c) */
double fit_mean(const double *v, size_t n);
/* Sorts v in place and returns the q-quantile (linear interpolation). */
double fit_quantile_sorted(const double *v, size_t n, double q);
int fit_sort(double *v, size_t n);
/* Centre and scale of sorted values (z-score: population std, like
 * scikit-learn; min-max; robust: median and IQR); a constant feature
 * keeps scale 1 rather than dividing by zero. */
void fit_scale(nn_scale how, const double *v, size_t m, double *center, double *scale);

#endif
