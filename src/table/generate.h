/* Synthetic datasets for teaching and tests (`generate KIND`): features
 * x1..xN (float32, numeric) and a target y, drawn from the engine's
 * seeded generator so that a seed gives the same table on every machine.
 *
 * Every kind draws its hidden parameters (weights, centres, drifts) first
 * and then a fixed number of random values per row, whatever the noise:
 * the same seed and features with a larger rows= gives the same first
 * rows, and with another noise= the same points, weights and shocks,
 * only scaled - so the effect of noise can be seen on one problem.
 *
 *   random   the Keras tutorial data: x ~ uniform[0,1), y ~ uniform[0,1)
 *            unrelated to x (regression); no noise.
 *   linear   x ~ N(0,1); y = x.w + b + noise * N(0,1), every w_j and b
 *            drawn uniformly in [-1,1] from the seed (regression).
 *   xor      x1, x2 uniform in [-1,1); y = 1 when x1*x2 > 0, else 0;
 *            noise is the share of labels flipped (0 to 0.5), so the best
 *            possible accuracy is 1 - noise (boolean y, levels "0","1").
 *   circles  as sklearn's make_circles (factor 0.5): even rows on the
 *            circle of radius 1 (y = 0), odd rows on radius 0.5 (y = 1),
 *            angles uniform; noise adds N(0, noise^2) to x1 and x2.
 *   spirals  two interleaved spirals of 1.5 turns: even rows y = 0, odd
 *            rows y = 1; t uniform in [0,1), radius t, angle 3*pi*t + pi*y;
 *            noise adds N(0, noise^2) to x1 and x2.
 *   gauss    3 Gaussian blobs: row i is class i mod 3 (categorical y,
 *            levels "0","1","2"), centres uniform in [-5,5]^N from the
 *            seed, each coordinate N(centre, noise^2).
 *   gbm      prices by geometric Brownian motion, wide layout: columns
 *            date, x1..xN, y, one row per business day (Monday to Friday,
 *            no holidays) from 2020-01-01; every series (x1..xN and y)
 *            has its own annual drift mu ~ U[-0.05,0.15], volatility
 *            sigma ~ U[0.1,0.4] * noise and first price ~ U[10,200),
 *            with dt = 1/252: log S[t+1] - log S[t] = (mu - sigma^2/2) dt
 *            + sigma sqrt(dt) N(0,1), independent across series and days.
 *            `target y; window 20 on=y as=logreturn` works directly; the
 *            returns are unpredictable by construction, so a model should
 *            not beat the zero-return baseline - the honest lesson.
 */
#ifndef NN_GENERATE_H
#define NN_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "table.h"

/* Passed as rows or features: the kind's default. Pass NAN as noise for
 * the kind's default noise. */
#define NN_GENERATE_DEFAULT SIZE_MAX

/* What `help generate` and completion show about one kind. */
typedef struct nn_generate_kind {
    const char *name;
    const char *help;                 /* one line */
    size_t rows, features;            /* defaults */
    size_t min_features, max_features;
    double noise, max_noise;          /* default and largest; max_noise 0: the kind has no noise */
} nn_generate_kind;

/* Kind i (0, 1, ...), or NULL past the last one. */
const nn_generate_kind *nn_generate_kind_at(int i);
/* Its name, or NULL past the last one (for listing and completion). */
const char *nn_generate_kind_name(int i);

/* A new table of the given kind (name in any case), or NULL with err
 * naming the argument at fault: an unknown kind (the message lists the
 * kinds), rows outside 1..10,000,000 or more than 100,000,000 cells,
 * features the kind cannot have, a negative, non-finite or too large
 * noise, a gbm price leaving the float range. t->source is the command
 * that rebuilds the table, e.g. "generate xor rows=1000 features=2
 * noise=0 seed=42". */
nn_table *nn_generate(const char *kind, size_t rows, size_t features, double noise, uint64_t seed,
                      nn_error *err);

#endif
