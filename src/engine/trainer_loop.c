/* The training loop.  Per batch: gather rows, forward and backward on this
 * thread's share, gradients combined by the reducer, penalties, clipping,
 * one optimizer step, publish.  No allocation, no printing, no waiting
 * except when paused (or for the reducer's other parts). */
#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trainer_internal.h"

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

/* The global gradient norm, from the per-layer ones it leaves in
 * t->grad_norms. */
static float grad_norm(nn_trainer *t)
{
    nn_model_layer_norms(t->model, t->grad_norms, NULL);
    double sq = 0.0;
    for (int i = 0; i < t->model->n_layers; i++)
        sq += (double)t->grad_norms[i] * t->grad_norms[i];
    return (float)sqrt(sq);
}

/* Whether this batch needs the gradient norms: an observer shows them, or
 * clipping uses them.  Otherwise they cost a pass over the gradients for
 * nothing: a NaN or Inf gradient is caught by the optimizer's check. */
static bool wants_grad_norm(const nn_trainer *t)
{
    return t->obs.on_batch || t->s.clip > 0.0f || t->s.clipvalue > 0.0f;
}

/* Clips by value, then by global norm; returns the global norm measured
 * before any clipping (what the observer shows, and Inf/NaN stay visible),
 * or 0 when nothing wants it (a NaN or Inf gradient then fails the
 * optimizer's check). */
static float clip_gradients(nn_trainer *t)
{
    if (!wants_grad_norm(t))
        return 0.0f;
    float *g = t->model->grads, v = t->s.clipvalue;
    size_t n = t->model->n_params;
    float norm = grad_norm(t);
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

/* Weight norms are for the observer alone (finiteness is the optimizer's
 * check): every this many batches and at each epoch's last, a pass over
 * the weights that a per-batch chart does not need every time. */
#define WEIGHT_NORMS_EVERY 16

static void measure_weights(nn_trainer *t, int b, int batches)
{
    if (t->obs.on_batch && (b % WEIGHT_NORMS_EVERY == 0 || b == batches - 1))
        nn_model_layer_norms(t->model, NULL, t->weight_norms);
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

/* This thread's share of the batch in xb and yb, the reducer's the rest:
 * leaves the whole batch's mean gradient in the model. */
static void compute_gradients(nn_trainer *t, int rows, double *loss, double *metric)
{
    nn_grad_reducer *r = t->reducer;
    int here = r->ops->begin_batch(r, t->xb, t->yb, rows);
    const float *x = t->xb + (size_t)r->first * t->train.x_width,
                *y = t->yb + (size_t)r->first * t->train.y_width;
    nn_train_pass_run(&t->pass, t->model, x, y, here, r, loss, metric);
    r->ops->wait(r, t->model, loss, metric);
}

static bool gradient_failed(nn_trainer *t, float norm, int b)
{
    end_with(t, NN_END_NONFINITE, "a gradient became %s at epoch %d, batch %d; the weights of the "
             "last finite step are kept", isnan(norm) ? "NaN" : "infinite", t->epoch, b + 1);
    return false;
}

static bool weights_overflowed(nn_trainer *t, int b, float lr)
{
    end_with(t, NN_END_NONFINITE, "the weights overflowed at epoch %d, batch %d (learning rate %g "
             "too high?); the weights of the last finite step are kept", t->epoch, b + 1, lr);
    return false;
}

/* Tells the reducer the weights have stepped.  It may change them
 * (average them over the parts) or mark another part's overflow with a
 * NaN, so they are checked again, a pass paid only by such reducers. */
static bool reducer_step_done(nn_trainer *t, bool epoch_end)
{
    nn_grad_reducer *r = t->reducer;
    if (!r->ops->step_done)
        return true;
    r->ops->step_done(r, t->model, epoch_end);
    const float *w = t->model->params;
    unsigned bad = 0;
    for (size_t i = 0; i < t->model->n_params; i++)
        bad |= nn_optim_bad(w[i]);
    return !bad;
}

/* The optimizer's step of params [from, from + n) into t->spare. */
static bool step_span(nn_trainer *t, size_t from, size_t n, float lr)
{
    if (n == 0)
        return true;
    nn_model *m = t->model;
    float *slot[NN_OPTIM_MAX_SLOTS];
    for (int k = 0; k < t->opt->n_slots; k++)
        slot[k] = t->slot[k] + from;
    return t->opt->step(&t->s.hp, m->params + from, t->spare + from, m->grads + from, slot, n,
                        lr, t->step);
}

/* One optimizer step into t->spare, over runs of adjacent trainable
 * parameters (one run for most models); the frozen ones (batch norm's
 * running statistics) are copied across as their layer left them, so no
 * decay shrinks them.  Returns false if any stepped weight is not finite. */
static bool optimizer_step(nn_trainer *t, float lr)
{
    nn_model *m = t->model;
    bool finite = true;
    size_t run = 0, end = 0; /* the run not yet stepped: [run, end) */
    for (int i = 0; i < m->n_layers; i++) {
        const nn_layer *l = &m->layers[i];
        end += l->n_params;
        if (l->n_frozen == 0)
            continue;
        size_t frozen = end - l->n_frozen;
        finite &= step_span(t, run, frozen - run, lr);
        memcpy(t->spare + frozen, m->params + frozen, l->n_frozen * sizeof *t->spare);
        run = end;
    }
    finite &= step_span(t, run, end - run, lr);
    return finite;
}

/* Returns false when a NaN or Inf ended training. */
static bool train_batch(nn_trainer *t, int b, int batches, double *loss_sum, double *metric_sum,
                        double epoch_start)
{
    nn_model *m = t->model;
    int first = b * t->batch, rows = t->train.n - first < t->batch ? t->train.n - first : t->batch;
    gather(t, first, rows);
    double loss, metric;
    compute_gradients(t, rows, &loss, &metric);
    if (!isfinite(loss)) {
        end_with(t, NN_END_NONFINITE, "the loss became %s at epoch %d, batch %d; the weights of "
                 "the last finite step are kept", isnan(loss) ? "NaN" : "infinite", t->epoch, b + 1);
        return false;
    }
    *loss_sum += loss * rows;
    *metric_sum += metric * rows;
    add_penalties(t);
    float norm = clip_gradients(t);
    if (!isfinite(norm))
        return gradient_failed(t, norm, b);
    float lr = current_lr(t, b, batches);
    t->step++;
    /* the step goes to the spare buffer; m->params stay the last finite
     * weights until it is known to be finite */
    if (!optimizer_step(t, lr)) {
        float g = grad_norm(t); /* (measured only now when nothing wanted it) */
        return isfinite(g) ? weights_overflowed(t, b, lr) : gradient_failed(t, g, b);
    }
    nn_model_swap_params(m, &t->spare); /* t->spare: the weights before the step */
    if (!reducer_step_done(t, b == batches - 1)) {
        nn_model_swap_params(m, &t->spare);
        return weights_overflowed(t, b, lr);
    }
    measure_weights(t, b, batches);
    if (t->obs.on_batch) {
        double now = nn_trainer_clock(t), elapsed = now - epoch_start;
        nn_batch_event e = {t->epoch, t->s.epochs, b + 1, batches, t->step, (float)loss, lr,
                            norm, elapsed > 0 ? (first + rows) / elapsed : 0.0,
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
        lsum += nn_train_pass_loss(&t->pass, m, x, y, rows, NULL) * rows;
        msum += t->pass.metric->value(out, y, rows, d->y_width) * rows;
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
    double start = nn_trainer_clock(t), loss_sum = 0.0, metric_sum = 0.0, began = nn_monotonic_seconds();
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
                        t->val.n > 0, NAN, NAN, t->pass.metric->name,
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
    else if (t->epoch < t->s.epochs)
        nn_trainer_keep_pace(t, began); /* once an epoch, never within one */
    return !patience_out;
}

const nn_end_event *nn_trainer_run(nn_trainer *t)
{
    nn_model *m = t->model;
    if (t->s.threads > 0)
        openblas_set_num_threads(t->s.threads);
    if (t->reducer->ops->start)
        t->reducer->ops->start(t->reducer);
    atomic_store(&t->state, NN_STATE_RUNNING);
    end_with(t, NN_END_FINISHED, "finished %d epoch%s", t->s.epochs, t->s.epochs == 1 ? "" : "s");
    t->run_start = nn_trainer_clock(t);
    for (t->epoch = 1; t->epoch <= t->s.epochs; t->epoch++)
        if (!run_epoch(t))
            break;
    if (t->reducer->ops->stop)
        t->reducer->ops->stop(t->reducer);
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
