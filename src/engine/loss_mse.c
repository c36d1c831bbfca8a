/* Mean squared error over every output value. */
#include "loss.h"

static double mse(const float *pred, const float *target, int batch, int width,
                  const float *class_weight, float *grad)
{
    size_t n = (size_t)batch * (size_t)width;
    double sum = 0.0;
    float scale = 2.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float d = pred[i] - target[i];
        sum += (double)d * d;
        if (grad)
            grad[i] = scale * d;
    }
    return sum / (double)n;
}

const nn_loss nn_loss_mse = {
    .name = "mse",
    .help = "mean squared error (regression)",
    .value = mse,
};
