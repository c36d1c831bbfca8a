/* A trainer's making and ending: the data and settings checked, the
 * model built, every buffer and the reducer allocated up front (so the
 * loop in trainer_loop.c never allocates), and the thread it may run on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class_weight.h"
#include "trainer_internal.h"
#include "trainer_split.h"

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
    const nn_loss *loss = nn_loss_find(t->s.loss);
    t->opt = nn_optimizer_find(t->s.optimizer);
    t->sched = nn_schedule_find(t->s.schedule);
    const nn_layer *last = nn_model_last(t->model);
    t->pass = (nn_train_pass){
        .loss = loss,
        .fused = loss->logit_activation && last->spec.kind->logits &&
                 strcmp(last->spec.act->name, loss->logit_activation) == 0,
        .metric = nn_metric_for(t->s.metric, loss->name),
    };
    return 0;
}

/* Resolved once over the training rows, so every batch's loss (and the
 * validation loss, weighted alike) reads one fixed array. */
static int resolve_class_weight(nn_trainer *t, nn_error *err)
{
    if (nn_class_weight_is_none(t->s.class_weight))
        return 0;
    const nn_loss *loss = t->pass.loss;
    bool bce = loss == &nn_loss_bce;
    if (!bce && loss != &nn_loss_cce)
        return nn_fail(err, "class_weight=%s applies to the bce and cce losses, not %s",
                       t->s.class_weight, loss->name);
    int k = bce ? 2 : t->train.y_width;
    if (!(t->class_weight = malloc((size_t)k * sizeof *t->class_weight)))
        return nn_fail(err, "out of memory");
    t->pass.class_weight = t->class_weight;
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
    if (!(t->best = nn_floats_alloc(p, err)) || !(t->spare = nn_floats_alloc(p, err)) ||
        !(t->published = nn_floats_alloc(p, err)) ||
        !(t->xb = nn_floats_alloc((size_t)t->batch * t->train.x_width, err)) ||
        !(t->yb = nn_floats_alloc((size_t)t->batch * t->train.y_width, err)) ||
        !(t->grad_norms = nn_floats_alloc((size_t)NN_LAYER_NORMS(nl), err)) ||
        !(t->weight_norms = nn_floats_alloc((size_t)NN_LAYER_NORMS(nl), err)))
        return -1;
    if (!(t->order = malloc((size_t)t->train.n * sizeof *t->order)))
        return nn_fail(err, "out of memory for %d row indices", t->train.n);
    for (int i = 0; i < t->train.n; i++)
        t->order[i] = i;
    if (nn_split_reducer_pays(t->model, t->batch, t->s.threads) &&
        !(t->split = nn_split_reducer_new(&t->pass, t->model, t->batch, t->train.x_width,
                                          t->train.y_width, t->s.threads,
                                          (uint64_t)t->s.seed ^ 0x7e91ULL, err)))
        return -1;
    t->reducer = t->split ? t->split : &nn_grad_reducer_local;
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
    nn_floats_free(t->spare);
    nn_floats_free(t->published);
    nn_floats_free(t->xb);
    nn_floats_free(t->yb);
    nn_floats_free(t->grad_norms);
    nn_floats_free(t->weight_norms);
    free(t->order);
    free(t->class_weight);
    nn_split_reducer_free(t->split);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->publish_lock);
    free(t);
}

void nn_trainer_use_reducer(nn_trainer *t, nn_grad_reducer *r)
{
    t->reducer = r;
}

static void *thread_main(void *arg)
{
    nn_trainer_run(arg);
    return NULL;
}

int nn_trainer_start(nn_trainer *t, nn_error *err)
{
    if (t->thread_started)
        return nn_fail(err, "training has already started");
    atomic_store(&t->state, NN_STATE_RUNNING);
    if (pthread_create(&t->thread, NULL, thread_main, t) != 0) {
        atomic_store(&t->state, NN_STATE_IDLE);
        return nn_fail(err, "cannot start the training thread");
    }
    t->thread_started = true;
    return 0;
}

const nn_end_event *nn_trainer_wait(nn_trainer *t)
{
    if (t->thread_started) {
        pthread_join(t->thread, NULL);
        t->thread_started = false;
    }
    return &t->end;
}
