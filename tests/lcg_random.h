/* The tests' own generator (a 64-bit LCG), so that their data does not
 * depend on the engine's: the same seed gives the same numbers forever. */
#ifndef LCG_RANDOM_H
#define LCG_RANDOM_H

#include <math.h>
#include <stdint.h>

static uint64_t lcg_state;

static inline void lcg_seed(uint64_t seed)
{
    lcg_state = seed * 2862933555777941757ULL + 3037000493ULL;
}

/* In [0, 1), in steps of 2^-53. */
static inline double uniform01(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) * (1.0 / 9007199254740992.0);
}

static inline double uniform(double lo, double hi)
{
    return lo + (hi - lo) * uniform01();
}

/* Box-Muller; a draw of 0 is taken as 1e-300, so the log stays finite. */
static inline double normal(void)
{
    double u1 = uniform01(), u2 = uniform01();
    return sqrt(-2.0 * log(u1 > 1e-300 ? u1 : 1e-300)) * cos(2.0 * M_PI * u2);
}

#endif
