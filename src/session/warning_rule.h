/* What a warning rule is: one table entry that the training monitor
 * (monitor.c) judges at each epoch, at the run's end or at a dead-unit
 * census, and that the log and the Warnings pane read by its kind.
 *
 * A rule sees the run so far (nn_monitor_run, read-only) and keeps what
 * else it needs in its own state, zeroed in each monitor.  Its condition
 * returns a verdict; the monitor decides from the verdict and the rule's
 * `repeat` whether it warns now, then asks the rule for its sentence and
 * its remedy.  To add a rule: a file warn_NAME.c defining its entry, and
 * that entry's address in the table in warning_rules.c (or, for a rule
 * that is not built in, nn_warning_rule_register at start-up). */
#ifndef NN_WARNING_RULE_H
#define NN_WARNING_RULE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "session/monitor.h"

/* What the rules need of one epoch. */
typedef struct nn_monitor_point {
    int epoch;
    bool has_val;
    double train, val; /* val NAN without validation */
    double grad;       /* mean global gradient norm */
} nn_monitor_point;

typedef struct nn_monitor_layer {
    bool has_params, relu;
    bool recurrent;    /* lstm, gru: gradients flow back through every step */
    int units;         /* dense units, for remedies */
    char label[48];    /* "layer 2 (dense 20 relu)" */
    int dead, counted; /* the last census: dead units of `counted` (0: not ReLU) */
} nn_monitor_layer;

/* The run as the rules see it. */
typedef struct nn_monitor_run {
    nn_monitor_rules r; /* the thresholds */
    float lr, l2;       /* lr follows the epochs; l2 is the run's */
    float dropout;      /* the highest dropout rate of the model, 0: none */
    char bad_output[160]; /* why the output layer does not fit the loss, "": it fits */
    int n_layers;
    nn_monitor_layer *layer;
    bool recurrent;     /* some layer is recurrent */
    nn_monitor_point *pt; /* the epochs so far, pt[n - 1] the newest */
    int n;
} nn_monitor_run;

/* What is being judged: an epoch (the newest point), the run's end, or
 * a census of dead units over `rows` sample rows. */
typedef struct nn_monitor_event {
    int epoch;                 /* the epoch a warning names */
    /* At an epoch: per-layer mean gradient norms, then the recurrent
     * kernels' (NN_LAYER_NORMS(n_layers) floats, engine/model.h), or NULL. */
    const float *layer_grads;
    const nn_end_event *end;   /* at the end */
    int rows;                  /* at a census */
} nn_monitor_event;

/* A condition's verdict, bits. */
enum {
    NN_VERDICT_HOLDS = 1,       /* the condition holds (it keeps a disarmed rule disarmed) */
    NN_VERDICT_FIRES = 2,       /* warn now, if armed (implies HOLDS) */
    NN_VERDICT_NEW_EPISODE = 4, /* re-arm a NN_REPEAT_PER_EPISODE rule, before FIRES is judged */
};

/* How often a rule may warn. */
typedef enum {
    /* Again only after its condition has not held for rearm_epochs
     * consecutive judgements (epochs, or censuses). */
    NN_REPEAT_AFTER_QUIET,
    /* Again only after its condition says a new episode began. */
    NN_REPEAT_PER_EPISODE,
    /* Once per run. */
    NN_REPEAT_ONCE,
} nn_warning_repeat;

typedef unsigned nn_condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e);
typedef void nn_wording(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                        char *buf, size_t len);

typedef struct nn_warning_rule {
    const char *name;          /* "overfitting": how the log and the pane title its warnings */
    int severity;              /* the Warnings pane lists lower first */
    nn_warning_repeat repeat;
    size_t state_size;         /* its own memory in each monitor, zeroed */
    /* Conditions, by moment (NULL: not judged then).  They may update the
     * state whatever the verdict; the epoch's is judged in table order. */
    nn_condition *at_epoch, *at_end, *at_census;
    /* Each training batch's loss (non-finite ones too); no allocation. */
    void (*at_batch)(void *state, double loss);
    nn_wording *message;       /* the sentence: "at epoch 37, validation loss is up 14% ..." */
    nn_wording *remedy;        /* what to type, fitting the model: "try `set l2=1e-4` ..." */
    /* Whether its condition still holds in the run's figures: a warning
     * that does comes first in the Warnings pane.  NULL: never pinned. */
    bool (*pinned)(const nn_history_snapshot *run);
} nn_warning_rule;

/* The rules in judging order; k is a warning's kind.  NULL past the last. */
const nn_warning_rule *nn_warning_rule_at(int k);
int nn_warning_rule_count(void);
/* Adds a rule after the built-in ones, for monitors made from then on;
 * returns its kind, or -1 when NN_WARN_MAX_KINDS rules are known.  Call it
 * at start-up, before any thread reads the rules. */
int nn_warning_rule_register(const nn_warning_rule *rule);

/* Helpers the rules share. */
static inline const nn_monitor_point *nn_monitor_newest(const nn_monitor_run *run)
{
    return &run->pt[run->n - 1];
}

/* How far now is from then, in percent. */
static inline double nn_monitor_percent(double now, double then)
{
    return 100.0 * fabs(now / then - 1.0);
}

/* "<prefix>try `set lr=<a tenth of the lr>`<suffix>" */
void nn_monitor_lower_lr_remedy(const nn_monitor_run *run, char *buf, size_t len, const char *prefix,
                                const char *suffix);

#endif
