/* The frame: boxes, canvases, and a redraw of every pane, the status line
 * and the footer from the latest snapshot. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui_internal.h"

long tui_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void draw_box(tui *t, WINDOW *w, const char *title, bool focus)
{
    wattrset(w, tui_attr(t, NN_ROLE_BORDER));
    box(w, 0, 0);
    wattrset(w, A_NORMAL);
    int width = getmaxx(w);
    char label[80];
    snprintf(label, sizeof label, " %s ", title);
    draw_text(t, w, 0, 2, width - 4, focus ? NN_ROLE_TITLE_FOCUS : NN_ROLE_TITLE, label);
}

static void log_end(tui *t, const nn_end_event *e)
{
    char line[400];
    nn_session_end_text(e, line, sizeof line);
    log_add(&t->log, e->reason == NN_END_NONFINITE ? LOG_WARNING : LOG_TEXT, line);
}

/* Takes the monitor's new warnings: the pane keeps the latest of each
 * kind, the log says each kind once a run (re-fires would push the user's
 * commands out of view). */
static void take_warnings(tui *t, nn_monitor *m)
{
    if (m != t->logged_monitor)
        t->logged_monitor = m, t->logged_warnings = 0, t->warned = 0;
    int count = m ? nn_monitor_warning_count(m) : 0;
    for (nn_warning w; t->logged_warnings < count && nn_monitor_copy_warnings(m, t->logged_warnings, &w, 1) == 1;
         t->logged_warnings++) {
        unsigned bit = 1u << w.kind;
        t->warnings[w.kind] = w;
        if (t->warned & bit)
            continue;
        t->warned |= bit;
        char line[700];
        snprintf(line, sizeof line, "warning: %s: %s; %s", nn_warning_kind_name(w.kind), w.text, w.remedy);
        log_add(&t->log, LOG_WARNING, line);
    }
}

/* Copies the current run's figures and warnings (short locks inside). */
void refresh_snapshot(tui *t)
{
    /* the state first: a run seen paused published its last epoch before
     * pausing, so the history read next holds it */
    t->snap_state = nn_session_state(t->session);
    nn_history *h = nn_session_history(t->session);
    t->snap_of = h; /* a new run: the snapshot copies it afresh */
    nn_error err;
    if (h)
        nn_history_read(h, &t->snap, &err);
    nn_chart_runs_read(t->session, &t->runs);
    take_warnings(t, nn_session_monitor(t->session));
    if (h && t->snap.ended && t->end_logged != h) { /* after its warnings: say how the run ended, once */
        t->end_logged = h;
        log_end(t, &t->snap.end);
    }
}

/* While a pane other than the log is zoomed, output that came after the
 * zoom stays visible: the newest log line, on the pane's bottom border. */
static void draw_news(tui *t)
{
    const pane_place *p = t->zoom >= 0 && t->zoom != PANE_LOG ? &t->place[t->zoom] : NULL;
    if (!p || !p->win || t->log.version == t->zoom_seen || t->log.count == 0)
        return;
    const log_line *l = log_at(&t->log, t->log.count - 1);
    char line[1200];
    snprintf(line, sizeof line, " log: %s ", l->text);
    draw_text(t, p->win, p->h - 1, 2, p->w - 4, l->kind == LOG_ERROR ? NN_ROLE_LOG_ERROR : l->kind == LOG_WARNING
                                                  ? NN_ROLE_LOG_WARNING : NN_ROLE_TEXT, line);
    wnoutrefresh(p->win);
}

void draw_all(tui *t)
{
    refresh_snapshot(t);
    layout_follow_data(t);
    for (int i = 0; i < PANE_COUNT; i++) {
        pane_place *p = &t->place[i];
        if (!p->win)
            continue;
        werase(p->win);
        char title[80];
        const pane_kind *k = pane_kinds[i];
        draw_box(t, p->win, k->title_now ? k->title_now(t, title, sizeof title) : k->title, t->focus == i);
        pane_kinds[i]->draw(t, p->win, p->h, p->w);
        wnoutrefresh(p->win);
    }
    draw_news(t);
    draw_status(t);
    draw_footer(t);
}

/* Copies a canvas into a window at (y, x), each cell in its role's colours. */
void draw_canvas(tui *t, WINDOW *w, int y, int x, const nn_canvas *c)
{
    for (int row = 0; row < c->h; row++) {
        for (int col = 0; col < c->w; col++) {
            const nn_cell *cell = nn_canvas_cell_const(c, col, row);
            if (cell->flags & NN_CELL_CONT)
                continue;
            attr_t a = tui_attr(t, (nn_role)cell->role) | (cell->flags & NN_CELL_DIM ? A_DIM : 0) |
                       (cell->flags & NN_CELL_BOLD ? A_BOLD : 0);
            wattrset(w, a);
            mvwaddstr(w, y + row, x + col, cell->glyph[0] ? cell->glyph : " ");
        }
    }
    wattrset(w, A_NORMAL);
}
