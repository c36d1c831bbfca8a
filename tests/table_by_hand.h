/* Tables built by hand for the recipe tests, so that they do not depend on
 * the CSV loader, and the few questions they ask of a recipe's output.
 * Every size is at least one, so that empty tables build too. */
#ifndef TABLE_BY_HAND_H
#define TABLE_BY_HAND_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "tap.h"

#define DAY 86400.0

static inline void *alloc_rows(size_t nrows, size_t size)
{
    return malloc((nrows ? nrows : 1) * size);
}

/* Room for 16 columns: more than any test adds. */
static inline nn_table *table_new(size_t nrows)
{
    nn_table *t = calloc(1, sizeof *t);
    t->nrows = nrows;
    t->source = strdup("test.csv");
    t->cols = calloc(16, sizeof *t->cols);
    return t;
}

static inline nn_column *add_column(nn_table *t, const char *name, nn_col_type type)
{
    nn_column *c = &t->cols[t->ncols++];
    c->name = strdup(name);
    c->type = type;
    return c;
}

/* NAN is a missing value. */
static inline void add_numbers(nn_table *t, const char *name, const double *v)
{
    nn_column *c = add_column(t, name, NN_COL_NUMERIC);
    c->values = alloc_rows(t->nrows, sizeof *c->values);
    for (size_t i = 0; i < t->nrows; i++) {
        c->values[i] = (float)v[i];
        c->missing += isnan(v[i]);
    }
}

/* codes index levels; -1 is missing */
static inline void add_levels(nn_table *t, const char *name, nn_col_type type,
                              const char *const *levels, size_t nlevels, const int *codes)
{
    nn_column *c = add_column(t, name, type);
    c->levels = calloc(nlevels ? nlevels : 1, sizeof *c->levels);
    for (size_t k = 0; k < nlevels; k++)
        c->levels[k] = strdup(levels[k]);
    c->nlevels = nlevels;
    c->values = alloc_rows(t->nrows, sizeof *c->values);
    for (size_t i = 0; i < t->nrows; i++) {
        c->values[i] = codes[i] < 0 ? NAN : (float)codes[i];
        c->missing += codes[i] < 0;
    }
}

/* Dates given as days since 1970-01-01. */
static inline void add_days(nn_table *t, const char *name, const double *days)
{
    nn_column *c = add_column(t, name, NN_COL_DATE);
    c->times = alloc_rows(t->nrows, sizeof *c->times);
    for (size_t i = 0; i < t->nrows; i++)
        c->times[i] = days[i] * DAY;
}

/* Adds the lines, failing the test on the first refused one. */
static inline int add_lines(nn_recipe *r, const nn_table *t, const char *const *lines)
{
    nn_error err = {{0}};
    for (; *lines; lines++) {
        if (nn_recipe_add_line(r, t, *lines, &err) < 0) {
            printf("#   '%s': %s\n", *lines, err.msg);
            CHECK(!"step refused");
            return -1;
        }
    }
    return 0;
}

/* The column of the named feature, -1 if there is none. */
static inline int feature_index(const nn_prepared *p, const char *name)
{
    for (size_t f = 0; f < p->nfeatures; f++)
        if (strcmp(p->feature_names[f], name) == 0)
            return (int)f;
    return -1;
}

#endif
