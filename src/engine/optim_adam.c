/* Adam and AdamW (Kingma & Ba; Loshchilov & Hutter).
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * AdamW first shrinks every weight: w -= lr * weight_decay * w.
 * Both in one vectorised pass over the parameters (the shrink is a factor
 * of 1 for Adam): the step is bound by memory, not by arithmetic. */
#include <math.h>

#include "optimizer.h"
#include "vector_clones.h"

NN_VECTOR_CLONES
static bool adam_pass(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                      float *const *slot, size_t n, float lr, long t, float shrink)
{
    float *restrict m = slot[0], *restrict v = slot[1];
    float b1 = h->beta1, b2 = h->beta2, eps = h->eps;
    /* in double: 1 - b2^t for small t loses ~1e-5 relative in float */
    float c1 = (float)(1.0 / (1.0 - pow(b1, (double)t)));
    float sqrt_c2 = (float)(1.0 / sqrt(1.0 - pow(b2, (double)t)));
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        float mi = b1 * m[i] + (1.0f - b1) * g[i];
        float vi = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        m[i] = mi;
        v[i] = vi;
        float wi = w[i] * shrink - lr * (mi * c1) / (sqrtf(vi) * sqrt_c2 + eps);
        next[i] = wi;
        bad |= nn_optim_bad(wi);
    }
    return !bad;
}

static bool adam_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                      float *const *slot, size_t n, float lr, long t)
{
    return adam_pass(h, w, next, g, slot, n, lr, t, 1.0f);
}

static bool adamw_step(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                       float *const *slot, size_t n, float lr, long t)
{
    return adam_pass(h, w, next, g, slot, n, lr, t, 1.0f - lr * h->weight_decay);
}

const nn_optimizer nn_optim_adam = {"adam", "Adam (beta1=0.9, beta2=0.999, eps=1e-7)", 2,
                                    adam_step};
const nn_optimizer nn_optim_adamw = {"adamw", "Adam with decoupled weight decay (0.004)", 2,
                                     adamw_step};
