/* Where each pane goes for the terminal's size: charts on top (loss and
 * gradients side by side), warnings and the data summary under them, the
 * log filling the rest; the status line, prompt and footer at the bottom.
 * When the data the model trains on has two features, the decision
 * boundary takes the gradients' place (F9 or `view beside=grads` swaps
 * them back), and from 120 columns up the three charts share the top.
 * A zoomed pane takes the whole area. Usable from 80x24 up. */
#include "recipe/recipe.h"
#include "session/sweep_view.h"
#include "tui_internal.h"

static bool two_features(const tui *t)
{
    const nn_prepared *p = nn_session_prepared(t->session);
    return p && p->nfeatures == 2;
}

/* The Sweep pane takes the charts' place after a sweep began, until
 * another job or F8. */
static bool sweep_shown(const tui *t)
{
    return nn_session_sweeping(t->session) && !t->charts_over_sweep;
}

/* The chart row's height: 45% of the area, but at least 8 rows inside
 * the loss chart (10 with its box, 80x24's share) while the log keeps 4
 * (2 lines): the log shrinks first. */
static int chart_rows(int area, int middle)
{
    int charts = area * 45 / 100 < 10 ? 10 : area * 45 / 100;
    if (area - charts - middle < 4)
        charts = area - middle - 4;
    return charts < 7 ? 7 : charts;
}

static void place(tui *t, int pane, int y, int x, int h, int w)
{
    pane_place *p = &t->place[pane];
    if (h < 3 || w < 10)
        return;
    *p = (pane_place){newwin(h, w, y, x), y, x, h, w};
}

static void bottom_row(WINDOW **w, int y, int cols)
{
    if (!*w) {
        *w = newwin(1, cols, y, 0);
        return;
    }
    wresize(*w, 1, cols);
    mvwin(*w, y, 0);
}

void layout_panes(tui *t)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        if (t->place[i].win)
            delwin(t->place[i].win);
        t->place[i] = (pane_place){0};
    }
    getmaxyx(stdscr, t->rows, t->cols);
    t->boundary_placed = two_features(t);
    t->sweep_placed = sweep_shown(t);
    int area = t->rows - 3;
    /* the bottom rows keep their windows: readline holds the prompt's */
    bottom_row(&t->status, t->rows - 3, t->cols);
    bottom_row(&t->prompt, t->rows - 2, t->cols);
    bottom_row(&t->footer, t->rows - 1, t->cols);
    if (t->zoom >= 0) {
        place(t, t->zoom, 0, 0, area, t->cols);
        t->zoom_seen = t->log.version;
    } else {
        int middle = area >= 18 ? 4 : 3;
        int logh = area - chart_rows(area, middle) - middle;
        int charts = area - middle - logh;
        int half = t->cols / 2, third = t->cols / 3;
        if (t->sweep_placed) {
            charts = area * 55 / 100 < 8 ? 8 : area * 55 / 100; /* a table needs rows */
            logh = area - charts - middle;
            place(t, PANE_SWEEP, 0, 0, charts, t->cols);
        } else if (t->boundary_placed && t->cols >= 120) {
            place(t, PANE_LOSS, 0, 0, charts, third);
            place(t, PANE_GRADS, 0, third, charts, third);
            place(t, PANE_BOUNDARY, 0, 2 * third, charts, t->cols - 2 * third);
        } else if (t->cols >= 60) {
            place(t, PANE_LOSS, 0, 0, charts, half);
            bool boundary = t->boundary_placed && !t->grads_beside;
            place(t, boundary ? PANE_BOUNDARY : PANE_GRADS, 0, half, charts, t->cols - half);
        } else {
            place(t, PANE_LOSS, 0, 0, charts, t->cols);
        }
        int warn_w = t->cols >= 100 ? t->cols * 6 / 10 : t->cols;
        place(t, PANE_WARNINGS, charts, 0, middle, warn_w);
        if (warn_w < t->cols)
            place(t, PANE_DATA, charts, warn_w, middle + logh, t->cols - warn_w);
        place(t, PANE_LOG, charts + middle, 0, logh, warn_w);
    }
    keypad(t->prompt, FALSE); /* readline reads escape sequences itself */
    t->dirty = true;
}

bool layout_swaps_boundary(const tui *t)
{
    return t->boundary_placed && !t->sweep_placed && t->zoom < 0 && t->cols >= 60 && t->cols < 120;
}

void layout_follow_data(tui *t)
{
    if (t->zoom < 0 && (two_features(t) != t->boundary_placed || sweep_shown(t) != t->sweep_placed))
        layout_panes(t);
}
