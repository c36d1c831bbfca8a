/* `export plot PANE FILE.png|svg|pdf [width= height=]`: a chart the
 * workbench draws (the loss curves, the gradient norms, the last `plot`,
 * the decision boundary)
 * drawn by Cairo into a picture for a report, in a light print palette
 * or a theme's colours (theme=NAME, which the front-end reads): the same
 * plot the pane fills (charts.h), another renderer (render/render.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_runs.h"
#include "charts.h"
#include "commands.h"
#include "engine/atomic_file.h"
#include "render/render.h"
#include "sweep_chart.h"
#include "table/stats.h"
#include "session_internal.h"

/* What the chart's plot points into while it is drawn. */
typedef struct chart_data {
    nn_history_snapshot run;
    nn_chart_runs runs; /* the earlier runs overlaid, as `compare` chose */
    nn_loss_chart loss;
    nn_grads_chart grads;
    nn_series column[NN_VIEW_MAX_SERIES];
    char x_name[160], title[300];
    nn_boundary_chart boundary;
    nn_sweep_chart sweep;
} chart_data;

static void chart_data_free(chart_data *d)
{
    nn_history_snapshot_free(&d->run);
    nn_chart_runs_free(&d->runs);
    nn_loss_chart_free(&d->loss);
    nn_boundary_chart_free(&d->boundary);
    nn_sweep_chart_free(&d->sweep);
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

/* The colours of theme= (the print palette when left out or `print`). */
static int palette_of(nn_session *s, const char *theme, nn_chart_palette *out, nn_error *err)
{
    if (!theme || strcmp(theme, "print") == 0) {
        *out = nn_print_palette;
        return 0;
    }
    if (!s->ui.palette)
        return nn_fail(err, "export plot: theme=%s: no themes here; leave theme= out for the print palette", theme);
    if (s->ui.palette(s->ui.user, theme, out, err) < 0)
        return session_prefix_error(err, "export plot");
    return 0;
}

/* Fills p with the chart of pane in palette r's roles; -1 when it has
 * nothing to show yet. */
static int chart_of(nn_session *s, const char *pane, const nn_call *c, const nn_chart_roles *r, chart_data *d,
                    nn_plot *p, nn_error *err)
{
    if (strcmp(pane, "boundary") == 0)
        return nn_boundary_plot(&d->boundary, s, field_cells(nn_call_int(c, "width")),
                                field_cells(nn_call_int(c, "height")), r, p, err) < 0
                   ? session_prefix_error(err, "export plot boundary")
                   : 0;
    if (strcmp(pane, "sweep") == 0) {
        nn_sweep_view v;
        if (nn_session_sweep_view(s, &v) < 0)
            return nn_fail(err, "export plot: no sweep yet: `sweep KEY=VALUES...` runs one");
        if (!nn_sweep_plot(s, &v, &d->sweep, r, p))
            return nn_fail(err, "export plot: the sweep's chart needs two trials with a figure");
        return 0;
    }
    if (strcmp(pane, "plot") == 0) {
        if (!s->last_plot.n_series)
            return nn_fail(err, "export plot: no chart yet: `plot COLUMN` draws one");
        const nn_column_view *v = &s->last_plot;
        nn_column_plot(v, r, d->column, p);
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
        nn_loss_options o = nn_chart_runs_options(&d->runs, d->runs.smooth, false);
        if (rc == 0 && nn_loss_plot(&d->loss, &d->run, &o, r, p))
            return 0;
        return nn_fail(err, "export plot: no loss to draw yet: `train` first");
    }
    if (rc == 0 && nn_grads_plot(&d->grads, &d->run, session_trained_model(s), false, d->runs.run_from,
                                r, p))
        return 0;
    return nn_fail(err, "export plot: no gradient norms yet: they are recorded at each epoch's end");
}

static int check_pane(const char *pane, nn_error *err)
{
    static const char *const panes[] = {"loss", "grads", "plot", "boundary", "sweep"};
    for (size_t i = 0; i < 5; i++)
        if (strcmp(pane, panes[i]) == 0)
            return 0;
    const char *near = nn_suggest(pane, panes, 5);
    return nn_fail(err, "export plot: no chart '%s' to export%s%s%s (loss, grads, plot, boundary or sweep)", pane,
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
    nn_chart_palette pal;
    int rc = palette_of(s, nn_call_str(c, "theme"), &pal, err);
    if (rc == 0)
        rc = chart_of(s, pane, c, &pal.roles, &d, &p, err);
    if (rc == 0) {
        nn_render_style st = {pal.background, pal.colours, pal.n, 13};
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
