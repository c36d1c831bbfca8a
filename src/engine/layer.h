/* A layer kind is a vtable; a layer is one instance in a model.
 *
 * A kind says how to infer its output shape and parameter count from its
 * input, initialise, run forward and backward, and (if it ends in an
 * activation) where its pre-activation "logits" are, so a loss can use the
 * numerically stable from-logits form.  It also describes itself to the
 * floors above: its arguments (nn_arg_spec, as commands describe theirs)
 * drive parsing of `add KIND ...`, completion, the model file's fields and
 * the words a layer is listed by, so nothing above compares kind names.
 * Adding a kind is one file defining an nn_layer_kind and one entry in the
 * table in layer.c (or, for a test's kind, one nn_layer_kind_register). */
#ifndef NN_LAYER_H
#define NN_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "activation.h"
#include "arg_spec.h"
#include "error.h"
#include "rng.h"
#include "shape.h"

typedef struct nn_layer_kind nn_layer_kind;

/* How to initialise weights: auto picks He before ReLU-family activations
 * and Glorot otherwise. */
typedef enum { NN_INIT_AUTO, NN_INIT_HE, NN_INIT_GLOROT, NN_INIT_ZEROS } nn_init;

#define NN_LAYER_MAX_ARGS 8

/* What the user asked for, before shapes are known.  The arguments several
 * kinds share have named fields, which readers above use; a kind's other
 * arguments are kept in `value`, at their place in kind->args (a number,
 * or a choice's index). */
typedef struct nn_layer_spec {
    const nn_layer_kind *kind;
    int units;                 /* argument "units" (dense) */
    const nn_activation *act;  /* argument "act" (dense, fused; activation) */
    float rate;                /* argument "rate" (dropout) */
    nn_init init;              /* argument "init" (dense) */
    double value[NN_LAYER_MAX_ARGS];
} nn_layer_spec;

typedef struct nn_layer {
    nn_layer_spec spec;
    nn_shape in, out;
    size_t n_params;      /* set by kind->shape */
    size_t n_penalised;   /* the first n_penalised params take l1/l2 (kernels) */
    /* The last n_frozen params are state the layer moves itself (batch
     * norm's running statistics): saved with the weights, but no
     * optimizer step, decay, penalty or gradient norm touches them. */
    size_t n_frozen;
    /* The recurrent kernel's place in the params (lstm, gru; 0 and 0 for
     * other kinds): its gradient's norm is reported apart, so vanishing or
     * exploding through time shows beside the input kernel's. */
    size_t recurrent_at, n_recurrent;
    size_t scratch_per_sample;
    float *w, *g;         /* views into the model's flat parameter/gradient vectors */
    float *scratch;       /* batch capacity * scratch_per_sample floats */
    nn_rng *rng;          /* the model's generator (dropout masks) */
    const nn_activation *feeds; /* activation applied to this layer's output (init choice) */
    bool grad_wrt_logits; /* backward is handed dL/dlogits, skip the activation */
    bool borrowed;        /* a replica's: its parameters are another model's, read only */
} nn_layer;

struct nn_layer_kind {
    const char *name;
    const char *help;       /* one line */
    const char *shape_rule; /* its output shape from its input, e.g. "(n) -> (units)" */
    /* Reads (steps, channels) samples: a model holding one reads windowed
     * rows as sequences (nn_seq_layout) rather than flat vectors. */
    bool reads_steps;
    /* Carries a state through the steps (lstm, gru): its gradients can
     * vanish or explode through time, which warnings' remedies name. */
    bool recurrent;
    /* Terminated by {0}; at most NN_LAYER_MAX_ARGS.  Those not NN_ARG_KEY_ONLY
     * may also be given as bare words, in this order ("dense 16 relu").
     * INT and NUMBER are checked against [min, max] and [min, max) when
     * min < max; "act" (WORD) names an activation; CHOICE is one of choices. */
    const nn_arg_spec *args;
    int (*shape)(nn_layer *l, nn_error *err);
    void (*init)(nn_layer *l, nn_rng *rng);
    void (*forward)(nn_layer *l, const float *in, float *out, int batch, bool training);
    /* Writes the layer's gradients into l->g (overwriting) and, unless din
     * is NULL (first layer), the gradient with respect to its input. */
    void (*backward)(nn_layer *l, const float *in, const float *out, const float *dout,
                     float *din, int batch);
    /* Pre-activation values of the last forward pass, or NULL. */
    const float *(*logits)(const nn_layer *l, const float *in);
};

extern const nn_layer_kind nn_layer_dense, nn_layer_activation, nn_layer_dropout;
extern const nn_layer_kind nn_layer_conv1d, nn_layer_maxpool1d, nn_layer_avgpool1d,
    nn_layer_globalavgpool1d, nn_layer_lstm, nn_layer_gru, nn_layer_batchnorm, nn_layer_layernorm;

/* Helpers the kinds share.  The uniform limit for a kernel of these fans
 * as l->spec.init asks: He (sqrt(6/fan_in)) before ReLU-like activations
 * when auto, else Glorot (sqrt(6/(fan_in+fan_out))), 0 for zeros. */
float nn_layer_init_limit(const nn_layer *l, size_t fan_in, size_t fan_out);
void nn_fill_uniform(float *w, size_t n, float limit, nn_rng *rng);
/* Fails unless l->in is (steps, channels), naming the way to get it. */
int nn_layer_need_steps(const nn_layer *l, nn_error *err);
/* Column sums of a rows x cols matrix into sums (overwritten): a bias's gradient. */
void nn_sum_rows(const float *m, int rows, int cols, float *sums);

/* Case-insensitive, as Keras spells them (Dense). */
const nn_layer_kind *nn_layer_kind_find(const char *name);
const nn_layer_kind *nn_layer_kind_at(int i);
/* Adds a kind after the built-in ones (a test's, a plug-in's); call it
 * before any model uses it.  Fails when the name is taken or the table full. */
int nn_layer_kind_register(const nn_layer_kind *kind, nn_error *err);
/* The kind's argument answering to name, or its i-th positional one; NULL if none. */
const nn_arg_spec *nn_layer_kind_arg(const nn_layer_kind *kind, const char *name);
const nn_arg_spec *nn_layer_kind_positional(const nn_layer_kind *kind, int i);

/* Spec handling, generic over kinds through their `args`. */
int nn_layer_spec_init(nn_layer_spec *s, const char *kind, nn_error *err);
int nn_layer_spec_set(nn_layer_spec *s, const char *key, const char *value, nn_error *err);
/* Parses "dense units=10 act=relu" (the form nn_layer_spec_format writes). */
int nn_layer_spec_parse(nn_layer_spec *s, const char *text, nn_error *err);
int nn_layer_spec_format(const nn_layer_spec *s, char *buf, size_t len);
/* The words `add` takes for it: "dense 16 relu", "dropout 0.2". */
int nn_layer_spec_words(const nn_layer_spec *s, char *buf, size_t len);
const char *nn_init_name(nn_init init);

#endif
