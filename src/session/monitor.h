/* Training diagnostics: detectors fed with the run's epochs (and its end)
 * that say, in a sentence naming the epoch and the figures, when training
 * goes wrong, with a remedy the user can type.
 *
 * Each detector is a rule, one table entry (warning_rule.h, the table in
 * warning_rules.c, one file warn_NAME.c per rule that documents its
 * condition): overfitting, vanishing and exploding gradients, diverging
 * loss, dead ReLU units, NaN/Inf.  Every rule is deterministic and fires
 * once per episode, not every epoch; the thresholds live in
 * nn_monitor_rules.  Remedies fit the model: one with dropout is not told
 * to add dropout.
 *
 * A monitor is fed from one thread: the trainer's observer (the training
 * thread, which alone may run the dead-unit census while training runs),
 * or, without that census, a UI thread with the new epochs of each
 * snapshot.  Its log of warnings may be read from any thread. */
#ifndef NN_MONITOR_H
#define NN_MONITOR_H

#include "engine/error.h"
#include "engine/model.h"
#include "engine/settings.h"
#include "engine/trainer.h"
#include "session/history.h"

typedef enum {
    NN_WARN_OVERFITTING,
    NN_WARN_VANISHING,
    NN_WARN_EXPLODING,
    NN_WARN_DIVERGING,
    NN_WARN_DEAD_RELU,
    NN_WARN_NONFINITE,
    NN_WARN_KINDS,      /* the built-in rules */
    NN_WARN_MAX_KINDS = 16 /* with the ones registered at start-up */
} nn_warning_kind;

typedef struct nn_warning {
    nn_warning_kind kind;
    int epoch;
    char text[320];   /* a full sentence: "at epoch 37, validation loss is up 14% ..." */
    char remedy[200]; /* what to type: "try `set l2=1e-4` or add dropout (`add dropout 0.2`)" */
} nn_warning;

/* Its rule's name: "overfitting", "vanishing gradients", "exploding
 * gradients", "diverging loss", "dead ReLU units", "NaN/Inf". */
const char *nn_warning_kind_name(nn_warning_kind k);

/* The rules' thresholds (each rule's file says what they mean). */
typedef struct nn_monitor_rules {
    int overfit_patience;
    double overfit_rise, overfit_train_fall;
    double gap_ratio, gap_widening;
    double vanishing_ratio;
    int vanishing_epochs;
    double exploding_norm, exploding_growth;
    int exploding_epochs;
    int diverging_epochs;
    double diverging_rise, diverging_factor;
    double diverging_smooth, diverging_noise;
    double dead_fraction;
    int rearm_epochs; /* the quiet judgements after which a NN_REPEAT_AFTER_QUIET rule re-arms */
} nn_monitor_rules;

void nn_monitor_rules_default(nn_monitor_rules *r);

typedef struct nn_monitor nn_monitor;

/* The model gives the layers (which have parameters, which are ReLU, how
 * to name them); the settings give the lr and l2 that remedies scale.
 * rules may be NULL for the defaults.  Nothing is kept pointing at m or s. */
nn_monitor *nn_monitor_new(const nn_model *m, const nn_settings *s, const nn_monitor_rules *rules,
                           nn_error *err);
void nn_monitor_free(nn_monitor *mon);

/* Up to one warning per rule an event can raise. */
#define NN_MONITOR_MAX_WARNINGS NN_WARN_MAX_KINDS

/* One batch's training loss, for the rules that watch batches (the noise
 * the diverging rule allows); no allocation: the training thread calls it
 * at every batch. */
void nn_monitor_batch(nn_monitor *mon, double loss);

/* Judges one more epoch (epochs in order).  layer_grad_norms holds the
 * epoch-mean gradient norm of each layer (a history snapshot's row), or
 * NULL to skip the vanishing rule.  Writes the warnings raised into out
 * and returns their count. */
int nn_monitor_epoch(nn_monitor *mon, const nn_epoch_record *r, const float *layer_grad_norms,
                     nn_warning out[NN_MONITOR_MAX_WARNINGS]);

/* Judges how the run ended (the NaN/Inf rule). */
int nn_monitor_end(nn_monitor *mon, const nn_end_event *e, nn_warning out[NN_MONITOR_MAX_WARNINGS]);

/* Runs m in evaluation mode over `rows` sample rows and counts, in each
 * ReLU layer, the units that output 0 for every row, then judges the
 * rules that read that census (as of `epoch`): the dead ReLU rule warns
 * when a layer has at least dead_fraction of them dead.  Uses m's
 * workspaces, so call it only while m is idle: from the observer's
 * on_epoch (the training thread, between epochs) or with no training
 * running.  Returns the number of warnings, or -1 with err set. */
int nn_monitor_dead_relu(nn_monitor *mon, nn_model *m, int epoch, const float *x, int rows,
                         nn_warning out[NN_MONITOR_MAX_WARNINGS], nn_error *err);
/* The last count for layer i: dead units out of units (units 0: not ReLU). */
void nn_monitor_dead_units(const nn_monitor *mon, int layer, int *dead, int *units);

/* The log of every warning raised so far, readable from any thread (the
 * UI's warnings pane while the training thread feeds the monitor): the
 * count, and a copy of up to max warnings from index `from` on (returns
 * how many were copied). */
int nn_monitor_warning_count(nn_monitor *mon);
int nn_monitor_copy_warnings(nn_monitor *mon, int from, nn_warning *out, int max);

#endif
