/* The log pane's lines: command echoes, output, warnings and errors, kept
 * in a ring so a long session never grows without bound, whole: the pane
 * wraps them when it draws, so a resize wraps them again. UI thread only. */
#ifndef NN_TUI_LOG_H
#define NN_TUI_LOG_H

#include <stddef.h>

typedef enum { LOG_TEXT, LOG_COMMAND, LOG_WARNING, LOG_ERROR } log_kind;

typedef struct log_line {
    log_kind kind;
    char *text;
} log_line;

typedef struct tui_log {
    log_line *lines;
    size_t cap, first, count; /* ring: the oldest line is lines[first] */
    size_t scroll;            /* rows scrolled back from the newest */
    int width;                /* the pane's, when last drawn: lines wrap at it */
    unsigned long version;    /* changes with every line, for redrawing */
} tui_log;

int log_init(tui_log *log, size_t cap);
void log_free(tui_log *log);
void log_add(tui_log *log, log_kind kind, const char *text);
/* Line i counted from the oldest kept (0 .. count-1). */
const log_line *log_at(const tui_log *log, size_t i);
/* Scrolls by rows of wrapped text, not lines. */
void log_scroll(tui_log *log, long rows);
/* The rows all lines take at the log's width. */
size_t log_rows(const tui_log *log);

#endif
