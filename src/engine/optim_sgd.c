/* Plain, momentum and Nesterov stochastic gradient descent.
 * momentum:  v = mu v + g;  w -= lr v
 * nesterov:  v = mu v + g;  w -= lr (g + mu v) */
#include "optimizer.h"

static bool sgd_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                     float *const *slot, size_t n, float lr, long t)
{
    (void)h, (void)slot, (void)t;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        next[i] = w[i] - lr * g[i];
        bad |= nn_optim_bad(next[i]);
    }
    return !bad;
}

static bool momentum_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                          float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *v = slot[0], mu = h->momentum;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        next[i] = w[i] - lr * v[i];
        bad |= nn_optim_bad(next[i]);
    }
    return !bad;
}

static bool nesterov_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                          float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *v = slot[0], mu = h->momentum;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        next[i] = w[i] - lr * (g[i] + mu * v[i]);
        bad |= nn_optim_bad(next[i]);
    }
    return !bad;
}

const nn_optimizer nn_optim_sgd = {"sgd", "stochastic gradient descent", 0, sgd_step};
const nn_optimizer nn_optim_momentum = {"momentum", "SGD with momentum (momentum=0.9)", 1,
                                        momentum_step};
const nn_optimizer nn_optim_nesterov = {"nesterov", "SGD with Nesterov momentum (momentum=0.9)",
                                        1, nesterov_step};
