/* Adagrad:  s += g^2;  w -= lr g / (sqrt(s) + eps) */
#include <math.h>

#include "optimizer.h"

static void adagrad_step(const nn_optim_hparams *h, float *w, const float *g,
                         float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *s = slot[0], eps = h->eps;
    for (size_t i = 0; i < n; i++) {
        s[i] += g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
    }
}

const nn_optimizer nn_optim_adagrad = {"adagrad", "Adagrad (per-parameter learning rates)", 1,
                                       adagrad_step};
