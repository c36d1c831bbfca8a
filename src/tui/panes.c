/* The panes, in layout order: adding a pane is one entry here, one file,
 * and a place in layout.c. */
#include "tui_internal.h"

const pane_kind *const pane_kinds[PANE_COUNT] = {
    [PANE_LOSS] = &pane_loss, [PANE_GRADS] = &pane_grads, [PANE_WARNINGS] = &pane_warnings,
    [PANE_DATA] = &pane_data, [PANE_LOG] = &pane_log, [PANE_PLOT] = &pane_plot,
    [PANE_BOUNDARY] = &pane_boundary, [PANE_SWEEP] = &pane_sweep,
};
