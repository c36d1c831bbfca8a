/* The workbench screen. */
#ifndef NN_TUI_H
#define NN_TUI_H

/* Runs the workbench until `quit`, Ctrl-D or a termination signal. With a
 * script, its commands run first, shown live. srcdir_themes is a further
 * place to look for themes (the source tree, for running uninstalled).
 * Returns the exit status. */
int nnwb_tui(const char *script, const char *srcdir_themes);

#endif
