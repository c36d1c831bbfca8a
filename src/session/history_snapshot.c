/* Reading a run's record from any thread: incremental snapshots that
 * copy, under the history's lock, only what is new since the last read. */
#include "history_internal.h"

#include <stdlib.h>
#include <string.h>

/* --- snapshots (any thread) --- */

void nn_history_snapshot_init(nn_history_snapshot *s)
{
    memset(s, 0, sizeof *s);
}

void nn_history_snapshot_free(nn_history_snapshot *s)
{
    free(s->epoch);
    free(s->layer_grad_norms);
    free(s->layer_weight_norms);
    free(s->grad_norms);
    free(s->weight_norms);
    free(s->marker);
    free(s->ring);
    nn_history_snapshot_init(s);
}

static int grow(void **p, size_t size)
{
    void *q = realloc(*p, size ? size : 1);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

/* Starts s over for a history of another shape or identity. */
static int retarget(nn_history_snapshot *s, const nn_history *h)
{
    nn_history_snapshot_free(s);
    s->ring_cap = h->ring_cap;
    s->cap_layers = NN_LAYER_NORMS(h->n_layers);
    s->n_layers = h->n_layers;
    if (grow((void **)&s->ring, (size_t)h->ring_cap * sizeof *s->ring) < 0 ||
        grow((void **)&s->grad_norms, (size_t)s->cap_layers * sizeof(float)) < 0 ||
        grow((void **)&s->weight_norms, (size_t)s->cap_layers * sizeof(float)) < 0) {
        nn_history_snapshot_free(s);
        return -1;
    }
    s->source = h->id;
    return 0;
}

/* Room for n_epochs epochs and n_markers markers (capacities double). */
static int reserve(nn_history_snapshot *s, int n_epochs, int n_markers)
{
    if (n_epochs > s->cap_epochs) {
        int cap = s->cap_epochs ? s->cap_epochs : 64;
        while (cap < n_epochs)
            cap *= 2;
        size_t row = (size_t)s->cap_layers * sizeof(float);
        if (grow((void **)&s->epoch, (size_t)cap * sizeof *s->epoch) < 0 ||
            grow((void **)&s->layer_grad_norms, (size_t)cap * row) < 0 ||
            grow((void **)&s->layer_weight_norms, (size_t)cap * row) < 0)
            return -1;
        s->cap_epochs = cap;
    }
    if (n_markers > s->cap_markers) {
        int cap = s->cap_markers ? s->cap_markers : 16;
        while (cap < n_markers)
            cap *= 2;
        if (grow((void **)&s->marker, (size_t)cap * sizeof *s->marker) < 0)
            return -1;
        s->cap_markers = cap;
    }
    return 0;
}

/* Batches [from, h->seen) into the same slots of s's ring. */
static void copy_ring(nn_history_snapshot *s, const nn_history *h, long from)
{
    long cap = h->ring_cap;
    if (h->seen - from > cap)
        from = h->seen - cap;
    long count = h->seen - from;
    long slot = from % cap, first = count < cap - slot ? count : cap - slot;
    memcpy(s->ring + slot, h->ring + slot, (size_t)first * sizeof *s->ring);
    memcpy(s->ring, h->ring, (size_t)(count - first) * sizeof *s->ring);
    s->batches_seen = h->seen;
    s->n_batches = (int)(h->seen < cap ? h->seen : cap);
}

/* Everything new since s's last copy; the caller holds h's lock and has
 * made room. */
static void copy_new(nn_history_snapshot *s, const nn_history *h)
{
    size_t row = (size_t)NN_LAYER_NORMS(h->n_layers);
    int from = s->n_epochs, fresh = h->n_epochs - from;
    if (fresh > 0) {
        memcpy(s->epoch + from, h->epoch + from, (size_t)fresh * sizeof *s->epoch);
        memcpy(s->layer_grad_norms + from * row, h->layer_grad + from * row,
               (size_t)fresh * row * sizeof(float));
        memcpy(s->layer_weight_norms + from * row, h->layer_weight + from * row,
               (size_t)fresh * row * sizeof(float));
        s->n_epochs = h->n_epochs;
    }
    if (h->n_markers > s->n_markers) {
        memcpy(s->marker + s->n_markers, h->marker + s->n_markers,
               (size_t)(h->n_markers - s->n_markers) * sizeof *s->marker);
        s->n_markers = h->n_markers;
    }
    copy_ring(s, h, s->batches_seen);
    memcpy(s->grad_norms, h->grad_norms, row * sizeof(float));
    memcpy(s->weight_norms, h->weight_norms, row * sizeof(float));
    s->version = h->version;
    memcpy(s->metric, h->metric, sizeof s->metric);
    s->epochs = h->epochs;
    s->best_epoch = h->best_epoch;
    s->best_val_loss = h->best_val_loss;
    s->has_batch = h->has_batch;
    s->last = h->last;
    s->samples_per_s = h->samples_per_s;
    s->run_seconds = h->run_seconds;
    s->ended = h->ended;
    s->end = h->end;
}

int nn_history_read(nn_history *h, nn_history_snapshot *s, nn_error *err)
{
    if (s->source != h->id && retarget(s, h) < 0)
        return nn_fail(err, "out of memory copying the training history");
    for (;;) {
        pthread_mutex_lock(&h->lock);
        int n_epochs = h->n_epochs, n_markers = h->n_markers;
        if (n_epochs <= s->cap_epochs && n_markers <= s->cap_markers) {
            copy_new(s, h);
            pthread_mutex_unlock(&h->lock);
            return 0;
        }
        pthread_mutex_unlock(&h->lock);
        /* allocate unlocked, then look again: more may have come meanwhile */
        if (reserve(s, n_epochs, n_markers) < 0)
            return nn_fail(err, "out of memory copying the training history");
    }
}

const nn_batch_record *nn_history_snapshot_batch(const nn_history_snapshot *s, int i)
{
    long first = s->batches_seen - s->n_batches;
    return &s->ring[(first + i) % s->ring_cap];
}

const float *nn_history_snapshot_layer_grads(const nn_history_snapshot *s, int i)
{
    return s->layer_grad_norms + (size_t)i * s->cap_layers;
}

const float *nn_history_snapshot_layer_weights(const nn_history_snapshot *s, int i)
{
    return s->layer_weight_norms + (size_t)i * s->cap_layers;
}

int nn_history_last_epoch(nn_history *h, nn_epoch_record *r, float *layer_grad_norms)
{
    pthread_mutex_lock(&h->lock);
    int n = h->n_epochs;
    if (n > 0) {
        *r = h->epoch[n - 1];
        if (layer_grad_norms)
            memcpy(layer_grad_norms, h->layer_grad + (size_t)(n - 1) * NN_LAYER_NORMS(h->n_layers),
                   (size_t)NN_LAYER_NORMS(h->n_layers) * sizeof(float));
    }
    pthread_mutex_unlock(&h->lock);
    return n > 0 ? 0 : -1;
}
