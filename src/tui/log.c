#include "log.h"

#include <stdlib.h>
#include <string.h>

int log_init(tui_log *log, size_t cap)
{
    memset(log, 0, sizeof *log);
    log->lines = calloc(cap, sizeof *log->lines);
    log->cap = log->lines ? cap : 0;
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
        log->scroll++;
    log->version++;
}

const log_line *log_at(const tui_log *log, size_t i)
{
    return i < log->count ? &log->lines[(log->first + i) % log->cap] : NULL;
}

void log_scroll(tui_log *log, long lines)
{
    long s = (long)log->scroll + lines;
    log->scroll = s < 0 ? 0 : (size_t)s > log->count ? log->count : (size_t)s;
    log->version++;
}
