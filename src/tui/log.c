#include "log.h"
#include "wrap.h"

#include <stdlib.h>
#include <string.h>

int log_init(tui_log *log, size_t cap)
{
    memset(log, 0, sizeof *log);
    log->lines = calloc(cap, sizeof *log->lines);
    log->cap = log->lines ? cap : 0;
    log->width = 80; /* until the pane is drawn */
    return log->lines ? 0 : -1;
}

void log_free(tui_log *log)
{
    for (size_t i = 0; i < log->cap; i++)
        free(log->lines[i].text);
    free(log->lines);
    memset(log, 0, sizeof *log);
}

void log_add(tui_log *log, log_kind kind, const char *text)
{
    if (!log->cap)
        return;
    size_t slot = (log->first + log->count) % log->cap;
    if (log->count == log->cap) { /* full: the oldest line goes */
        slot = log->first;
        log->first = (log->first + 1) % log->cap;
    } else {
        log->count++;
    }
    free(log->lines[slot].text);
    log->lines[slot] = (log_line){kind, strdup(text)};
    if (log->scroll) /* keep the view where the reader left it */
        log->scroll += (size_t)wrap_count(text, log->width);
    log->version++;
}

const log_line *log_at(const tui_log *log, size_t i)
{
    return i < log->count ? &log->lines[(log->first + i) % log->cap] : NULL;
}

size_t log_rows(const tui_log *log)
{
    size_t rows = 0;
    for (size_t i = 0; i < log->count; i++)
        rows += (size_t)wrap_count(log_at(log, i)->text, log->width);
    return rows;
}

void log_scroll(tui_log *log, long rows)
{
    long s = (long)log->scroll + rows;
    size_t all = log_rows(log);
    log->scroll = s < 0 ? 0 : (size_t)s > all ? all : (size_t)s;
    log->version++;
}
