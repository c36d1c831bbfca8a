/* Finite-difference checks through a built model, for the tests of layer
 * kinds: every layer's parameters and the model's input are checked
 * against the gradient the model back-propagates.
 *
 * The scalar objective is sum(dy * output) for a fixed random dy, so the
 * gradient the model back-propagates from nn_model_output_grad() = dy is
 * exactly the objective's gradient. */
#ifndef GRADCHECK_MODEL_H
#define GRADCHECK_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "engine/model.h"
#include "gradcheck.h"

#ifndef MAX_VALUES
#define MAX_VALUES 256 /* room for any activation or gradient array */
#endif

/* Model gradients go through several sgemm's in float, so the objective
 * carries ~1e-7 relative noise (worst checks use ~1/5 of these bounds);
 * they still catch a 1% error in any gradient of size 0.1 or more. */
#define RTOL 4e-3
#define ATOL 4e-4

static inline void fill_normal(nn_rng *r, float *x, size_t n, float scale)
{
    for (size_t i = 0; i < n; i++)
        x[i] = scale * nn_rng_normal(r);
}

static inline void fill_uniform(nn_rng *r, float *x, size_t n, float lo, float hi)
{
    for (size_t i = 0; i < n; i++)
        x[i] = lo + (hi - lo) * nn_rng_uniform(r);
}

typedef struct {
    nn_model *m;
    float *x;        /* batch x inputs */
    const float *dy; /* the fixed upstream gradient */
    int batch;
    bool training;
    nn_rng rng; /* the model's generator before the first pass: restoring it
                   makes every pass draw the same dropout mask */
} model_ctx;

static inline double model_objective(void *p)
{
    model_ctx *c = p;
    c->m->rng = c->rng;
    const float *out = nn_model_forward(c->m, c->x, c->batch, c->training);
    double s = 0.0;
    for (int i = 0, n = c->batch * nn_model_output_size(c->m); i < n; i++)
        s += (double)c->dy[i] * out[i];
    return s;
}

/* Random weights (biases too, so they matter), a random input and dy;
 * then every layer's parameters and the input are checked. */
static inline void check_model_gradients(const char *what, nn_model *m, int batch, bool training,
                                  uint64_t seed)
{
    int nin = nn_model_input_size(m), nout = nn_model_output_size(m);
    CHECK(batch * nin <= MAX_VALUES && batch * nout <= MAX_VALUES && m->n_params <= MAX_VALUES);
    float x[MAX_VALUES], dy[MAX_VALUES], dx[MAX_VALUES], grads[MAX_VALUES];
    nn_rng r;
    nn_rng_seed(&r, seed);
    fill_normal(&r, m->params, m->n_params, 0.5f);
    fill_normal(&r, x, (size_t)batch * nin, 1.0f);
    fill_uniform(&r, dy, (size_t)batch * nout, -1.0f, 1.0f);

    model_ctx c = {m, x, dy, batch, training, m->rng};
    model_objective(&c); /* the forward pass backward relies on */
    memcpy(nn_model_output_grad(m), dy, (size_t)batch * nout * sizeof *dy);
    nn_model_backward(m, x, batch);
    memcpy(grads, m->grads, m->n_params * sizeof *grads);
    /* the model skips the first layer's input gradient; ask the layer for it */
    nn_layer *first = &m->layers[0];
    first->spec.kind->backward(first, x, m->out[0], m->dout[0], dx, batch);

    char name[128];
    for (int i = 0; i < m->n_layers; i++) {
        nn_layer *l = &m->layers[i];
        if (!l->n_params)
            continue;
        snprintf(name, sizeof name, "%s: layer %d (%s) parameters", what, i + 1,
                 l->spec.kind->name);
        gradcheck(name, model_objective, &c, l->w, grads + (l->w - m->params), l->n_params,
                  RTOL, ATOL);
    }
    snprintf(name, sizeof name, "%s: input", what);
    gradcheck(name, model_objective, &c, x, dx, (size_t)batch * nin, RTOL, ATOL);
}

#endif
