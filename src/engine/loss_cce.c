/* Categorical cross-entropy over one-hot (or soft) target rows: the sum
 * over classes, averaged over the batch.
 * From logits: loss = logsumexp(z) - sum_j y_j z_j, with the row maximum
 * subtracted first; gradient softmax(z) - y (for targets summing to 1).
 * With class weights each row's loss and gradient are multiplied by
 * sum_j y_j w_j, the weight of its class for one-hot rows. */
#include <math.h>

#include "loss.h"

#define CCE_EPS 1e-7f

static float row_weight(const float *cw, const float *yr, int width)
{
    if (!cw)
        return 1.0f;
    float w = 0.0f;
    for (int j = 0; j < width; j++)
        w += yr[j] * cw[j];
    return w;
}

static double cce_logits(const float *z, const float *y, int batch, int width, const float *cw,
                         float *grad)
{
    double sum = 0.0;
    float scale = 1.0f / (float)batch;
    for (int r = 0; r < batch; r++) {
        const float *zr = z + (size_t)r * width, *yr = y + (size_t)r * width;
        float max = zr[0];
        for (int j = 1; j < width; j++)
            max = zr[j] > max ? zr[j] : max;
        double total = 0.0, ysum = 0.0, yz = 0.0;
        for (int j = 0; j < width; j++) {
            total += exp((double)zr[j] - max);
            ysum += yr[j];
            yz += (double)yr[j] * ((double)zr[j] - max);
        }
        double lse = log(total), w = row_weight(cw, yr, width);
        sum += w * (ysum * lse - yz);
        if (grad) {
            float *gr = grad + (size_t)r * width;
            for (int j = 0; j < width; j++) {
                double p = exp((double)zr[j] - max - lse);
                gr[j] = scale * (float)(w * (ysum * p - yr[j]));
            }
        }
    }
    return sum / batch;
}

static double cce(const float *p, const float *y, int batch, int width, const float *cw,
                  float *grad)
{
    double sum = 0.0;
    float scale = 1.0f / (float)batch;
    for (int r = 0; r < batch; r++) {
        const float *yr = y + (size_t)r * width;
        float w = row_weight(cw, yr, width);
        for (int j = 0; j < width; j++) {
            size_t i = (size_t)r * width + j;
            float q = fmaxf(p[i], CCE_EPS);
            sum -= w * ((double)y[i] * log(q));
            if (grad)
                grad[i] = -scale * w * y[i] / q;
        }
    }
    return sum / batch;
}

const nn_loss nn_loss_cce = {
    .name = "cce",
    .help = "categorical cross-entropy (multiclass, one-hot targets)",
    .logit_activation = "softmax",
    .value = cce,
    .from_logits = cce_logits,
    .classifies = true,
};
