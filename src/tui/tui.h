/* The workbench screen. */
#ifndef NN_TUI_H
#define NN_TUI_H

#include <stddef.h>

/* Runs the workbench until `quit`, Ctrl-D or a termination signal. With a
 * script, its commands run first, shown live. srcdir_themes is a further
 * place to look for themes (the source tree, for running uninstalled).
 * Returns the exit status. */
int nnwb_tui(const char *script, const char *srcdir_themes);
/* Whether the terminal ($TERM) can have the workbench drawn on it: it is
 * known and can place the cursor. If not, why names the reason. */
int nnwb_tui_usable(char *why, size_t len);

#endif
