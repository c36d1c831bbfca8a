/* Adam and AdamW (Kingma & Ba; Loshchilov & Hutter).
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * AdamW first shrinks every weight: w -= lr * weight_decay * w. */
#include <math.h>

#include "optimizer.h"

static void adam_update(const nn_optim_hparams *h, float *w, const float *g, float *const *slot,
                        size_t n, float lr, long t)
{
    float *m = slot[0], *v = slot[1];
    float b1 = h->beta1, b2 = h->beta2, eps = h->eps;
    /* in double: 1 - b2^t for small t loses ~1e-5 relative in float */
    float c1 = (float)(1.0 / (1.0 - pow(b1, (double)t)));
    float sqrt_c2 = (float)(1.0 / sqrt(1.0 - pow(b2, (double)t)));
    for (size_t i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        w[i] -= lr * (m[i] * c1) / (sqrtf(v[i]) * sqrt_c2 + eps);
    }
}

static void adamw_step(const nn_optim_hparams *h, float *w, const float *g, float *const *slot,
                       size_t n, float lr, long t)
{
    float shrink = 1.0f - lr * h->weight_decay;
    for (size_t i = 0; i < n; i++)
        w[i] *= shrink;
    adam_update(h, w, g, slot, n, lr, t);
}

const nn_optimizer nn_optim_adam = {"adam", "Adam (beta1=0.9, beta2=0.999, eps=1e-7)", 2,
                                    adam_update};
const nn_optimizer nn_optim_adamw = {"adamw", "Adam with decoupled weight decay (0.004)", 2,
                                     adamw_step};
