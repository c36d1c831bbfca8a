/* Training diagnostics: detectors fed with the run's epochs (and its end)
 * that say, in a sentence naming the epoch and the figures, when training
 * goes wrong, with a remedy the user can type.
 *
 * Every rule is deterministic and fires once per episode, not every
 * epoch.  The thresholds live in nn_monitor_rules (defaults in brackets):
 *
 * overfitting    (needs validation rows; judged on epochs with finite losses)
 *   A. Rising validation loss: the lowest validation loss so far is at
 *      epoch b, the current epoch t is at least `overfit_patience` [5]
 *      epochs later, val(t) >= (1 + overfit_rise [0.05]) * val(b) and
 *      train(t) <= (1 - overfit_train_fall [0.01]) * train(b).
 *   B. Widening gap: with gap(k) = (val(k) - train(k)) / train(k), the
 *      gap grew at each of the last `overfit_patience` epochs, gap(t) >=
 *      gap_ratio [0.5] and gap(t) - gap(t - patience) >= gap_widening [0.2].
 *   Either fires the warning; it fires again only after validation loss
 *   has made a new low while gap < gap_ratio (a new episode).
 * vanishing gradients
 *   Among layers with parameters (at least two), some layer before the
 *   last has an epoch-mean gradient norm below vanishing_ratio [1e-4]
 *   times the last one's, for vanishing_epochs [3] epochs in a row.
 *   Relative, so a converged model with small gradients everywhere is fine.
 * exploding gradients
 *   The epoch's mean global gradient norm exceeds exploding_norm [1e3],
 *   or it rose at each of the last exploding_epochs [3] epochs and grew
 *   at least exploding_growth [10] times over them.
 * diverging loss
 *   The smoothed training loss (exponential, weight diverging_smooth
 *   [0.3] on the new epoch) has stayed for diverging_epochs [3] epochs
 *   above its lowest by a share that batch noise cannot reach: at least
 *   diverging_rise [10%] and diverging_noise [4] times the noise, the
 *   smoothed standard error of an epoch's mean batch loss (sd / sqrt
 *   batches, from nn_monitor_batch); or the raw loss exceeds
 *   diverging_factor [10] times its lowest.  Fires once per episode: again
 *   only after the smoothed loss made a new low.  Remedy: a tenth of the lr.
 * dead ReLU units
 *   Measured on sample rows (nn_monitor_dead_relu): a ReLU layer in which
 *   at least dead_fraction [0.5] of the units output 0 for every row.
 * NaN/Inf
 *   A non-finite validation loss in an epoch, or a run that ended with
 *   NN_END_NONFINITE.  Once per run.
 *
 * Remedies fit the model: one with dropout is not told to add dropout,
 * and exploding gradients from an output layer that does not fit the
 * loss (bce without sigmoid, cce without softmax) name the layer, not clip.
 *
 * Except overfitting, diverging loss and NaN/Inf, a warning fires again only after its
 * condition has been false for rearm_epochs [3] consecutive epochs (or
 * checks, for dead units).
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
    NN_WARN_KINDS
} nn_warning_kind;

typedef struct nn_warning {
    nn_warning_kind kind;
    int epoch;
    char text[320];   /* a full sentence: "at epoch 37, validation loss is up 14% ..." */
    char remedy[200]; /* what to type: "try `set l2=1e-4` or add dropout (`add dropout 0.2`)" */
} nn_warning;

/* "overfitting", "vanishing gradients", "exploding gradients", "diverging
 * loss", "dead ReLU units", "NaN/Inf". */
const char *nn_warning_kind_name(nn_warning_kind k);

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
    int rearm_epochs;
} nn_monitor_rules;

void nn_monitor_rules_default(nn_monitor_rules *r);

typedef struct nn_monitor nn_monitor;

/* The model gives the layers (which have parameters, which are ReLU, how
 * to name them); the settings give the lr and l2 that remedies scale.
 * rules may be NULL for the defaults.  Nothing is kept pointing at m or s. */
nn_monitor *nn_monitor_new(const nn_model *m, const nn_settings *s, const nn_monitor_rules *rules,
                           nn_error *err);
void nn_monitor_free(nn_monitor *mon);

/* Up to NN_WARN_KINDS warnings an event can raise. */
#define NN_MONITOR_MAX_WARNINGS NN_WARN_KINDS

/* One batch's training loss, for the noise the diverging rule allows
 * (no allocation: the training thread calls it at every batch). */
void nn_monitor_batch(nn_monitor *mon, double loss);

/* Judges one more epoch (epochs in order).  layer_grad_norms holds the
 * epoch-mean gradient norm of each layer (a history snapshot's row), or
 * NULL to skip the vanishing rule.  Writes the warnings raised into out
 * and returns their count. */
int nn_monitor_epoch(nn_monitor *mon, const nn_epoch_record *r, const float *layer_grad_norms,
                     nn_warning out[NN_MONITOR_MAX_WARNINGS]);

/* Judges how the run ended (NaN/Inf). */
int nn_monitor_end(nn_monitor *mon, const nn_end_event *e, nn_warning out[NN_MONITOR_MAX_WARNINGS]);

/* Runs m in evaluation mode over `rows` sample rows and counts, in each
 * ReLU layer, the units that output 0 for every row; warns (as of `epoch`)
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
