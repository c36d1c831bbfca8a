/* Binary cross-entropy, mean over every output value.
 * From logits z: loss = max(z, 0) - z y + log(1 + e^-|z|), which never
 * overflows; its gradient is sigmoid(z) - y.  From probabilities (when the
 * output is not a sigmoid) p is clipped to [eps, 1 - eps] as Keras does.
 * With class weights each value's loss and gradient are multiplied by
 * w0 (1 - y) + w1 y: the weight of its class for 0/1 targets, and since it
 * depends on the target only, the gradient is just scaled. */
#include <math.h>

#include "loss.h"

#define BCE_EPS 1e-7f

static float sigmoid(float z)
{
    if (z >= 0.0f)
        return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

static float value_weight(const float *cw, float y)
{
    return cw ? cw[0] + (cw[1] - cw[0]) * y : 1.0f;
}

static double bce_logits(const float *z, const float *y, int batch, int width, const float *cw,
                         float *grad)
{
    size_t n = (size_t)batch * (size_t)width;
    double sum = 0.0;
    float scale = 1.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float w = value_weight(cw, y[i]);
        sum += w * ((double)fmaxf(z[i], 0.0f) - (double)z[i] * y[i] + log1p(exp(-fabs((double)z[i]))));
        if (grad)
            grad[i] = scale * w * (sigmoid(z[i]) - y[i]);
    }
    return sum / (double)n;
}

static double bce(const float *p, const float *y, int batch, int width, const float *cw,
                  float *grad)
{
    size_t n = (size_t)batch * (size_t)width;
    double sum = 0.0;
    float scale = 1.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float q = fminf(fmaxf(p[i], BCE_EPS), 1.0f - BCE_EPS);
        float w = value_weight(cw, y[i]);
        sum -= w * ((double)y[i] * log(q) + (1.0 - y[i]) * log1p(-(double)q));
        if (grad)
            grad[i] = scale * w * (q - y[i]) / (q * (1.0f - q));
    }
    return sum / (double)n;
}

const nn_loss nn_loss_bce = {
    .name = "bce",
    .help = "binary cross-entropy (binary classification, 0/1 targets)",
    .logit_activation = "sigmoid",
    .value = bce,
    .from_logits = bce_logits,
    .classifies = true,
};
