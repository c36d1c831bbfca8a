/* A sequential model: layers in order, one flat vector of parameters and
 * one of gradients (each layer sees its slice), and workspaces sized for a
 * batch capacity so that forward and backward never allocate. */
#ifndef NN_MODEL_H
#define NN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "layer.h"
#include "tensor.h"

typedef struct nn_model {
    nn_layer *layers;
    int n_layers, cap_layers;
    nn_shape input;    /* a row, as the data gives it: a vector */
    nn_seq_layout layout; /* how windowed rows read as sequences (steps 0: none) */
    bool viewing;      /* built with the first layer reading rows through layout */
    float *view;       /* viewing: the batch gathered as sequences */
    bool built;        /* shapes inferred and parameters allocated */
    bool borrowed;     /* a replica: params belong to another model */
    size_t n_params;
    float *params, *grads;
    nn_rng rng;        /* dropout masks */
    int batch_cap;     /* rows the workspaces hold */
    float **out;       /* out[i]: output of layer i */
    float **dout;      /* dout[i]: loss gradient with respect to out[i] */
    float *scratch;    /* all layers' scratch, sliced */
} nn_model;

nn_model *nn_model_new(void);
void nn_model_free(nn_model *m);

/* Appending or removing a layer un-builds the model (weights are re-made
 * by the next build). */
int nn_model_add(nn_model *m, const nn_layer_spec *spec, nn_error *err);
int nn_model_remove(nn_model *m, int index, nn_error *err);
/* A new, unbuilt model of these n layers (weights come with the build). */
nn_model *nn_model_of_layers(const nn_layer_spec *specs, int n, nn_error *err);

/* Says how rows read as sequences, for models with a layer that reads
 * steps (the session passes the recipe's window); un-builds the model
 * when it changes.  A layout whose size differs from the rows' is unused. */
void nn_model_set_layout(nn_model *m, nn_seq_layout layout);
/* The shape the first layer reads for rows of this input. */
nn_shape nn_model_first_input(const nn_model *m, nn_shape input);

/* Infers every shape from the input shape, allocates and initialises the
 * parameters from seed.  On failure the model is left as it was. */
int nn_model_build(nn_model *m, nn_shape input, uint64_t seed, nn_error *err);
/* A replica of a built model for a second worker thread: it shares the
 * parameters (read-only while both run) and has its own gradients and
 * workspaces for batches of up to `batch` rows.  Free it before `m`. */
nn_model *nn_model_replica(const nn_model *m, int batch, uint64_t seed, nn_error *err);

/* Makes `*params` (n_params floats from nn_floats_alloc) the model's
 * parameters and hands back the ones it had in their place: the trainer
 * keeps the weights before a step in one buffer and writes the step into
 * the other, so an overflowing step is dropped without copying.  A
 * replica follows with nn_model_share_params. */
void nn_model_swap_params(nn_model *m, float **params);
/* Points a replica's layers at its model's current parameters. */
void nn_model_share_params(nn_model *replica, const nn_model *m);

/* The output shape the layers would have for this input, without building. */
int nn_model_infer_output(const nn_model *m, nn_shape input, nn_shape *out, nn_error *err);
/* The parameter count the layers would have for this input, without
 * allocating them (so a reader can check it against what it holds). */
int nn_model_count_params(const nn_model *m, nn_shape input, size_t *n_params, nn_error *err);
/* Sizes the workspaces for batches of up to `batch` rows (no-op if they
 * are already big enough). */
int nn_model_reserve(nn_model *m, int batch, nn_error *err);

int nn_model_input_size(const nn_model *m);
int nn_model_output_size(const nn_model *m);
const nn_layer *nn_model_last(const nn_model *m);
/* The activation the model's outputs come out of: that of the last dense
 * or activation layer (dropout passes it through); NULL for none. */
const nn_activation *nn_model_output_activation(const nn_model *m);

/* Forward over `batch` rows (batch <= batch_cap); returns the output. */
const float *nn_model_forward(nn_model *m, const float *x, int batch, bool training);
/* Back-propagates the gradient already written to nn_model_output_grad()
 * (with respect to the last layer's output, or its logits when that layer
 * has grad_wrt_logits set), filling m->grads. */
void nn_model_backward(nn_model *m, const float *x, int batch);
/* One step of it: layer i's backward, which fills that layer's gradients
 * (final from then on) and the gradient flowing into layer i - 1.  Called
 * for i = n_layers - 1 down to 0, so a trainer can act on each layer's
 * gradients as soon as they exist. */
void nn_model_backward_layer(nn_model *m, const float *x, int batch, int i);
float *nn_model_output_grad(nn_model *m);

/* Outside the training step, rows go through the model in chunks of a
 * fixed size, never of whatever the workspaces were last sized for: BLAS
 * kernels round a row by its position within the call, so a chunk size that
 * depended on history (training batch, an earlier small predict) would make
 * the same model predict differently after save/open. */
enum { NN_INFER_CHUNK = 256 };
/* The chunk for n rows: min(n, NN_INFER_CHUNK), at least 1. */
int nn_model_infer_chunk(int n);

/* Evaluation-mode outputs for n rows, in chunks of nn_model_infer_chunk(n)
 * (sizes the workspaces for that chunk if they are smaller). */
int nn_model_predict(nn_model *m, const float *x, int n, float *out, nn_error *err);

/* Floats in an array of per-layer norms: layer i's at [i], and at
 * [n_layers + i] the norm of its recurrent kernel's part (0 for a layer
 * without one: nn_layer's n_recurrent). */
#define NN_LAYER_NORMS(n_layers) (2 * (n_layers))

/* Per-layer Euclidean norms of the gradients and trainable weights (0 for
 * layers without them; a layer's n_frozen state is left out), each array
 * NN_LAYER_NORMS(n_layers) floats. */
void nn_model_layer_norms(const nn_model *m, float *grad_norms, float *weight_norms);

/* Output shape and parameter count of layer i, as a summary shows them. */
int nn_model_describe(const nn_model *m, int i, char *buf, size_t len);

#endif
