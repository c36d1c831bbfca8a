/* Metrics reported beside the loss each epoch.  Each returns the batch
 * mean; the trainer weights batches by their size. */
#ifndef NN_METRIC_H
#define NN_METRIC_H

#include <stdbool.h>

typedef struct nn_metric {
    const char *name;
    const char *help;
    double (*value)(const float *pred, const float *target, int batch, int width);
    bool higher_is_better; /* what a search ranking on it maximises */
} nn_metric;

const nn_metric *nn_metric_find(const char *name);
const nn_metric *nn_metric_at(int i);
/* "auto": accuracy for classification losses, mae otherwise. */
const nn_metric *nn_metric_for(const char *metric, const char *loss);

#endif
