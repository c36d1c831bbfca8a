/* Huber loss with delta = 1 (as Keras and PyTorch default): quadratic for
 * small errors, linear for large ones. */
#include <math.h>

#include "loss.h"

#define HUBER_DELTA 1.0f

static double huber(const float *pred, const float *target, int batch, int width,
                  const float *class_weight, float *grad)
{
    size_t n = (size_t)batch * (size_t)width;
    double sum = 0.0;
    float scale = 1.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float d = pred[i] - target[i], a = fabsf(d);
        if (a <= HUBER_DELTA) {
            sum += 0.5 * (double)d * d;
            if (grad)
                grad[i] = scale * d;
        } else {
            sum += HUBER_DELTA * ((double)a - 0.5 * HUBER_DELTA);
            if (grad)
                grad[i] = scale * (d > 0.0f ? HUBER_DELTA : -HUBER_DELTA);
        }
    }
    return sum / (double)n;
}

const nn_loss nn_loss_huber = {
    .name = "huber",
    .help = "Huber loss, delta 1 (regression, robust to outliers)",
    .value = huber,
};
