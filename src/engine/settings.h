/* Training settings: one struct, described field by field in a table so
 * that `set KEY=VALUE`, model files and help all read the same names,
 * ranges and defaults.  Fields marked live may change while training runs
 * and take effect at the next batch. */
#ifndef NN_SETTINGS_H
#define NN_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "optimizer.h"

#define NN_NAME_LEN 24
#define NN_CLASS_WEIGHT_LEN 64 /* fits the 64-byte buffers that format settings */

typedef struct nn_settings {
    char loss[NN_NAME_LEN];
    char optimizer[NN_NAME_LEN];
    char metric[NN_NAME_LEN];   /* "auto" follows the loss */
    char schedule[NN_NAME_LEN];
    char class_weight[NN_CLASS_WEIGHT_LEN]; /* class_weight.h: none, balanced, LABEL:W,... */
    float lr;
    int batch;
    int epochs;
    float l1, l2;               /* penalties on kernels (Keras semantics: l2 * sum w^2) */
    float clip;                 /* clip gradients to this global norm; 0 = off */
    float clipvalue;            /* clip each gradient to [-v, v]; 0 = off */
    int64_t seed;
    int patience;               /* early stopping on validation loss; 0 = off */
    float min_delta;            /* smallest drop in validation loss that counts */
    int shuffle;                /* 1: shuffle each epoch; 0: in order (time series) */
    int threads;                /* BLAS threads; 0 = leave BLAS's choice */
    float decay;                /* step/exponential factor, plateau reduction */
    float decay_epochs;         /* step/exponential period in epochs */
    float warmup;               /* cosine: linear warm-up epochs */
    float min_lr;               /* cosine floor, plateau floor */
    int plateau_patience;       /* epochs without improvement before reducing */
    char sync[NN_NAME_LEN];     /* ranks of a parallel run: "sync" (gradients each
                                 * step) or "local" (weights every `period` steps) */
    int period;                 /* sync=local: optimizer steps between averagings */
    nn_optim_hparams hp;
} nn_settings;

/* NAME: a word of < NN_NAME_LEN bytes; TEXT: a longer value of
 * < NN_CLASS_WEIGHT_LEN bytes; both checked by known(). */
typedef enum { NN_FIELD_INT, NN_FIELD_INT64, NN_FIELD_FLOAT, NN_FIELD_NAME, NN_FIELD_TEXT } nn_field_type;

typedef struct nn_setting_field {
    const char *name;
    nn_field_type type;
    size_t offset;
    double min, max;
    bool live;
    const char *help;
    /* For NAME and TEXT fields: returns true if the value is well formed. */
    bool (*known)(const char *value);
} nn_setting_field;

void nn_settings_default(nn_settings *s);
const nn_setting_field *nn_setting_field_at(int i);
const nn_setting_field *nn_setting_field_find(const char *name);
/* Validates and sets one field; on error the settings are unchanged. */
int nn_settings_set(nn_settings *s, const char *key, const char *value, nn_error *err);
/* Formats a field's value. */
int nn_settings_get(const nn_settings *s, const char *key, char *buf, size_t len);
/* The shortest text that reads back as the same float (0.3, not
 * 0.300000012); snprintf's return. */
int nn_format_float(char *buf, size_t len, float v);
/* Validates names and cross-field rules (used before training). */
int nn_settings_check(const nn_settings *s, nn_error *err);

#endif
