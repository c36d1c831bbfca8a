/* Warnings of the current run, newest first, each with the remedy a
 * person can type. */
#include <stdio.h>

#include "tui_internal.h"

static void draw_warnings(tui *t, WINDOW *w, int h, int width)
{
    int rows = h - 2, y = 1;
    if (t->nwarnings == 0) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM,
                  t->snap_of ? "no warnings: the curves look healthy" : "warnings about training appear here");
        return;
    }
    for (int i = t->nwarnings - 1; i >= 0 && y <= rows; i--) {
        char line[600];
        snprintf(line, sizeof line, "%s: %s", nn_warning_kind_name(t->warnings[i].kind), t->warnings[i].text);
        draw_text(t, w, y++, 1, width - 2, NN_ROLE_WARNING, line);
        if (y <= rows) {
            snprintf(line, sizeof line, "  -> %s", t->warnings[i].remedy);
            draw_text(t, w, y++, 1, width - 2, NN_ROLE_TEXT, line);
        }
    }
}

const pane_kind pane_warnings = {"warnings", "Warnings", draw_warnings};
