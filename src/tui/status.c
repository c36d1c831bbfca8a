/* The status line (state, progress, ETA, speed, live settings, best
 * validation loss) and the footer of keys. */
#include <math.h>
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

void draw_status(tui *t)
{
    WINDOW *w = t->status;
    werase(w);
    wbkgdset(w, ' ' | tui_attr(t, NN_ROLE_STATUS));
    wmove(w, 0, 0);
    wclrtoeol(w);
    const nn_history_snapshot *s = &t->snap;
    const nn_settings *set = nn_session_settings(t->session);
    char line[512], bar[32], left[16] = "";
    int n = snprintf(line, sizeof line, " %-8s", nn_session_state(t->session));
    if (t->snap_of && s->has_batch) {
        int epochs = s->epochs ? s->epochs : s->last.epoch;
        double done = ((s->last.epoch - 1) + (double)s->last.batch / (s->last.batches ? s->last.batches : 1)) /
                      (epochs ? epochs : 1);
        progress_bar(bar, t->cols >= 100 ? 20 : 10, done > 1 ? 1 : done);
        /* from training time only, so it stands still while paused */
        eta(left, sizeof left, done > 0.001 && nn_session_training(t->session)
                                   ? s->run_seconds / done * (1 - done) : NAN);
        char speed[16];
        compact(speed, sizeof speed, s->samples_per_s);
        n += snprintf(line + n, sizeof line - (size_t)n, " %d/%d [%s] %d/%d ETA %s %s/s", s->last.epoch, epochs, bar,
                      s->last.batch, s->last.batches, left, speed);
        n += snprintf(line + n, sizeof line - (size_t)n, " lr=%.3g", s->last.lr);
    } else {
        n += snprintf(line + n, sizeof line - (size_t)n, " lr=%.3g", set->lr);
    }
    if (t->cols >= 100) /* not live: only when there is room */
        n += snprintf(line + n, sizeof line - (size_t)n, " batch=%d", set->batch);
    if (set->l2 > 0)
        n += snprintf(line + n, sizeof line - (size_t)n, " l2=%g", set->l2);
    if (t->snap_of && s->best_epoch > 0)
        snprintf(line + n, sizeof line - (size_t)n, " best %.4g@%d", s->best_val_loss, s->best_epoch);
    draw_text(t, w, 0, 0, t->cols, NN_ROLE_STATUS, line);
    wnoutrefresh(w);
}

void draw_footer(tui *t)
{
    static const char *const keys[][2] = {
        {"F1", "help"}, {"F2", "zoom"}, {"F3", "log y"}, {"F4", "smooth"}, {"F5", "theme"},
        {"PgUp/Dn", "scroll"}, {"^C", "stop"}, {"^D", "quit"},
    };
    WINDOW *w = t->footer;
    werase(w);
    wbkgdset(w, ' ' | tui_attr(t, NN_ROLE_FOOTER));
    wmove(w, 0, 0);
    wclrtoeol(w);
    int x = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int key = (int)strlen(keys[i][0]), need = key + (int)strlen(keys[i][1]) + 2;
        if (x + need > t->cols)
            break;
        draw_text(t, w, 0, x, key, NN_ROLE_FOOTER_KEY, keys[i][0]);
        draw_text(t, w, 0, x + key + 1, need - key - 1, NN_ROLE_FOOTER, keys[i][1]);
        x += need;
    }
    wnoutrefresh(w);
}
