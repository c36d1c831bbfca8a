/* Dead ReLU units, judged at each census of sample rows (dead_census.c
 * counts them): a ReLU layer in which at least dead_fraction [0.5] of the
 * units output 0 for every row.  The worst such layer is named. */
#include <stdio.h>

#include "warning_rule.h"

typedef struct dead_relu {
    int worst, over; /* the layer with the largest dead share, and how many are over */
    double fraction; /* its share */
} dead_relu;

static unsigned condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)e;
    dead_relu *d = state;
    d->worst = -1, d->over = 0, d->fraction = 0.0;
    for (int i = 0; i < run->n_layers; i++) {
        const nn_monitor_layer *l = &run->layer[i];
        if (!l->counted)
            continue;
        double f = (double)l->dead / l->counted;
        if (f >= run->r.dead_fraction) {
            d->over++;
            if (d->worst < 0 || f > d->fraction)
                d->worst = i, d->fraction = f;
        }
    }
    return d->worst >= 0 ? NN_VERDICT_HOLDS | NN_VERDICT_FIRES : 0;
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    const dead_relu *d = state;
    const nn_monitor_layer *w = &run->layer[d->worst];
    char others[48] = "";
    if (d->over > 1)
        snprintf(others, sizeof others, " (and %d other layer%s)", d->over - 1, d->over > 2 ? "s" : "");
    snprintf(buf, len, "at epoch %d, %d of %d units (%.0f%%) in %s%s output 0 for all %d sample "
             "rows: they no longer learn",
             e->epoch, w->dead, w->counted, 100.0 * d->fraction, w->label, others, e->rows);
}

static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)e;
    const nn_monitor_layer *w = &run->layer[((const dead_relu *)state)->worst];
    if (w->units > 0)
        snprintf(buf, len, "try `set lr=%g`, or leaky_relu in place of relu (e.g. `add dense %d "
                 "leaky_relu`)", (double)run->lr / 10.0, w->units);
    else
        snprintf(buf, len, "try `set lr=%g`, or leaky_relu in place of relu (`add activation "
                 "leaky_relu`)", (double)run->lr / 10.0);
}

const nn_warning_rule nn_warn_dead_relu = {
    .name = "dead ReLU units", .severity = 4, .repeat = NN_REPEAT_AFTER_QUIET,
    .state_size = sizeof(dead_relu), .at_census = condition,
    .message = message, .remedy = remedy,
};
