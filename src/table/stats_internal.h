/* Shared by stats.c and chart.c: the levels of a column ranked by how
 * often they occur. */
#ifndef NN_STATS_INTERNAL_H
#define NN_STATS_INTERNAL_H

#include <stddef.h>

#include "table.h"

typedef struct nn_level_count {
    size_t level, count;
} nn_level_count;

/* The levels of a BOOLEAN, CATEGORICAL or TEXT column that occur at least
 * once, most frequent first, ties in level order, into *ranked (malloc'ed,
 * NULL when none occur). Returns how many, or -1 when out of memory. */
long nn_rank_levels(const nn_column *c, size_t nrows, nn_level_count **ranked);

#endif
