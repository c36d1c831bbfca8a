/* Assigning rows to training, validation and test, without leaks: a
 * shuffled split (stratified for classes), a chronological one where no
 * training row is later than any validation or test row, and walk-forward
 * (rolling-origin) folds for time series. */
#ifndef NN_SPLIT_H
#define NN_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"

enum { NN_PART_TRAIN, NN_PART_VAL, NN_PART_TEST, NN_PART_NONE, NN_PART_COUNT };

const char *nn_part_name(int part); /* "train", "val", "test", "none" */

/* Shuffled split with a seed; fractions must each be in [0,1] and sum to
 * 1 (within 1e-6), train > 0. With strata (a class per row, -1 or any
 * negative for none, itself split like a class) every class is split in
 * the same proportions. Part sizes are rounded so that they add up to n:
 * train = round(n*train), val = round(n*(train+val)) - train, test the
 * rest, stratified or not; each class then gets its share of each part
 * by largest remainders (within a row in train and val, two in test).
 * Returns 0, or -1 with err naming the argument at fault
 * ("train=1.2: must be between 0 and 1", "fractions sum to 1.1, expected 1"). */
int nn_split_shuffled(size_t n, double train, double val, double test, uint64_t seed,
                      const int *strata, unsigned char *part, nn_error *err);

/* Chronological split: rows are ordered by time (NULL: by row index);
 * rows sharing a time always land in the same part, and every training
 * time is earlier than every validation time, itself earlier than every
 * test time. When target_time is given (the time of the value a row
 * predicts, e.g. H steps ahead), a row whose target time reaches into a
 * later part is set to NN_PART_NONE (purged), so no label from the
 * future is trained on.
 * Details: a row with a NaN time cannot be placed in time and is NONE;
 * the fractions apply to the rows that have a time, and each cut falls
 * on the boundary between two distinct times nearest to its row count
 * (the earlier on a tie). A part with a positive fraction gets at least
 * one time when there are enough (train first, then test, then val).
 * A train or val row whose target time is NaN is purged too (its label's
 * date is unknown); test rows are never purged. Returns 0 or -1 (bad
 * fractions, no row with a time, out of memory). */
int nn_split_chronological(size_t n, const double *time, const double *target_time, double train,
                           double val, double test, unsigned char *part, nn_error *err);

/* Shuffled k-fold fold k of nfolds (0-based): every row gets one fold,
 * so the nfolds test parts partition the rows; fold k's rows are
 * NN_PART_TEST, the others NN_PART_TRAIN. With strata (as for
 * nn_split_shuffled) each stratum's rows are shuffled and dealt in turn
 * to the folds, continuing across strata, so fold sizes differ by at most
 * one row and each class has within one row of its share in every fold.
 * The same seed gives the same folds for every k. Returns 0 or -1
 * ("folds=1: must be at least 2", "fold=5: must be between 0 and 4",
 * fewer rows than folds). */
int nn_split_kfold(size_t n, int nfolds, int k, uint64_t seed, const int *strata,
                   unsigned char *part, nn_error *err);

/* Walk-forward fold k of nfolds (0-based): the distinct times are cut in
 * nfolds + 1 consecutive blocks of about equal size (block b holds the
 * distinct times [b*d/(nfolds+1), (b+1)*d/(nfolds+1)) of d); fold k
 * tests on block k + 1 and trains on blocks 0..k (an expanding window)
 * or, when sliding, on block k alone (a window of fixed length). Other
 * rows, and rows with a NaN time, are NN_PART_NONE; training rows are
 * purged as above. Returns 0 or -1 ("folds=0: must be at least 1",
 * "fold=3: must be between 0 and 2", fewer distinct times than blocks). */
int nn_split_walk_forward(size_t n, const double *time, const double *target_time, int nfolds,
                          int k, int sliding, unsigned char *part, nn_error *err);

#endif
