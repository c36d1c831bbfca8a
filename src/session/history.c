/* The run's record: written by the training thread, read by snapshots.
 *
 * Ownership rules that keep the lock short:
 * - Only the training thread writes (record_batch/epoch/end); it may read
 *   the shared arrays without the lock, since nobody else changes them.
 * - The epoch arrays grow by allocating and copying outside the lock and
 *   swapping pointers inside it; the old arrays are freed after unlocking.
 * - Batch records go to ring slot (seq % ring_cap); a snapshot keeps a ring
 *   of the same size indexed the same way, so it copies only new slots
 *   (history_snapshot.c). */
#include "history_internal.h"
#include "settings_text.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/metric.h"

static atomic_ulong next_history_id = 1;

/* --- life cycle --- */

nn_history *nn_history_new(int n_layers, int ring_capacity, const nn_settings *s, nn_error *err)
{
    if (n_layers < 1) {
        nn_fail(err, "the model has no layers");
        return NULL;
    }
    nn_history *h = calloc(1, sizeof *h);
    if (!h) {
        nn_fail(err, "out of memory for the training history");
        return NULL;
    }
    pthread_mutex_init(&h->lock, NULL);
    h->id = atomic_fetch_add(&next_history_id, 1);
    h->n_layers = n_layers;
    h->ring_cap = ring_capacity > 0 ? ring_capacity : NN_HISTORY_DEFAULT_RING;
    h->best_val_loss = NAN;
    h->ring = malloc((size_t)h->ring_cap * sizeof *h->ring);
    size_t row = (size_t)NN_LAYER_NORMS(n_layers);
    h->layer_grad_sum = calloc(row, sizeof *h->layer_grad_sum);
    h->layer_grad_mean = calloc(row, sizeof *h->layer_grad_mean);
    h->grad_norms = calloc(row, sizeof *h->grad_norms);
    h->weight_norms = calloc(row, sizeof *h->weight_norms);
    if (!h->ring || !h->layer_grad_sum || !h->layer_grad_mean || !h->grad_norms ||
        !h->weight_norms) {
        nn_history_free(h);
        nn_fail(err, "out of memory for the training history");
        return NULL;
    }
    if (s) {
        nn_settings_describe(s, h->hyperparams, sizeof h->hyperparams);
        h->settings = *s;
        const nn_metric *m = nn_metric_for(s->metric, s->loss);
        snprintf(h->metric, sizeof h->metric, "%s", m ? m->name : "metric");
    } else {
        strcpy(h->metric, "metric");
    }
    return h;
}

void nn_history_free(nn_history *h)
{
    if (!h)
        return;
    pthread_mutex_destroy(&h->lock);
    free(h->ring);
    free(h->layer_grad_sum);
    free(h->layer_grad_mean);
    free(h->grad_norms);
    free(h->weight_norms);
    free(h->epoch);
    free(h->layer_grad);
    free(h->layer_weight);
    free(h->marker);
    free(h);
}

/* --- recording (training thread) --- */

static void on_batch(void *user, const nn_batch_event *e) { nn_history_record_batch(user, e); }
static void on_epoch(void *user, const nn_epoch_event *e) { nn_history_record_epoch(user, e); }
static void on_end(void *user, const nn_end_event *e) { nn_history_record_end(user, e); }

nn_observer nn_history_observer(nn_history *h)
{
    return (nn_observer){h, on_batch, on_epoch, on_end};
}

void nn_history_record_batch(nn_history *h, const nn_batch_event *e)
{
    int nl = e->n_layers == h->n_layers ? NN_LAYER_NORMS(h->n_layers) : 0;
    h->grad_sum += e->grad_norm;
    h->grad_count++;
    for (int i = 0; i < nl; i++)
        h->layer_grad_sum[i] += e->grad_norms[i];
    nn_batch_record b = {e->step, e->epoch, e->batch, e->batches, e->loss, e->grad_norm, e->lr};

    pthread_mutex_lock(&h->lock);
    h->ring[h->seen % h->ring_cap] = b;
    h->seen++;
    h->last = b;
    h->has_batch = true;
    h->samples_per_s = e->samples_per_sec;
    h->run_seconds = e->run_seconds;
    h->epochs = e->epochs;
    memcpy(h->grad_norms, e->grad_norms, (size_t)nl * sizeof *h->grad_norms);
    memcpy(h->weight_norms, e->weight_norms, (size_t)nl * sizeof *h->weight_norms);
    h->version++;
    pthread_mutex_unlock(&h->lock);
}

/* Doubles the epoch arrays: built outside the lock (only this thread
 * changes them, so reading the old ones unlocked is safe), swapped in. */
static int grow_epochs(nn_history *h)
{
    int cap = h->cap_epochs ? 2 * h->cap_epochs : 64, n = h->n_epochs;
    size_t row = (size_t)NN_LAYER_NORMS(h->n_layers) * sizeof(float);
    nn_epoch_record *epoch = malloc((size_t)cap * sizeof *epoch);
    float *grad = malloc((size_t)cap * row), *weight = malloc((size_t)cap * row);
    if (!epoch || !grad || !weight) {
        free(epoch), free(grad), free(weight);
        return -1;
    }
    if (n) {
        memcpy(epoch, h->epoch, (size_t)n * sizeof *epoch);
        memcpy(grad, h->layer_grad, (size_t)n * row);
        memcpy(weight, h->layer_weight, (size_t)n * row);
    }
    pthread_mutex_lock(&h->lock);
    nn_epoch_record *old_epoch = h->epoch;
    float *old_grad = h->layer_grad, *old_weight = h->layer_weight;
    h->epoch = epoch;
    h->layer_grad = grad;
    h->layer_weight = weight;
    pthread_mutex_unlock(&h->lock);
    h->cap_epochs = cap;
    free(old_epoch), free(old_grad), free(old_weight);
    return 0;
}

void nn_history_record_epoch(nn_history *h, const nn_epoch_event *e)
{
    int nl = NN_LAYER_NORMS(h->n_layers);
    bool room = h->n_epochs < h->cap_epochs || grow_epochs(h) == 0;
    nn_epoch_record r = {
        .epoch = e->epoch, .loss = e->train_loss, .metric = e->train_metric,
        .has_val = e->has_val, .val_loss = e->has_val ? e->val_loss : NAN,
        .val_metric = e->has_val ? e->val_metric : NAN, .lr = e->lr,
        .grad_norm = h->grad_count ? h->grad_sum / h->grad_count : NAN,
        .samples_per_s = e->samples_per_sec, .seconds = e->seconds,
        .step = h->has_batch ? h->last.step : 0, /* only this thread writes `last` */
    };
    for (int i = 0; i < nl; i++)
        h->layer_grad_mean[i] = h->grad_count ? (float)(h->layer_grad_sum[i] / h->grad_count) : NAN;

    pthread_mutex_lock(&h->lock);
    if (room) { /* out of memory drops the row; the run goes on */
        size_t at = (size_t)h->n_epochs * nl;
        h->epoch[h->n_epochs] = r;
        memcpy(h->layer_grad + at, h->layer_grad_mean, (size_t)nl * sizeof(float));
        memcpy(h->layer_weight + at, h->weight_norms, (size_t)nl * sizeof(float));
        h->n_epochs++;
    }
    if (e->metric)
        snprintf(h->metric, sizeof h->metric, "%s", e->metric);
    h->epochs = e->epochs;
    h->best_epoch = e->best_epoch;
    h->best_val_loss = e->best_val_loss;
    h->version++;
    pthread_mutex_unlock(&h->lock);

    h->grad_sum = 0.0;
    h->grad_count = 0;
    memset(h->layer_grad_sum, 0, (size_t)nl * sizeof *h->layer_grad_sum);
}

void nn_history_record_end(nn_history *h, const nn_end_event *e)
{
    pthread_mutex_lock(&h->lock);
    h->end = *e;
    h->ended = true;
    h->version++;
    pthread_mutex_unlock(&h->lock);
}

int nn_history_mark(nn_history *h, const char *what, nn_error *err)
{
    for (;;) {
        pthread_mutex_lock(&h->lock);
        if (h->n_markers < h->cap_markers) {
            nn_history_marker *m = &h->marker[h->n_markers++];
            m->step = h->has_batch ? h->last.step : 0;
            m->epoch = h->has_batch ? h->last.epoch : 0;
            m->position = h->has_batch ? nn_batch_position(&h->last) : 0.0;
            snprintf(m->what, sizeof m->what, "%s", what);
            h->version++;
            pthread_mutex_unlock(&h->lock);
            return 0;
        }
        int cap = h->cap_markers, want = cap ? 2 * cap : 16;
        pthread_mutex_unlock(&h->lock);
        nn_history_marker *bigger = malloc((size_t)want * sizeof *bigger);
        if (!bigger)
            return nn_fail(err, "out of memory recording a change of %s", what);
        pthread_mutex_lock(&h->lock);
        if (h->cap_markers == cap) { /* nobody grew it meanwhile */
            if (h->n_markers)
                memcpy(bigger, h->marker, (size_t)h->n_markers * sizeof *bigger);
            nn_history_marker *old = h->marker;
            h->marker = bigger;
            h->cap_markers = want;
            bigger = old;
        }
        pthread_mutex_unlock(&h->lock);
        free(bigger);
    }
}
