#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class_weight.h"
#include "loss.h"
#include "metric.h"
#include "schedule.h"

static bool known_loss(const char *v) { return nn_loss_find(v) != NULL; }
static bool known_optimizer(const char *v) { return nn_optimizer_find(v) != NULL; }
static bool known_schedule(const char *v) { return nn_schedule_find(v) != NULL; }
static bool known_metric(const char *v) { return strcmp(v, "auto") == 0 || nn_metric_find(v); }
static bool known_sync(const char *v) { return strcmp(v, "sync") == 0 || strcmp(v, "local") == 0; }

#define F(field) offsetof(nn_settings, field)

static const nn_setting_field fields[] = {
    {"loss", NN_FIELD_NAME, F(loss), 0, 0, false, "loss function: mse, mae, huber, bce, cce", known_loss},
    {"optimizer", NN_FIELD_NAME, F(optimizer), 0, 0, false,
     "sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw", known_optimizer},
    {"metric", NN_FIELD_NAME, F(metric), 0, 0, false, "auto, accuracy or mae", known_metric},
    {"schedule", NN_FIELD_NAME, F(schedule), 0, 0, true,
     "learning-rate schedule: constant, step, exponential, cosine, plateau", known_schedule},
    {"class_weight", NN_FIELD_TEXT, F(class_weight), 0, 0, false,
     "bce/cce class weights: none, balanced (n/(classes*count)) or CLASS:W,... (name or index)",
     nn_class_weight_valid},
    {"lr", NN_FIELD_FLOAT, F(lr), 0, 10, true, "learning rate", NULL},
    {"batch", NN_FIELD_INT, F(batch), 1, 1 << 20, false, "rows per minibatch", NULL},
    {"epochs", NN_FIELD_INT, F(epochs), 1, 1 << 24, false, "passes over the training rows", NULL},
    {"l1", NN_FIELD_FLOAT, F(l1), 0, 1e3, true, "L1 penalty on kernels", NULL},
    {"l2", NN_FIELD_FLOAT, F(l2), 0, 1e3, true, "L2 penalty on kernels", NULL},
    {"clip", NN_FIELD_FLOAT, F(clip), 0, 1e9, true, "clip gradients to this global norm (0 = off)", NULL},
    {"clipvalue", NN_FIELD_FLOAT, F(clipvalue), 0, 1e9, true,
     "clip each gradient value to [-v, v] (0 = off)", NULL},
    {"seed", NN_FIELD_INT64, F(seed), 0, 9.2e18, false, "seed for weights, shuffling and dropout", NULL},
    {"patience", NN_FIELD_INT, F(patience), 0, 1 << 24, false,
     "stop after this many epochs without validation improvement (0 = off)", NULL},
    {"min_delta", NN_FIELD_FLOAT, F(min_delta), 0, 1e9, false,
     "smallest drop in validation loss that counts as improvement", NULL},
    {"shuffle", NN_FIELD_INT, F(shuffle), 0, 1, false, "1: shuffle rows each epoch; 0: keep order", NULL},
    {"threads", NN_FIELD_INT, F(threads), 0, 256, false,
     "training threads: 0 = BLAS default, 1 = one, 2+ = split batches of 64+ rows over two",
     NULL},
    {"decay", NN_FIELD_FLOAT, F(decay), 1e-6, 1, true, "step/exponential/plateau factor", NULL},
    {"decay_epochs", NN_FIELD_FLOAT, F(decay_epochs), 1e-3, 1e9, true,
     "epochs per step/exponential decay", NULL},
    {"warmup", NN_FIELD_FLOAT, F(warmup), 0, 1e9, true, "cosine: warm-up epochs", NULL},
    {"min_lr", NN_FIELD_FLOAT, F(min_lr), 0, 10, true, "cosine/plateau: lowest learning rate", NULL},
    {"plateau_patience", NN_FIELD_INT, F(plateau_patience), 1, 1 << 24, true,
     "plateau: epochs without improvement before reducing lr", NULL},
    {"sync", NN_FIELD_NAME, F(sync), 0, 0, false,
     "under mpirun: sync (gradients summed every step) or local (local SGD: weights averaged "
     "every `period` steps)", known_sync},
    {"period", NN_FIELD_INT, F(period), 1, 1 << 20, false,
     "sync=local: optimizer steps each rank takes between averagings", NULL},
    {"momentum", NN_FIELD_FLOAT, F(hp.momentum), 0, 1, true, "momentum/nesterov coefficient", NULL},
    {"beta1", NN_FIELD_FLOAT, F(hp.beta1), 0, 0.999999, false, "adam: first-moment decay", NULL},
    {"beta2", NN_FIELD_FLOAT, F(hp.beta2), 0, 0.99999999, false, "adam: second-moment decay", NULL},
    {"eps", NN_FIELD_FLOAT, F(hp.eps), 1e-12, 1, false, "adam/rmsprop/adagrad: denominator guard", NULL},
    {"rho", NN_FIELD_FLOAT, F(hp.rho), 0, 0.999999, false, "rmsprop: squared-gradient decay", NULL},
    {"weight_decay", NN_FIELD_FLOAT, F(hp.weight_decay), 0, 1, true, "adamw: decoupled weight decay", NULL},
};

const nn_setting_field *nn_setting_field_at(int i)
{
    return i >= 0 && i < (int)(sizeof fields / sizeof *fields) ? &fields[i] : NULL;
}

const nn_setting_field *nn_setting_field_find(const char *name)
{
    for (int i = 0; nn_setting_field_at(i); i++)
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

/* Defaults a careful practitioner would pick (Keras's where it has one). */
void nn_settings_default(nn_settings *s)
{
    memset(s, 0, sizeof *s);
    strcpy(s->loss, "mse");
    strcpy(s->optimizer, "adam");
    strcpy(s->metric, "auto");
    strcpy(s->schedule, "constant");
    strcpy(s->class_weight, "none");
    s->lr = 0.001f;
    s->batch = 32;
    s->epochs = 100;
    s->seed = 42;
    s->min_delta = 0.0f;
    s->shuffle = 1;
    s->decay = 0.5f;
    s->decay_epochs = 10.0f;
    s->plateau_patience = 5;
    strcpy(s->sync, "sync");
    s->period = 8;
    s->hp = (nn_optim_hparams){.momentum = 0.9f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-7f,
                               .rho = 0.9f, .weight_decay = 0.004f};
}

static int parse_number(const nn_setting_field *f, const char *value, double *out, nn_error *err)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (errno || end == value || *end || !isfinite(v))
        return nn_fail(err, "%s: expected a number, got '%s'", f->name, value);
    if (f->type != NN_FIELD_FLOAT && v != floor(v))
        return nn_fail(err, "%s: expected a whole number, got '%s'", f->name, value);
    if (v < f->min || v > f->max)
        return nn_fail(err, "%s: %s is out of range [%g, %g]", f->name, value, f->min, f->max);
    *out = v;
    return 0;
}

int nn_settings_set(nn_settings *s, const char *key, const char *value, nn_error *err)
{
    const nn_setting_field *f = nn_setting_field_find(key);
    if (!f)
        return nn_fail(err, "unknown setting '%s'", key);
    char *p = (char *)s + f->offset;
    if (f->type == NN_FIELD_NAME || f->type == NN_FIELD_TEXT) {
        size_t room = f->type == NN_FIELD_NAME ? NN_NAME_LEN : NN_CLASS_WEIGHT_LEN;
        if (strlen(value) >= room || !f->known(value))
            return nn_fail(err, "%s: unknown value '%s' (expected %s)", key, value, f->help);
        strcpy(p, value);
        return 0;
    }
    double v = 0.0;
    if (parse_number(f, value, &v, err) < 0)
        return -1;
    if (f->type == NN_FIELD_INT)
        *(int *)p = (int)v;
    else if (f->type == NN_FIELD_INT64) {
        char *end; /* plain digits are read exactly, even beyond 2^53 */
        long long exact = strtoll(value, &end, 10);
        *(int64_t *)p = *end ? (int64_t)v : (int64_t)exact;
    }
    else
        *(float *)p = (float)v;
    return 0;
}

/* The shortest text that reads back as the same float: 0.01, not
 * 0.00999999978 (model files need the exact value, people the short one). */
int nn_format_float(char *buf, size_t len, float v)
{
    for (int digits = 6; digits < 9; digits++) {
        int n = snprintf(buf, len, "%.*g", digits, v);
        if (strtof(buf, NULL) == v)
            return n;
    }
    return snprintf(buf, len, "%.9g", v);
}

int nn_settings_get(const nn_settings *s, const char *key, char *buf, size_t len)
{
    const nn_setting_field *f = nn_setting_field_find(key);
    if (!f)
        return -1;
    const char *p = (const char *)s + f->offset;
    switch (f->type) {
    case NN_FIELD_NAME:
    case NN_FIELD_TEXT: return snprintf(buf, len, "%s", p);
    case NN_FIELD_INT: return snprintf(buf, len, "%d", *(const int *)p);
    case NN_FIELD_INT64: return snprintf(buf, len, "%lld", (long long)*(const int64_t *)p);
    case NN_FIELD_FLOAT: return nn_format_float(buf, len, *(const float *)p);
    }
    return -1;
}

int nn_settings_check(const nn_settings *s, nn_error *err)
{
    for (int i = 0; nn_setting_field_at(i); i++) {
        const nn_setting_field *f = &fields[i];
        if ((f->type == NN_FIELD_NAME || f->type == NN_FIELD_TEXT) && !f->known((const char *)s + f->offset))
            return nn_fail(err, "%s: unknown value '%s'", f->name, (const char *)s + f->offset);
    }
    if (strcmp(s->schedule, "cosine") == 0 && s->warmup >= s->epochs)
        return nn_fail(err, "warmup (%g epochs) must be shorter than epochs (%d)", s->warmup,
                       s->epochs);
    return 0;
}
