/* Permutation importance: how much worse a model scores when one feature's
 * column is shuffled, breaking its link to the target while keeping its
 * distribution.  Model-agnostic, needs only predictions.
 *
 * For each feature the column is shuffled `repeats` times (the engine's
 * seeded generator) and the rows re-scored; the importance is the mean
 * increase of the score over the unshuffled baseline and its spread the
 * standard deviation across repeats (population form, as scikit-learn's
 * permutation_importance reports it).  A feature the model ignores scores
 * exactly 0; a negative value means shuffling helped (noise).
 *
 * Cost: 1 + features * repeats predictions over the rows.  Memory: one
 * copy of x, the predictions and a permutation, allocated once.  The
 * caller's x is never written.  The model's workspaces are used, so do not
 * call this while a trainer runs on the same model. */
#ifndef NN_IMPORTANCE_H
#define NN_IMPORTANCE_H

#include <stdint.h>

#include "error.h"
#include "model.h"
#include "trainer.h"

/* A score of predictions against targets (n rows of `width` values);
 * lower is better: a loss, or e.g. 1 - accuracy. */
typedef double (*nn_score_fn)(const void *user, const float *pred, const float *target, int n,
                              int width);

typedef struct nn_score {
    nn_score_fn fn;
    const void *user;
} nn_score;

/* The score of a loss from the engine's table (by name or Keras alias),
 * computed from the model's outputs as Keras' evaluate does: for
 * cross-entropies that means from probabilities clipped to [1e-7, 1-1e-7],
 * which can differ from the trainer's from-logits val_loss only for
 * saturated outputs. */
int nn_score_loss(nn_score *s, const char *loss, nn_error *err);

/* Root mean squared error, times *scale: for a model trained on targets
 * (y - center) / scale, the rmse in the target's own units, as `evaluate`
 * reports it.  scale must outlive s. */
void nn_score_rmse(nn_score *s, const double *scale);

/* The same over one output column of several (a model of several
 * regression targets, each scaled on its own). o must outlive s. */
typedef struct nn_rmse_output {
    double scale;
    int output;
} nn_rmse_output;
void nn_score_rmse_output(nn_score *s, const nn_rmse_output *o);

/* Scores d (x_width = the model's input size, y_width = its output size,
 * targets in the units the model was trained on) and fills baseline and,
 * per feature, mean[f] and std[f] (arrays of d->x_width).  repeats >= 1.
 * On failure returns -1 and leaves the outputs unspecified. */
int nn_permutation_importance(nn_model *m, const nn_dataset *d, const nn_score *score,
                              int repeats, uint64_t seed, double *baseline, double *mean,
                              double *std, nn_error *err);

#endif
