/* A layer kind is a vtable; a layer is one instance in a model.
 *
 * A kind says how to infer its output shape and parameter count from its
 * input, initialise, run forward and backward, and (if it ends in an
 * activation) where its pre-activation "logits" are, so a loss can use the
 * numerically stable from-logits form.  Adding a kind is one file defining
 * an nn_layer_kind and one entry in the table in layer.c. */
#ifndef NN_LAYER_H
#define NN_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "activation.h"
#include "error.h"
#include "rng.h"
#include "shape.h"

typedef struct nn_layer_kind nn_layer_kind;

/* How to initialise weights: auto picks He before ReLU-family activations
 * and Glorot otherwise. */
typedef enum { NN_INIT_AUTO, NN_INIT_HE, NN_INIT_GLOROT, NN_INIT_ZEROS } nn_init;

/* What the user asked for, before shapes are known.  Which fields a kind
 * reads is listed in its `options` string. */
typedef struct nn_layer_spec {
    const nn_layer_kind *kind;
    int units;                 /* dense */
    const nn_activation *act;  /* dense (fused) and activation */
    float rate;                /* dropout */
    nn_init init;              /* dense */
} nn_layer_spec;

typedef struct nn_layer {
    nn_layer_spec spec;
    nn_shape in, out;
    size_t n_params;      /* set by kind->shape */
    size_t n_penalised;   /* the first n_penalised params take l1/l2 (kernels) */
    size_t scratch_per_sample;
    float *w, *g;         /* views into the model's flat parameter/gradient vectors */
    float *scratch;       /* batch capacity * scratch_per_sample floats */
    nn_rng *rng;          /* the model's generator (dropout masks) */
    const nn_activation *feeds; /* activation applied to this layer's output (init choice) */
    bool grad_wrt_logits; /* backward is handed dL/dlogits, skip the activation */
} nn_layer;

struct nn_layer_kind {
    const char *name;
    const char *help;
    const char *options; /* space-separated spec fields it uses, e.g. "units act init" */
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

const nn_layer_kind *nn_layer_kind_find(const char *name);
const nn_layer_kind *nn_layer_kind_at(int i);

/* Spec handling, generic over kinds through their `options` list. */
int nn_layer_spec_init(nn_layer_spec *s, const char *kind, nn_error *err);
int nn_layer_spec_set(nn_layer_spec *s, const char *key, const char *value, nn_error *err);
/* Parses "dense units=10 act=relu" (the form nn_layer_spec_format writes). */
int nn_layer_spec_parse(nn_layer_spec *s, const char *text, nn_error *err);
int nn_layer_spec_format(const nn_layer_spec *s, char *buf, size_t len);
const char *nn_init_name(nn_init init);

#endif
