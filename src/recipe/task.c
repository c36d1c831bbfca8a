/* The tasks' table (see task.h). */
#include <string.h>

#include "task.h"

static const nn_task_info tasks[] = {
    [NN_TASK_REGRESSION] = {"regression", "mse", NULL, "a numeric target", "`loss mse` (or mae, huber)"},
    [NN_TASK_BINARY] = {"binary", "bce", "sigmoid", "a binary (two-class) target", "`loss bce`"},
    [NN_TASK_MULTICLASS] = {"multiclass", "cce", "softmax", "a target of three or more classes",
                            "`loss cce`"},
};
enum { NTASKS = sizeof tasks / sizeof tasks[0] };
const char *const nn_task_names[NTASKS] = {"regression", "binary", "multiclass"};

const nn_task_info *nn_task_info_of(nn_task t)
{
    return (int)t >= 0 && (int)t < NTASKS ? &tasks[t] : NULL;
}

const char *nn_task_name(nn_task t)
{
    const nn_task_info *info = nn_task_info_of(t);
    return info ? info->name : "auto";
}

nn_task nn_task_of_loss(const char *loss)
{
    for (int t = 0; t < NTASKS; t++)
        if (strcmp(tasks[t].loss, loss) == 0)
            return (nn_task)t;
    return NN_TASK_AUTO;
}
