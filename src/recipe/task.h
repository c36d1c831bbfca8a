/* What each task asks of a model: the loss it trains with unless the user
 * chooses one, the activation its outputs go through, and how a message
 * says what it needs. The one place that ties tasks to kinds of loss and
 * activation, so the checks at `train` and at `open` agree. */
#ifndef NN_TASK_H
#define NN_TASK_H

#include "recipe.h"

typedef struct nn_task_info {
    const char *name;              /* "binary" */
    const char *loss;              /* the default loss: "bce" */
    const char *output_activation; /* "sigmoid"; NULL: any (regression) */
    const char *needs;             /* "a binary (two-class) target" */
    const char *loss_remedy;       /* "`loss bce`" */
} nn_task_info;

/* The names, in nn_task order, for parsing `task=`. */
extern const char *const nn_task_names[3];
/* NULL for NN_TASK_AUTO. */
const nn_task_info *nn_task_info_of(nn_task t);
/* The task whose default loss is `loss` (a canonical loss name), or
 * NN_TASK_AUTO: the classification losses belong to one task each. */
nn_task nn_task_of_loss(const char *loss);

#endif
