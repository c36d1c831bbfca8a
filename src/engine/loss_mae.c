/* Mean absolute error; the subgradient at zero is taken as zero. */
#include <math.h>

#include "loss.h"

static double mae(const float *pred, const float *target, int batch, int width,
                  const float *class_weight, float *grad)
{
    size_t n = (size_t)batch * (size_t)width;
    double sum = 0.0;
    float scale = 1.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float d = pred[i] - target[i];
        sum += fabsf(d);
        if (grad)
            grad[i] = d > 0.0f ? scale : d < 0.0f ? -scale : 0.0f;
    }
    return sum / (double)n;
}

const nn_loss nn_loss_mae = {
    .name = "mae",
    .help = "mean absolute error (regression, robust to outliers)",
    .value = mae,
};
