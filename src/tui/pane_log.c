/* The log: command echoes, their output, warnings and errors, newest at
 * the bottom; PgUp/PgDn scroll it back. */
#include "tui_internal.h"

static nn_role role_of(log_kind k)
{
    return k == LOG_ERROR ? NN_ROLE_LOG_ERROR : k == LOG_WARNING ? NN_ROLE_LOG_WARNING
           : k == LOG_COMMAND ? NN_ROLE_LOG_COMMAND : NN_ROLE_TEXT;
}

static void draw_log(tui *t, WINDOW *w, int h, int width)
{
    const tui_log *log = &t->log;
    int rows = h - 2;
    size_t count = log->count, end = count > log->scroll ? count - log->scroll : 0;
    size_t first = end > (size_t)rows ? end - (size_t)rows : 0;
    for (size_t i = first; i < end; i++) {
        const log_line *l = log_at(log, i);
        draw_text(t, w, 1 + (int)(i - first), 1, width - 2, role_of(l->kind), l->text);
    }
    if (log->scroll)
        draw_text(t, w, h - 1, width - 16, 14, NN_ROLE_DIM, " scrolled back ");
}

const pane_kind pane_log = {"log", "Log", draw_log};
