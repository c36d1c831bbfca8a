/* The training loop.  Per batch: gather rows, forward, loss, backward,
 * penalties, clipping, one optimizer step, publish.  No allocation, no
 * printing, no waiting except when paused. */
#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "class_weight.h"
#include "trainer_internal.h"

double nn_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double nn_trainer_clock(const nn_trainer *t)
{
    return nn_monotonic_seconds() - t->paused_seconds;
}

/* --- setting up --- */

static int check_finite(const char *what, const float *v, int rows, int cols, nn_error *err)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            if (!isfinite(v[(size_t)r * cols + c]))
                return nn_fail(err, "%s has a missing or infinite value at row %d, column %d",
                               what, r + 1, c + 1);
    return 0;
}

/* Widths are checked against the shapes the model would infer, before it
 * is (re)built, so a mismatch leaves an existing model's weights alone. */
static int check_data(const nn_model *m, const nn_dataset *d, const char *name, nn_error *err)
{
    nn_shape out;
    if (nn_model_infer_output(m, nn_shape_vector(d->x_width), &out, err) < 0)
        return -1;
    if ((size_t)d->y_width != nn_shape_size(out))
        return nn_fail(err, "%s data has %d target columns but the model outputs %zu", name,
                       d->y_width, nn_shape_size(out));
    char what[64];
    snprintf(what, sizeof what, "%s input", name);
    if (check_finite(what, d->x, d->n, d->x_width, err) < 0)
        return -1;
    snprintf(what, sizeof what, "%s target", name);
    return check_finite(what, d->y, d->n, d->y_width, err);
}

/* Builds the model for the training inputs unless it already is: then
 * training continues from its weights. */
static int prepare_model(nn_model *m, const nn_settings *s, const nn_dataset *train,
                         nn_error *err)
{
    if (!m->built || nn_model_input_size(m) != train->x_width)
        if (nn_model_build(m, nn_shape_vector(train->x_width), (uint64_t)s->seed, err) < 0)
            return -1;
    return 0;
}

static int resolve_kinds(nn_trainer *t, nn_error *err)
{
    t->loss = nn_loss_find(t->s.loss);
    t->opt = nn_optimizer_find(t->s.optimizer);
    t->sched = nn_schedule_find(t->s.schedule);
    t->metric = nn_metric_for(t->s.metric, t->loss->name);
    const nn_layer *last = nn_model_last(t->model);
    t->fused = t->loss->logit_activation && last->spec.kind->logits &&
               strcmp(last->spec.act->name, t->loss->logit_activation) == 0;
    return 0;
}

/* Resolved once over the training rows, so every batch's loss (and the
 * validation loss, weighted alike) reads one fixed array. */
static int resolve_class_weight(nn_trainer *t, nn_error *err)
{
    if (nn_class_weight_is_none(t->s.class_weight))
        return 0;
    bool bce = t->loss == &nn_loss_bce;
    if (!bce && t->loss != &nn_loss_cce)
        return nn_fail(err, "class_weight=%s applies to the bce and cce losses, not %s",
                       t->s.class_weight, t->loss->name);
    int k = bce ? 2 : t->train.y_width;
    if (!(t->class_weight = malloc((size_t)k * sizeof *t->class_weight)))
        return nn_fail(err, "out of memory");
    return nn_class_weight_resolve(t->s.class_weight, NULL, k, t->train.y,
                                   t->train.n, t->train.y_width, bce, t->class_weight, err);
}

static int allocate(nn_trainer *t, nn_error *err)
{
    size_t p = t->model->n_params;
    for (int i = 0; i < t->opt->n_slots; i++)
        if (!(t->slot[i] = nn_floats_alloc(p, err)))
            return -1;
    int nl = t->model->n_layers;
    if (!(t->best = nn_floats_alloc(p, err)) || !(t->last_good = nn_floats_alloc(p, err)) ||
        !(t->published = nn_floats_alloc(p, err)) ||
        !(t->xb = nn_floats_alloc((size_t)t->batch * t->train.x_width, err)) ||
        !(t->yb = nn_floats_alloc((size_t)t->batch * t->train.y_width, err)) ||
        !(t->grad_norms = nn_floats_alloc((size_t)nl, err)) ||
        !(t->weight_norms = nn_floats_alloc((size_t)nl, err)))
        return -1;
    if (!(t->order = malloc((size_t)t->train.n * sizeof *t->order)))
        return nn_fail(err, "out of memory for %d row indices", t->train.n);
    for (int i = 0; i < t->train.n; i++)
        t->order[i] = i;
    if (nn_trainer_wants_worker(t) &&
        !(t->replica = nn_model_replica(t->model, t->batch, (uint64_t)t->s.seed ^ 0x7e91ULL, err)))
        return -1;
    /* room for the training batch and for the fixed evaluation chunk, so
     * that neither allocates once training runs */
    return nn_model_reserve(t->model, t->batch > NN_INFER_CHUNK ? t->batch : NN_INFER_CHUNK, err);
}

nn_trainer *nn_trainer_new(nn_model *m, const nn_settings *s, const nn_dataset *train,
                           const nn_dataset *val, const nn_observer *obs, nn_error *err)
{
    if (!train || train->n < 1) {
        nn_fail(err, "there are no training rows");
        return NULL;
    }
    nn_trainer *t = calloc(1, sizeof *t);
    if (!t) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    t->model = m;
    t->s = t->pending = *s;
    t->train = *train;
    if (val && val->n > 0)
        t->val = *val;
    if (obs)
        t->obs = *obs;
    t->batch = s->batch < train->n ? s->batch : train->n;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    pthread_mutex_init(&t->publish_lock, NULL);
    t->step_budget = -1;
    bool ok = false;
    if (m->n_layers == 0)
        nn_fail(err, "the model has no layers: add some first");
    else if (t->val.n && t->val.x_width != train->x_width)
        nn_fail(err, "validation data has %d input columns but training data has %d",
                t->val.x_width, train->x_width);
    else
        ok = nn_settings_check(s, err) == 0 && check_data(m, train, "training", err) == 0 &&
             (!t->val.n || check_data(m, &t->val, "validation", err) == 0) &&
             prepare_model(m, s, train, err) == 0 && resolve_kinds(t, err) == 0 &&
             resolve_class_weight(t, err) == 0 && allocate(t, err) == 0;
    if (!ok) {
        nn_trainer_free(t);
        return NULL;
    }
    nn_rng_seed(&t->rng, (uint64_t)s->seed ^ 0x5eedULL);
    nn_rng_seed(&m->rng, (uint64_t)s->seed ^ 0xd20900ULL);
    t->plateau_scale = 1.0f;
    t->plateau_best = INFINITY;
    t->best_val = INFINITY;
    nn_trainer_publish(t); /* the starting weights, before any thread runs */
    return t;
}

void nn_trainer_free(nn_trainer *t)
{
    if (!t)
        return;
    if (t->thread_started) {
        nn_trainer_stop(t);
        nn_trainer_wait(t);
    }
    for (int i = 0; i < NN_OPTIM_MAX_SLOTS; i++)
        nn_floats_free(t->slot[i]);
    nn_floats_free(t->best);
    nn_floats_free(t->last_good);
    nn_floats_free(t->published);
    nn_floats_free(t->xb);
    nn_floats_free(t->yb);
    nn_floats_free(t->grad_norms);
    nn_floats_free(t->weight_norms);
    free(t->order);
    free(t->class_weight);
    nn_model_free(t->replica);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->publish_lock);
    free(t);
}

/* --- one batch --- */

static void gather(nn_trainer *t, int first, int rows)
{
    int xw = t->train.x_width, yw = t->train.y_width;
    for (int r = 0; r < rows; r++) {
        int src = t->order[first + r];
        memcpy(t->xb + (size_t)r * xw, t->train.x + (size_t)src * xw, (size_t)xw * sizeof(float));
        memcpy(t->yb + (size_t)r * yw, t->train.y + (size_t)src * yw, (size_t)yw * sizeof(float));
    }
}

/* Loss of m's last forward pass; writes its gradient if grad is not NULL. */
static double batch_loss(const nn_trainer *t, nn_model *m, const float *x, const float *target,
                         int rows, float *grad)
{
    const nn_layer *last = nn_model_last(m);
    int width = nn_model_output_size(m);
    if (t->fused) {
        const float *in = m->n_layers > 1 ? m->out[m->n_layers - 2] : x;
        return t->loss->from_logits(last->spec.kind->logits(last, in), target, rows, width,
                                    t->class_weight, grad);
    }
    return t->loss->value(m->out[m->n_layers - 1], target, rows, width, t->class_weight, grad);
}

/* Adds the L1/L2 gradients to the kernels (Keras: l1 |w| + l2 w^2). */
static void add_penalties(nn_trainer *t)
{
    float l1 = t->s.l1, l2x2 = 2.0f * t->s.l2;
    if (l1 == 0.0f && l2x2 == 0.0f)
        return;
    for (int i = 0; i < t->model->n_layers; i++) {
        nn_layer *l = &t->model->layers[i];
        for (size_t k = 0; k < l->n_penalised; k++) {
            float w = l->w[k];
            l->g[k] += l2x2 * w + (w > 0.0f ? l1 : w < 0.0f ? -l1 : 0.0f);
        }
    }
}

/* Clips by value, then by global norm; returns the global norm measured
 * before any clipping (what the observer shows, and Inf/NaN stay visible). */
static float clip_gradients(nn_trainer *t)
{
    float *g = t->model->grads, v = t->s.clipvalue;
    size_t n = t->model->n_params;
    nn_model_layer_norms(t->model, t->grad_norms, NULL);
    double sq = 0.0;
    for (int i = 0; i < t->model->n_layers; i++)
        sq += (double)t->grad_norms[i] * t->grad_norms[i];
    float norm = (float)sqrt(sq);
    if (!isfinite(norm))
        return norm; /* the caller ends training: nothing to clip */
    if (v > 0.0f)
        for (size_t i = 0; i < n; i++)
            g[i] = g[i] > v ? v : g[i] < -v ? -v : g[i];
    float clipped = v > 0.0f ? (float)nn_norm2(g, n) : norm;
    if (t->s.clip > 0.0f && clipped > t->s.clip) {
        float scale = t->s.clip / clipped;
        for (size_t i = 0; i < n; i++)
            g[i] *= scale;
    }
    return norm;
}

static bool weights_finite(const nn_trainer *t)
{
    for (int i = 0; i < t->model->n_layers; i++)
        if (!isfinite(t->weight_norms[i]))
            return false;
    return true;
}

static float current_lr(const nn_trainer *t, int batch_index, int batches)
{
    double progress = (t->epoch - 1) + (double)batch_index / batches;
    return t->sched->lr(&t->s, progress, t->plateau_scale);
}

static void end_with(nn_trainer *t, nn_end_reason reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void end_with(nn_trainer *t, nn_end_reason reason, const char *fmt, ...)
{
    t->end.reason = reason;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->end.message, sizeof t->end.message, fmt, ap);
    va_end(ap);
}

void nn_trainer_half_batch(nn_trainer *t, nn_model *m, const float *x, const float *y, int rows,
                           double *loss, double *metric)
{
    const float *out = nn_model_forward(m, x, rows, true);
    *loss = batch_loss(t, m, x, y, rows, nn_model_output_grad(m));
    *metric = t->metric->value(out, y, rows, nn_model_output_size(m));
    nn_model_backward(m, x, rows);
}

/* Returns false when a NaN or Inf ended training. */
static bool train_batch(nn_trainer *t, int b, int batches, double *loss_sum, double *metric_sum,
                        double epoch_start)
{
    nn_model *m = t->model;
    int first = b * t->batch, rows = t->train.n - first < t->batch ? t->train.n - first : t->batch;
    gather(t, first, rows);
    double loss, metric;
    if (t->replica)
        nn_trainer_split_batch(t, rows, &loss, &metric);
    else
        nn_trainer_half_batch(t, m, t->xb, t->yb, rows, &loss, &metric);
    if (!isfinite(loss)) {
        end_with(t, NN_END_NONFINITE, "the loss became %s at epoch %d, batch %d; the weights of "
                 "the last finite step are kept", isnan(loss) ? "NaN" : "infinite", t->epoch, b + 1);
        return false;
    }
    *loss_sum += loss * rows;
    *metric_sum += metric * rows;
    add_penalties(t);
    float grad_norm = clip_gradients(t);
    if (!isfinite(grad_norm)) {
        end_with(t, NN_END_NONFINITE, "a gradient became %s at epoch %d, batch %d; the weights "
                 "of the last finite step are kept", isnan(grad_norm) ? "NaN" : "infinite",
                 t->epoch, b + 1);
        return false;
    }
    float lr = current_lr(t, b, batches);
    memcpy(t->last_good, m->params, m->n_params * sizeof *m->params);
    t->step++;
    t->opt->step(&t->s.hp, m->params, m->grads, t->slot, m->n_params, lr, t->step);
    nn_model_layer_norms(m, NULL, t->weight_norms);
    if (!weights_finite(t)) {
        memcpy(m->params, t->last_good, m->n_params * sizeof *m->params);
        end_with(t, NN_END_NONFINITE, "the weights overflowed at epoch %d, batch %d (learning "
                 "rate %g too high?); the weights of the last finite step are kept", t->epoch,
                 b + 1, lr);
        return false;
    }
    if (t->obs.on_batch) {
        double now = nn_trainer_clock(t), elapsed = now - epoch_start;
        nn_batch_event e = {t->epoch, t->s.epochs, b + 1, batches, t->step, (float)loss, lr,
                            grad_norm, elapsed > 0 ? (first + rows) / elapsed : 0.0,
                            m->n_layers, t->grad_norms, t->weight_norms, now - t->run_start};
        t->obs.on_batch(t->obs.user, &e);
    }
    return true;
}

/* --- one epoch --- */

/* Loss and metric over a whole dataset in evaluation mode. */
static void evaluate(nn_trainer *t, const nn_dataset *d, double *loss, double *metric)
{
    nn_model *m = t->model;
    double lsum = 0.0, msum = 0.0;
    int chunk = nn_model_infer_chunk(d->n);
    for (int r = 0; r < d->n; r += chunk) {
        int rows = d->n - r < chunk ? d->n - r : chunk;
        const float *x = d->x + (size_t)r * d->x_width, *y = d->y + (size_t)r * d->y_width;
        const float *out = nn_model_forward(m, x, rows, false);
        lsum += batch_loss(t, m, x, y, rows, NULL) * rows;
        msum += t->metric->value(out, y, rows, d->y_width) * rows;
    }
    *loss = lsum / d->n;
    *metric = msum / d->n;
}

/* reduce-on-plateau bookkeeping on the monitored loss */
static void track_plateau(nn_trainer *t, double monitored)
{
    if (!t->sched->on_plateau)
        return;
    if (monitored < t->plateau_best - t->s.min_delta) {
        t->plateau_best = monitored;
        t->plateau_wait = 0;
    } else if (++t->plateau_wait >= t->s.plateau_patience) {
        t->plateau_scale *= t->s.decay;
        t->plateau_wait = 0;
    }
}

/* Keeps the best weights; returns true when patience has run out. */
static bool track_best(nn_trainer *t, double val_loss)
{
    nn_model *m = t->model;
    if (val_loss < t->best_val - t->s.min_delta || t->best_epoch == 0) {
        t->best_val = val_loss;
        t->best_epoch = t->epoch;
        memcpy(t->best, m->params, m->n_params * sizeof *m->params);
        return false;
    }
    return t->s.patience > 0 && t->epoch - t->best_epoch >= t->s.patience;
}

/* Returns false when training must end after this epoch. */
static bool run_epoch(nn_trainer *t)
{
    int batches = (t->train.n + t->batch - 1) / t->batch;
    if (t->s.shuffle)
        nn_rng_shuffle(&t->rng, t->order, t->train.n);
    double start = nn_trainer_clock(t), loss_sum = 0.0, metric_sum = 0.0;
    for (int b = 0; b < batches; b++) {
        if (!nn_trainer_checkpoint(t)) {
            end_with(t, NN_END_STOPPED, "stopped at epoch %d, batch %d", t->epoch, b + 1);
            return false;
        }
        if (!train_batch(t, b, batches, &loss_sum, &metric_sum, start))
            return false;
        t->end.last_epoch = t->epoch; /* what the status line shows */
        nn_trainer_batch_done(t);
    }
    double seconds = nn_trainer_clock(t) - start;
    nn_epoch_event e = {t->epoch, t->s.epochs, loss_sum / t->train.n, metric_sum / t->train.n,
                        t->val.n > 0, NAN, NAN, t->metric->name,
                        current_lr(t, batches, batches), seconds,
                        seconds > 0 ? t->train.n / seconds : 0.0, 0, NAN};
    bool patience_out = false;
    if (e.has_val) {
        evaluate(t, &t->val, &e.val_loss, &e.val_metric);
        if (isfinite(e.val_loss))
            patience_out = track_best(t, e.val_loss);
    }
    track_plateau(t, e.has_val ? e.val_loss : e.train_loss);
    e.best_epoch = t->best_epoch;
    e.best_val_loss = t->best_epoch ? t->best_val : NAN;
    nn_trainer_publish(t); /* before the event, so an observer finds this epoch's weights */
    if (t->obs.on_epoch)
        t->obs.on_epoch(t->obs.user, &e);
    t->epochs_done = t->epoch;
    if (patience_out)
        end_with(t, NN_END_EARLY_STOP, "early stopping at epoch %d: validation loss has not "
                 "improved for %d epoch%s", t->epoch, t->s.patience, t->s.patience == 1 ? "" : "s");
    return !patience_out;
}

/* Backward starts from the logits' gradient when the loss absorbed the
 * last activation. */
static void set_fused(nn_trainer *t, bool on)
{
    nn_model *m = t->model;
    m->layers[m->n_layers - 1].grad_wrt_logits = on;
    if (t->replica)
        t->replica->layers[m->n_layers - 1].grad_wrt_logits = on;
}

const nn_end_event *nn_trainer_run(nn_trainer *t)
{
    nn_model *m = t->model;
    nn_error err;
    if (t->replica && nn_trainer_worker_start(t, &err) < 0) {
        nn_model_free(t->replica); /* carry on with one thread */
        t->replica = NULL;
    }
    if (t->replica)
        openblas_set_num_threads(1); /* each half on its own core */
    else if (t->s.threads > 0)
        openblas_set_num_threads(t->s.threads);
    atomic_store(&t->state, NN_STATE_RUNNING);
    set_fused(t, t->fused);
    end_with(t, NN_END_FINISHED, "finished %d epoch%s", t->s.epochs, t->s.epochs == 1 ? "" : "s");
    t->run_start = nn_trainer_clock(t);
    for (t->epoch = 1; t->epoch <= t->s.epochs; t->epoch++)
        if (!run_epoch(t))
            break;
    set_fused(t, false);
    if (t->worker_running) {
        nn_trainer_worker_stop(t);
        openblas_set_num_threads(t->s.threads); /* predictions may use both cores again */
    }
    t->end.epochs_run = t->epochs_done;
    t->end.best_epoch = t->best_epoch;
    t->end.best_val_loss = t->best_epoch ? t->best_val : NAN;
    /* a NaN keeps the last finite step; any other end keeps the best epoch */
    if (t->best_epoch > 0 && t->end.reason != NN_END_NONFINITE) {
        memcpy(m->params, t->best, m->n_params * sizeof *m->params);
        t->end.restored_best = true;
    }
    nn_trainer_publish(t);
    atomic_store(&t->state, t->end.reason == NN_END_FINISHED ? NN_STATE_FINISHED
                                                             : NN_STATE_STOPPED);
    if (t->obs.on_end)
        t->obs.on_end(t->obs.user, &t->end);
    return &t->end;
}
