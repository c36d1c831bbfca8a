/* The table of commands: one entry each, in the order `help` lists them.
 * Handlers live in cmd_<group>.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charts.h"
#include "commands.h"
#include "engine/arg_table.h"
#include "recipe/steps.h"

#define END SPEC_END
/* Where the recipe steps' commands stand in `help` (make_step_commands). */
#define RECIPE_STEPS {NULL, NULL, "data", NULL, NULL, NULL, NULL, 0, NULL}

/* ---- data ---- */
static const nn_arg_spec load_args[] = {
    DATAFILE("file", REQ, "the CSV file"),
    WORD("sep|delimiter", KEY, "delimiter: , ; tab or | (detected when left out)"),
    CHOICE("header", KEY, NULL, "yes|no", "whether the first row names the columns (detected)"),
    WORD("na", KEY, "missing-value markers, comma-separated (default: empty NA N/A NaN null None -)"),
    CHOICE("decimal", KEY, NULL, ".|,", "decimal mark (detected: ',' in ';' files)"),
    CHOICE("dayfirst", KEY, NULL, "yes|no", "read 01/02/2000 as 1 February (detected)"),
    WORD("types", KEY, "force column types: NAME:TYPE,... with TYPE numeric, categorical, date or text"),
    END};
static const nn_arg_spec generate_args[] = {
    CHOICE("kind", REQ, NULL, "random|linear|xor|circles|spirals|gauss|gbm", "the kind of data"),
    INT("rows", KEY, NULL, 1, 1e7, "rows (each kind has its default)"),
    INT("features", KEY, NULL, 1, 1e5, "features x1..xN"),
    NUMBER("noise", KEY, NULL, 0, 1e6, "noise (what it means depends on the kind)"),
    INT("seed", KEY, "42", 0, 4294967295.0, "random seed"), END};
static const nn_arg_spec columns_args[] = {END};
static const nn_arg_spec describe_args[] = {COLUMN("columns", REP, "columns (all when left out)"), END};
static const nn_arg_spec rows_args[] = {INT("n", 0, "10", 1, 1e9, "how many rows"), END};
static const nn_arg_spec plot_args[] = {{"column", NN_ARG_COLUMN, REQ, NULL, "roc|pr", "the column to chart, or after `evaluate` of a binary classifier: roc or pr", 0, 0},
                                        INT("points", KEY, "60", 2, 10000, "at most this many points or bins (per line)"),
                                        COLUMN("by", KEY, "a series: a line per key of this column (the 6 with most rows)"),
                                        END};
static const nn_arg_spec none_args[] = {END};

/* ---- model ---- */
static const nn_arg_spec model_args[] = {CHOICE("action", 0, "show", "new|show|reset", "new: start an empty model; "
                                                       "reset: fresh weights from the seed at the next train"), END};
static const nn_arg_spec add_args[] = {
    WORD("kind", REQ, "one of the kinds below (Keras' Dense works too)"),
    WORD("values", REP, "the kind's values in order: dense UNITS [ACT], lstm UNITS, ..."),
    WORD("units", KEY, "dense: output units"),
    WORD("act|activation", KEY, "activation: linear relu leaky_relu elu gelu sigmoid tanh softmax"),
    WORD("rate", KEY, "dropout: the share of units dropped in training"),
    WORD("init", KEY, "dense: auto, he or glorot"), END};
static const nn_arg_spec remove_args[] = {INT("n", REQ, NULL, 1, 1e6, "the layer's number in `summary`"), END};
static const nn_arg_spec loss_args[] = {WORD("name", REQ, "mse, mae, huber, bce or cce (Keras names too)"), END};
static const nn_arg_spec optimizer_args[] = {
    WORD("name", REQ, "sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw"), END};

/* ---- training ---- */
static const nn_arg_spec train_args[] = {INT("epochs", KEY, NULL, 1, 1e7, "epochs (default: set epochs=, 100)"),
                                         INT("batch", KEY, NULL, 1, 1e7, "rows per batch (default 32)"),
                                         FILEARG("checkpoint", KEY, "save the model here at each new best epoch"),
                                         INT("ranks", KEY, NULL, 1, 4096, "train in N processes under mpirun (needs MPI)"),
                                         FILEARG("hosts", KEY, "an Open MPI hostfile: the ranks' machines"),
                                         CHOICE("control", KEY, NULL, "stdin",
                                                "batch mode: take pause, resume, stop, step and set lines from standard input"),
                                         END};
static const nn_arg_spec step_args[] = {
    INT("n", 0, "1", 1, 1e9, "how many batches, or epochs"),
    CHOICE("unit", FLAG, "batch", "batch|batches|epoch|epochs",
           "epoch: to the end of the current epoch (N: and N-1 more)"), END};

static const nn_arg_spec cv_args[] = {
    CHOICE("kind", FLAG, "auto", "shuffled|walkforward|auto",
           "shuffled folds or walk-forward (auto: walk-forward for a series, after sort, window or an ordered split)"),
    INT("folds", KEY, "5", 2, 1000, "how many folds"),
    CHOICE("window", KEY, "expanding", "expanding|sliding", "walk-forward: train on every earlier block, or the last one only"),
    INT("epochs", KEY, NULL, 1, 1e7, "epochs per fold (default: set epochs=)"),
    INT("batch", KEY, NULL, 1, 1e7, "rows per batch (default: set batch=)"), END};
static const nn_arg_spec sweep_args[] = {
    CHOICE("action", FLAG, "run", "run|best|top|pause|resume|stop",
           "best: the best trial's settings and model into the session; top N: the N best trials"),
    INT("n", 0, "5", 1, 1e6, "top: how many trials"),
    INT("trials", KEY, "10", 1, 100000, "random: how many trials (a grid runs every point)"),
    CHOICE("method", KEY, "auto", "grid|random|auto", "auto: grid for lists only, random when a range is given"),
    CHOICE("prune", KEY, "none", "none|halving", "halving: stop the worse trials at rungs (epochs E/9, E/3)"),
    {"metric", NN_ARG_WORD, KEY, "val_loss", NULL, "what trials are ranked on: val_loss, or val_ and the epoch metric", 0, 0},
    INT("epochs", KEY, NULL, 1, 1e7, "epochs per trial (default: set epochs=)"),
    INT("cv", KEY, NULL, 2, 100, "rank on K folds of the training and validation rows (their mean), not on the validation rows"),
    INT("lanes", KEY, NULL, 1, 2, "trials trained at once, each on one core (default: one a core, at most 2; 1 with "
        "cv= or threads=2)"),
    END};

/* ---- results ---- */
static const nn_arg_spec evaluate_args[] = {CHOICE("split", 0, NULL, "train|val|test|all", "one split (every one when left out); all: new data through an opened model's recipe"),
                                            NUMBER("threshold", KEY, NULL, 0, 1, "binary classifier: class 1 when p >= this (default 0.5)"),
                                            END};
static const nn_arg_spec importance_args[] = {INT("repeats", KEY, "5", 1, 1000, "shuffles per feature"),
                                              COLUMN("target", KEY, "the target described, among several (default: the first)"), END};
static const nn_arg_spec explain_args[] = {INT("row", REQ, NULL, 1, 1e12, "a row of the data, numbered as `head` shows"),
                                           CHOICE("method", KEY, "shapley", "shapley|lime", "Shapley values, or a LIME local linear fit"),
                                           INT("samples", KEY, NULL, 2, 100000, "shapley: feature orders (default 64); lime: perturbed rows (default 5000)"),
                                           COLUMN("target", KEY, "the target explained, among several (default: the first)"),
                                           END};

/* ---- files ---- */
static const nn_arg_spec predict_args[] = {DATAFILE("file", REQ, "a CSV with the training data's columns (the target may be absent)"),
                                           FILEARG("out", KEY, "where to write the rows and predictions (default: print them)"),
                                           CHOICE("missing", KEY, "skip", "skip|refuse", "a row with a value the recipe does not impute: no prediction (skip), or stop (refuse)"), END};
static const nn_arg_spec file_args[] = {FILEARG("file", REQ, "the file"), END};
static const nn_arg_spec history_args[] = {CHOICE("last", FLAG, NULL, "last", "only the last N epochs"),
                                           INT("n", 0, NULL, 1, 1e9, "how many epochs (all when left out)"), END};
static const nn_arg_spec export_args[] = {
    CHOICE("what", REQ, NULL, "history|predictions|sweep|plot|onnx|weights", "what to write"),
    FILEARG("file", REQ, "the file to write; for `plot`: the chart (loss, grads, plot, boundary or sweep), then the file"),
    FILEARG("to", 0, "plot: the picture to write, .png, .svg or .pdf"),
    INT("width", KEY, "800", 16, 10000, "plot: the picture's width in pixels (points in SVG and PDF)"),
    INT("height", KEY, "500", 16, 10000, "plot: its height"),
    WORD("theme", KEY, "plot: its colours: print (light, the default), a theme's name, or active (the one in use)"),
    END};

/* ---- help ---- */
static const nn_arg_spec help_args[] = {WORD("command", 0, "a command, or `keys`"), END};
static const nn_arg_spec theme_args[] = {WORD("name", 0, "a theme (the list when left out)"), END};
static const nn_arg_spec tour_args[] = {
    CHOICE("action", 0, "next", "next|skip|back|show|end", "the next step (or the first) once this one's "
           "command succeeded, the next all the same, the previous one, this one again, or leave the tour"), END};
static const nn_arg_spec log_args[] = {
    CHOICE("show", 0, "all", "all|warnings|commands", "the lines the Log pane shows: all, the warnings "
           "only, or all but the warnings"), END};
static const nn_arg_spec compare_args[] = {
    WORD("runs", REP, "run numbers as `runs` lists them, trial:N (trial N of the last sweep), `previous` (the "
         "last run on the same data and loss: the default) or `off`"), END};
static const nn_arg_spec view_args[] = {
    CHOICE("outliers", KEY, NULL, "hide|show", "hide: the loss chart's y range leaves out the highest and "
           "lowest 5% of its points"),
    NUMBER("smoothing", KEY, NULL, 0, NN_LOSS_SMOOTHING_MAX, "the loss curves' smoothing weight, 0 to below 1 (0: raw; "
           "also `set smooth=`)"),
    CHOICE("beside", KEY, NULL, "grads|boundary", "with two inputs under 120 columns: the chart beside the loss "
           "(F9 swaps them)"),
    CHOICE("test", KEY, NULL, "show|hide", "show: the test rows' points on the decision boundary too"), END};
static const nn_arg_spec pace_args[] = {
    WORD("rate", 0, "slow (2 epochs a second), normal (10), fast or off (no cap), or epochs a second"), END};
static const nn_arg_spec zoom_args[] = {
    CHOICE("pane", 0, NULL, "loss|grads|warnings|data|log|plot|boundary|off", "a pane to show alone (off: all of them)"), END};

static const nn_command commands[] = {
    {"load", "read open-csv", "data", "load a CSV file",
     "Loads a CSV file, inferring the delimiter, the header, and each column's type (numeric, boolean, "
     "categorical, date or text). A numeric column with a few cells that are not numbers (\"12*\", "
     "\"#N/A\": at most 5 or 1% of its values, whichever is larger, and fewer than its numbers) "
     "stays numeric with those cells missing; with more it is text. Either way a note names the "
     "cells (FILE:LINE:COLUMN), and `describe` repeats it. A line repeating the header (files joined together) is dropped with a "
     "note naming its line, which `describe` repeats above the columns. Dates in more than one form (2024-01-31 and 31/01/2024, or 13/02/2024 among 02/13/2024) "
     "are read in the form most cells have, every other cell in the form that fits it, with a note "
     "naming each and what it became; a few words among dates are missing, by the rule for numbers. "
     "Numbers too small for float32 (1e-50 becomes 0) and thousands grouped by spaces (1 000) are "
     "read with a note naming the first cell, the count and the value read. types=price:numeric "
     "(or :date) forces a type: every word of a forced numeric or date column is missing. A "
     "first line sep=; (as Excel writes) sets the delimiter; quote ; in a script: sep=\";\". On an "
     "error the previous data stays loaded.",
     "load samples/credit_card.csv", load_args, NN_CMD_EDITS_DATA, cmd_load},
    {"generate", "make", "data", "make a synthetic dataset for teaching and tests",
     "random (the Keras example: 100 x 10 uniform, y unrelated), linear, xor, circles, spirals, gauss "
     "(three blobs) or gbm (prices by geometric Brownian motion, one row per business day). Features "
     "are x1..xN and the target y. The kind already loaded, generated again (`generate spirals noise=0.2`), "
     "replaces the points in place, as in TensorFlow Playground: the recipe's steps, the model with its "
     "weights and the settings stay, so `train` goes on (after `model reset`, from fresh weights).",
     "generate xor rows=500 noise=0.05", generate_args, NN_CMD_EDITS_DATA, cmd_generate},
    {"columns", "cols", "data", "list the columns with their types and missing counts", "", "columns",
     columns_args, 0, cmd_columns},
    {"describe", "stats", "data", "summary statistics per column",
     "count, missing, mean, std, min, quartiles and max for numbers; distinct values and the most "
     "frequent ones for categories; first and last date for dates.",
     "describe income age", describe_args, 0, cmd_describe},
    {"head", NULL, "data", "show the first rows", "", "head 5", rows_args, 0, cmd_head},
    {"tail", NULL, "data", "show the last rows", "", "tail 5", rows_args, 0, cmd_tail},
    {"plot", "chart", "data", "a quick chart of one column",
     "A line over the date column for a series, a histogram for other numbers, bars for categories. "
     "After `evaluate` of a binary classifier, `plot roc` and `plot pr` draw the ROC and precision-recall "
     "curves of each split it scored, with the line of chance (a column named roc or pr comes first). "
     "For a series of several keys (prices of several symbols), `by=KEY` draws a line per key, named in the "
     "legend (the 6 keys with most rows; a note names the others), and KEY=VALUE keeps one key's rows "
     "(`plot price symbol=AAPL`); the caption under the chart is the data's first and last date.",
     "plot income", plot_args, NN_CMD_OPEN_KEYS, cmd_plot},
    RECIPE_STEPS,
    {"recipe", "steps", "data", "list the preparation steps", "", "recipe", none_args, 0, cmd_recipe},

    {"model", NULL, "model", "start a new model (`model new`) or show it", "`model reset` keeps the "
     "layers and makes the next `train` start from fresh weights (drawn with the current seed) instead of "
     "continuing from the last run's, so runs compare fresh starts.", "model new", model_args,
     NN_CMD_EDITS_MODEL, cmd_model},
    {"add", NULL, "model", "add a layer",
     "dense UNITS [ACT], dropout RATE, activation ACT, conv1d FILTERS KERNEL [ACT], lstm UNITS, ... "
     "(every kind below). Sequence layers read a window's rows as (steps, channels). "
     "Keras spelling works: add Dense 10 activation=relu.",
     "add dense 10 relu", add_args, NN_CMD_EDITS_MODEL | NN_CMD_KIND_KEYS, cmd_add},
    {"remove", "pop", "model", "remove layer N", "", "remove 2", remove_args, NN_CMD_EDITS_MODEL, cmd_remove},
    {"summary", NULL, "model", "the layers, their output shapes and parameter counts", "", "summary",
     none_args, 0, cmd_summary},
    {"loss", NULL, "training", "choose the loss",
     "Until chosen, the loss follows the task: mse for regressions, bce for binary and cce for "
     "multiclass classification.", "loss huber", loss_args, NN_CMD_EDITS_MODEL, cmd_loss},
    {"optimizer", "opt", "training", "choose the optimizer and its settings", "",
     "optimizer adam lr=0.001", optimizer_args, NN_CMD_EDITS_MODEL | NN_CMD_OPEN_KEYS, cmd_optimizer},
    {"compile", NULL, "training", "Keras' compile: loss=, optimizer=, lr=, metrics=", "",
     "compile loss=mse optimizer=adam lr=0.001", none_args, NN_CMD_OPEN_KEYS, cmd_compile},
    {"set", NULL, "training", "change settings: lr, batch, epochs, l1, l2, clip, patience, ...",
     "With no arguments lists every setting with its value; live ones (lr, l1, l2, clip, ...) may "
     "change while training runs. smooth=W is the loss chart's smoothing weight (as `view smoothing=W`: "
     "0 <= W < 1, 0 draws the raw curves), not a setting of the model.", "set lr=0.01 patience=10", none_args, NN_CMD_OPEN_KEYS, cmd_set},
    {"train", "fit", "training", "train the model on the prepared data",
     "Prepares the data with the recipe (fitting it on the training rows), then trains; one line per "
     "epoch in batch mode. ranks=N trains in N processes that it starts with mpirun (hosts=FILE: an "
     "Open MPI hostfile), the curves drawn as they come and the model back in the session at the end; "
     "pause, resume, step, live `set` and `stop` reach every rank at the same batch. control=stdin "
     "(batch mode, which `ranks=` uses) takes those commands as lines on standard input; under mpirun "
     "rank 0 reads them and every rank obeys.", "train epochs=20 batch=32", train_args, NN_CMD_EDITS_MODEL,
     cmd_train},
    {"pause", NULL, "training", "pause training after the current batch",
     "With nothing training, a script's `pause` is a stop between its stages: in the workbench the "
     "script waits (other commands work meanwhile) until Enter on an empty line or `resume`; batch "
     "mode says so and goes on.", "pause", none_args, 0, cmd_pause},
    {"resume", "continue", "training", "resume paused training",
     "With nothing training, lets a script paused by its `pause` go on.", "resume", none_args, 0, cmd_resume},
    {"stop", NULL, "training", "stop training (weights as they are, or the best ones with validation)", "",
     "stop", none_args, 0, cmd_stop},
    {"wait", NULL, "training", "wait for training to end", "", "wait", none_args, 0, cmd_wait},
    {"step", NULL, "training", "train one batch or one epoch, then pause",
     "Starts a run paused if none is going, trains N batches (or to the end of the current epoch, "
     "and N-1 more, with `epoch`), then pauses, so the panes show what each update changed; "
     "`resume` carries on, `stop` ends the run. Its samples/s and the ETA count only time spent "
     "training, never the pauses between steps.",
     "step epoch", step_args, 0, cmd_step},
    {"pace", NULL, "training", "cap training at N epochs a second, so a class can watch it learn",
     "`pace slow` is 2 epochs a second, `pace normal` 10, `pace fast` (or `pace off`) as fast as the "
     "machine goes, `pace N` N a second (fractions too: `pace 0.5`); with no value it says the pace. It "
     "takes effect at once, also while training runs, and lasts for the session. The trainer waits "
     "after an epoch that ended early (never within one), and the wait is no part of samples/s.",
     "pace slow", pace_args, 0, cmd_pace},

    {"cv", "crossval", "training", "cross-validate: train fresh models on K folds, with mean and sd",
     "Each fold refits the recipe on its training rows and trains a fresh model of this architecture "
     "(weights from the seed) with the current settings, then scores it and the naive baseline on its "
     "test rows: shuffled folds (stratified for classes; the split's seed), or walk-forward for a series "
     "(`cv walkforward folds=K window=expanding|sliding`: K+1 blocks in time, fold k tests on block k+1). "
     "Lines: `fold K/N train= test= METRIC=... baseline_METRIC=...`, then `cv model folds=N METRIC_mean= "
     "METRIC_sd=...` and `cv baseline ...` (sd over folds, n-1). cv is an estimate: the session's own "
     "model is not replaced by the folds' models. Runs in the background in the workbench; `stop` ends it.",
     "cv folds=3 epochs=5", cv_args, NN_CMD_EDITS_MODEL, cmd_cv},
    {"sweep", "tune", "training", "search hyperparameters: trials in the background, ranked on validation",
     "KEY=SPEC for any setting (`lr`, `l2`, `batch`, `optimizer`...) or a layer's argument (`layer2.units`, "
     "`layer3.rate`); SPEC is a list (`16,32,64`, `relu,tanh`) or a range (`0..0.5`, `\"1e-4..1e-2 log\"` or "
     "`1e-4..1e-2:log`). Each trial trains a fresh model of this architecture on data prepared once, and is "
     "ranked on the validation rows (never the test rows). A grid runs every combination; random draws "
     "trials= points from the session's seed. prune=halving stops a trial at a rung unless it is in the best "
     "third there. cv=K ranks each trial on the mean of K shuffled folds of the training and validation rows "
     "instead (not with halving or on a series). One line per trial (`sweep I/N trial= KEYS state=done|pruned|stopped epochs= "
     "best_epoch= METRIC= seconds=`), then the epochs saved and a `best` line. Trials train side by side, "
     "one a core (lanes=), with the same results as one after the other. `sweep pause|resume|stop`; "
     "`sweep top N`; `sweep best` makes the best trial's settings and model the session's, for "
     "`evaluate test`; `export sweep FILE` writes every epoch of every trial.",
     "sweep lr=0.001,0.01 epochs=3", sweep_args, NN_CMD_OPEN_KEYS, cmd_sweep},
    {"evaluate", "eval", "results", "metrics per split, with the naive baseline",
     "Regression: rmse, mae, mape, r2 (and directional accuracy for forecasts) in the target's units; "
     "classification: accuracy, precision, recall, f1, auc, log loss and the confusion matrix. The "
     "`baseline` line is the majority class, persistence, zero change or the training mean. Each figure "
     "is followed by its 95% interval [lo,hi]: a percentile bootstrap of the split's rows (1000 "
     "resamples drawn with the session seed, the 2.5th and 97.5th percentiles), and a `note` says whether "
     "the model's interval of the headline figure (auc, else accuracy; rmse) overlaps the baseline's. "
     "Directional accuracy counts only the rows whose actual value moved, a predicted no-change being a "
     "miss; its baseline is `kind=always_up`, the share of those rows that went up. A binary classifier "
     "predicts class 1 when p >= 0.5, or p >= T with threshold=T (the baseline stays the majority class); "
     "on the validation rows `evaluate` names the threshold with the best F1 (chosen there, never on the "
     "test rows), and keeps each split's ROC and precision-recall curves for `plot roc` and `plot pr`.",
     "evaluate test", evaluate_args, 0, cmd_evaluate},
    {"predict", NULL, "results", "predict a raw CSV through the recipe and the model", "",
     "predict samples/credit_card.csv out=/tmp/predictions.csv", predict_args, 0, cmd_predict},
    {"importance", NULL, "results", "permutation importance of each feature on the validation rows",
     "The rise of the score when one feature's column is shuffled: for a regression the rmse in the "
     "target's units (as `evaluate` prints it), for a classifier the loss.",
     "importance repeats=3", importance_args, 0, cmd_importance},
    {"explain", NULL, "results", "per-feature contributions to one row's prediction (Shapley values or LIME)",
     "With method=shapley (the default): sampled Shapley values, which sum to the prediction minus the baseline; with "
     "method=lime, a linear surrogate fitted around the row on perturbed rows (each feature drawn from the "
     "training rows), weighted by the kernel sqrt(exp(-d^2/w^2)) with w = 0.75*sqrt(features) in standardised "
     "units; prints each feature's coefficient (change of the prediction per training standard deviation) "
     "and the fit's weighted r2 (near 1: the model is close to linear around the row). Seeded by `set seed`.",
     "explain 1 method=lime", explain_args, 0, cmd_explain},

    {"history", NULL, "results", "the epochs of the last run, as a table (`last N`: the last N epochs only)", "",
     "history last 10", history_args, 0, cmd_history},
    {"runs", NULL, "results",
     "every training run once: its layers, the settings it ended with (live changes included), its best val figures",
     "", "runs", none_args, 0, cmd_runs},
    {"compare", NULL, "results", "overlay earlier runs on the loss chart",
     "The loss chart draws each named run's training loss, named in the legend (`run 2`). By default it "
     "overlays the last earlier run that trained on the same data with the same loss, as no other run's "
     "loss compares; `compare off` shows the current run alone. After a `sweep`, each trial is a run, named "
     "by its run number or as trial:N (`compare trial:3 trial:18`). `export plot loss` draws the same overlays.",
     "compare 1 2", compare_args, 0,
     cmd_compare},

    {"save", NULL, "files", "save the model, its settings and the data recipe in one file", "",
     "save /tmp/model.nnwb", file_args, 0, cmd_save},
    {"open", NULL, "files", "open a saved model (then `predict` works on raw CSV)",
     "Refuses a damaged file, or one whose model does not fit its recipe (input width, outputs for "
     "the task, finite weights and statistics), naming the file and the mismatch; the session keeps "
     "what it had.",
     "open /tmp/model.nnwb", file_args, NN_CMD_EDITS_MODEL | NN_CMD_EDITS_DATA, cmd_open},
    {"export", NULL, "files", "write the history, the predictions or a sweep as CSV, a chart as a picture, the model as ONNX or its weights for NumPy",
     "`export plot PANE FILE` draws the chart of a pane (loss: the loss curves with the best epoch and "
     "the hyperparameter changes marked; grads: the gradient norms; plot: the last `plot COLUMN`; "
     "boundary: the decision boundary of a model with two inputs, its field under the training points; "
     "sweep: the last sweep's figure of each trial against the setting that matters most, the best marked) "
     "into a PNG, SVG or PDF file, by its ending, in a light print palette (theme=NAME: a theme's "
     "colours and background instead, theme=active: the workbench's theme in use); width= and height= "
     "size it (800 x 500 by default). `export onnx FILE` writes the trained model with its data "
     "recipe as an ONNX graph (opset 13) that Python's onnx and onnxruntime run, reading the raw "
     "columns (numbers in `columns`, levels as strings in `categories`) when the recipe fills, scales and "
     "encodes them only (otherwise it reads prepared `features`, and FILE.recipe.json beside it says how "
     "to prepare them); the README says what its inputs and outputs are. `export weights FILE.npz` writes the weights alone as NumPy "
     "arrays with Keras's names and shapes (dense/kernel [in, units], dense/bias, dense_1/kernel, ...), "
     "for a Keras or PyTorch model of the same layers. `export sweep FILE` writes every epoch of every trial of "
     "the last sweep.",
     "export predictions /tmp/predictions.csv", export_args, 0, cmd_export},
    {"source", "run", "files", "run the commands of a script", "", "source samples/keras_example.nnw", file_args, 0,
     cmd_source},

    {"help", "?", "help", "list commands, or explain one", "", "help split", help_args, 0, cmd_help},
    {"tour", NULL, "help", "a guided walk for newcomers: data, a model, training, the charts",
     "One short step at a time, each with the command to type next: `tour` starts the tour or goes "
     "on to the next step once the step's command has succeeded (a failed one is reported and the tour "
     "stays; `tour skip` moves on all the same), `tour back` returns, `tour show` repeats the step, "
     "`tour end` leaves. Sample files are named where nnwb finds them: $NNWB_SAMPLES, samples/ here, "
     "the source tree of an uninstalled nnwb, or the installed copy.",
     "tour", tour_args, 0, cmd_tour},
    {"theme", NULL, "help", "list the colour themes, or switch to one", "Themes are files in themes/ "
     "and in ~/.config/nnwb/themes: default, light, high-contrast, colorblind, mono.", "theme light",
     theme_args, 0, cmd_theme},
    {"log", NULL, "help", "show only the warnings in the Log pane, or all but them", "`log warnings` "
     "shows the training warnings alone (each kind is logged once a run), `log commands` hides them so "
     "your commands and their output stay in view, `log` or `log all` shows everything again.",
     "log warnings", log_args, 0, cmd_log},
    {"view", NULL, "help", "chart options: outliers=hide keeps outliers out of the loss chart's range; smoothing=W",
     "The loss chart's y range follows the epoch curves (the per-batch trace is clipped to it); with "
     "`view outliers=hide` it spans the 5th to the 95th percentile of their points, as TensorBoard's "
     "\"ignore outliers\", so a huge first epoch no longer flattens the rest; `export plot loss` too. "
     "`view smoothing=W` (or `set smooth=W`, TensorBoard's slider) smooths the loss curves with weight W "
     "(0 <= W < 1, at most 0.999; 0.6 at first): each point is a debiased moving average, W on the "
     "points before it, the raw curves dim behind; 0 draws the raw curves. F4 turns it on and off, and "
     "the Loss pane's title says which (\"smoothed 0.6\"). In the workbench, with two input features and "
     "under 120 columns, `view beside=grads` puts the gradient norms beside the loss chart in the decision "
     "boundary's place (F9 swaps them; 120 columns show all three), and `view test=show` draws the test rows' "
     "points on the decision boundary too (hollow diamonds and filled ones; ASCII - and +); batch mode notes "
     "that these are for the screen.",
     "view outliers=hide", view_args,
     0, cmd_view},
    {"zoom", NULL, "help", "show one pane alone, or all of them again", "", "zoom loss", zoom_args, 0, cmd_zoom},
    {"quit", "exit q", "help", "leave nnwb", "", "quit", none_args, 0, cmd_quit},
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

/* The recipe steps' commands, made once from the step table: each kind
 * brings its name, help and arguments, and runs through cmd_recipe_step. */
enum { MAX_STEP_KINDS = 32 };
static nn_command steps[MAX_STEP_KINDS];
static size_t nsteps, steps_at;
static pthread_once_t steps_once = PTHREAD_ONCE_INIT;

static void make_step_commands(void)
{
    nsteps = nn_step_kind_count();
    if (nsteps > MAX_STEP_KINDS)
        abort(); /* a programming error: raise MAX_STEP_KINDS */
    for (size_t i = 0; i < nsteps; i++) {
        const nn_step_info *k = nn_step_kind_at(i);
        steps[i] = (nn_command){k->name, k->aliases, "data", k->summary, k->help, k->example,
                                k->args, NN_CMD_EDITS_DATA, cmd_recipe_step};
    }
    while (steps_at < NCOMMANDS - 1 && commands[steps_at].name)
        steps_at++;
}

const nn_command *nn_command_at(size_t i)
{
    pthread_once(&steps_once, make_step_commands);
    if (i < steps_at)
        return &commands[i];
    if (i < steps_at + nsteps)
        return &steps[i - steps_at];
    i = i - nsteps + 1; /* past the marker */
    return i < NCOMMANDS ? &commands[i] : NULL;
}

size_t nn_command_count(void)
{
    pthread_once(&steps_once, make_step_commands);
    return NCOMMANDS - 1 + nsteps;
}

static int has_alias(const char *aliases, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = aliases; p && *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0)
            return 1;
        p += len + (sp != NULL);
    }
    return 0;
}

const nn_command *nn_command_find(const char *name)
{
    for (size_t i = 0; i < nn_command_count(); i++) {
        const nn_command *c = nn_command_at(i);
        if (strcasecmp(c->name, name) == 0 || has_alias(c->aliases, name))
            return c;
    }
    return NULL;
}

/* The first name of "sep|delimiter". */
static int first_name(const char *name, char *buf, size_t len)
{
    const char *bar = strchr(name, '|');
    return snprintf(buf, len, "%.*s", bar ? (int)(bar - name) : (int)strlen(name), name);
}

int nn_command_syntax(const nn_command *c, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "%s", c->name);
    for (const nn_arg_spec *a = c->args; a && a->name && n < len; a++) {
        char name[32], upper[32];
        first_name(a->name, name, sizeof name);
        size_t k = 0;
        for (; name[k] && k < sizeof upper - 1; k++)
            upper[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ? name[k] - 32 : name[k]);
        upper[k] = '\0';
        const char *open = (a->flags & NN_ARG_REQUIRED) ? "" : "[", *close = (a->flags & NN_ARG_REQUIRED) ? "" : "]";
        const char *more = (a->flags & (NN_ARG_REPEAT | NN_ARG_LIST)) ? "..." : "";
        if (a->flags & NN_ARG_FLAG)
            n += (size_t)snprintf(buf + n, len - n, " [%s]", a->choices);
        else if (a->flags & NN_ARG_KEY_ONLY)
            n += (size_t)snprintf(buf + n, len - n, " %s%s=%s%s%s", open, name,
                                  a->type == NN_ARG_CHOICE ? a->choices : upper, more, close);
        else if (a->type == NN_ARG_CHOICE)
            n += (size_t)snprintf(buf + n, len - n, " %s%s%s", open, a->choices, close);
        else
            n += (size_t)snprintf(buf + n, len - n, " %s%s%s%s", open, upper, more, close);
    }
    return (int)n;
}
