/* The values one preparation run reads: a column's value at a position
 * of the row order (forward-filled when a step says so), the cleaned copy
 * features read, and the time of a position. prepare.c orders the rows;
 * the stages it runs (target.c, features.c, winsorize.c, smooth.c) read
 * their values here. */
#include <math.h>
#include <stdlib.h>

#include "prep.h"

double prep_value(const prep *pp, int c, size_t q)
{
    size_t row = pp->order[q];
    const nn_column *col = &pp->t->cols[c];
    if (col->type == NN_COL_DATE)
        return col->times[row];
    return pp->filled && pp->filled[c] ? pp->filled[c][row] : col->values[row];
}

double prep_feature(const prep *pp, int c, size_t q)
{
    return pp->clean && pp->clean[c] ? pp->clean[c][pp->order[q]] : prep_value(pp, c, q);
}

float *prep_clean_column(prep *pp, int c)
{
    if (pp->clean && pp->clean[c])
        return pp->clean[c];
    if (!pp->clean && !(pp->clean = calloc(pp->plan.ncols, sizeof *pp->clean)))
        return NULL;
    float *v = malloc((pp->t->nrows ? pp->t->nrows : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t row = 0; row < pp->t->nrows; row++)
        v[row] = NAN; /* rows left out of the order are never read */
    for (size_t q = 0; q < pp->norder; q++)
        v[pp->order[q]] = (float)prep_value(pp, c, q);
    return pp->clean[c] = v;
}

double prep_time(const prep *pp, size_t q)
{
    if (pp->plan.time_col >= 0)
        return prep_value(pp, pp->plan.time_col, q);
    return (double)(q - pp->group[q]);
}
