/* Training diagnostics: the monitor keeps the run as the rules see it
 * (warning_rule.h), hands each event to the rules in table order, decides
 * from their verdicts and how often each may repeat whether they warn,
 * and logs the warnings for any thread to read. */
#include "monitor.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/c_locale.h"
#include "engine/loss.h"
#include "dead_census.h"
#include "warning_rule.h"

/* A rule as one monitor judges it. */
typedef struct judged_rule {
    const nn_warning_rule *rule;
    void *state;       /* its own, zeroed */
    bool armed;
    int quiet;         /* consecutive judgements with the condition false */
} judged_rule;

struct nn_monitor {
    nn_monitor_run run;
    int cap;           /* of run.pt */
    judged_rule rule[NN_WARN_MAX_KINDS];
    int n_rules;
    nn_dead_census census;
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

static bool is_relu(const nn_layer *l)
{
    return l->spec.act && l->spec.act->can_die &&
           (l->spec.kind == &nn_layer_dense || l->spec.kind == &nn_layer_activation);
}

static void describe_layer(const nn_model *m, int i, nn_monitor_layer *info)
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
    const nn_activation *act = out->spec.act ? out->spec.act : nn_activation_linear();
    const char *want = loss->logit_activation; /* a classification loss's output */
    if (want && strcmp(act->name, want) != 0)
        snprintf(mon->run.bad_output, sizeof mon->run.bad_output, "loss %s wants a %s output, not "
                 "%.60s: rebuild it (e.g. `add dense %d %s`)", loss->name, want,
                 mon->run.layer[m->n_layers - 1].label, out->spec.units > 0 ? out->spec.units : 1, want);
}

/* The model's layers and dropout, and whether its output fits the loss. */
static void describe_model(nn_monitor *mon, const nn_model *m, const nn_settings *s)
{
    mon->run.n_layers = m->n_layers;
    for (int i = 0; i < m->n_layers; i++) {
        describe_layer(m, i, &mon->run.layer[i]);
        if (m->layers[i].spec.kind == &nn_layer_dropout && m->layers[i].spec.rate > mon->run.dropout)
            mon->run.dropout = m->layers[i].spec.rate;
    }
    check_output(mon, m, s);
}

/* Every rule of the table, armed, with its zeroed state. */
static int take_rules(nn_monitor *mon)
{
    for (int k = 0; k < nn_warning_rule_count(); k++) {
        judged_rule *j = &mon->rule[mon->n_rules++];
        j->rule = nn_warning_rule_at(k);
        j->armed = true;
        if (j->rule->state_size && !(j->state = calloc(1, j->rule->state_size)))
            return -1;
    }
    return 0;
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
    if (!(mon->run.layer = calloc((size_t)nl, sizeof *mon->run.layer)) || take_rules(mon) < 0) {
        nn_monitor_free(mon);
        nn_fail(err, "out of memory for the training monitor");
        return NULL;
    }
    if (rules)
        mon->run.r = *rules;
    else
        nn_monitor_rules_default(&mon->run.r);
    nn_settings def;
    nn_settings_default(&def);
    mon->run.lr = s ? s->lr : def.lr;
    mon->run.l2 = s ? s->l2 : 0.0f;
    describe_model(mon, m, s);
    return mon;
}

void nn_monitor_free(nn_monitor *mon)
{
    if (!mon)
        return;
    free(mon->run.layer);
    free(mon->run.pt);
    for (int k = 0; k < mon->n_rules; k++)
        free(mon->rule[k].state);
    nn_dead_census_free(&mon->census);
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

/* --- judging --- */

void nn_monitor_lower_lr_remedy(const nn_monitor_run *run, char *buf, size_t len, const char *prefix,
                                const char *suffix)
{
    snprintf(buf, len, "%stry `set lr=%g`%s", prefix, (double)run->lr / 10.0, suffix);
}

/* Whether a rule warns now, given its verdict and how often it may. */
static bool warns(const nn_monitor *mon, judged_rule *j, unsigned verdict)
{
    if ((verdict & NN_VERDICT_NEW_EPISODE) && j->rule->repeat == NN_REPEAT_PER_EPISODE)
        j->armed = true;
    if (j->rule->repeat == NN_REPEAT_AFTER_QUIET) {
        if (!(verdict & (NN_VERDICT_HOLDS | NN_VERDICT_FIRES))) {
            if (!j->armed && ++j->quiet >= mon->run.r.rearm_epochs)
                j->armed = true;
            return false;
        }
        j->quiet = 0;
    }
    if (!(verdict & NN_VERDICT_FIRES) || !j->armed)
        return false;
    j->armed = false;
    return true;
}

/* A rule's warning, worded by the rule, into out and the log. */
static void emit(nn_monitor *mon, int kind, const nn_monitor_event *e, nn_warning *w)
{
    const judged_rule *j = &mon->rule[kind];
    w->kind = (nn_warning_kind)kind;
    w->epoch = e->epoch;
    j->rule->message(&mon->run, j->state, e, w->text, sizeof w->text);
    j->rule->remedy(&mon->run, j->state, e, w->remedy, sizeof w->remedy);
    log_warning(mon, w);
}

typedef enum { AT_EPOCH, AT_END, AT_CENSUS } moment;

static nn_condition *condition_at(const nn_warning_rule *rule, moment at)
{
    return at == AT_EPOCH ? rule->at_epoch : at == AT_END ? rule->at_end : rule->at_census;
}

/* Judges the rules that have a condition at this moment, in table order,
 * in the C locale of the sentences. */
static int judge(nn_monitor *mon, moment at, const nn_monitor_event *e, nn_warning *out)
{
    int n = 0;
    locale_t old = uselocale(nn_c_locale());
    for (int k = 0; k < mon->n_rules; k++) {
        judged_rule *j = &mon->rule[k];
        nn_condition *cond = condition_at(j->rule, at);
        if (cond && warns(mon, j, cond(&mon->run, j->state, e)))
            emit(mon, k, e, &out[n++]);
    }
    uselocale(old);
    return n;
}

/* --- feeding --- */

static int add_point(nn_monitor *mon, const nn_epoch_record *r)
{
    nn_monitor_run *run = &mon->run;
    if (run->n == mon->cap) {
        int cap = mon->cap ? 2 * mon->cap : 64;
        nn_monitor_point *grown = realloc(run->pt, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        run->pt = grown;
        mon->cap = cap;
    }
    run->pt[run->n++] = (nn_monitor_point){r->epoch, r->has_val, r->loss,
                                           r->has_val ? r->val_loss : NAN, r->grad_norm};
    return 0;
}

void nn_monitor_batch(nn_monitor *mon, double loss)
{
    for (int k = 0; k < mon->n_rules; k++)
        if (mon->rule[k].rule->at_batch)
            mon->rule[k].rule->at_batch(mon->rule[k].state, loss);
}

int nn_monitor_epoch(nn_monitor *mon, const nn_epoch_record *r, const float *layer_grad_norms,
                     nn_warning out[NN_MONITOR_MAX_WARNINGS])
{
    if (add_point(mon, r) < 0)
        return 0; /* out of memory: this epoch goes unjudged */
    if (r->lr > 0.0f)
        mon->run.lr = r->lr;
    nn_monitor_event e = {.epoch = r->epoch, .layer_grads = layer_grad_norms};
    return judge(mon, AT_EPOCH, &e, out);
}

int nn_monitor_end(nn_monitor *mon, const nn_end_event *e, nn_warning out[NN_MONITOR_MAX_WARNINGS])
{
    nn_monitor_event ev = {.epoch = e->epochs_run + 1, .end = e};
    return judge(mon, AT_END, &ev, out);
}

int nn_monitor_dead_relu(nn_monitor *mon, nn_model *m, int epoch, const float *x, int rows,
                         nn_warning out[NN_MONITOR_MAX_WARNINGS], nn_error *err)
{
    if (!m->built || m->n_layers != mon->run.n_layers)
        return nn_fail(err, "the model is not the one this monitor was made for");
    if (rows < 1)
        return nn_fail(err, "no sample rows to look for dead units");
    if (nn_dead_census_count(&mon->census, mon->run.layer, m, x, rows, err) < 0)
        return -1;
    nn_monitor_event e = {.epoch = epoch, .rows = rows};
    return judge(mon, AT_CENSUS, &e, out);
}

void nn_monitor_dead_units(const nn_monitor *mon, int layer, int *dead, int *units)
{
    bool ok = layer >= 0 && layer < mon->run.n_layers;
    *dead = ok ? mon->run.layer[layer].dead : 0;
    *units = ok ? mon->run.layer[layer].counted : 0;
}
