/* Warnings of the current run, one per kind (its latest), in the order
 * their rules ask for: a warning whose rule says it still holds (pinned)
 * first, then the most severe, each with the remedy a person can type;
 * the log says each kind once. */
#include <stdio.h>

#include "session/warning_rule.h"
#include "tui_internal.h"

/* Place of kind k in the pane: pinned first, then by severity. */
static int place(const tui *t, int k)
{
    const nn_warning_rule *rule = nn_warning_rule_at(k);
    return rule->pinned && rule->pinned(&t->snap) ? -1 : rule->severity;
}

/* The kinds the pane holds a warning of, in the order they are shown
 * (ties keep the table's order). */
static int shown_kinds(const tui *t, int kinds[NN_WARN_MAX_KINDS])
{
    int n = 0, places[NN_WARN_MAX_KINDS];
    for (int k = 0; k < nn_warning_rule_count(); k++) {
        if (!(t->warned & (1u << k)))
            continue;
        int p = place(t, k), i = n++;
        for (; i > 0 && places[i - 1] > p; i--)
            kinds[i] = kinds[i - 1], places[i] = places[i - 1];
        kinds[i] = k, places[i] = p;
    }
    return n;
}

static void draw_warnings(tui *t, WINDOW *w, int h, int width)
{
    int rows = h - 2, y = 1;
    if (!t->warned) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM,
                  t->snap_of ? "no warnings: the curves look healthy" : "warnings about training appear here");
        return;
    }
    int kinds[NN_WARN_MAX_KINDS], n = shown_kinds(t, kinds);
    for (int i = 0; i < n && y <= rows; i++) {
        const nn_warning *wk = &t->warnings[kinds[i]];
        char line[600];
        snprintf(line, sizeof line, "%s: %s", nn_warning_kind_name(wk->kind), wk->text);
        int room = rows - y + 1; /* keeping a row for the remedy, what the user can type */
        y += draw_wrapped(t, w, y, 1, width - 2, 0, room > 1 ? room - 1 : room, NN_ROLE_WARNING, line);
        snprintf(line, sizeof line, "  -> %s", wk->remedy);
        y += draw_wrapped(t, w, y, 1, width - 2, 0, rows - y + 1, NN_ROLE_WARNING_REMEDY, line);
    }
}

const pane_kind pane_warnings = {"warnings", "Warnings", draw_warnings, NULL};
