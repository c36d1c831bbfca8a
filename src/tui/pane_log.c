/* The log: command echoes, their output, warnings and errors, newest at
 * the bottom, each line wrapped at the pane's width with its continuation
 * rows indented; PgUp/PgDn scroll it back by rows. */
#include "tui_internal.h"
#include "wrap.h"

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

/* The shown lines from the newest back: `below` counts the rows under the
 * line's last one, scrolled-back rows included. */
static void draw_log(tui *t, WINDOW *w, int h, int width)
{
    tui_log *log = &t->log;
    long rows = h - 2, scroll = (long)log->scroll;
    log->width = width - 2;
    long below = 0;
    for (size_t i = log->count; i-- > 0 && below < scroll + rows;) {
        const log_line *l = log_at(log, i);
        if (!shown(t, l))
            continue;
        long k = wrap_count(l->text, log->width);
        long top = rows - (below - scroll) - (k - 1); /* of its first row; 1 is the pane's top */
        long skip = top < 1 ? 1 - top : 0, last = top + k - 1 < rows ? top + k - 1 : rows;
        if (last >= top + skip)
            draw_wrapped(t, w, (int)(top + skip), 1, log->width, (int)skip, (int)(last - top - skip + 1),
                         role_of(l->kind), l->text);
        below += k;
    }
    if (log->scroll)
        draw_text(t, w, h - 1, width - 16, 14, NN_ROLE_DIM, " scrolled back ");
    else if (t->log_show != LOG_SHOW_ALL)
        draw_text(t, w, h - 1, width - 20, 18, NN_ROLE_DIM,
                  t->log_show == LOG_SHOW_WARNINGS ? " warnings only " : " no warnings ");
}

const pane_kind pane_log = {"log", "Log", draw_log, NULL};
