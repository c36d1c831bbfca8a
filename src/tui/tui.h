/* The workbench screen. */
#ifndef NN_TUI_H
#define NN_TUI_H

#include <stddef.h>

/* Runs the workbench until `quit`, Ctrl-D or a termination signal. With a
 * script, its commands run first, shown live. Themes come from the user's
 * folder, then $NNWB_THEMES, then the installed folder, then the source
 * tree's when nnwb runs uninstalled from a build folder inside it.
 * Returns the exit status. */
int nnwb_tui(const char *script);
/* Whether the terminal ($TERM) can have the workbench drawn on it: it is
 * known and can place the cursor. If not, why names the reason. */
int nnwb_tui_usable(char *why, size_t len);

#endif
