#include "rng.h"

#include <math.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void nn_rng_seed(nn_rng *r, uint64_t seed)
{
    uint64_t a = splitmix64(&seed), b = splitmix64(&seed);
    r->s[0] = (uint32_t)a;
    r->s[1] = (uint32_t)(a >> 32);
    r->s[2] = (uint32_t)b;
    r->s[3] = (uint32_t)(b >> 32) | 1u; /* never all zero */
}

static inline uint32_t rotl(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static inline uint32_t next(uint32_t *s)
{
    uint32_t result = rotl(s[0] + s[3], 7) + s[0]; /* xoshiro128++ */
    uint32_t t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

uint32_t nn_rng_u32(nn_rng *r)
{
    return next(r->s);
}

float nn_rng_uniform(nn_rng *r)
{
    return (float)(nn_rng_u32(r) >> 8) * (1.0f / 16777216.0f);
}

/* Draws as nn_rng_uniform(r) < keep would, element by element, but on a
 * local copy of the state (the stores into mask cannot alias it) and with
 * the comparison done on the 24-bit integer: (k >> 8) * 2^-24 < keep holds
 * exactly when (k >> 8) < ceil(keep * 2^24), both sides being exact. A
 * dropout mask is the hottest use of the generator (one draw per value
 * per batch), several times faster this way, and bit for bit the same
 * (0.0f is all zero bits). */
void nn_rng_mask(nn_rng *r, float *mask, size_t n, float keep, float scale)
{
    uint32_t s[4] = {r->s[0], r->s[1], r->s[2], r->s[3]};
    uint32_t below = (uint32_t)fmin(fmax(ceil((double)keep * 16777216.0), 0.0), 16777216.0);
    uint32_t kept; /* scale's bits, anded with all ones or zeros: no branch to mispredict */
    memcpy(&kept, &scale, sizeof kept);
    for (size_t i = 0; i < n; i++) {
        uint32_t bits = kept & (0u - (uint32_t)((next(s) >> 8) < below));
        memcpy(&mask[i], &bits, sizeof bits);
    }
    memcpy(r->s, s, sizeof s);
}

float nn_rng_normal(nn_rng *r)
{
    float u1 = nn_rng_uniform(r), u2 = nn_rng_uniform(r);
    if (u1 < 1e-12f)
        u1 = 1e-12f;
    return sqrtf(-2.0f * logf(u1)) * cosf(6.2831853071795864f * u2);
}

uint32_t nn_rng_below(nn_rng *r, uint32_t n)
{
    /* Lemire's multiply-shift; the tiny bias is irrelevant for shuffling. */
    return (uint32_t)(((uint64_t)nn_rng_u32(r) * n) >> 32);
}

void nn_rng_shuffle(nn_rng *r, int *idx, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)nn_rng_below(r, (uint32_t)i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}
