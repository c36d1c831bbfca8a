/* Plain, momentum and Nesterov stochastic gradient descent.
 * momentum:  v = mu v + g;  w -= lr v
 * nesterov:  v = mu v + g;  w -= lr (g + mu v) */
#include "optimizer.h"

static void sgd_step(const nn_optim_hparams *h, float *w, const float *g, float *const *slot,
                     size_t n, float lr, long t)
{
    (void)h, (void)slot, (void)t;
    for (size_t i = 0; i < n; i++)
        w[i] -= lr * g[i];
}

static void momentum_step(const nn_optim_hparams *h, float *w, const float *g,
                          float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *v = slot[0], mu = h->momentum;
    for (size_t i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        w[i] -= lr * v[i];
    }
}

static void nesterov_step(const nn_optim_hparams *h, float *w, const float *g,
                          float *const *slot, size_t n, float lr, long t)
{
    (void)t;
    float *v = slot[0], mu = h->momentum;
    for (size_t i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        w[i] -= lr * (g[i] + mu * v[i]);
    }
}

const nn_optimizer nn_optim_sgd = {"sgd", "stochastic gradient descent", 0, sgd_step};
const nn_optimizer nn_optim_momentum = {"momentum", "SGD with momentum (momentum=0.9)", 1,
                                        momentum_step};
const nn_optimizer nn_optim_nesterov = {"nesterov", "SGD with Nesterov momentum (momentum=0.9)",
                                        1, nesterov_step};
