/* Shared by the evaluation reports: row weights of a resample, and the
 * check that values are finite. */
#ifndef NN_EVALUATE_ROWS_H
#define NN_EVALUATE_ROWS_H

#include <math.h>
#include <stddef.h>

#include "error.h"

/* Row i's weight: its count in a resample, or 1 without one. */
static inline double nn_row_weight(const unsigned *count, size_t i)
{
    return count ? (double)count[i] : 1.0;
}

static inline double nn_total_weight(const unsigned *count, size_t n)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++)
        w += nn_row_weight(count, i);
    return w;
}

/* n rows of width values; the message names the row, counting from 1. */
static inline int nn_check_finite_rows(const double *v, size_t n, int width, const char *what,
                                       nn_error *err)
{
    for (size_t i = 0; i < n * (size_t)width; i++)
        if (!isfinite(v[i]))
            return nn_fail(err, "%s of row %zu is %s", what, i / (size_t)width + 1,
                           isnan(v[i]) ? "NaN" : "infinite");
    return 0;
}

#endif
