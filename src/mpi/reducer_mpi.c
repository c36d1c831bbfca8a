/* Data parallelism across the ranks of an mpirun, as a gradient reducer.
 *
 * sync: every global batch is cut into one contiguous share per rank
 * (rows r*B/N to (r+1)*B/N: the same rows, in the same order, as one
 * process would use).  Each rank computes its share's mean gradient,
 * weights it by its share of the rows, and sums it with the others'
 * (MPI_Iallreduce, one per layer, started as soon as backprop has made
 * that layer's gradients while earlier layers are still being computed).
 * Every rank then holds the same sum and takes the same optimizer step,
 * so the weights stay identical without ever being sent.  With two ranks
 * the sum is exactly the two-core split's (trainer_split.c): a sum of two
 * floats does not depend on its order.
 *
 * local: each rank steps on its own share with its own gradient, and
 * every `period` steps (and at each epoch's end, so that validation,
 * early stopping and the saved model see one model) the weights are
 * averaged.  Only the batch's loss and metric travel at every step: they
 * make the epoch lines the whole batch's and let every rank see a NaN at
 * once, so that all ranks stop together. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/rng.h"
#include "ranks.h"

/* Below this many bytes of gradients the sums are one blocking
 * MPI_Allreduce after backprop: a nonblocking one per layer costs Open
 * MPI's schedule (tens of microseconds each on shared memory, against a
 * microsecond or two for the blocking one: doc/distributed.md), which
 * the overlap cannot win back on layers that take microseconds. */
#define OVERLAP_BYTES (256 * 1024)

typedef struct mpi_reducer {
    nn_grad_reducer base;
    nn_model *model;
    int rank, size;
    bool local, overlap; /* overlap: a sum per layer during backprop, else one after it */
    int period, since_average;
    uint64_t seed;
    MPI_Request *pending; /* one per layer: its gradients' sum in flight */
    struct control {      /* rank 0's, sent to all before each batch */
        int flags;        /* NN_AGREE_* */
        int version;      /* of the settings: changes when rank 0's change */
    } control;
    nn_settings sent;     /* the settings of that version */
    int seen;             /* the version every rank has */
    /* this batch */
    float weight;         /* this rank's share of the rows */
    double started;
    nn_ranks_timing timing;
} mpi_reducer;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Each rank draws its own dropout masks; rank 1 the two-core split's
 * second half's (the same seed), so that two ranks match that split. */
static void start(nn_grad_reducer *r)
{
    mpi_reducer *p = (mpi_reducer *)r;
    if (p->rank > 0)
        nn_rng_seed(&p->model->rng, p->seed ^ (0x7e91ULL * (uint64_t)p->rank));
    p->since_average = 0;
}

static int begin_batch(nn_grad_reducer *r, const float *x, const float *y, int rows)
{
    mpi_reducer *p = (mpi_reducer *)r;
    int first = (int)((long)rows * p->rank / p->size);
    int end = (int)((long)rows * (p->rank + 1) / p->size);
    r->first = first;
    p->weight = (float)(end - first) / rows;
    p->started = now();
    return end - first;
}

static void sum_layer(mpi_reducer *p, nn_layer *l, MPI_Request *req)
{
    for (size_t k = 0; k < l->n_params; k++)
        l->g[k] *= p->weight;
    MPI_Iallreduce(MPI_IN_PLACE, l->g, (int)l->n_params, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, req);
}

static void layer_ready(nn_grad_reducer *r, nn_model *m, int i)
{
    mpi_reducer *p = (mpi_reducer *)r;
    nn_layer *l = &m->layers[i];
    if (p->local || !p->overlap || l->n_params == 0)
        return; /* !overlap: one sum of all gradients in combine */
    sum_layer(p, l, &p->pending[i]);
    /* Open MPI moves a nonblocking collective on only inside MPI calls:
     * give the ones in flight a turn while backprop goes on */
    int done;
    MPI_Testall(m->n_layers, p->pending, &done, MPI_STATUSES_IGNORE);
}

static void combine(nn_grad_reducer *r, nn_model *m, double *loss, double *metric)
{
    mpi_reducer *p = (mpi_reducer *)r;
    double t0 = now();
    if (!p->local && !p->overlap) {
        for (size_t k = 0; k < m->n_params; k++)
            m->grads[k] *= p->weight;
        MPI_Allreduce(MPI_IN_PLACE, m->grads, (int)m->n_params, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
    MPI_Waitall(m->n_layers, p->pending, MPI_STATUSES_IGNORE);
    double part[2] = {p->weight * *loss, p->weight * *metric};
    MPI_Allreduce(MPI_IN_PLACE, part, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    *loss = part[0];
    *metric = part[1];
    double t1 = now();
    p->timing.steps++;
    p->timing.wait_seconds += t1 - t0;
    p->timing.seconds += t1 - p->started;
}

static bool all_finite(const float *v, size_t n)
{
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++)
        sum += v[i] * 0.0f; /* stays 0 unless some v[i] is Inf or NaN */
    return sum == 0.0f;
}

/* local: every step the ranks agree on whether any weights overflowed
 * (the trainer then ends on every rank, not on one while the others wait
 * for it), and every `period` steps average their weights. */
static void step_done(nn_grad_reducer *r, nn_model *m, bool epoch_end)
{
    mpi_reducer *p = (mpi_reducer *)r;
    if (!p->local)
        return;
    int ok = all_finite(m->params, m->n_params);
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!ok) {
        m->params[0] = NAN; /* the trainer's check ends the run and keeps the last good weights */
        return;
    }
    if (++p->since_average < p->period && !epoch_end)
        return;
    p->since_average = 0;
    double t0 = now();
    MPI_Allreduce(MPI_IN_PLACE, m->params, (int)m->n_params, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    float scale = 1.0f / (float)p->size;
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] *= scale;
    double spent = now() - t0;
    p->timing.wait_seconds += spent;
    p->timing.seconds += spent;
}

/* Waits for a request without spinning: Open MPI's own wait polls at
 * full speed, which would burn a core for as long as rank 0 stays paused.
 * A look every 5 ms: a resume's delay. */
static void wait_politely(MPI_Request *req)
{
    int done = 0;
    while (MPI_Test(req, &done, MPI_STATUS_IGNORE), !done)
        nanosleep(&(struct timespec){0, 5000000L}, NULL);
}

/* Before each batch rank 0's stop, pause and settings reach every rank:
 * a blocking broadcast of 8 bytes, and of the settings (about 400 bytes)
 * only when rank 0's have changed.  After a pause, when rank 0 may be
 * long in coming, a nonblocking one that the others wait for patiently
 * (every rank knows which: collectives must match in kind). */
static bool agree(nn_grad_reducer *r, nn_settings *s, int *flags, bool patient)
{
    mpi_reducer *p = (mpi_reducer *)r;
    struct control *c = &p->control;
    if (p->rank == 0) {
        c->flags = *flags;
        if (memcmp(&p->sent, s, sizeof *s) != 0)
            p->sent = *s, c->version++;
    }
    if (patient) {
        MPI_Request req;
        MPI_Ibcast(c, (int)sizeof *c, MPI_BYTE, 0, MPI_COMM_WORLD, &req);
        if (p->rank > 0)
            wait_politely(&req);
        else
            MPI_Wait(&req, MPI_STATUS_IGNORE);
    } else {
        MPI_Bcast(c, (int)sizeof *c, MPI_BYTE, 0, MPI_COMM_WORLD);
    }
    *flags = c->flags;
    if (c->version == p->seen) /* decided alike on every rank */
        return false;
    p->seen = c->version;
    MPI_Bcast(&p->sent, (int)sizeof p->sent, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (p->rank == 0)
        return false;
    *s = p->sent;
    return true;
}

static const nn_grad_reducer_ops mpi_ops = {
    .start = start,
    .begin_batch = begin_batch,
    .layer_ready = layer_ready,
    .wait = combine,
    .step_done = step_done,
    .agree = agree,
};

/* Every rank needs rows in every batch: the short last one too. */
static int check_batches(int batch, int rows, int size, nn_error *err)
{
    if (batch > rows)
        batch = rows;
    if (batch < size)
        return nn_fail(err, "batch=%d is smaller than the %d ranks: each rank needs at least "
                       "one row of each batch", batch, size);
    int last = rows % batch;
    if (last && last < size)
        return nn_fail(err, "the last batch of each epoch has %d row%s (%d rows, batch=%d), "
                       "fewer than the %d ranks: choose a batch that leaves at least %d",
                       last, last == 1 ? "" : "s", rows, batch, size, size);
    return 0;
}

nn_grad_reducer *nn_ranks_reducer_new(nn_model *m, const nn_settings *s, int rows, nn_error *err)
{
    int size = nn_ranks_size();
    if (check_batches(s->batch, rows, size, err) < 0)
        return NULL;
    mpi_reducer *p = calloc(1, sizeof *p);
    MPI_Request *pending = calloc((size_t)m->n_layers, sizeof *pending);
    if (!p || !pending) {
        free(p);
        free(pending);
        nn_fail(err, "out of memory");
        return NULL;
    }
    /* 0: one sum after backprop (bench/); 1: a sum per layer, however small */
    const char *overlap = getenv("NNWB_MPI_OVERLAP");
    *p = (mpi_reducer){.base = {&mpi_ops}, .model = m, .rank = nn_ranks_rank(), .size = size,
                       .local = strcmp(s->sync, "local") == 0, .period = s->period,
                       .overlap = overlap ? strcmp(overlap, "0") != 0 : m->n_params * sizeof(float) >= OVERLAP_BYTES,
                       .seed = (uint64_t)s->seed, .pending = pending};
    for (int i = 0; i < m->n_layers; i++)
        pending[i] = MPI_REQUEST_NULL;
    return &p->base;
}

void nn_ranks_reducer_free(nn_grad_reducer *r)
{
    mpi_reducer *p = (mpi_reducer *)r;
    if (!p)
        return;
    free(p->pending);
    free(p);
}

void nn_ranks_reducer_timing(const nn_grad_reducer *r, nn_ranks_timing *t)
{
    *t = ((const mpi_reducer *)r)->timing;
}
