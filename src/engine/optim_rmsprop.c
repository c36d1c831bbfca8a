/* RMSprop:  s = rho s + (1 - rho) g^2;  w -= lr g / (sqrt(s) + eps) */
#include <math.h>

#include "optimizer.h"

static void rmsprop_step(const nn_optim_hparams *h, float *w, const float *g,
                         float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *s = slot[0], rho = h->rho, eps = h->eps;
    for (size_t i = 0; i < n; i++) {
        s[i] = rho * s[i] + (1.0f - rho) * g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
    }
}

const nn_optimizer nn_optim_rmsprop = {"rmsprop", "RMSprop (rho=0.9, eps=1e-7)", 1,
                                       rmsprop_step};
