/* A binary classifier's curves after `evaluate`.  See eval_curves.h. */
#include "eval_curves.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/c_locale.h"
#include "results.h"
#include "session_internal.h"

void eval_curves_clear(nn_session *s)
{
    for (int part = 0; part < NN_PART_COUNT; part++)
        nn_binary_curves_free(&s->curves[part]);
}

/* The shortest text of a threshold in (below, at]: one that, typed back
 * as threshold=T, flags exactly the rows the best F1 flagged. */
static void threshold_text(double below, double at, char *out, size_t size)
{
    double mid = isinf(below) ? at / 2 : (below + at) / 2;
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, size, "%.*g", digits, mid);
        double back = nn_strtod_c(out, NULL);
        if (back > below && back <= at)
            return;
    }
}

static void print_best(nn_session *s, const nn_binary_curves *c)
{
    char t[40];
    threshold_text(c->best_below, c->best_at, t, sizeof t);
    session_print(s, "val best_f1=%.4g at threshold=%s (precision=%.4g recall=%.4g; 0.5 is the default): "
                     "`evaluate test threshold=%s` scores the test rows at it",
                  c->best_f1, t, c->best_precision, c->best_recall, t);
}

int eval_curves_record(nn_session *s, int part, const int *truth, const double *prob, size_t n, nn_error *err)
{
    nn_binary_curves_free(&s->curves[part]);
    size_t positives = 0;
    for (size_t i = 0; i < n; i++)
        positives += truth[i] == 1;
    if (positives == 0 || positives == n)
        return 0; /* one class: no curve, and the report says its AUC is NaN */
    if (nn_binary_curves_fill(&s->curves[part], truth, prob, n, err) < 0)
        return -1;
    if (part == NN_PART_VAL)
        print_best(s, &s->curves[part]);
    return 0;
}

bool eval_curves_named(const char *name)
{
    return strcmp(name, "roc") == 0 || strcmp(name, "pr") == 0;
}

int eval_curves_plot(nn_session *s, const char *which, nn_error *err)
{
    bool roc = strcmp(which, "roc") == 0;
    const nn_binary_curves *c[NN_PART_COUNT];
    const char *names[NN_PART_COUNT];
    int k = 0;
    for (int part = 0; part < NN_PART_COUNT; part++)
        if (s->curves[part].n)
            c[k] = &s->curves[part], names[k++] = results_part_names[part];
    if (k == 0)
        return nn_fail(err, "plot %s: no curves yet: `evaluate` a binary classifier (one sigmoid output) first", which);
    nn_column_view view = {0};
    if (nn_curves_view_set(&view, c, names, k, roc) < 0)
        return nn_fail(err, "plot %s: out of memory", which);
    nn_column_view_free(&s->last_plot);
    s->last_plot = view; /* for the pane and `export plot plot FILE` */
    for (int i = 0; i < k; i++)
        session_print(s, "plot %s: %s %s=%.4f, %zu thresholds; best f1=%.4g (precision=%.4g recall=%.4g)", which,
                      names[i], roc ? "auc" : "average_precision", roc ? c[i]->auc : c[i]->average_precision,
                      c[i]->n - 1, c[i]->best_f1, c[i]->best_precision, c[i]->best_recall);
    if (s->ui.chart)
        s->ui.chart(s->ui.user, NULL);
    return 0;
}
