/* The status line (state, progress, ETA, speed, live settings, best
 * validation loss) and the footer of keys. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/settings.h"
#include "tui_internal.h"

static void progress_bar(char *buf, int width, double done)
{
    int full = (int)lround(done * width);
    for (int i = 0; i < width; i++)
        buf[i] = i < full ? '#' : '-';
    buf[width] = '\0';
}

static void eta(char *buf, size_t len, double seconds)
{
    if (!isfinite(seconds) || seconds < 0)
        snprintf(buf, len, "--:--");
    else if (seconds >= 3600)
        snprintf(buf, len, "%d:%02d:%02d", (int)seconds / 3600, (int)seconds / 60 % 60, (int)seconds % 60);
    else
        snprintf(buf, len, "%d:%02d", (int)seconds / 60, (int)seconds % 60);
}

/* 12.2M, 183k, 950 */
static void compact(char *buf, size_t len, double v)
{
    if (v >= 1e6)
        snprintf(buf, len, "%.1fM", v / 1e6);
    else if (v >= 1e4)
        snprintf(buf, len, "%.0fk", v / 1e3);
    else
        snprintf(buf, len, "%.0f", v);
}

/* A field of the status line. When the line is too narrow it drops whole
 * fields, the least needed (lowest keep) first, rather than cutting the
 * last one's digits. */
typedef struct field {
    char text[48];
    int keep;
} field;

enum { MAX_FIELDS = 12 };

static void add_field(field *f, int *n, int keep, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add_field(field *f, int *n, int keep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f[*n].text, sizeof f[*n].text, fmt, ap);
    va_end(ap);
    f[(*n)++].keep = keep;
}

/* Joins the fields that fit in cols, each after a space. */
static void fit_fields(field *f, int n, int cols, char *line, size_t len)
{
    bool shown[MAX_FIELDS];
    int total = 0;
    for (int i = 0; i < n; i++)
        shown[i] = true, total += 1 + (int)strlen(f[i].text);
    while (total > cols) {
        int drop = -1;
        for (int i = 0; i < n; i++)
            if (shown[i] && (drop < 0 || f[i].keep < f[drop].keep))
                drop = i;
        if (drop <= 0) /* the state always stays */
            break;
        shown[drop] = false, total -= 1 + (int)strlen(f[drop].text);
    }
    size_t used = 0;
    line[0] = '\0';
    for (int i = 0; i < n && used < len; i++)
        if (shown[i])
            used += (size_t)snprintf(line + used, len - used, " %s", f[i].text);
}

void draw_status(tui *t)
{
    WINDOW *w = t->status;
    werase(w);
    wbkgdset(w, ' ' | tui_attr(t, NN_ROLE_STATUS));
    wmove(w, 0, 0);
    wclrtoeol(w);
    const nn_history_snapshot *s = &t->snap;
    const nn_settings *set = nn_session_settings(t->session);
    field f[MAX_FIELDS];
    int n = 0;
    add_field(f, &n, 99, "%-8s", t->snap_state ? t->snap_state : nn_session_state(t->session));
    nn_job_progress job;
    nn_session_job_progress(t->session, &job);
    if (job.ranks > 1) /* `train ranks=N`: the numbers are rank 0's, for all N */
        add_field(f, &n, 85, "ranks=%d", job.ranks);
    if (t->snap_of && s->has_batch) {
        int epochs = s->epochs ? s->epochs : s->last.epoch;
        double done = ((s->last.epoch - 1) + (double)s->last.batch / (s->last.batches ? s->last.batches : 1)) /
                      (epochs ? epochs : 1);
        char bar[32], left[16], speed[16];
        progress_bar(bar, t->cols >= 100 ? 20 : 10, done > 1 ? 1 : done);
        /* from training time only, so it stands still while paused */
        eta(left, sizeof left, done > 0.001 && nn_session_training(t->session)
                                   ? s->run_seconds / done * (1 - done) : NAN);
        compact(speed, sizeof speed, s->samples_per_s);
        add_field(f, &n, 90, "%d/%d", s->last.epoch, epochs);
        add_field(f, &n, 30, "[%s]", bar);
        add_field(f, &n, 20, "%d/%d", s->last.batch, s->last.batches);
        add_field(f, &n, 50, "ETA %s", left);
        add_field(f, &n, 10, "%s/s", speed);
        add_field(f, &n, 70, "lr=%.3g", s->last.lr);
    } else {
        add_field(f, &n, 70, "lr=%.3g", set->lr);
    }
    add_field(f, &n, 5, "batch=%d", set->batch); /* not live: only when there is room */
    if (set->l2 > 0)
        add_field(f, &n, 60, "l2=%g", set->l2);
    if (t->snap_of && s->best_epoch > 0)
        add_field(f, &n, 80, "best %.4g@%d", s->best_val_loss, s->best_epoch);
    char line[512];
    fit_fields(f, n, t->cols, line, sizeof line);
    draw_text(t, w, 0, 0, t->cols, NN_ROLE_STATUS, line);
    wnoutrefresh(w);
}

/* The keys, the ones that matter now first: with two inputs under 120
 * columns F9 (what it would bring), and when the line is short the
 * theme's key gives way before it. */
void draw_footer(tui *t)
{
    const char *keys[10][2] = {{"F1", "help"}, {"F2", "zoom"}, {"F3", "log y"}, {"F4", "smooth"}};
    int n = 4;
    bool swaps = layout_swaps_boundary(t);
    if (swaps)
        keys[n][0] = "F9", keys[n++][1] = t->grads_beside ? "boundary" : "grads";
    int width = 0;
    for (int i = 0; i < n; i++)
        width += (int)(strlen(keys[i][0]) + strlen(keys[i][1])) + 2;
    if (!swaps || width + 9 + 15 + 16 <= t->cols) /* "F5 theme", "PgUp/Dn scroll", "^C stop ^D quit" */
        keys[n][0] = "F5", keys[n++][1] = "theme";
    keys[n][0] = "PgUp/Dn", keys[n++][1] = "scroll";
    keys[n][0] = "^C", keys[n++][1] = "stop";
    keys[n][0] = "^D", keys[n++][1] = "quit";
    WINDOW *w = t->footer;
    werase(w);
    wbkgdset(w, ' ' | tui_attr(t, NN_ROLE_FOOTER));
    wmove(w, 0, 0);
    wclrtoeol(w);
    int x = 0;
    for (int i = 0; i < n; i++) {
        int key = (int)strlen(keys[i][0]), need = key + (int)strlen(keys[i][1]) + 2;
        if (x + need > t->cols)
            break;
        draw_text(t, w, 0, x, key, NN_ROLE_FOOTER_KEY, keys[i][0]);
        draw_text(t, w, 0, x + key + 1, need - key - 1, NN_ROLE_FOOTER, keys[i][1]);
        x += need;
    }
    wnoutrefresh(w);
}
