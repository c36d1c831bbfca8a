/* The earlier runs the loss chart overlays.  See overlays.c. */
#ifndef NN_TUI_OVERLAYS_H
#define NN_TUI_OVERLAYS_H

#include "tui_internal.h"

void overlays_init(tui *t);
void overlays_free(tui *t);
/* Copies the runs to overlay now into t->overlay (each frame). */
void overlays_refresh(tui *t);
/* The `compare` command's hook (nn_ui_hooks.compare). */
int overlays_hook(void *user, nn_compare_mode mode, const int *runs, int n, nn_error *err);

#endif
