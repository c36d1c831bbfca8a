/* Warnings of the current run, one per kind (its latest), the most
 * pressing kind first, each with the remedy a person can type; the log
 * keeps every one as it came. */
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

static void draw_warnings(tui *t, WINDOW *w, int h, int width)
{
    int rows = h - 2, y = 1;
    if (t->nwarnings == 0) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM,
                  t->snap_of ? "no warnings: the curves look healthy" : "warnings about training appear here");
        return;
    }
    const nn_warning *latest[NN_WARN_KINDS] = {0};
    for (int i = 0; i < t->nwarnings; i++)
        latest[t->warnings[i].kind] = &t->warnings[i];
    for (int r = 0; r <= NN_WARN_KINDS && y <= rows; r++) {
        for (int k = 0; k < NN_WARN_KINDS && y <= rows; k++) {
            if (!latest[k] || rank((nn_warning_kind)k) != r)
                continue;
            char line[600];
            snprintf(line, sizeof line, "%s: %s", nn_warning_kind_name(latest[k]->kind), latest[k]->text);
            int room = rows - y + 1; /* keeping a row for the remedy, what the user can type */
            y += draw_wrapped(t, w, y, 1, width - 2, 0, room > 1 ? room - 1 : room, NN_ROLE_WARNING, line);
            snprintf(line, sizeof line, "  -> %s", latest[k]->remedy);
            y += draw_wrapped(t, w, y, 1, width - 2, 0, rows - y + 1, NN_ROLE_WARNING_REMEDY, line);
        }
    }
}

const pane_kind pane_warnings = {"warnings", "Warnings", draw_warnings};
