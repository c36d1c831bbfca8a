/* `export plot PANE FILE.png|svg|pdf [width= height=]`: a chart the
 * workbench draws (the loss curves, the gradient norms, the last `plot`,
 * the decision boundary)
 * drawn by Cairo into a picture for a report, in a light print palette:
 * the same plot the pane fills (charts.h), another renderer
 * (render/render.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_runs.h"
#include "charts.h"
#include "commands.h"
#include "engine/atomic_file.h"
#include "render/render.h"
#include "table/stats.h"
#include "session_internal.h"

/* The print palette: dark text and saturated lines that hold up on white
 * paper and in greyscale print (the lines differ in lightness too). */
enum { INK, AXIS, TITLE, BAR, TRAIN, VAL, TRAIN_RAW, VAL_RAW, BATCH, BEST, PREVIOUS, MARKER, GRAD };
static const unsigned print_colours[] = {
    [INK] = 0x333333, [AXIS] = 0x888888, [TITLE] = 0x111111, [BAR] = 0x1f5fa8,
    [TRAIN] = 0x1f5fa8, [VAL] = 0xc25a00, [TRAIN_RAW] = 0x7fa6d4, [VAL_RAW] = 0xe0a070,
    [BATCH] = 0x999999, [BEST] = 0x2e8b3a, [PREVIOUS] = 0xaaaaaa, [MARKER] = 0x9c27b0,
    [GRAD] = 0x1f5fa8, 0xc25a00, 0x2e8b3a, 0x9c27b0, 0x555555, 0xc62828,
};
static const nn_chart_roles print_roles = {
    INK, AXIS, TITLE, BAR, TRAIN, VAL, TRAIN_RAW, VAL_RAW, BATCH, BEST, PREVIOUS, MARKER,
    {GRAD, GRAD + 1, GRAD + 2, GRAD + 3, GRAD + 4, GRAD + 5},
};

/* What the chart's plot points into while it is drawn. */
typedef struct chart_data {
    nn_history_snapshot run;
    nn_chart_runs runs; /* the earlier runs overlaid, as `compare` chose */
    nn_loss_chart loss;
    nn_grads_chart grads;
    nn_series column[NN_VIEW_MAX_SERIES];
    char x_name[160], title[300];
    nn_boundary_chart boundary;
} chart_data;

static void chart_data_free(chart_data *d)
{
    nn_history_snapshot_free(&d->run);
    nn_chart_runs_free(&d->runs);
    nn_loss_chart_free(&d->loss);
    nn_boundary_chart_free(&d->boundary);
}

/* The boundary's field: a cell per 5 x 5 pixels (points), 8 to 400 each way. */
static int field_cells(long pixels)
{
    long n = pixels / 5;
    return n < 8 ? 8 : n > 400 ? 400 : (int)n;
}

/* The current run into snap: 1 when there is none. */
static int read_run(const nn_session *s, nn_history_snapshot *snap, nn_error *err)
{
    if (s->nruns == 0)
        return 1;
    return nn_history_read(s->runs[s->nruns - 1], snap, err);
}

/* Fills p with the chart of pane; -1 when it has nothing to show yet. */
static int chart_of(nn_session *s, const char *pane, const nn_call *c, chart_data *d, nn_plot *p, nn_error *err)
{
    if (strcmp(pane, "boundary") == 0)
        return nn_boundary_plot(&d->boundary, s, field_cells(nn_call_int(c, "width")),
                                field_cells(nn_call_int(c, "height")), &print_roles, p, err) < 0
                   ? session_prefix_error(err, "export plot boundary")
                   : 0;
    if (strcmp(pane, "plot") == 0) {
        if (!s->last_plot.n_series)
            return nn_fail(err, "export plot: no chart yet: `plot COLUMN` draws one");
        const nn_column_view *v = &s->last_plot;
        nn_column_plot(v, &print_roles, d->column, p);
        if (v->kind == NN_CHART_LINE && v->first[0]) { /* the caption the pane shows under it */
            snprintf(d->x_name, sizeof d->x_name, "%s, %s to %s", p->x_name, v->first, v->last);
            p->x_name = d->x_name;
        }
        if (v->note[0]) { /* the keys `by=` left out */
            snprintf(d->title, sizeof d->title, "%s; %s", p->title, v->note);
            p->title = d->title;
        }
        return 0;
    }
    int rc = read_run(s, &d->run, err);
    if (rc < 0)
        return -1;
    nn_chart_runs_read(s, &d->runs); /* the pane's overlays, scale and epochs */
    if (strcmp(pane, "loss") == 0) {
        nn_loss_options o = nn_chart_runs_options(&d->runs, false, false);
        if (rc == 0 && nn_loss_plot(&d->loss, &d->run, &o, &print_roles, p))
            return 0;
        return nn_fail(err, "export plot: no loss to draw yet: `train` first");
    }
    if (rc == 0 && nn_grads_plot(&d->grads, &d->run, session_trained_model(s), false, d->runs.run_from,
                                &print_roles, p))
        return 0;
    return nn_fail(err, "export plot: no gradient norms yet: they are recorded at each epoch's end");
}

static int check_pane(const char *pane, nn_error *err)
{
    static const char *const panes[] = {"loss", "grads", "plot", "boundary"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(pane, panes[i]) == 0)
            return 0;
    const char *near = nn_suggest(pane, panes, 4);
    return nn_fail(err, "export plot: no chart '%s' to export%s%s%s (loss, grads, plot or boundary)", pane,
                   near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

int export_plot(nn_session *s, const nn_call *c, nn_error *err)
{
    const char *pane = nn_call_str(c, "file"), *path = nn_call_str(c, "to");
    if (check_pane(pane, err) < 0)
        return -1;
    if (!path)
        return nn_fail(err, "export plot: which file? e.g. `export plot %s %s.png`", pane, pane);
    int format = nn_render_format_of(path);
    if (format < 0)
        return nn_fail(err, "export plot: '%s' must end in .png, .svg or .pdf", path);
    chart_data d = {0};
    nn_history_snapshot_init(&d.run);
    nn_chart_runs_init(&d.runs);
    nn_plot p;
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = chart_of(s, pane, c, &d, &p, err);
    if (rc == 0) {
        nn_render_style st = {0xffffff, print_colours, (int)(sizeof print_colours / sizeof *print_colours), 13};
        rc = nn_render_plot(&p, (nn_render_format)format, (int)nn_call_int(c, "width"), (int)nn_call_int(c, "height"),
                            &st, &bytes, &len, err->msg, sizeof err->msg);
        if (rc < 0)
            session_prefix_error(err, "export plot");
    }
    if (rc == 0) {
        session_save_notes(s, path);
        rc = nn_write_file_atomic(path, bytes, len, err);
    }
    if (rc == 0)
        session_print(s, "wrote the %s chart to %s (%ld x %ld)", pane, path, nn_call_int(c, "width"),
                      nn_call_int(c, "height"));
    free(bytes);
    chart_data_free(&d);
    return rc;
}
