/* Warnings of the current run, one per kind (its latest), an overfitting
 * that still holds first, then the most severe, each with the remedy a
 * person can type; the log says each kind once. */
#include <stdio.h>

#include "tui_internal.h"

/* Which kinds come first when the pane has room for few. */
static int rank(nn_warning_kind k)
{
    static const nn_warning_kind order[] = {NN_WARN_NONFINITE, NN_WARN_EXPLODING, NN_WARN_OVERFITTING,
                                            NN_WARN_VANISHING, NN_WARN_DEAD_RELU, NN_WARN_DIVERGING};
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
        if (order[i] == k)
            return i;
    return NN_WARN_KINDS;
}

/* Overfitting holds while the last validation loss is above its lowest. */
static bool overfitting_holds(const tui *t)
{
    const nn_history_snapshot *h = &t->snap;
    if (h->n_epochs < 1 || !h->epoch[h->n_epochs - 1].has_val)
        return false;
    double last = h->epoch[h->n_epochs - 1].val_loss, low = last;
    for (int i = 0; i < h->n_epochs; i++)
        if (h->epoch[i].has_val && h->epoch[i].val_loss < low)
            low = h->epoch[i].val_loss;
    return last > low;
}

/* Place of kind k in the pane: an overfitting warning that still holds
 * first, then by severity. */
static int place(const tui *t, nn_warning_kind k)
{
    return k == NN_WARN_OVERFITTING && overfitting_holds(t) ? -1 : rank(k);
}

static void draw_warnings(tui *t, WINDOW *w, int h, int width)
{
    int rows = h - 2, y = 1;
    if (!t->warned) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM,
                  t->snap_of ? "no warnings: the curves look healthy" : "warnings about training appear here");
        return;
    }
    for (int r = -1; r <= NN_WARN_KINDS && y <= rows; r++) {
        for (int k = 0; k < NN_WARN_KINDS && y <= rows; k++) {
            const nn_warning *wk = &t->warnings[k];
            if (!(t->warned & (1u << k)) || place(t, (nn_warning_kind)k) != r)
                continue;
            char line[600];
            snprintf(line, sizeof line, "%s: %s", nn_warning_kind_name(wk->kind), wk->text);
            int room = rows - y + 1; /* keeping a row for the remedy, what the user can type */
            y += draw_wrapped(t, w, y, 1, width - 2, 0, room > 1 ? room - 1 : room, NN_ROLE_WARNING, line);
            snprintf(line, sizeof line, "  -> %s", wk->remedy);
            y += draw_wrapped(t, w, y, 1, width - 2, 0, rows - y + 1, NN_ROLE_WARNING_REMEDY, line);
        }
    }
}

const pane_kind pane_warnings = {"warnings", "Warnings", draw_warnings};
