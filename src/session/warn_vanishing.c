/* Vanishing gradients: among layers with parameters (at least two), some
 * layer before the last, or the recurrent kernel of a recurrent one, has
 * an epoch-mean gradient norm below vanishing_ratio [1e-4] times the last
 * layer's, for vanishing_epochs [3] epochs in a row.  Relative, so a
 * converged model with small gradients everywhere is fine.  Epochs
 * without per-layer norms count as quiet. */
#include <stdio.h>

#include "warning_rule.h"

typedef struct vanishing {
    int streak;      /* epochs in a row with a vanishing layer */
    int worst, last; /* the norm line furthest below the last parameter layer's, and that
                      * layer: lines n_layers + i are layer i's recurrent kernel's */
    double ratio;    /* their gradient ratio */
    float g_worst, g_last;
} vanishing;

/* The layer (or recurrent kernel) before the last parameter layer with the
 * smallest gradient ratio to it, if that ratio is below the threshold, as
 * a line of g; -1 otherwise. */
static int vanishing_layer(const nn_monitor_run *run, const float *g, double *ratio, int *last)
{
    *last = -1;
    for (int i = run->n_layers - 1; i >= 0 && *last < 0; i--)
        if (run->layer[i].has_params)
            *last = i;
    if (*last < 0 || !(g[*last] > 0.0f) || !isfinite(g[*last]))
        return -1;
    int worst = -1;
    for (int line = 0; line < NN_LAYER_NORMS(run->n_layers); line++) {
        int i = line % run->n_layers;
        bool rec = line >= run->n_layers;
        if (!run->layer[i].has_params || (rec ? !run->layer[i].recurrent : i >= *last) ||
            !isfinite(g[line]))
            continue;
        double r = (double)g[line] / g[*last];
        if (r < run->r.vanishing_ratio && (worst < 0 || r < *ratio)) {
            worst = line;
            *ratio = r;
        }
    }
    return worst;
}

static unsigned condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    vanishing *v = state;
    const float *g = e->layer_grads;
    v->ratio = 0.0;
    v->worst = g ? vanishing_layer(run, g, &v->ratio, &v->last) : -1;
    v->streak = v->worst >= 0 ? v->streak + 1 : 0;
    if (v->worst < 0)
        return 0;
    v->g_worst = g[v->worst], v->g_last = g[v->last];
    return NN_VERDICT_HOLDS | (v->streak >= run->r.vanishing_epochs ? NN_VERDICT_FIRES : 0);
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    const vanishing *v = state;
    bool rec = v->worst >= run->n_layers;
    snprintf(buf, len, "at epoch %d, %s%s has a mean gradient norm of %.2g, %.2g times that of %s "
             "(%.2g), for %d epochs in a row: %s", e->epoch,
             run->layer[v->worst % run->n_layers].label, rec ? "'s recurrent kernel" : "",
             (double)v->g_worst, v->ratio, run->layer[v->last].label, (double)v->g_last, v->streak,
             rec ? "what earlier steps contribute has almost vanished"
                 : "the first layers have almost stopped learning");
}

static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)e;
    const nn_monitor_layer *w = &run->layer[((const vanishing *)state)->worst % run->n_layers];
    if (run->recurrent) { /* through time, not through depth */
        snprintf(buf, len, "fewer steps (a shorter `window`), `add gru` in place of lstm or of a "
                 "deep stack, or a conv1d before the recurrent layer to shorten the sequence");
        return;
    }
    snprintf(buf, len, "rebuild with relu layers (e.g. `add dense %d relu`) in place of sigmoid or "
             "tanh, or use fewer layers", w->units > 0 ? w->units : 32);
}

const nn_warning_rule nn_warn_vanishing = {
    .name = "vanishing gradients", .severity = 3, .repeat = NN_REPEAT_AFTER_QUIET,
    .state_size = sizeof(vanishing), .at_epoch = condition,
    .message = message, .remedy = remedy,
};
