/* Evaluation of predictions against the truth, as `evaluate` prints it:
 * one report for a regression, one for a classification, and the naive
 * baseline predictions to run through the same report on the same rows.
 *
 * Everything takes doubles in the target's original units (the caller
 * undoes the scaling first) and class labels as indices 0..k-1.  The
 * metric functions are pure and allocate nothing; only the
 * classification report allocates (its confusion matrix and one sort
 * buffer for the AUC); the weighted forms, which a bootstrap calls per
 * resample, allocate nothing.  Conventions follow scikit-learn where it
 * has one; evaluate_regression.h and evaluate_class.h give them.
 */
#ifndef NN_EVALUATE_H
#define NN_EVALUATE_H

#include "evaluate_class.h"
#include "evaluate_regression.h"

#endif
