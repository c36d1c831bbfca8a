/* The session's state, for the command handlers. */
#ifndef NN_SESSION_INTERNAL_H
#define NN_SESSION_INTERNAL_H

#include <signal.h>
#include <stdbool.h>

#include "chart_runs.h"
#include "charts.h"
#include "command.h"
#include "recipe/recipe.h"
#include "table/table.h"
#include "engine/evaluate_curves.h"
#include "engine/model.h"
#include "engine/settings.h"
#include "engine/trainer.h"
#include "history.h"
#include "monitor.h"
#include "session.h"

struct nn_session {
    nn_output out;
    int foreground, quit, depth;
    nn_table *table;        /* NULL until load or generate */
    char *data_name;        /* "stocks.csv", "generate xor" */
    char *data_source;      /* the command that makes the table again, for the ranks of
                             * `train ranks=N`: "load \"/abs/stocks.csv\" sep=;" */
    char *rank_program;     /* the nnwb the ranks run; NULL: this one (job_mpi.c) */
    nn_recipe *recipe;      /* the steps being edited, fitted by the next `train` */
    nn_model *model;
    nn_recipe *model_recipe; /* fitted, as the current model trained with or was opened
                              * with, kept through later edits for save and predict; NULL: none */
    nn_model *trained;      /* that model, set aside by a later edit of the layers until
                             * the next `train`; NULL: `model` is it */
    nn_settings settings;
    bool loss_chosen;       /* else the loss follows the task */
    nn_prepared prep;       /* what the model was last trained on, or the loaded data
                             * through an opened model's recipe (every row "all") */
    bool prepared;
    bool recipe_from_model; /* `recipe` is the opened model's: `load` keeps it if it applies */
    nn_trainer *trainer;    /* the current or last run (run.c) */
    struct run_progress *progress; /* the current run's observer state (run.c) */
    struct job *job;        /* the job going on or the last one, else NULL (job.c) */
    struct sweep *sweep;    /* the last sweep's record, else NULL (sweep.h) */
    nn_history **runs;      /* every run's record, the last one current */
    nn_history *weights_run; /* the run the model's weights come from (run_start.c), or NULL */
    int weights_epochs;     /* epochs they had trained before it; -1: opened, not known */
    size_t nruns;
    bool interactive;       /* a person is at the prompt: quit asks about unsaved work */
    bool unsaved;           /* trained since the last save or open */
    bool quit_warned;
    nn_ui_hooks ui;         /* set by the workbench */
    volatile sig_atomic_t stop_requested; /* set by a signal handler, read by the run */
    double pace;            /* epochs a second at most (`pace`); 0: no cap */
    nn_column_view last_plot; /* the chart of the last `plot`, for the pane and `export plot` */
    nn_binary_curves curves[NN_PART_COUNT]; /* a binary classifier's, per split, from `evaluate` (eval_curves.h) */
    nn_loss_view loss_view; /* `compare` and `view`: what the loss chart overlays, how it scales */
    int tour_step;          /* the guided tour's current step, 1-based; 0: no tour (cmd_tour.c) */
    bool tour_done;         /* its command has succeeded: `tour` moves on */
    bool tour_failed;       /* its command failed in the line being run: said after the error */
};

/* The tour (cmd_tour.c) sees each command run and how it went: the
 * step's own command, succeeded, lets `tour` move on; failed, the tour
 * says (after the line's error) that it stays on the step. */
struct nn_command;
void session_tour_saw(nn_session *s, const struct nn_command *cmd, int rc);
void session_tour_after_line(nn_session *s);

/* What the session says (output.c). */
void session_print(nn_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void session_warn(nn_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Warns about what saving onto path will leave: a hard link's other names,
 * temporaries of a killed save (nn_file_save_notes). */
void session_save_notes(nn_session *s, const char *path);
/* True while a job goes on (job.c): its run trains or is paused, or (a
 * job of several runs) it has not ended yet, between its runs too. */
bool session_training(const nn_session *s);
/* The refusal of cmd while a job goes on, saying whether its run is
 * paused (a run that `step` paused is not running); returns -1. */
int session_busy(const nn_session *s, const char *cmd, nn_error *err);
/* Prepares the data with the recipe (refitting it) into s->prep; on
 * failure s->prep is unchanged. */
int session_prepare(nn_session *s, nn_error *err);
/* The loss to train and save with: the one `loss` chose, else the one
 * the prepared task calls for (mse, bce or cce). */
const char *session_loss(const nn_session *s);
const char *session_loss_for(const nn_session *s, nn_task task);
/* Refuses a model whose output does not fit the prepared task (cmd names the command). */
/* The model reads the prepared rows as the recipe's window lays them out
 * (sequence layers see (steps, channels)); session_check_output does it. */
void session_set_layout(nn_model *m, const nn_prepared *p);
int session_check_output(const nn_session *s, const nn_prepared *p, const char *cmd, nn_error *err);
/* Rows of part `which` of p, as the trainer takes them. */
nn_dataset session_part(const nn_prepared *p, int which);
/* Puts "prefix: " before err's message; returns -1. */
int session_prefix_error(nn_error *err, const char *prefix);
/* Replaces the data: the prepared data goes, and the recipe restarts
 * (the caller then calls session_apply_model_recipe). */
void session_set_table(nn_session *s, nn_table *t, const char *name);
/* The command line that made the table (after session_set_table). */
void session_set_data_source(nn_session *s, const char *line);
/* After a load: when there is a trained or opened model, runs its
 * recipe, fitted and unchanged, on the new table into s->prep, so that
 * results score the new data; an opened model's recipe also stays the
 * one being edited. Warns when the data lacks the recipe's columns. */
void session_apply_model_recipe(nn_session *s);
/* The model that save, predict and results use: the last one trained or
 * opened, even after its layers were edited (until the next train). */
nn_model *session_trained_model(const nn_session *s);
/* Before an edit of the layers: a trained model is set aside (it stays
 * the one saved and scored) and `model` becomes an untrained copy of its
 * layers to edit. Returns 0, or -1 when out of memory. */
int session_edit_model(nn_session *s, nn_error *err);
/* A new model of m's layers, not built (no weights). */
nn_model *session_copy_layers(const nn_model *m, nn_error *err);
/* The model now in the session trains with (or was opened with) recipe
 * r, which the session takes. */
void session_set_model_recipe(nn_session *s, nn_recipe *r);

#endif
