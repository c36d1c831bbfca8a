/* Data parallelism over two cores, as a gradient reducer.  OpenBLAS gains
 * little from a second thread on the small products of typical MLP
 * batches (256 x 256), and on wide ones (512 x 1024) it leaves the rest
 * of the step to one core, so instead each batch is split in two halves: the
 * training thread computes the first, a worker thread the second with its
 * own replica of the model (shared weights, own gradients and
 * workspaces), and `wait` combines the two gradients weighted by rows —
 * the exact full-batch mean.  Each side uses single-threaded BLAS.  The
 * worker also takes half of the parameters in the element-wise passes
 * after the products (combining, optimizer step), which would otherwise
 * leave it waiting.  The split and the order of combination are fixed,
 * so runs stay deterministic. */
#include <cblas.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

#include "trainer_split.h"
#include "vector_clones.h"

/* Rows per half below which splitting costs more than it saves. */
#define MIN_ROWS_PER_WORKER 32

/* What the worker does when woken. */
typedef enum { TASK_PASS, TASK_RANGE, TASK_QUIT } task;

typedef struct split_reducer {
    nn_grad_reducer base;
    const nn_train_pass *pass;
    const nn_model *owner;  /* whose parameters the replica reads */
    nn_model *replica;
    const nn_batch_rows *rows; /* the worker gathers its half */
    int threads;
    pthread_t thread;
    bool running;
    sem_t go, done;
    task job;
    /* TASK_PASS: the worker's rows and results; mine = 0 when unsplit */
    const float *x, *y;
    int mine, theirs;
    double loss, metric;
    /* TASK_RANGE: fn over parameters lo..hi-1, and whether it succeeded */
    nn_param_range_fn fn;
    void *arg;
    size_t lo, hi;
    bool range_ok;
} split_reducer;

static void *worker_main(void *arg)
{
    split_reducer *s = arg;
    for (;;) {
        sem_wait(&s->go);
        if (s->job == TASK_QUIT)
            return NULL;
        if (s->job == TASK_PASS) {
            nn_batch_gather(s->rows, s->mine, s->theirs);
            nn_train_pass_run(s->pass, s->replica, s->x, s->y, s->theirs, NULL, &s->loss,
                              &s->metric);
        }
        else
            s->range_ok = s->fn(s->arg, s->lo, s->hi);
        sem_post(&s->done);
    }
}

/* Without its thread the reducer computes nothing: every row stays here. */
static void start_worker(nn_grad_reducer *r)
{
    split_reducer *s = (split_reducer *)r;
    sem_init(&s->go, 0, 0);
    sem_init(&s->done, 0, 0);
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
    s->job = TASK_QUIT;
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
    s->x = x + (size_t)s->mine * s->rows->x_width;
    s->y = y + (size_t)s->mine * s->rows->y_width;
    s->job = TASK_PASS;
    sem_post(&s->go);
    return s->mine;
}

/* Whole cache lines per range, so the two threads never write the same
 * one (and each range starts as aligned as the vector). */
#define RANGE_ALIGN 16

/* fn over the parameters in two ranges, the second on the worker. */
static bool split_ranges(nn_grad_reducer *r, nn_model *m, nn_param_range_fn fn, void *arg)
{
    split_reducer *s = (split_reducer *)r;
    size_t n = m->n_params, half = n / 2 / RANGE_ALIGN * RANGE_ALIGN;
    if (!s->running || half == 0)
        return fn(arg, 0, n);
    s->job = TASK_RANGE;
    s->fn = fn;
    s->arg = arg;
    s->lo = half;
    s->hi = n;
    sem_post(&s->go);
    bool ok = fn(arg, 0, half);
    sem_wait(&s->done);
    return ok & s->range_ok;
}

/* The halves' gradients combined over a range, then fn (if any) on it. */
typedef struct combine_job {
    float *g;
    const float *h;
    float a, b;
    nn_param_range_fn fn;
    void *arg;
} combine_job;

/* g = a g + b h in place: the two halves' mean gradients weighted by
 * rows, without a third buffer. */
NN_VECTOR_CLONES
static void mix(float *restrict g, const float *restrict h, float a, float b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] = a * g[i] + b * h[i];
}

static bool combine_range(void *arg, size_t lo, size_t hi)
{
    combine_job *j = arg;
    mix(j->g + lo, j->h + lo, j->a, j->b, hi - lo);
    return j->fn ? j->fn(j->arg, lo, hi) : true;
}

/* Waits for the worker's half; the weights of the two halves' means go
 * to j, and *loss and *metric become the batch's. */
static void wait_worker(split_reducer *s, nn_model *m, double *loss, double *metric,
                        combine_job *j)
{
    sem_wait(&s->done);
    int rows = s->mine + s->theirs;
    float a = (float)s->mine / rows, b = (float)s->theirs / rows;
    *j = (combine_job){m->grads, s->replica->grads, a, b, j->fn, j->arg};
    *loss = a * *loss + b * s->loss;
    *metric = a * *metric + b * s->metric;
}

static void combine_halves(nn_grad_reducer *r, nn_model *m, double *loss, double *metric)
{
    split_reducer *s = (split_reducer *)r;
    if (!s->mine)
        return;
    combine_job j = {0};
    wait_worker(s, m, loss, metric, &j);
    split_ranges(r, m, combine_range, &j);
}

static bool combine_and_run(nn_grad_reducer *r, nn_model *m, double *loss, double *metric,
                            nn_param_range_fn fn, void *arg)
{
    split_reducer *s = (split_reducer *)r;
    if (!s->mine)
        return split_ranges(r, m, fn, arg);
    combine_job j = {.fn = fn, .arg = arg};
    wait_worker(s, m, loss, metric, &j);
    return split_ranges(r, m, combine_range, &j);
}

static const nn_grad_reducer_ops split_ops = {.start = start_worker, .stop = stop_worker,
                                             .begin_batch = split_batch, .wait = combine_halves,
                                             .each_range = split_ranges,
                                             .wait_each_range = combine_and_run};

bool nn_split_reducer_pays(const nn_model *m, int batch, int threads)
{
    (void)m;
    return threads >= 2 && batch >= 2 * MIN_ROWS_PER_WORKER;
}

nn_grad_reducer *nn_split_reducer_new(const nn_train_pass *p, nn_model *m, int batch,
                                      const nn_batch_rows *rows, int threads, uint64_t seed,
                                      nn_error *err)
{
    split_reducer *s = calloc(1, sizeof *s);
    if (!s) {
        nn_fail(err, "out of memory for a training worker");
        return NULL;
    }
    *s = (split_reducer){.base = {&split_ops}, .pass = p, .owner = m, .rows = rows,
                         .threads = threads};
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
