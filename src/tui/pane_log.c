/* The log: command echoes, their output, warnings and errors, newest at
 * the bottom; PgUp/PgDn scroll it back. */
#include "tui_internal.h"

static nn_role role_of(log_kind k)
{
    return k == LOG_ERROR ? NN_ROLE_LOG_ERROR : k == LOG_WARNING ? NN_ROLE_LOG_WARNING
           : k == LOG_COMMAND ? NN_ROLE_LOG_COMMAND : NN_ROLE_TEXT;
}

/* Whether `log warnings` / `log commands` lets line l through. */
static bool shown(const tui *t, const log_line *l)
{
    return t->log_show == LOG_SHOW_ALL || (l->kind == LOG_WARNING) == (t->log_show == LOG_SHOW_WARNINGS);
}

/* The newest `rows` shown lines, `scroll` shown lines back, oldest at the top. */
static void draw_log(tui *t, WINDOW *w, int h, int width)
{
    const tui_log *log = &t->log;
    int rows = h - 2, n = 0;
    size_t skip = log->scroll, first = log->count, end = log->count;
    for (size_t i = log->count; i-- > 0 && n < rows;) { /* back to the first line to draw */
        if (!shown(t, log_at(log, i)))
            continue;
        if (skip) {
            skip--, end = i;
            continue;
        }
        first = i, n++;
    }
    for (size_t i = first, y = 1; i < end && (int)y <= rows; i++) {
        const log_line *l = log_at(log, i);
        if (shown(t, l))
            draw_text(t, w, (int)y++, 1, width - 2, role_of(l->kind), l->text);
    }
    if (log->scroll)
        draw_text(t, w, h - 1, width - 16, 14, NN_ROLE_DIM, " scrolled back ");
    else if (t->log_show != LOG_SHOW_ALL)
        draw_text(t, w, h - 1, width - 20, 18, NN_ROLE_DIM,
                  t->log_show == LOG_SHOW_WARNINGS ? " warnings only " : " no warnings ");
}

const pane_kind pane_log = {"log", "Log", draw_log};
