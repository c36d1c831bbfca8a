/* Themes: the role table, the one list of what a theme colours, and the
 * helpers every part of the theme code shares.  Parsing is in
 * theme_parse.c, finding theme files in theme_dirs.c, the downgrade to
 * the terminal's colours in theme_resolve.c. */
#include "theme.h"

#include <stdio.h>
#include <string.h>

#include "session/command.h" /* nn_suggest */
#include "theme_internal.h"

typedef struct role_info {
    const char *name;
    const char *fallback; /* the built-in theme's value, 8 colours */
    unsigned mono;        /* attributes added when there is no colour */
    const char *help;
} role_info;

enum { B = NN_ATTR_BOLD, D = NN_ATTR_DIM, R = NN_ATTR_REVERSE, U = NN_ATTR_UNDERLINE };

static const role_info roles[NN_ROLE_COUNT] = {
    [NN_ROLE_BACKGROUND] = {"background", "white on black", 0, "blank areas; its BG is every role's default background"},
    [NN_ROLE_TEXT] = {"text", "white", 0, "ordinary text"},
    [NN_ROLE_DIM] = {"dim", "white dim", D, "secondary text, hints and units"},
    [NN_ROLE_BORDER] = {"border", "white dim", 0, "pane frames"},
    [NN_ROLE_BORDER_FOCUS] = {"border_focus", "cyan", B, "the focused or zoomed pane's frame"},
    [NN_ROLE_TITLE] = {"title", "white", B, "pane titles"},
    [NN_ROLE_TITLE_FOCUS] = {"title_focus", "cyan bold", B | R, "the focused pane's title"},
    [NN_ROLE_STATUS] = {"status", "white on blue", R, "the status line"},
    [NN_ROLE_STATUS_KEY] = {"status_key", "cyan on blue", R, "labels in the status line"},
    [NN_ROLE_STATUS_VALUE] = {"status_value", "white on blue bold", R | B, "figures in the status line"},
    [NN_ROLE_STATE_IDLE] = {"state_idle", "white on blue", R, "state: idle"},
    [NN_ROLE_STATE_TRAINING] = {"state_training", "green on blue bold", R | B, "state: training"},
    [NN_ROLE_STATE_PAUSED] = {"state_paused", "yellow on blue bold", R | B, "state: paused"},
    [NN_ROLE_STATE_STOPPED] = {"state_stopped", "red on blue bold", R | B, "state: stopped"},
    [NN_ROLE_STATE_FINISHED] = {"state_finished", "cyan on blue bold", R | B, "state: finished"},
    [NN_ROLE_PROGRESS_DONE] = {"progress_done", "green on blue", R | B, "the done part of a progress bar"},
    [NN_ROLE_PROGRESS_TODO] = {"progress_todo", "black on blue", R | D, "the rest of a progress bar"},
    [NN_ROLE_PROMPT] = {"prompt", "cyan bold", B, "the prompt"},
    [NN_ROLE_INPUT] = {"input", "white", 0, "the text being typed"},
    [NN_ROLE_COMPLETION] = {"completion", "white", 0, "completion candidates"},
    [NN_ROLE_SELECTION] = {"selection", "black on cyan", R, "the highlighted row of a list"},
    [NN_ROLE_LOG_COMMAND] = {"log_command", "cyan", B, "the echo of a typed command in the log"},
    [NN_ROLE_LOG_ERROR] = {"log_error", "red bold", B, "errors in the log"},
    [NN_ROLE_LOG_WARNING] = {"log_warning", "yellow", U, "warnings in the log"},
    [NN_ROLE_LOG_NOTE] = {"log_note", "white dim", D, "notes in the log"},
    [NN_ROLE_WARNING] = {"warning", "yellow", B, "training warnings"},
    [NN_ROLE_WARNING_REMEDY] = {"warning_remedy", "cyan bold", U, "the command a warning suggests"},
    [NN_ROLE_CHART_AXIS] = {"chart_axis", "white dim", 0, "chart axes and ticks"},
    [NN_ROLE_CHART_LABEL] = {"chart_label", "white", 0, "axis labels and legends"},
    [NN_ROLE_CHART_GRID] = {"chart_grid", "white dim", D, "chart grid lines"},
    [NN_ROLE_CHART_BAR] = {"chart_bar", "cyan", 0, "bars of the column chart"},
    [NN_ROLE_LOSS_TRAIN] = {"loss_train", "cyan", 0, "training loss"},
    [NN_ROLE_LOSS_VAL] = {"loss_val", "yellow", B, "validation loss"},
    [NN_ROLE_LOSS_TRAIN_RAW] = {"loss_train_raw", "cyan dim", D, "training loss before smoothing"},
    [NN_ROLE_LOSS_VAL_RAW] = {"loss_val_raw", "yellow dim", D, "validation loss before smoothing"},
    [NN_ROLE_LOSS_BATCH] = {"loss_batch", "white dim", D, "the faint per-batch loss trace"},
    [NN_ROLE_LOSS_BEST] = {"loss_best", "green bold", B | U, "the best epoch's marker"},
    [NN_ROLE_LOSS_PREVIOUS] = {"loss_previous", "white dim", D, "the previous run, overlaid"},
    [NN_ROLE_LOSS_MARKER] = {"loss_marker", "magenta", B, "where a hyperparameter was changed"},
    [NN_ROLE_GRAD_1] = {"grad_1", "cyan", 0, "gradient norm of layers 1, 7, ..."},
    [NN_ROLE_GRAD_2] = {"grad_2", "yellow", B, "gradient norm of layers 2, 8, ..."},
    [NN_ROLE_GRAD_3] = {"grad_3", "green", U, "gradient norm of layers 3, 9, ..."},
    [NN_ROLE_GRAD_4] = {"grad_4", "magenta", B | U, "gradient norm of layers 4, 10, ..."},
    [NN_ROLE_GRAD_5] = {"grad_5", "blue", D, "gradient norm of layers 5, 11, ..."},
    [NN_ROLE_GRAD_6] = {"grad_6", "red", D | U, "gradient norm of layers 6, 12, ..."},
    [NN_ROLE_GRAD_LIMIT] = {"grad_limit", "red dim", D, "the vanishing and exploding thresholds"},
    [NN_ROLE_TABLE_HEADER] = {"table_header", "cyan bold", B | U, "table headings"},
    [NN_ROLE_TABLE_MISSING] = {"table_missing", "red", B, "missing values and refused columns"},
    [NN_ROLE_SCROLLBAR] = {"scrollbar", "white dim", D, "scroll bars and position marks"},
    [NN_ROLE_FOOTER] = {"footer", "white", 0, "the key footer"},
    [NN_ROLE_FOOTER_KEY] = {"footer_key", "black on cyan", R, "the keys in the footer"},
};

/* 8-colour terminals often have 64 colour pairs; pair 0 is reserved. */
_Static_assert(NN_ROLE_COUNT < 64, "one colour pair per role must fit in 64 pairs");

const char *nn_theme_role_name(nn_role r)
{
    return (unsigned)r < NN_ROLE_COUNT ? roles[r].name : NULL;
}

const char *nn_theme_role_help(nn_role r)
{
    return (unsigned)r < NN_ROLE_COUNT ? roles[r].help : NULL;
}

int nn_theme_role_find(const char *name)
{
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        if (strcmp(roles[r].name, name) == 0)
            return r;
    return -1;
}

unsigned theme_role_mono(int r)
{
    return roles[r].mono;
}

const char *theme_role_fallback(int r)
{
    return roles[r].fallback;
}

/* " (did you mean \"x\"?)" or "". */
const char *theme_did_you_mean(char *buf, size_t len, const char *typed,
                                const char *const *names, size_t n)
{
    const char *near = nn_suggest(typed, names, n);
    buf[0] = '\0';
    if (!near)
        return buf;
    snprintf(buf, len, " (did you mean \"%s\"?)", near);
    return buf;
}
