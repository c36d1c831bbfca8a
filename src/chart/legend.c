/* The legend: which named series fit beside the title (or on a row of
 * their own), with names cut to fit, and where each entry goes. */
#include <stdio.h>

#include "chart_internal.h"
#include "chart/text.h"

bool chart_has_legend(const nn_plot *p)
{
    if (p->hide & NN_PLOT_HIDE_LEGEND)
        return false;
    for (int i = 0; i < p->n_series; i++)
        if (p->series[i].name)
            return true;
    return false;
}

/* Columns of "+N more" for n series left out. */
static int more_width(int n)
{
    char more[24];
    return snprintf(more, sizeof more, "+%d more", n);
}

/* Width of the legend with `shown` of the named series, names cut to
 * name_cols, and "+N" for the rest.  An entry is a sample, a space and the
 * name; two spaces between entries. */
static int legend_width(const nn_plot *p, bool ascii_only, int shown, int name_cols, int named)
{
    int w = 0, k = 0;
    for (int i = 0; i < p->n_series && k < shown; i++) {
        const char *name = p->series[i].name;
        if (!name)
            continue;
        int nw = nn_text_width(name, ascii_only);
        w += (k ? 2 : 0) + 2 + (nw < name_cols ? nw : name_cols);
        k++;
    }
    if (shown < named)
        w += (shown ? 2 : 0) + more_width(named - shown);
    return w;
}

/* Full names, else names cut (to no fewer than 4 columns, unless the plot
 * wants whole names), else the first few and "+N more". */
nn_chart_legend chart_fit_legend(const nn_plot *p, bool ascii_only, int room)
{
    nn_chart_legend lg = {0};
    int named = 0, longest = 0;
    for (int i = 0; i < p->n_series; i++) {
        if (p->series[i].name) {
            int w = nn_text_width(p->series[i].name, ascii_only);
            longest = w > longest ? w : longest;
            named++;
        }
    }
    if (!named || room <= 0)
        return lg;
    int cut_min = p->legend_whole_names || longest < 4 ? longest : 4;
    for (int cols = longest; cols >= cut_min; cols--) {
        int w = legend_width(p, ascii_only, named, cols, named);
        if (w <= room)
            return (nn_chart_legend){named, cols, 0, w, 0, 0, 0};
    }
    for (int shown = named - 1; shown >= 1; shown--) {
        int w = legend_width(p, ascii_only, shown, cut_min, named);
        if (w <= room)
            return (nn_chart_legend){shown, cut_min, named - shown, w, 0, 0, 0};
    }
    return lg;
}

bool nn_chart_legend_next(const nn_chart_frame *f, nn_legend_entry *e)
{
    const nn_plot *p = f->plot;
    const nn_chart_legend *lg = &f->legend;
    int x = e->series < 0 ? lg->x : e->x + 2 + e->name_cols + 2;
    int shown = 0; /* entries before this one */
    for (int i = 0; i <= e->series; i++)
        shown += p->series[i].name != NULL;
    if (shown >= lg->entries)
        return false;
    for (int i = e->series + 1; i < p->n_series; i++) {
        if (!p->series[i].name)
            continue;
        const char *name = p->series[i].name;
        int nw = nn_text_width(name, f->grid.ascii_only);
        bool cut = nw > lg->name_cols;
        int cols = cut ? nn_text_fit(name, lg->name_cols - 1, f->grid.ascii_only) + 1 : nw;
        *e = (nn_legend_entry){i, x, cols, cut};
        return true;
    }
    return false;
}
