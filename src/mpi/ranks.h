/* Training across the processes of an `mpirun` (Open MPI): each process is
 * a rank that runs the same script; every batch is split across the ranks
 * and their gradients summed (sync), or each rank steps on its own share
 * and the weights are averaged every `period` steps (local SGD).  The
 * trainer knows none of this: it is handed a gradient reducer
 * (engine/grad_reducer.h) made here.  Only src/mpi/ knows MPI; a build
 * without it has the same functions, which say so. */
#ifndef NN_RANKS_H
#define NN_RANKS_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/grad_reducer.h"
#include "engine/settings.h"

/* Whether this build has MPI, and what to tell whoever asks for it when
 * it has not. */
bool nn_ranks_built(void);
extern const char nn_ranks_missing[];
/* "Open MPI v4.1.4", or the missing text. */
const char *nn_ranks_library(void);

/* Joins the MPI job when mpirun started this process (its environment
 * says so), otherwise does nothing.  Fails when mpirun started it but it
 * cannot join: a build without MPI, or MPI_Init failing. */
int nn_ranks_init(int *argc, char ***argv, nn_error *err);
/* Leaves the job (after the last use); nothing outside one. */
void nn_ranks_finalize(void);
int nn_ranks_size(void); /* 1 outside mpirun */
int nn_ranks_rank(void); /* 0 outside mpirun */

/* Fails on every rank unless every rank has rank 0's n hashes; the error
 * names the first rank that differs and what[i], the part that does. */
int nn_ranks_agree(const uint64_t *hash, const char *const *what, int n, nn_error *err);

/* A reducer for m across the ranks, as s says (sync, or local with its
 * period); rows: the training rows, checked against the batch (every
 * rank needs at least one row of every batch, the last one too). */
nn_grad_reducer *nn_ranks_reducer_new(nn_model *m, const nn_settings *s, int rows, nn_error *err);
void nn_ranks_reducer_free(nn_grad_reducer *r);

/* Where a run's time went, on this rank. */
typedef struct nn_ranks_timing {
    long steps;
    double seconds;      /* from the start of each batch to its combined gradients */
    double wait_seconds; /* of which waiting for the other ranks' parts */
} nn_ranks_timing;
void nn_ranks_reducer_timing(const nn_grad_reducer *r, nn_ranks_timing *t);

#endif
