/* The workbench's state, shared by the main loop and the panes. Only
 * the UI thread touches it; training figures arrive through snapshots of
 * the session's run history. */
#ifndef NN_TUI_INTERNAL_H
#define NN_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>

#include "canvas.h"
#include "log.h"
#include "session/chart_runs.h"
#include "session/history.h"
#include "session/monitor.h"
#include "session/session.h"
#include "theme.h"

typedef struct tui tui;

/* A kind of pane: one entry in panes.c and one file. */
typedef struct pane_kind {
    const char *name;   /* for `zoom NAME` and titles */
    const char *title;
    void (*draw)(tui *t, WINDOW *w, int height, int width);
    /* Optional: the title as the pane's toggles make it (F3's log scale,
     * F4's smoothing, F6's weight norms...), in buf; NULL: `title`. */
    const char *(*title_now)(const tui *t, char *buf, size_t n);
} pane_kind;

enum { PANE_LOSS, PANE_GRADS, PANE_WARNINGS, PANE_DATA, PANE_LOG, PANE_PLOT, PANE_BOUNDARY, PANE_SWEEP,
       PANE_COUNT };
extern const pane_kind pane_loss, pane_grads, pane_warnings, pane_data, pane_log, pane_plot, pane_boundary,
    pane_sweep;
struct nn_chart;
/* pane_plot.c: keeps a copy of `plot`'s chart and zooms to it */
void tui_show_chart(void *user, const struct nn_chart *c);
extern const pane_kind *const pane_kinds[PANE_COUNT];

typedef struct pane_place {
    WINDOW *win;        /* NULL when hidden at this size */
    int y, x, h, w;
} pane_place;

struct tui {
    nn_session *session;
    tui_log log;
    int rows, cols;
    int zoom;                  /* a pane shown alone, or -1 */
    unsigned long zoom_seen;   /* the log's version when it was zoomed */
    int focus;                 /* the pane PgUp/PgDn scroll */
    bool log_y, weights;       /* F3, F6 (F4's smoothing is the session's: `view smoothing=`) */
    bool utf8;
    nn_theme theme;
    nn_theme_dirs theme_dirs;
    char user_theme_dir[512];
    char built_theme_dir[512]; /* themes/ of the tree an uninstalled nnwb was built in */
    nn_theme_attrs attrs;
    int colors;                /* 0 (NO_COLOR or none), 8, 16 or 256 */
    nn_history_snapshot snap;  /* the current run's figures */
    const char *snap_state;    /* the job's state, read just before snap: the status line shows the two
                                * together, never "paused" beside an epoch the paused run has passed */
    nn_history *snap_of;
    nn_history *end_logged;    /* the run whose end the log has told */
    nn_chart_runs runs;        /* the earlier runs the loss chart overlays (`compare`), this frame */
    nn_warning warnings[NN_WARN_MAX_KINDS]; /* the run's latest warning of each kind */
    unsigned warned;           /* bit k: warnings[k] holds one */
    enum { LOG_SHOW_ALL, LOG_SHOW_WARNINGS, LOG_SHOW_COMMANDS } log_show; /* `log` */
    nn_monitor *logged_monitor; /* whose warnings the log has shown */
    int logged_warnings;
    pane_place place[PANE_COUNT];
    bool boundary_placed;      /* the layout shows the decision boundary */
    bool sweep_placed;         /* the layout shows the Sweep pane in the charts' place */
    bool charts_over_sweep;    /* F8: the charts in its place all the same */
    bool grads_beside;         /* F9, `view beside=grads`: the norms in the boundary's place under 120 columns */
    bool show_test;            /* `view test=show`: the test rows' points on the boundary too */
    WINDOW *status, *prompt, *footer;
    nn_canvas canvas;          /* reused by the chart panes */
    char **matches;            /* completion candidates shown in the log */
    bool dirty, quit;
};

/* colors.c: the theme on the screen */
attr_t tui_attr(const tui *t, nn_role role);
/* Loads a theme by name and shows it; on failure the current one stays. */
int tui_use_theme(tui *t, const char *name, nn_error *err);
void tui_colors_init(tui *t, const char *name);

/* Milliseconds of a monotonic clock. */
long tui_now_ms(void);

/* status.c: the status line and the footer of keys */
void draw_status(tui *t);
void draw_footer(tui *t);

/* layout.c */
void layout_panes(tui *t);
/* Whether the boundary and the gradient norms take turns beside the loss
 * chart (two features, too narrow for three charts): F9 swaps them. */
bool layout_swaps_boundary(const tui *t);
/* Lays the panes out again when the data comes to have two features, or
 * stops having them (the decision boundary comes or goes); each frame. */
void layout_follow_data(tui *t);

/* view_hooks.c: the session's hooks for theme, zoom, keys, log filter,
 * view and palette, into h (with t as their user); and what the keys do
 * of the same: F1 the keys' help, F2 zoom (`zoom PANE`: NULL or "off"
 * zooms out), F5 the next theme. */
void tui_view_hooks(tui *t, nn_ui_hooks *h);
void tui_show_keys(tui *t);
int tui_zoom(tui *t, const char *pane, nn_error *err);
void tui_next_theme(tui *t);
/* An error into the log, un-zooming a pane that would hide it. */
void tui_log_error(tui *t, const char *text);

/* the frame (draw.c) */
void draw_box(tui *t, WINDOW *w, const char *title, bool focus);
/* draw_text.c: writes text clipped to width, in a role's colours. */
void draw_text(tui *t, WINDOW *w, int y, int x, int width, nn_role role, const char *text);
/* Writes text wrapped at width, its continuation rows indented: rows
 * skip .. skip + max - 1 of it, from row y; returns the rows written. */
int draw_wrapped(tui *t, WINDOW *w, int y, int x, int width, int skip, int max, nn_role role, const char *text);
void draw_all(tui *t);
void draw_canvas(tui *t, WINDOW *w, int y, int x, const nn_canvas *c);
void refresh_snapshot(tui *t);

/* the session's output, into the log */
void tui_output(tui *t, nn_output *out);

#endif
