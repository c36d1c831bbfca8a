/* The two-core split: a reducer whose other part is the second half of
 * each batch, computed by a worker thread on a replica of the model. */
#ifndef NN_TRAINER_SPLIT_H
#define NN_TRAINER_SPLIT_H

#include <stdbool.h>
#include <stdint.h>

#include "trainer_pass.h"

/* Whether splitting batches of `batch` rows of m over two cores is worth
 * a thread: `threads` allows two and the halves are big enough.  (Wide
 * models too: two single-threaded products on halves of 256 rows of
 * 512 x 1024 x 1024 keep each core as busy as one product on 512, and
 * the step after them runs on both cores, where OpenBLAS's threads would
 * leave it to one.) */
bool nn_split_reducer_pays(const nn_model *m, int batch, int threads);

/* A split reducer for batches of at most `batch` rows of `rows` (which
 * the worker gathers its half from); its worker runs passes of p on a
 * replica of m (dropout seeded by seed).  `threads` is restored for BLAS
 * when a run stops.  The worker thread lives from start to stop. */
nn_grad_reducer *nn_split_reducer_new(const nn_train_pass *p, nn_model *m, int batch,
                                      const nn_batch_rows *rows, int threads, uint64_t seed,
                                      nn_error *err);
void nn_split_reducer_free(nn_grad_reducer *r);

#endif
