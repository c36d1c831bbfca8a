/* A small, seedable, portable random generator (xoshiro128++ seeded by
 * splitmix64), so that a seed gives the same weights, shuffles and dropout
 * masks on every machine. */
#ifndef NN_RNG_H
#define NN_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct nn_rng {
    uint32_t s[4];
} nn_rng;

void nn_rng_seed(nn_rng *r, uint64_t seed);
uint32_t nn_rng_u32(nn_rng *r);
/* Uniform in [0, 1). */
float nn_rng_uniform(nn_rng *r);
/* mask[i] = scale where a uniform draw is below keep, else 0, for n
 * values: the same draws and result as n calls of nn_rng_uniform. */
void nn_rng_mask(nn_rng *r, float *mask, size_t n, float keep, float scale);
/* Standard normal (Box-Muller). */
float nn_rng_normal(nn_rng *r);
/* Uniform integer in [0, n). */
uint32_t nn_rng_below(nn_rng *r, uint32_t n);
/* Fisher-Yates shuffle of an index array. */
void nn_rng_shuffle(nn_rng *r, int *idx, int n);

#endif
