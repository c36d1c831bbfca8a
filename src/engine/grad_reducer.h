/* The "combine gradients" step of training.  A batch may be computed in
 * parts — two halves on two cores (trainer_split.c), or one share per
 * process of an MPI run — and the parts' gradients must be combined into
 * the whole batch's mean before the optimizer steps.  The trainer does one
 * part itself and hands the rest to a reducer:
 *
 *   rows_here = begin_batch(x, y, rows)   the reducer starts the other parts;
 *                                         this side computes rows_here rows
 *                                         from row r->first (0 unless set)
 *   forward, loss, then backward layer by layer, last first, calling
 *   layer_ready(m, i) as layer i's gradients become final, so a reducer
 *   can start combining them (MPI_Iallreduce) while backprop goes on
 *   wait(m, &loss, &metric)               m's gradients, loss and metric
 *                                         become the whole batch's
 *   optimizer step (through each_range if set), then step_done(m, epoch_end)
 *   (or, with wait_each_range, wait and the step in one call)
 *
 * Every call comes from the training thread, in that order, once per
 * batch, and must neither allocate nor print.  With one part (the local
 * reducer) each call does nothing. */
#ifndef NN_GRAD_REDUCER_H
#define NN_GRAD_REDUCER_H

#include "model.h"
#include "settings.h"

typedef struct nn_grad_reducer nn_grad_reducer;

/* Element-wise work on parameters lo..hi-1 of the flat vector (an
 * optimizer step); false when it failed (a non-finite weight). */
typedef bool (*nn_param_range_fn)(void *arg, size_t lo, size_t hi);

enum { NN_AGREE_STOP = 1, NN_AGREE_PAUSE = 2 };

typedef struct nn_grad_reducer_ops {
    /* Optional: a run begins / has ended (threads, communicators...). */
    void (*start)(nn_grad_reducer *r);
    void (*stop)(nn_grad_reducer *r);
    /* A batch of `rows` rows (x and y, row-major) is about to be computed;
     * returns how many rows from r->first on the trainer computes itself.
     * Only those are in x and y after the call (the trainer gathers them
     * then): a part computing other rows gathers its own. */
    int (*begin_batch)(nn_grad_reducer *r, const float *x, const float *y, int rows);
    /* Optional: layer i's gradients in m are final on this side. */
    void (*layer_ready)(nn_grad_reducer *r, nn_model *m, int layer);
    /* Waits until m's gradients are the mean over every part's rows, and
     * turns *loss and *metric (this side's means) into the batch's. */
    void (*wait)(nn_grad_reducer *r, nn_model *m, double *loss, double *metric);
    /* Optional: the optimizer has stepped m's weights (epoch_end: for the
     * epoch's last batch), e.g. for parts that average their weights
     * every K steps instead of their gradients at each one. */
    void (*step_done)(nn_grad_reducer *r, nn_model *m, bool epoch_end);
    /* Optional: runs fn over ranges that together cover m's parameters,
     * at once on the reducer's threads, and returns whether every range
     * succeeded; without it the trainer runs fn over all of them itself.
     * For the optimizer step, so that it does not run on one core while
     * the other waits. */
    bool (*each_range)(nn_grad_reducer *r, nn_model *m, nn_param_range_fn fn, void *arg);
    /* Optional: wait, then each_range, with each range's gradients
     * combined just before fn gets it: one hand-off and one pass over the
     * gradients fewer, for a trainer with nothing to do in between (no
     * penalties, clipping or norms).  Returns each_range's answer. */
    bool (*wait_each_range)(nn_grad_reducer *r, nn_model *m, double *loss, double *metric,
                            nn_param_range_fn fn, void *arg);

    /* Optional, for parts controlled through part 0 alone (the ranks of
     * an mpirun, whose workbench talks to rank 0): before each batch makes
     * *s (the settings) and *flags (NN_AGREE_*) part 0's on every part, so
     * that all act on the same batch; returns whether *s changed.
     * patient: the last agree said PAUSE, so part 0 may be a long time
     * coming: the other parts wait for it without spinning. */
    bool (*agree)(nn_grad_reducer *r, nn_settings *s, int *flags, bool patient);
} nn_grad_reducer_ops;

/* Implementations start with this member and cast back in their ops. */
struct nn_grad_reducer {
    const nn_grad_reducer_ops *ops;
    int first; /* set by begin_batch: where this side's rows start in the batch */
};

/* One part: the trainer computes every row; nothing to combine. */
extern nn_grad_reducer nn_grad_reducer_local;

#endif
