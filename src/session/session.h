/* A session: the data, the preparation recipe, the model, the settings
 * and the training runs one person works on, changed only by commands.
 * Every front-end (batch, TUI) drives a session the same way and shows
 * what it writes to the output. */
#ifndef NN_SESSION_H
#define NN_SESSION_H

#include "engine/error.h"

/* Where a session's output goes. Each call carries one line without its
 * newline. Warnings come without the "warning: " prefix, errors without
 * "error: ". */
typedef struct nn_output {
    void *user;
    void (*text)(void *user, const char *line);
    void (*warning)(void *user, const char *line);
    void (*error)(void *user, const char *line);
} nn_output;

typedef struct nn_session nn_session;

nn_session *nn_session_new(const nn_output *out);
void nn_session_free(nn_session *s);

/* Batch front-ends train in the foreground (train returns when training
 * ends); interactive ones in the background. Foreground by default. */
void nn_session_set_foreground(nn_session *s, int foreground);

/* Runs one line: commands separated by ';'. Stops at the first failing
 * command, reports it through the output (prefixed by `where`, e.g.
 * "script.nnw:12", when not NULL) and returns -1; the failed command has
 * changed nothing. */
int nn_session_run(nn_session *s, const char *line, const char *where);
/* Runs a script file line by line, stopping at the first failure, whose
 * message names FILE:LINE. */
int nn_session_source(nn_session *s, const char *path);
/* Set by `quit`. */
int nn_session_quitting(const nn_session *s);
/* A trained model that no `save` has kept. */
int nn_session_unsaved(const nn_session *s);
/* A person is at the prompt: `quit` then asks once about an unsaved
 * trained model. */
void nn_session_set_interactive(nn_session *s, int interactive);

struct nn_chart;
struct nn_chart_palette;

typedef enum nn_compare_mode { NN_COMPARE_PREVIOUS, NN_COMPARE_OFF, NN_COMPARE_RUNS } nn_compare_mode;

/* What only a screen can do, for the `theme` and `zoom` commands and
 * `help keys`; without hooks (batch mode) those commands say so. */
typedef struct nn_ui_hooks {
    void *user;
    /* NULL name: list the themes. */
    int (*theme)(void *user, const char *name, nn_error *err);
    /* NULL pane: back to all panes. */
    int (*zoom)(void *user, const char *pane, nn_error *err);
    void (*keys)(void *user);
    /* Runs a script from the screen's loop, line by line, pausing while
     * training runs (so `train` then `evaluate` works); NULL: at once. */
    int (*source)(void *user, const char *path, nn_error *err);
    /* Shows the chart of `plot` (valid during the call only; NULL for
     * `plot roc|pr`: nn_session_last_plot has it); NULL: the chart is
     * printed as text only. */
    void (*chart)(void *user, const struct nn_chart *chart);
    /* What the Log pane shows: "all", "warnings" or "commands". */
    int (*log_filter)(void *user, const char *show, nn_error *err);
    /* `pause` and `resume` with nothing training: hold (on) the script
     * being run until Enter or `resume`, or let it go on (off); -1 with
     * the error when there is none. */
    int (*script_pause)(void *user, int on, nn_error *err);
    /* `view beside=grads|boundary` and `view test=show|hide`: what the
     * panes show (key and value checked by the command table). */
    int (*view)(void *user, const char *key, const char *value, nn_error *err);
    /* The colours of theme `name` for `export plot ... theme=NAME` ("active":
     * the theme in use), into *palette (session/charts.h); -1 with the
     * error for an unknown theme.  NULL: only the print palette. */
    int (*palette)(void *user, const char *name, struct nn_chart_palette *palette, nn_error *err);
} nn_ui_hooks;
void nn_session_set_ui(nn_session *s, const nn_ui_hooks *hooks);
/* The chart of the last `plot` (charts.h), or NULL before the first. */
struct nn_column_view;
const struct nn_column_view *nn_session_last_plot(const nn_session *s);

/* ---- what the workbench's panes read (UI thread only) ---- */
struct nn_history;
struct nn_monitor;
struct nn_table;
struct nn_model;
struct nn_settings;
/* The last run's record and warnings, NULL before the first run; both
 * are safe to read while training runs. */
struct nn_history *nn_session_history(const nn_session *s);
struct nn_monitor *nn_session_monitor(const nn_session *s);
/* Every run's record, 0 the first, as `runs` numbers them from 1. */
int nn_session_run_count(const nn_session *s);
struct nn_history *nn_session_run_record(const nn_session *s, int i);
/* The state of the job's current run: "idle", "training", "paused",
 * "stopped", "finished". */
const char *nn_session_state(const nn_session *s);
/* A job goes on (training, cross-validation...): a script's next line
 * waits for it. */
int nn_session_training(const nn_session *s);
/* Where the job going on stands among its items: fold 2 of 5 is
 * {"fold", 2, 5}; a job that is one run is {NULL, 1, 1}; none {NULL, 0, 0};
 * ranks: the processes it trains in (N for `train ranks=N`, else 1). */
typedef struct nn_job_progress {
    const char *item_name;
    int item, items;
    int ranks;
} nn_job_progress;
void nn_session_job_progress(const nn_session *s, nn_job_progress *p);
/* "stopped after 4 epochs, in epoch 5; best val_loss=..." */
struct nn_end_event;
void nn_session_end_text(const struct nn_end_event *e, char *buf, size_t len);
/* Lets a job in the background move on: e.g. scores a cross-validation's
 * fold whose training ended and starts the next. The workbench calls it
 * from its loop, on the UI thread. */
void nn_session_poll(nn_session *s);
/* Asks the job's run to stop at its next batch; async-signal-safe, for a
 * SIGINT handler. */
void nn_session_request_stop(nn_session *s);
/* Stops the job going on (Ctrl-C, `quit`); returns 1 if one was. */
int nn_session_interrupt(nn_session *s);
const struct nn_table *nn_session_table(const nn_session *s);
const char *nn_session_data_name(const nn_session *s);
/* The nnwb that the ranks of `train ranks=N` run under mpirun; by default
 * this very program (/proc/self/exe). Tests that are not nnwb set it. */
void nn_session_set_rank_program(nn_session *s, const char *path);
const struct nn_model *nn_session_model(const nn_session *s);
const struct nn_settings *nn_session_settings(const nn_session *s);
/* The recipe's steps, one per line, into buf. */
int nn_session_recipe_text(const nn_session *s, char *buf, size_t len);
struct nn_prepared;
/* The prepared data the model was last trained on (features fitted and
 * scaled), or NULL before the first run and after the data changes; valid
 * until the next command. */
const struct nn_prepared *nn_session_prepared(const nn_session *s);
/* A consistent copy of the model's n parameters into dst, for a screen
 * that predicts with its own copy of the model (never with the session's,
 * whose weights and workspaces belong to the training thread while a run
 * goes on). While a run trains or is paused: the parameters it last
 * published (see nn_trainer_copy_params: at each epoch's end and each
 * pause), copied unless their number is `have`, and that number (> 0) is
 * returned. Otherwise the model's own parameters, always copied, and 0.
 * -1 (nothing copied) when the model is not built with n parameters. */
long nn_session_copy_params(const nn_session *s, long have, float *dst, size_t n);

#endif
