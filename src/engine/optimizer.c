#include "optimizer.h"

#include <string.h>

/* Each defined in its own optim_*.c; nothing else names them. */
extern const nn_optimizer nn_optim_sgd, nn_optim_momentum, nn_optim_nesterov, nn_optim_rmsprop,
    nn_optim_adagrad, nn_optim_adam, nn_optim_adamw;

static const nn_optimizer *const optimizers[] = {
    &nn_optim_sgd,     &nn_optim_momentum, &nn_optim_nesterov, &nn_optim_rmsprop,
    &nn_optim_adagrad, &nn_optim_adam,     &nn_optim_adamw,
};

const nn_optimizer *nn_optimizer_at(int i)
{
    return i >= 0 && i < (int)(sizeof optimizers / sizeof *optimizers) ? optimizers[i] : NULL;
}

const nn_optimizer *nn_optimizer_find(const char *name)
{
    for (int i = 0; nn_optimizer_at(i); i++)
        if (strcasecmp(optimizers[i]->name, name) == 0)
            return optimizers[i];
    return NULL;
}
