/* The run's record: written by the training thread, read by snapshots.
 *
 * Ownership rules that keep the lock short:
 * - Only the training thread writes (record_batch/epoch/end); it may read
 *   the shared arrays without the lock, since nobody else changes them.
 * - The epoch arrays grow by allocating and copying outside the lock and
 *   swapping pointers inside it; the old arrays are freed after unlocking.
 * - Batch records go to ring slot (seq % ring_cap); a snapshot keeps a ring
 *   of the same size indexed the same way, so it copies only new slots. */
#include "history.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/c_locale.h"
#include "engine/atomic_file.h"
#include "engine/metric.h"

struct nn_history {
    unsigned long id;           /* tells snapshots which history they copy */
    int n_layers, ring_cap;
    char hyperparams[256];
    char model[256], label[32];
    nn_settings settings;        /* the run's, with its live changes */

    /* training thread only: sums over the epoch being run */
    double grad_sum;
    long grad_count;
    double *layer_grad_sum;
    float *layer_grad_mean;     /* scratch for the epoch's record */
    int cap_epochs;

    pthread_mutex_t lock;       /* guards everything below */
    unsigned long version;
    char metric[NN_NAME_LEN];
    int epochs;
    nn_epoch_record *epoch;
    float *layer_grad, *layer_weight; /* rows of n_layers */
    int n_epochs;
    int best_epoch;
    double best_val_loss;
    nn_batch_record *ring;
    long seen;
    bool has_batch;
    nn_batch_record last;
    double samples_per_s;
    double run_seconds;
    float *grad_norms, *weight_norms;
    nn_history_marker *marker;
    int n_markers, cap_markers;
    bool ended;
    nn_end_event end;
};

static atomic_ulong next_history_id = 1;


/* --- hyperparameters as text --- */

static bool always_shown(const char *name)
{
    static const char *const names[] = {"loss", "optimizer", "lr", "batch", "epochs"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool field_differs(const nn_setting_field *f, const nn_settings *a, const nn_settings *b)
{
    const char *pa = (const char *)a + f->offset, *pb = (const char *)b + f->offset;
    switch (f->type) {
    case NN_FIELD_INT: return *(const int *)pa != *(const int *)pb;
    case NN_FIELD_INT64: return *(const int64_t *)pa != *(const int64_t *)pb;
    case NN_FIELD_FLOAT: return *(const float *)pa != *(const float *)pb;
    case NN_FIELD_NAME:
    case NN_FIELD_TEXT: return strcmp(pa, pb) != 0;
    }
    return false;
}

static int format_field(const nn_setting_field *f, const nn_settings *s, char *buf, size_t len)
{
    const char *p = (const char *)s + f->offset;
    switch (f->type) {
    case NN_FIELD_INT: return snprintf(buf, len, "%s=%d", f->name, *(const int *)p);
    case NN_FIELD_INT64: return snprintf(buf, len, "%s=%lld", f->name, (long long)*(const int64_t *)p);
    case NN_FIELD_FLOAT: return snprintf(buf, len, "%s=%g", f->name, *(const float *)p);
    case NN_FIELD_NAME:
    case NN_FIELD_TEXT: return snprintf(buf, len, "%s=%s", f->name, p);
    }
    return 0;
}

/* The core settings, then every other one that is not at its default. */
static void describe_settings(const nn_settings *s, char *buf, size_t len)
{
    nn_settings def;
    nn_settings_default(&def);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; nn_setting_field_at(i); i++) {
        const nn_setting_field *f = nn_setting_field_at(i);
        if (!always_shown(f->name) && !field_differs(f, s, &def))
            continue;
        char item[96];
        format_field(f, s, item, sizeof item);
        int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", item);
        if (n < 0 || (size_t)n >= len - used)
            break; /* keep whole items only */
        used += (size_t)n;
    }
    buf[used] = '\0';
}

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
    h->layer_grad_sum = calloc((size_t)n_layers, sizeof *h->layer_grad_sum);
    h->layer_grad_mean = calloc((size_t)n_layers, sizeof *h->layer_grad_mean);
    h->grad_norms = calloc((size_t)n_layers, sizeof *h->grad_norms);
    h->weight_norms = calloc((size_t)n_layers, sizeof *h->weight_norms);
    if (!h->ring || !h->layer_grad_sum || !h->layer_grad_mean || !h->grad_norms ||
        !h->weight_norms) {
        nn_history_free(h);
        nn_fail(err, "out of memory for the training history");
        return NULL;
    }
    if (s) {
        locale_t old = uselocale(nn_c_locale());
        describe_settings(s, h->hyperparams, sizeof h->hyperparams);
        uselocale(old);
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
    int nl = e->n_layers < h->n_layers ? e->n_layers : h->n_layers;
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
    size_t row = (size_t)h->n_layers * sizeof(float);
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
    int nl = h->n_layers;
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
    s->cap_layers = h->n_layers;
    s->n_layers = h->n_layers;
    if (grow((void **)&s->ring, (size_t)h->ring_cap * sizeof *s->ring) < 0 ||
        grow((void **)&s->grad_norms, (size_t)h->n_layers * sizeof(float)) < 0 ||
        grow((void **)&s->weight_norms, (size_t)h->n_layers * sizeof(float)) < 0) {
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
    size_t row = (size_t)h->n_layers;
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
            memcpy(layer_grad_norms, h->layer_grad + (size_t)(n - 1) * h->n_layers,
                   (size_t)h->n_layers * sizeof(float));
    }
    pthread_mutex_unlock(&h->lock);
    return n > 0 ? 0 : -1;
}

/* --- CSV export --- */

/* A growing text buffer for the export; fails once, stays failed. */
typedef struct text {
    char *p;
    size_t len, cap;
    bool failed;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    for (int tries = 0; tries < 2 && !t->failed; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = 2 * t->cap + (size_t)(n > 0 ? n : 0) + 1;
        char *q = realloc(t->p, cap);
        if (!q || n < 0)
            t->failed = true;
        else
            t->p = q, t->cap = cap;
    }
}

/* A CSV number: shortest sensible digits, "nan"/"inf" spelled plainly. */
static void put_number(text *t, double v, int digits)
{
    if (isnan(v))
        put(t, ",nan");
    else if (isinf(v))
        put(t, v > 0 ? ",inf" : ",-inf");
    else
        put(t, ",%.*g", digits, v);
}

static void put_epoch(text *t, const nn_epoch_record *r)
{
    put(t, "%d", r->epoch);
    put_number(t, r->loss, 9);
    if (r->has_val)
        put_number(t, r->val_loss, 9);
    else
        put(t, ",");
    put_number(t, r->metric, 9);
    if (r->has_val)
        put_number(t, r->val_metric, 9);
    else
        put(t, ",");
    put_number(t, r->lr, 7);
    put_number(t, r->grad_norm, 9);
    put_number(t, r->samples_per_s, 9);
    put_number(t, r->seconds, 9);
    put(t, "\n");
}

int nn_history_export_csv(nn_history *h, const char *path, nn_error *err)
{
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    if (nn_history_read(h, &s, err) < 0)
        return -1;
    text t = {malloc(4096), 0, 4096, false};
    t.failed = t.p == NULL;
    locale_t old = uselocale(nn_c_locale());
    put(&t, "epoch,loss,val_loss,%s,val_%s,lr,grad_norm,samples_per_s,seconds\n", s.metric,
        s.metric);
    for (int i = 0; i < s.n_epochs; i++)
        put_epoch(&t, &s.epoch[i]);
    uselocale(old);
    int rc = t.failed ? nn_fail(err, "%s: out of memory formatting the history", path)
                      : nn_write_file_atomic(path, t.p, t.len, err);
    free(t.p);
    nn_history_snapshot_free(&s);
    return rc;
}

/* --- summary for `runs` --- */

const char *nn_end_reason_name(nn_end_reason r)
{
    switch (r) {
    case NN_END_FINISHED: return "finished";
    case NN_END_STOPPED: return "stopped";
    case NN_END_EARLY_STOP: return "early stop";
    case NN_END_NONFINITE: return "NaN/Inf";
    }
    return "?";
}

void nn_history_summary(nn_history *h, nn_run_summary *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&h->lock);
    memcpy(out->hyperparams, h->hyperparams, sizeof out->hyperparams);
    memcpy(out->model, h->model, sizeof out->model);
    memcpy(out->label, h->label, sizeof out->label);
    memcpy(out->metric, h->metric, sizeof out->metric);
    out->epochs_run = h->n_epochs;
    const nn_epoch_record *last = h->n_epochs ? &h->epoch[h->n_epochs - 1] : NULL;
    out->final_loss = last ? last->loss : NAN;
    out->final_val_loss = last ? last->val_loss : NAN;
    out->best_epoch = h->best_epoch;
    out->best_val_loss = h->best_epoch ? h->best_val_loss : NAN;
    out->best_val_metric = NAN;
    for (int i = 0; i < h->n_epochs; i++)
        if (h->epoch[i].epoch == h->best_epoch)
            out->best_val_metric = h->epoch[i].val_metric;
    out->n_changes = h->n_markers;
    out->ended = h->ended;
    out->reason = h->end.reason;
    memcpy(out->end_message, h->end.message, sizeof out->end_message);
    pthread_mutex_unlock(&h->lock);
}

void nn_history_set_model(nn_history *h, const char *model)
{
    pthread_mutex_lock(&h->lock);
    snprintf(h->model, sizeof h->model, "%s", model);
    pthread_mutex_unlock(&h->lock);
}

void nn_history_set_label(nn_history *h, const char *label)
{
    pthread_mutex_lock(&h->lock);
    snprintf(h->label, sizeof h->label, "%s", label);
    pthread_mutex_unlock(&h->lock);
}

int nn_history_change(nn_history *h, const char *key, const char *value, nn_error *err)
{
    char mark[64]; /* the loss chart marks where it changed */
    snprintf(mark, sizeof mark, "%s=%s", key, value);
    int rc = nn_history_mark(h, mark, err);
    pthread_mutex_lock(&h->lock);
    nn_error ignored; /* the trainer took the value: it is valid */
    nn_settings next = h->settings;
    if (nn_settings_set(&next, key, value, &ignored) == 0) {
        h->settings = next;
        locale_t old = uselocale(nn_c_locale());
        describe_settings(&h->settings, h->hyperparams, sizeof h->hyperparams);
        uselocale(old);
    }
    pthread_mutex_unlock(&h->lock);
    return rc;
}
