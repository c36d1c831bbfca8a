/* Percentile bootstrap confidence intervals for the evaluate reports.
 *
 * Each resample draws n of the n rows with replacement (the engine's
 * seeded generator), kept as a count per row, and scores the report's
 * weighted form on it.  A metric's interval is the 2.5th and 97.5th
 * percentiles of its resampled values (linear interpolation between order
 * statistics, as numpy's percentile does), over the resamples where it is
 * defined: a NaN, e.g. the AUC of a resample holding one class, is left
 * out, and the bound is NaN when every resample is.  One seed draws the
 * same resamples, so a model and its baseline scored with it are compared
 * on the same rows.
 *
 * The interval says how much a figure would move on another draw of rows
 * like these; it knows nothing of the variation between training runs.
 *
 * Memory: one count buffer of n, the resampled values (metrics x
 * resamples) and, for classes, the confusion matrix and the score orders,
 * allocated once per call; nothing per resample.  Cost: resamples passes
 * over the rows (the AUC's sort is done once). */
#ifndef NN_BOOTSTRAP_H
#define NN_BOOTSTRAP_H

#include <stdint.h>

#include "evaluate.h"

#define NN_BOOTSTRAP_RESAMPLES 1000
#define NN_BOOTSTRAP_LEVEL 0.95

/* Fills each metric field of lo and hi with its interval's bounds (n and
 * mape_skipped are those of the full rows).  Arguments as for
 * nn_regression_report_fill, which it applies first; resamples >= 1. */
int nn_regression_bootstrap(nn_regression_report *lo, nn_regression_report *hi,
                            const double *truth, const double *pred, size_t n, nn_forecast kind,
                            const double *reference, int resamples, uint64_t seed,
                            nn_error *err);

/* The same for a classification report; lo and hi own no confusion matrix
 * (NULL). */
int nn_classification_bootstrap(nn_classification_report *lo, nn_classification_report *hi,
                                const int *truth, const double *prob, size_t n, int width,
                                int resamples, uint64_t seed, nn_error *err);
/* The same deciding a binary class at p >= threshold (evaluate_class.h). */
int nn_classification_bootstrap_at(nn_classification_report *lo, nn_classification_report *hi,
                                   const int *truth, const double *prob, size_t n, int width,
                                   double threshold, int resamples, uint64_t seed, nn_error *err);

#endif
