/* Class weights for the classification losses: the text of the
 * `class_weight` setting, and the weights it means for a training set.
 *
 *   none                 every class weighs 1 (the default)
 *   balanced             weight_c = n / (n_classes * count_c) over the
 *                        training rows (sklearn's definition)
 *   LABEL:W[,LABEL:W...] explicit weights, W >= 0; a LABEL is a class name,
 *                        else a class index from 0; unlisted classes weigh 1
 *
 * bce has two classes (targets 0 and 1, counted per value); cce has one per
 * output column (counted per row, by its largest target). */
#ifndef NN_CLASS_WEIGHT_H
#define NN_CLASS_WEIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* True when the text has the syntax above (the classes are checked only
 * against data, by nn_class_weight_resolve). */
bool nn_class_weight_valid(const char *spec);
bool nn_class_weight_is_none(const char *spec);

/* Fills w[0..n_classes) for targets y (rows x width).  names: the classes'
 * names (n_classes of them), or NULL to accept indices only.  per_value:
 * count each target value as class 0 or 1 (bce); else each row as the
 * column of its largest value (cce). */
int nn_class_weight_resolve(const char *spec, const char *const *names, int n_classes,
                            const float *y, int rows, int width, bool per_value, float *w,
                            nn_error *err);

/* The same weights with each LABEL written as its class index, into out
 * (len bytes): what a trainer, which knows no names, reads.  none and
 * balanced are copied as they are. */
int nn_class_weight_by_index(const char *spec, const char *const *names, int n_classes,
                             char *out, size_t len, nn_error *err);

#endif
