/* What the prompt's files share: prompt.c feeds readline and handles
 * lines, completion and keys; it calls prompt_line.c, which draws the
 * line into the window, and prompt_history.c, which keeps the history
 * file.  Neither calls back. */
#ifndef NN_TUI_PROMPT_INTERNAL_H
#define NN_TUI_PROMPT_INTERNAL_H

#include "prompt.h"

/* prompt_line.c: the window the line is drawn in, with the default
 * attributes and no scroll; readline's redisplay function; the window
 * (NULL once ended); forgetting the window and the cells. */
void prompt_line_start(WINDOW *win);
void prompt_line_redisplay(void);
WINDOW *prompt_line_window(void);
void prompt_line_end(void);

/* prompt_history.c: a line entered, into the history unless blank or the
 * same as the last one. */
void prompt_history_add(const char *line);

#endif
