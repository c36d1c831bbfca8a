#include "loss.h"

#include <string.h>

static const nn_loss *const losses[] = {
    &nn_loss_mse, &nn_loss_mae, &nn_loss_huber, &nn_loss_bce, &nn_loss_cce,
};

/* Keras spellings a user may type. */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"mean_squared_error", "mse"},
    {"mean_absolute_error", "mae"},
    {"binary_crossentropy", "bce"},
    {"categorical_crossentropy", "cce"},
    {"crossentropy", "cce"},
};

const nn_loss *nn_loss_at(int i)
{
    return i >= 0 && i < (int)(sizeof losses / sizeof *losses) ? losses[i] : NULL;
}

const nn_loss *nn_loss_find(const char *name)
{
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(name, aliases[i].alias) == 0)
            name = aliases[i].name;
    for (int i = 0; nn_loss_at(i); i++)
        if (strcmp(losses[i]->name, name) == 0)
            return losses[i];
    return NULL;
}
