/* Per-layer gradient norms per epoch on a log scale, one line per layer
 * with parameters, so vanishing and exploding gradients show at a glance;
 * F6 shows the weight norms instead. */
#include <stdio.h>

#include "engine/model.h"
#include "pane_chart.h"

enum { MAX_LAYERS = 6 };

static void draw_grads(tui *t, WINDOW *w, int h, int width)
{
    const nn_history_snapshot *s = &t->snap;
    const nn_model *m = nn_session_model(t->session);
    if (!t->snap_of || s->n_epochs == 0 || s->n_layers == 0) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM, "per-layer gradient norms appear after an epoch");
        return;
    }
    static char names[MAX_LAYERS][24];
    nn_series series[MAX_LAYERS];
    int n = 0;
    const float *base = t->weights ? s->layer_weight_norms : s->layer_grad_norms;
    for (int layer = 0; layer < s->n_layers && n < MAX_LAYERS; layer++) {
        if (layer < m->n_layers && m->layers[layer].n_params == 0)
            continue; /* activations and dropout have no weights */
        snprintf(names[n], sizeof names[n], "L%d", layer + 1);
        series[n] = nn_series_epochs(names[n], nn_float_field(base + layer, (size_t)s->n_layers * sizeof(float)),
                                     (size_t)s->n_epochs, NN_ROLE_GRAD_1 + n);
        series[n].x_first += t->run_from; /* at the epochs the loss chart shows */
        n++;
    }
    nn_plot p;
    pane_chart_init(&p);
    p.series = series, p.n_series = n;
    p.log_y = true;
    p.x_whole = true;
    p.x_name = "epoch";
    p.hide = NN_PLOT_HIDE_TITLE;
    pane_chart_draw(t, w, h - 2, width, &p);
}

const pane_kind pane_grads = {"grads", "Gradient norms", draw_grads};
