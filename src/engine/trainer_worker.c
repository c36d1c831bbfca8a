/* Data parallelism over two cores.  OpenBLAS gains little from a second
 * thread on the small products of typical MLP batches (256 x 256), so
 * instead each batch is split in two halves: a worker thread runs forward
 * and backward on its half with its own replica of the model (shared
 * weights, own gradients and workspaces), the training thread does the
 * other half, and the two gradients are combined weighted by rows — the
 * exact full-batch mean.  Each side uses single-threaded BLAS.  The split
 * and the order of combination are fixed, so runs stay deterministic. */
#include <string.h>

#include "trainer_internal.h"

/* Rows per half below which splitting costs more than it saves. */
#define MIN_ROWS_PER_WORKER 32
/* From this width on OpenBLAS's own two threads scale well (about 1.9x
 * on 512 x 1024 x 1024 here, against 1.5x on 256 x 256 x 256) and two
 * concurrent single-threaded products do worse, so wide models keep it. */
#define MAX_WIDTH_FOR_WORKER 512

static void *worker_main(void *arg)
{
    nn_trainer *t = arg;
    for (;;) {
        sem_wait(&t->worker_go);
        if (t->worker_quit)
            return NULL;
        nn_trainer_half_batch(t, t->replica, t->worker_x, t->worker_y, t->worker_rows,
                              &t->worker_loss, &t->worker_metric);
        sem_post(&t->worker_done);
    }
}

bool nn_trainer_wants_worker(const nn_trainer *t)
{
    const nn_model *m = t->model;
    size_t widest = nn_shape_size(m->input);
    for (int i = 0; i < m->n_layers; i++)
        if (nn_shape_size(m->layers[i].out) > widest)
            widest = nn_shape_size(m->layers[i].out);
    return t->s.threads >= 2 && t->batch >= 2 * MIN_ROWS_PER_WORKER &&
           widest < MAX_WIDTH_FOR_WORKER;
}

int nn_trainer_worker_start(nn_trainer *t, nn_error *err)
{
    sem_init(&t->worker_go, 0, 0);
    sem_init(&t->worker_done, 0, 0);
    t->worker_quit = false;
    if (pthread_create(&t->worker, NULL, worker_main, t) != 0) {
        sem_destroy(&t->worker_go);
        sem_destroy(&t->worker_done);
        return nn_fail(err, "cannot start a training worker thread");
    }
    t->worker_running = true;
    return 0;
}

void nn_trainer_worker_stop(nn_trainer *t)
{
    if (!t->worker_running)
        return;
    t->worker_quit = true;
    sem_post(&t->worker_go);
    pthread_join(t->worker, NULL);
    sem_destroy(&t->worker_go);
    sem_destroy(&t->worker_done);
    t->worker_running = false;
}

void nn_trainer_split_batch(nn_trainer *t, int rows, double *loss, double *metric)
{
    nn_model *m = t->model;
    if (rows < 2 * MIN_ROWS_PER_WORKER) { /* a short last batch */
        nn_trainer_half_batch(t, m, t->xb, t->yb, rows, loss, metric);
        return;
    }
    int mine = rows / 2, theirs = rows - mine;
    t->worker_x = t->xb + (size_t)mine * t->train.x_width;
    t->worker_y = t->yb + (size_t)mine * t->train.y_width;
    t->worker_rows = theirs;
    sem_post(&t->worker_go);
    double my_loss, my_metric;
    nn_trainer_half_batch(t, m, t->xb, t->yb, mine, &my_loss, &my_metric);
    sem_wait(&t->worker_done);
    /* each half's gradient is a mean over its rows */
    float a = (float)mine / rows, b = (float)theirs / rows;
    float *g = m->grads;
    const float *h = t->replica->grads;
    for (size_t i = 0; i < m->n_params; i++)
        g[i] = a * g[i] + b * h[i];
    *loss = a * my_loss + b * t->worker_loss;
    *metric = a * my_metric + b * t->worker_metric;
}
