#include "metric.h"
#include "loss.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

/* Width 1: a probability thresholded at 0.5; wider: the arg-max class. */
static double accuracy(const float *pred, const float *target, int batch, int width)
{
    int correct = 0;
    for (int r = 0; r < batch; r++) {
        const float *p = pred + (size_t)r * width, *y = target + (size_t)r * width;
        if (width == 1) {
            correct += (p[0] >= 0.5f) == (y[0] >= 0.5f);
            continue;
        }
        int bp = 0, by = 0;
        for (int j = 1; j < width; j++) {
            bp = p[j] > p[bp] ? j : bp;
            by = y[j] > y[by] ? j : by;
        }
        correct += bp == by;
    }
    return (double)correct / batch;
}

static double mae(const float *pred, const float *target, int batch, int width)
{
    double sum = 0.0;
    size_t n = (size_t)batch * width;
    for (size_t i = 0; i < n; i++)
        sum += fabsf(pred[i] - target[i]);
    return sum / (double)n;
}

static const nn_metric metrics[] = {
    {"accuracy", "share of rows whose class is predicted right", accuracy, true},
    {"mae", "mean absolute error", mae, false},
};

const nn_metric *nn_metric_at(int i)
{
    return i >= 0 && i < (int)(sizeof metrics / sizeof *metrics) ? &metrics[i] : NULL;
}

const nn_metric *nn_metric_find(const char *name)
{
    for (int i = 0; nn_metric_at(i); i++)
        if (strcmp(metrics[i].name, name) == 0)
            return &metrics[i];
    return NULL;
}

const nn_metric *nn_metric_for(const char *metric, const char *loss)
{
    if (strcmp(metric, "auto") != 0)
        return nn_metric_find(metric);
    const nn_loss *l = nn_loss_find(loss);
    return nn_metric_find(l && l->classifies ? "accuracy" : "mae");
}
