/* Data parallelism over two cores, as a gradient reducer.  OpenBLAS gains
 * little from a second thread on the small products of typical MLP
 * batches (256 x 256), so instead each batch is split in two halves: the
 * training thread computes the first, a worker thread the second with its
 * own replica of the model (shared weights, own gradients and
 * workspaces), and `wait` combines the two gradients weighted by rows —
 * the exact full-batch mean.  Each side uses single-threaded BLAS.  The
 * split and the order of combination are fixed, so runs stay
 * deterministic. */
#include <cblas.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

#include "trainer_split.h"
#include "vector_clones.h"

/* Rows per half below which splitting costs more than it saves. */
#define MIN_ROWS_PER_WORKER 32
/* From this width on OpenBLAS's own two threads scale well (about 1.9x
 * on 512 x 1024 x 1024 here, against 1.5x on 256 x 256 x 256) and two
 * concurrent single-threaded products do worse, so wide models keep it. */
#define MAX_WIDTH_FOR_WORKER 512

typedef struct split_reducer {
    nn_grad_reducer base;
    const nn_train_pass *pass;
    const nn_model *owner;  /* whose parameters the replica reads */
    nn_model *replica;
    int x_width, y_width, threads;
    pthread_t thread;
    bool running, quit;
    sem_t go, done;
    /* this batch: the worker's rows and results; mine = 0 when unsplit */
    const float *x, *y;
    int mine, theirs;
    double loss, metric;
} split_reducer;

static void *worker_main(void *arg)
{
    split_reducer *s = arg;
    for (;;) {
        sem_wait(&s->go);
        if (s->quit)
            return NULL;
        nn_train_pass_run(s->pass, s->replica, s->x, s->y, s->theirs, NULL, &s->loss,
                          &s->metric);
        sem_post(&s->done);
    }
}

/* Without its thread the reducer computes nothing: every row stays here. */
static void start_worker(nn_grad_reducer *r)
{
    split_reducer *s = (split_reducer *)r;
    sem_init(&s->go, 0, 0);
    sem_init(&s->done, 0, 0);
    s->quit = false;
    s->running = pthread_create(&s->thread, NULL, worker_main, s) == 0;
    if (!s->running) {
        sem_destroy(&s->go);
        sem_destroy(&s->done);
        return;
    }
    openblas_set_num_threads(1); /* each half on its own core */
}

static void stop_worker(nn_grad_reducer *r)
{
    split_reducer *s = (split_reducer *)r;
    if (!s->running)
        return;
    s->quit = true;
    sem_post(&s->go);
    pthread_join(s->thread, NULL);
    sem_destroy(&s->go);
    sem_destroy(&s->done);
    s->running = false;
    openblas_set_num_threads(s->threads); /* predictions may use both cores again */
}

static int split_batch(nn_grad_reducer *r, const float *x, const float *y, int rows)
{
    split_reducer *s = (split_reducer *)r;
    s->mine = 0;
    if (!s->running || rows < 2 * MIN_ROWS_PER_WORKER) /* e.g. a short last batch */
        return rows;
    nn_model_share_params(s->replica, s->owner); /* the trainer swaps buffers each step */
    s->mine = rows / 2;
    s->theirs = rows - s->mine;
    s->x = x + (size_t)s->mine * s->x_width;
    s->y = y + (size_t)s->mine * s->y_width;
    sem_post(&s->go);
    return s->mine;
}

/* g = a g + b h in place: the two halves' mean gradients weighted by
 * rows, without a third buffer. */
NN_VECTOR_CLONES
static void mix(float *restrict g, const float *restrict h, float a, float b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] = a * g[i] + b * h[i];
}

static void combine_halves(nn_grad_reducer *r, nn_model *m, double *loss, double *metric)
{
    split_reducer *s = (split_reducer *)r;
    if (!s->mine)
        return;
    sem_wait(&s->done);
    /* each half's gradient is a mean over its rows */
    int rows = s->mine + s->theirs;
    float a = (float)s->mine / rows, b = (float)s->theirs / rows;
    mix(m->grads, s->replica->grads, a, b, m->n_params);
    *loss = a * *loss + b * s->loss;
    *metric = a * *metric + b * s->metric;
}

static const nn_grad_reducer_ops split_ops = {.start = start_worker, .stop = stop_worker,
                                             .begin_batch = split_batch, .wait = combine_halves};

bool nn_split_reducer_pays(const nn_model *m, int batch, int threads)
{
    size_t widest = nn_shape_size(m->input);
    for (int i = 0; i < m->n_layers; i++)
        if (nn_shape_size(m->layers[i].out) > widest)
            widest = nn_shape_size(m->layers[i].out);
    return threads >= 2 && batch >= 2 * MIN_ROWS_PER_WORKER && widest < MAX_WIDTH_FOR_WORKER;
}

nn_grad_reducer *nn_split_reducer_new(const nn_train_pass *p, nn_model *m, int batch,
                                      int x_width, int y_width, int threads, uint64_t seed,
                                      nn_error *err)
{
    split_reducer *s = calloc(1, sizeof *s);
    if (!s) {
        nn_fail(err, "out of memory for a training worker");
        return NULL;
    }
    *s = (split_reducer){.base = {&split_ops}, .pass = p, .owner = m, .x_width = x_width,
                         .y_width = y_width, .threads = threads};
    s->replica = nn_model_replica(m, batch, seed, err);
    if (!s->replica) {
        free(s);
        return NULL;
    }
    return &s->base;
}

void nn_split_reducer_free(nn_grad_reducer *r)
{
    split_reducer *s = (split_reducer *)r;
    if (!s)
        return;
    stop_worker(r);
    nn_model_free(s->replica);
    free(s);
}
