/* Training diagnostics: the rules documented in monitor.h, one function
 * each, over a compact record of the epochs seen so far. */
#include "monitor.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/c_locale.h"
#include "engine/loss.h"
/* What the rules need of one epoch. */
typedef struct point {
    int epoch;
    bool has_val;
    double train, val; /* val NAN without validation */
    double grad;       /* mean global gradient norm */
} point;

typedef struct layer_info {
    bool has_params, relu;
    int units;         /* dense units, for remedies */
    char label[48];    /* "layer 2 (dense 20 relu)" */
} layer_info;

struct nn_monitor {
    nn_monitor_rules r;
    float lr, l2;      /* lr follows the epochs; l2 is the run's */
    int n_layers;
    layer_info *layer;
    point *pt;
    int n, cap;
    bool armed[NN_WARN_KINDS];
    int quiet[NN_WARN_KINDS]; /* consecutive epochs with the condition false */
    int best;          /* index of the lowest validation loss, -1: none */
    int vanishing_streak;
    float dropout;     /* the highest dropout rate of the model, 0: none */
    char bad_output[160]; /* why the output layer does not fit the loss, "": it fits */
    double b_sum, b_sq; /* the current epoch's batch losses */
    int b_n;
    double smooth, noise; /* smoothed training loss and its batch noise (standard error) */
    double low_smooth, low_train; /* lowest smoothed and raw training loss (NAN: none yet) */
    int low_epoch, low_train_epoch, rise_streak;
    int *dead, *units; /* last dead-unit count per layer */
    unsigned char *active;
    size_t active_cap;
    pthread_mutex_t lock; /* guards the log's pointer and count for readers */
    nn_warning *log;
    int n_log, cap_log;
};


/* --- set up --- */

void nn_monitor_rules_default(nn_monitor_rules *r)
{
    *r = (nn_monitor_rules){
        .overfit_patience = 5, .overfit_rise = 0.05, .overfit_train_fall = 0.01,
        .gap_ratio = 0.5, .gap_widening = 0.2,
        .vanishing_ratio = 1e-4, .vanishing_epochs = 3,
        .exploding_norm = 1e3, .exploding_growth = 10.0, .exploding_epochs = 3,
        .diverging_epochs = 3, .diverging_rise = 0.10, .diverging_factor = 10.0,
        .diverging_smooth = 0.3, .diverging_noise = 4.0,
        .dead_fraction = 0.5, .rearm_epochs = 3,
    };
}

const char *nn_warning_kind_name(nn_warning_kind k)
{
    static const char *const names[] = {"overfitting", "vanishing gradients",
                                        "exploding gradients", "diverging loss",
                                        "dead ReLU units", "NaN/Inf"};
    return k >= 0 && k < NN_WARN_KINDS ? names[k] : "?";
}

static bool is_relu(const nn_layer *l)
{
    return l->spec.act && l->spec.act->can_die &&
           (l->spec.kind == &nn_layer_dense || l->spec.kind == &nn_layer_activation);
}

static void describe_layer(const nn_model *m, int i, layer_info *info)
{
    const nn_layer *l = &m->layers[i];
    info->has_params = m->built ? l->n_params > 0 : l->spec.kind == &nn_layer_dense;
    info->relu = is_relu(l);
    info->units = l->spec.kind == &nn_layer_dense ? l->spec.units : 0;
    const nn_activation *a = l->spec.act ? l->spec.act : nn_activation_linear();
    const char *act = a->name;
    if (l->spec.kind == &nn_layer_dense)
        snprintf(info->label, sizeof info->label, "layer %d (dense %d%s%s)", i + 1,
                 l->spec.units, a->identity ? "" : " ", a->identity ? "" : act);
    else if (l->spec.kind == &nn_layer_activation)
        snprintf(info->label, sizeof info->label, "layer %d (activation %s)", i + 1, act);
    else
        snprintf(info->label, sizeof info->label, "layer %d (%s)", i + 1, l->spec.kind->name);
}

/* A bce loss wants a sigmoid output, cce a softmax one: gradients of a
 * mismatched output are not cured by clipping them. */
static void check_output(nn_monitor *mon, const nn_model *m, const nn_settings *s)
{
    const nn_loss *loss = s ? nn_loss_find(s->loss) : NULL;
    if (!loss || m->n_layers < 1)
        return;
    const nn_layer *out = &m->layers[m->n_layers - 1];
    const char *act = out->spec.act ? out->spec.act->name : "linear";
    const char *want = strcmp(loss->name, "bce") == 0 ? "sigmoid"
                       : strcmp(loss->name, "cce") == 0 ? "softmax" : NULL;
    if (want && strcmp(act, want) != 0)
        snprintf(mon->bad_output, sizeof mon->bad_output, "loss %s wants a %s output, not "
                 "%.60s: rebuild it (e.g. `add dense %d %s`)", loss->name, want,
                 mon->layer[m->n_layers - 1].label, out->spec.units > 0 ? out->spec.units : 1, want);
}

nn_monitor *nn_monitor_new(const nn_model *m, const nn_settings *s, const nn_monitor_rules *rules,
                           nn_error *err)
{
    nn_monitor *mon = calloc(1, sizeof *mon);
    if (!mon) {
        nn_fail(err, "out of memory for the training monitor");
        return NULL;
    }
    pthread_mutex_init(&mon->lock, NULL);
    int nl = m->n_layers > 0 ? m->n_layers : 1;
    if (!(mon->layer = calloc((size_t)nl, sizeof *mon->layer)) ||
        !(mon->dead = calloc((size_t)nl, sizeof *mon->dead)) ||
        !(mon->units = calloc((size_t)nl, sizeof *mon->units))) {
        nn_monitor_free(mon);
        nn_fail(err, "out of memory for the training monitor");
        return NULL;
    }
    if (rules)
        mon->r = *rules;
    else
        nn_monitor_rules_default(&mon->r);
    nn_settings def;
    nn_settings_default(&def);
    mon->lr = s ? s->lr : def.lr;
    mon->l2 = s ? s->l2 : 0.0f;
    mon->n_layers = m->n_layers;
    for (int i = 0; i < m->n_layers; i++) {
        describe_layer(m, i, &mon->layer[i]);
        if (m->layers[i].spec.kind == &nn_layer_dropout && m->layers[i].spec.rate > mon->dropout)
            mon->dropout = m->layers[i].spec.rate;
    }
    check_output(mon, m, s);
    mon->low_smooth = mon->low_train = NAN;
    for (int k = 0; k < NN_WARN_KINDS; k++)
        mon->armed[k] = true;
    mon->best = -1;
    return mon;
}

void nn_monitor_free(nn_monitor *mon)
{
    if (!mon)
        return;
    free(mon->layer);
    free(mon->pt);
    free(mon->dead);
    free(mon->units);
    free(mon->active);
    free(mon->log);
    pthread_mutex_destroy(&mon->lock);
    free(mon);
}

int nn_monitor_warning_count(nn_monitor *mon)
{
    pthread_mutex_lock(&mon->lock);
    int n = mon->n_log;
    pthread_mutex_unlock(&mon->lock);
    return n;
}

int nn_monitor_copy_warnings(nn_monitor *mon, int from, nn_warning *out, int max)
{
    pthread_mutex_lock(&mon->lock);
    int n = from >= 0 && from < mon->n_log ? mon->n_log - from : 0;
    n = n < max ? n : max;
    if (n > 0)
        memcpy(out, mon->log + from, (size_t)n * sizeof *out);
    pthread_mutex_unlock(&mon->lock);
    return n;
}

/* Appends to the log.  Only the feeding thread changes it, so it grows
 * outside the lock and is swapped in; readers copy under the lock. */
static void log_warning(nn_monitor *mon, const nn_warning *w)
{
    if (mon->n_log == mon->cap_log) {
        int cap = mon->cap_log ? 2 * mon->cap_log : 16;
        nn_warning *grown = malloc((size_t)cap * sizeof *grown);
        if (!grown)
            return; /* the log is a convenience: it misses this one */
        if (mon->n_log)
            memcpy(grown, mon->log, (size_t)mon->n_log * sizeof *grown);
        pthread_mutex_lock(&mon->lock);
        nn_warning *old = mon->log;
        mon->log = grown;
        pthread_mutex_unlock(&mon->lock);
        mon->cap_log = cap;
        free(old);
    }
    pthread_mutex_lock(&mon->lock);
    mon->log[mon->n_log++] = *w;
    pthread_mutex_unlock(&mon->lock);
}

/* --- raising warnings --- */

/* Fires kind k when `fire` holds and k is armed; k re-arms once `raw` (the
 * per-epoch condition) has been false for rearm_epochs epochs in a row. */
static bool episode(nn_monitor *mon, nn_warning_kind k, bool fire, bool raw)
{
    if (!raw) {
        if (!mon->armed[k] && ++mon->quiet[k] >= mon->r.rearm_epochs)
            mon->armed[k] = true;
        return false;
    }
    mon->quiet[k] = 0;
    if (!fire || !mon->armed[k])
        return false;
    mon->armed[k] = false;
    return true;
}

static void emit(nn_monitor *mon, nn_warning *out, int *n, nn_warning_kind k, int epoch,
                 const char *remedy, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void emit(nn_monitor *mon, nn_warning *out, int *n, nn_warning_kind k, int epoch,
                 const char *remedy, const char *fmt, ...)
{
    nn_warning *w = &out[(*n)++];
    w->kind = k;
    w->epoch = epoch;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    snprintf(w->remedy, sizeof w->remedy, "%s", remedy);
    log_warning(mon, w);
}

static void lower_lr_remedy(const nn_monitor *mon, char *buf, size_t len, const char *prefix,
                            const char *suffix)
{
    snprintf(buf, len, "%stry `set lr=%g`%s", prefix, (double)mon->lr / 10.0, suffix);
}

/* --- the rules --- */

static double percent(double now, double then)
{
    return 100.0 * fabs(now / then - 1.0);
}

/* gap(k) = (val - train) / train, NAN when not defined */
static double gap(const point *p)
{
    return p->train > 0.0 && isfinite(p->val) ? (p->val - p->train) / p->train : NAN;
}

/* Rule B: the gap grew at each of the last `patience` epochs. */
static bool gap_widening(const nn_monitor *mon)
{
    int P = mon->r.overfit_patience, t = mon->n - 1;
    if (t < P)
        return false;
    for (int k = t - P; k < t; k++)
        if (!(gap(&mon->pt[k + 1]) > gap(&mon->pt[k])))
            return false;
    double now = gap(&mon->pt[t]), then = gap(&mon->pt[t - P]);
    return now >= mon->r.gap_ratio && now - then >= mon->r.gap_widening;
}

/* A model that has dropout already gets the other cures. */
static void overfitting_remedy(const nn_monitor *mon, char *buf, size_t len)
{
    char l2[32] = "1e-4";
    if (mon->l2 > 0.0f)
        snprintf(l2, sizeof l2, "%g", (double)mon->l2 * 10.0);
    if (mon->dropout > 0.0f)
        snprintf(buf, len, "raise the dropout rate (now %g), try `set l2=%s`, fewer units, or early "
                 "stopping (`set patience=10`)", (double)mon->dropout, l2);
    else
        snprintf(buf, len, "add dropout (`add dropout 0.2`) or try `set l2=%s`", l2);
}

static void check_overfitting(nn_monitor *mon, const float *grads, nn_warning *out, int *n)
{
    (void)grads;
    int t = mon->n - 1;
    const point *p = &mon->pt[t];
    if (!isfinite(p->val) || !isfinite(p->train))
        return;
    if (mon->best < 0 || p->val < mon->pt[mon->best].val) {
        mon->best = t;
        double g = gap(p);
        if (!mon->armed[NN_WARN_OVERFITTING] && isfinite(g) && g < mon->r.gap_ratio)
            mon->armed[NN_WARN_OVERFITTING] = true; /* validation recovered: a new episode */
    }
    const point *b = &mon->pt[mon->best];
    bool rising = p->epoch - b->epoch >= mon->r.overfit_patience &&
                  p->val >= (1.0 + mon->r.overfit_rise) * b->val &&
                  p->train <= (1.0 - mon->r.overfit_train_fall) * b->train;
    bool widening = !rising && gap_widening(mon);
    if (!(rising || widening) || !mon->armed[NN_WARN_OVERFITTING])
        return;
    mon->armed[NN_WARN_OVERFITTING] = false;
    char remedy[200];
    overfitting_remedy(mon, remedy, sizeof remedy);
    if (rising)
        emit(mon, out, n, NN_WARN_OVERFITTING, p->epoch, remedy,
             "at epoch %d, validation loss is up %.0f%% since its lowest at epoch %d "
             "(%.3g to %.3g) while training loss fell %.0f%% (%.3g to %.3g): the model is "
             "learning the training rows rather than the pattern",
             p->epoch, percent(p->val, b->val), b->epoch, b->val, p->val,
             percent(p->train, b->train), b->train, p->train);
    else {
        const point *s = &mon->pt[t - mon->r.overfit_patience];
        emit(mon, out, n, NN_WARN_OVERFITTING, p->epoch, remedy,
             "at epoch %d, validation loss (%.3g) is %.0f%% above training loss (%.3g) and the "
             "gap has widened for %d epochs (it was %.0f%% at epoch %d): the model fits the "
             "training rows better than new ones",
             p->epoch, p->val, 100.0 * gap(p), p->train, mon->r.overfit_patience,
             100.0 * gap(s), s->epoch);
    }
}

/* The layer before the last parameter layer with the smallest gradient
 * ratio to it, if that ratio is below the threshold; -1 otherwise. */
static int vanishing_layer(const nn_monitor *mon, const float *g, double *ratio, int *last)
{
    *last = -1;
    for (int i = mon->n_layers - 1; i >= 0 && *last < 0; i--)
        if (mon->layer[i].has_params)
            *last = i;
    if (*last < 0 || !(g[*last] > 0.0f) || !isfinite(g[*last]))
        return -1;
    int worst = -1;
    for (int i = 0; i < *last; i++) {
        if (!mon->layer[i].has_params || !isfinite(g[i]))
            continue;
        double r = (double)g[i] / g[*last];
        if (r < mon->r.vanishing_ratio && (worst < 0 || r < *ratio)) {
            worst = i;
            *ratio = r;
        }
    }
    return worst;
}

static void check_vanishing(nn_monitor *mon, const float *g, nn_warning *out, int *n)
{
    double ratio = 0.0;
    int last, worst = g ? vanishing_layer(mon, g, &ratio, &last) : -1;
    mon->vanishing_streak = worst >= 0 ? mon->vanishing_streak + 1 : 0;
    bool fire = mon->vanishing_streak >= mon->r.vanishing_epochs;
    if (!episode(mon, NN_WARN_VANISHING, fire, worst >= 0))
        return;
    const layer_info *w = &mon->layer[worst];
    char remedy[200];
    snprintf(remedy, sizeof remedy, "rebuild with relu layers (e.g. `add dense %d relu`) in "
             "place of sigmoid or tanh, or use fewer layers", w->units > 0 ? w->units : 32);
    emit(mon, out, n, NN_WARN_VANISHING, mon->pt[mon->n - 1].epoch, remedy,
         "at epoch %d, %s has a mean gradient norm of %.2g, %.2g times that of %s (%.2g), for "
         "%d epochs in a row: the first layers have almost stopped learning",
         mon->pt[mon->n - 1].epoch, w->label, (double)g[worst], ratio, mon->layer[last].label,
         (double)g[last], mon->vanishing_streak);
}

/* Whether v rose strictly at each of the last k points. */
static bool rising_for(const nn_monitor *mon, int k, double (*v)(const point *))
{
    int t = mon->n - 1;
    if (t < k)
        return false;
    for (int i = t - k; i < t; i++)
        if (!(v(&mon->pt[i + 1]) > v(&mon->pt[i])))
            return false;
    return true;
}

static double grad_of(const point *p) { return p->grad; }

static void check_exploding(nn_monitor *mon, const float *g, nn_warning *out, int *n)
{
    (void)g;
    int t = mon->n - 1, E = mon->r.exploding_epochs;
    const point *p = &mon->pt[t];
    bool high = isfinite(p->grad) && p->grad > mon->r.exploding_norm;
    bool growing = !high && rising_for(mon, E, grad_of) && mon->pt[t - E].grad > 0.0 &&
                   p->grad >= mon->r.exploding_growth * mon->pt[t - E].grad;
    if (!episode(mon, NN_WARN_EXPLODING, high || growing, high || growing))
        return;
    char remedy[200];
    if (mon->bad_output[0])
        snprintf(remedy, sizeof remedy, "%s", mon->bad_output);
    else
        lower_lr_remedy(mon, remedy, sizeof remedy, "clip gradients with `set clip=1`, or ", "");
    if (high)
        emit(mon, out, n, NN_WARN_EXPLODING, p->epoch, remedy,
             "at epoch %d, the mean gradient norm is %.4g, above %g: the gradients are exploding",
             p->epoch, p->grad, mon->r.exploding_norm);
    else
        emit(mon, out, n, NN_WARN_EXPLODING, p->epoch, remedy,
             "at epoch %d, the mean gradient norm grew %.0f-fold in %d epochs (%.3g at epoch %d, "
             "now %.3g): the gradients are exploding",
             p->epoch, p->grad / mon->pt[t - E].grad, E, mon->pt[t - E].grad,
             mon->pt[t - E].epoch, p->grad);
}

/* Folds this epoch's batch losses into the noise estimate: the standard
 * error of the epoch's mean batch loss, sd / sqrt(batches), smoothed like
 * the loss.  Without batches (or with one) the noise stays as it was. */
static void update_noise(nn_monitor *mon, double a)
{
    int nb = mon->b_n;
    if (nb >= 2) {
        double var = (mon->b_sq - mon->b_sum * mon->b_sum / nb) / (nb - 1);
        double se = var > 0.0 ? sqrt(var / nb) : 0.0;
        mon->noise = mon->noise > 0.0 ? mon->noise + a * (se - mon->noise) : se;
    }
    mon->b_sum = mon->b_sq = 0.0, mon->b_n = 0;
}

/* The smoothed loss rose above its lowest by a share that the batch noise
 * cannot reach, for diverging_epochs epochs; or the raw loss is
 * diverging_factor times its lowest.  One warning until the smoothed loss
 * makes a new low. */
static void check_diverging(nn_monitor *mon, const float *g, nn_warning *out, int *n)
{
    (void)g;
    const point *p = &mon->pt[mon->n - 1];
    double a = mon->r.diverging_smooth;
    update_noise(mon, a);
    if (!isfinite(p->train))
        return;
    mon->smooth = isnan(mon->low_smooth) ? p->train : mon->smooth + a * (p->train - mon->smooth);
    bool far = mon->low_train > 0.0 && p->train > mon->r.diverging_factor * mon->low_train;
    double low_train = mon->low_train, low = mon->low_smooth;
    int low_train_epoch = mon->low_train_epoch, low_epoch = mon->low_epoch;
    if (isnan(mon->low_train) || p->train < mon->low_train)
        mon->low_train = p->train, mon->low_train_epoch = p->epoch;
    if (isnan(low) || mon->smooth < low) { /* a new low: a new episode */
        mon->low_smooth = mon->smooth, mon->low_epoch = p->epoch;
        mon->rise_streak = 0;
        mon->armed[NN_WARN_DIVERGING] = true;
        if (!far)
            return;
    }
    double need = mon->r.diverging_rise;
    if (low > 0.0 && mon->r.diverging_noise * mon->noise / low > need)
        need = mon->r.diverging_noise * mon->noise / low;
    bool rising = low > 0.0 && mon->smooth >= (1.0 + need) * low;
    mon->rise_streak = rising ? mon->rise_streak + 1 : 0;
    rising = rising && mon->rise_streak >= mon->r.diverging_epochs;
    if (!(far || rising) || !mon->armed[NN_WARN_DIVERGING])
        return;
    mon->armed[NN_WARN_DIVERGING] = false;
    char remedy[200];
    lower_lr_remedy(mon, remedy, sizeof remedy, "the learning rate is too high: ", "");
    if (far)
        emit(mon, out, n, NN_WARN_DIVERGING, p->epoch, remedy,
             "at epoch %d, training loss (%.3g) is %.0f times its lowest (%.3g at epoch %d): "
             "training is diverging",
             p->epoch, p->train, p->train / low_train, low_train, low_train_epoch);
    else
        emit(mon, out, n, NN_WARN_DIVERGING, p->epoch, remedy,
             "at epoch %d, the smoothed training loss is up %.0f%% from its lowest (%.3g at "
             "epoch %d, now %.3g) for %d epochs, more than batch noise (%.2g) explains: "
             "training is diverging",
             p->epoch, percent(mon->smooth, low), low, low_epoch, mon->smooth,
             mon->rise_streak, mon->noise);
}

static void nonfinite_remedy(const nn_monitor *mon, char *buf, size_t len)
{
    lower_lr_remedy(mon, buf, len, "", " and `set clip=1`, then `train` again");
}

static void check_nonfinite_val(nn_monitor *mon, const float *g, nn_warning *out, int *n)
{
    (void)g;
    const point *p = &mon->pt[mon->n - 1];
    if (!p->has_val || isfinite(p->val) || !mon->armed[NN_WARN_NONFINITE])
        return;
    mon->armed[NN_WARN_NONFINITE] = false;
    char remedy[200];
    nonfinite_remedy(mon, remedy, sizeof remedy);
    emit(mon, out, n, NN_WARN_NONFINITE, p->epoch, remedy,
         "at epoch %d, the validation loss is %s although training goes on: the model's outputs "
         "overflow on validation rows", p->epoch, isnan(p->val) ? "NaN" : "infinite");
}

/* --- feeding --- */

static int add_point(nn_monitor *mon, const nn_epoch_record *r)
{
    if (mon->n == mon->cap) {
        int cap = mon->cap ? 2 * mon->cap : 64;
        point *grown = realloc(mon->pt, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        mon->pt = grown;
        mon->cap = cap;
    }
    mon->pt[mon->n++] = (point){r->epoch, r->has_val, r->loss, r->has_val ? r->val_loss : NAN,
                                r->grad_norm};
    return 0;
}

void nn_monitor_batch(nn_monitor *mon, double loss)
{
    if (!isfinite(loss))
        return;
    mon->b_sum += loss, mon->b_sq += loss * loss, mon->b_n++;
}

/* The rules judged at each epoch, in the order their warnings come. */
typedef void epoch_rule(nn_monitor *mon, const float *layer_grads, nn_warning *out, int *n);
static epoch_rule *const epoch_rules[] = {check_overfitting, check_vanishing, check_exploding,
                                          check_diverging, check_nonfinite_val};

int nn_monitor_epoch(nn_monitor *mon, const nn_epoch_record *r, const float *layer_grad_norms,
                     nn_warning out[NN_MONITOR_MAX_WARNINGS])
{
    if (add_point(mon, r) < 0)
        return 0; /* out of memory: this epoch goes unjudged */
    if (r->lr > 0.0f)
        mon->lr = r->lr;
    int n = 0;
    locale_t old = uselocale(nn_c_locale());
    for (size_t i = 0; i < sizeof epoch_rules / sizeof epoch_rules[0]; i++)
        epoch_rules[i](mon, layer_grad_norms, out, &n);
    uselocale(old);
    return n;
}

int nn_monitor_end(nn_monitor *mon, const nn_end_event *e, nn_warning out[NN_MONITOR_MAX_WARNINGS])
{
    if (e->reason != NN_END_NONFINITE || !mon->armed[NN_WARN_NONFINITE])
        return 0;
    mon->armed[NN_WARN_NONFINITE] = false;
    int n = 0;
    char remedy[200];
    locale_t old = uselocale(nn_c_locale());
    nonfinite_remedy(mon, remedy, sizeof remedy);
    emit(mon, out, &n, NN_WARN_NONFINITE, e->epochs_run + 1, remedy,
         "training stopped in epoch %d: %s", e->epochs_run + 1, e->message);
    uselocale(old);
    return n;
}

/* --- dead ReLU units --- */

/* Marks, for each ReLU unit, whether it was positive for any row. */
static void mark_active(nn_monitor *mon, const nn_model *m, int rows)
{
    size_t at = 0;
    for (int i = 0; i < m->n_layers; i++) {
        if (!mon->layer[i].relu)
            continue;
        size_t width = nn_shape_size(m->layers[i].out);
        const float *o = m->out[i];
        for (int r = 0; r < rows; r++)
            for (size_t j = 0; j < width; j++)
                mon->active[at + j] |= o[(size_t)r * width + j] > 0.0f;
        at += width;
    }
}

static int count_dead(nn_monitor *mon, nn_model *m, const float *x, int rows, nn_error *err)
{
    size_t total = 0;
    for (int i = 0; i < m->n_layers; i++)
        if (mon->layer[i].relu)
            total += nn_shape_size(m->layers[i].out);
    if (total > mon->active_cap) {
        unsigned char *grown = realloc(mon->active, total);
        if (!grown)
            return nn_fail(err, "out of memory counting dead units");
        mon->active = grown;
        mon->active_cap = total;
    }
    if (total) /* no ReLU layer: nothing to clear */
        memset(mon->active, 0, total);
    int chunk = nn_model_infer_chunk(rows);
    if (nn_model_reserve(m, chunk, err) < 0)
        return -1;
    int in = nn_model_input_size(m);
    for (int r = 0; r < rows; r += chunk) {
        int n = rows - r < chunk ? rows - r : chunk;
        nn_model_forward(m, x + (size_t)r * in, n, false);
        mark_active(mon, m, n);
    }
    size_t at = 0;
    for (int i = 0; i < m->n_layers; i++) {
        mon->dead[i] = mon->units[i] = 0;
        if (!mon->layer[i].relu)
            continue;
        mon->units[i] = (int)nn_shape_size(m->layers[i].out);
        for (int j = 0; j < mon->units[i]; j++)
            mon->dead[i] += !mon->active[at + j];
        at += (size_t)mon->units[i];
    }
    return 0;
}

int nn_monitor_dead_relu(nn_monitor *mon, nn_model *m, int epoch, const float *x, int rows,
                         nn_warning out[NN_MONITOR_MAX_WARNINGS], nn_error *err)
{
    if (!m->built || m->n_layers != mon->n_layers)
        return nn_fail(err, "the model is not the one this monitor was made for");
    if (rows < 1)
        return nn_fail(err, "no sample rows to look for dead units");
    if (count_dead(mon, m, x, rows, err) < 0)
        return -1;
    int worst = -1, over = 0;
    double worst_fraction = 0.0;
    for (int i = 0; i < m->n_layers; i++) {
        if (!mon->units[i])
            continue;
        double f = (double)mon->dead[i] / mon->units[i];
        if (f >= mon->r.dead_fraction) {
            over++;
            if (worst < 0 || f > worst_fraction)
                worst = i, worst_fraction = f;
        }
    }
    if (!episode(mon, NN_WARN_DEAD_RELU, worst >= 0, worst >= 0))
        return 0;
    int n = 0;
    char remedy[200], others[48] = "";
    locale_t old = uselocale(nn_c_locale());
    const layer_info *w = &mon->layer[worst];
    if (w->units > 0)
        snprintf(remedy, sizeof remedy, "try `set lr=%g`, or leaky_relu in place of relu (e.g. "
                 "`add dense %d leaky_relu`)", (double)mon->lr / 10.0, w->units);
    else
        snprintf(remedy, sizeof remedy, "try `set lr=%g`, or leaky_relu in place of relu "
                 "(`add activation leaky_relu`)", (double)mon->lr / 10.0);
    if (over > 1)
        snprintf(others, sizeof others, " (and %d other layer%s)", over - 1, over > 2 ? "s" : "");
    emit(mon, out, &n, NN_WARN_DEAD_RELU, epoch, remedy,
         "at epoch %d, %d of %d units (%.0f%%) in %s%s output 0 for all %d sample rows: they "
         "no longer learn",
         epoch, mon->dead[worst], mon->units[worst], 100.0 * worst_fraction, w->label, others,
         rows);
    uselocale(old);
    return n;
}

void nn_monitor_dead_units(const nn_monitor *mon, int layer, int *dead, int *units)
{
    bool ok = layer >= 0 && layer < mon->n_layers;
    *dead = ok ? mon->dead[layer] : 0;
    *units = ok ? mon->units[layer] : 0;
}
