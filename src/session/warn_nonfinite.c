/* NaN/Inf: a non-finite validation loss in an epoch, or a run that ended
 * with NN_END_NONFINITE.  Once per run. */
#include <stdio.h>

#include "warning_rule.h"

static unsigned at_epoch(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)state, (void)e;
    const nn_monitor_point *p = nn_monitor_newest(run);
    return p->has_val && !isfinite(p->val) ? NN_VERDICT_FIRES : 0;
}

static unsigned at_end(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)run, (void)state;
    return e->end->reason == NN_END_NONFINITE ? NN_VERDICT_FIRES : 0;
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    (void)state;
    if (e->end)
        snprintf(buf, len, "training stopped in epoch %d: %s", e->epoch, e->end->message);
    else
        snprintf(buf, len, "at epoch %d, the validation loss is %s although training goes on: the "
                 "model's outputs overflow on validation rows", e->epoch,
                 isnan(nn_monitor_newest(run)->val) ? "NaN" : "infinite");
}

static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)state, (void)e;
    nn_monitor_lower_lr_remedy(run, buf, len, "", " and `set clip=1`, then `train` again");
}

const nn_warning_rule nn_warn_nonfinite = {
    .name = "NaN/Inf", .severity = 0, .repeat = NN_REPEAT_ONCE,
    .at_epoch = at_epoch, .at_end = at_end, .message = message, .remedy = remedy,
};
