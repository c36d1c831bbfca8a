/* Adagrad:  s += g^2;  w -= lr g / (sqrt(s) + eps) */
#include <math.h>

#include "optimizer.h"

static bool adagrad_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                         float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *s = slot[0], eps = h->eps;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        s[i] += g[i] * g[i];
        next[i] = w[i] - lr * g[i] / (sqrtf(s[i]) + eps);
        bad |= nn_optim_bad(next[i]);
    }
    return !bad;
}

const nn_optimizer nn_optim_adagrad = {"adagrad", "Adagrad (per-parameter learning rates)", 1,
                                       adagrad_step};
