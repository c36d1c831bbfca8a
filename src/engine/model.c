#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nn_model *nn_model_new(void)
{
    return calloc(1, sizeof(nn_model));
}

static void free_workspace(nn_model *m)
{
    for (int i = 0; m->out && i < m->n_layers; i++) {
        nn_floats_free(m->out[i]);
        nn_floats_free(m->dout[i]);
    }
    free(m->out);
    free(m->dout);
    nn_floats_free(m->scratch);
    nn_floats_free(m->view);
    m->out = m->dout = NULL;
    m->scratch = m->view = NULL;
    m->batch_cap = 0;
}

static void unbuild(nn_model *m)
{
    free_workspace(m);
    if (!m->borrowed)
        nn_floats_free(m->params);
    nn_floats_free(m->grads);
    m->params = m->grads = NULL;
    m->n_params = 0;
    m->built = false;
}

void nn_model_free(nn_model *m)
{
    if (!m)
        return;
    unbuild(m);
    free(m->layers);
    free(m);
}

nn_model *nn_model_of_layers(const nn_layer_spec *specs, int n, nn_error *err)
{
    nn_model *m = nn_model_new();
    if (!m) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (nn_model_add(m, &specs[i], err) < 0) {
            nn_model_free(m);
            return NULL;
        }
    return m;
}

int nn_model_add(nn_model *m, const nn_layer_spec *spec, nn_error *err)
{
    if (m->n_layers == m->cap_layers) {
        int cap = m->cap_layers ? 2 * m->cap_layers : 8;
        nn_layer *grown = realloc(m->layers, (size_t)cap * sizeof *grown);
        if (!grown)
            return nn_fail(err, "out of memory adding a layer");
        m->layers = grown;
        m->cap_layers = cap;
    }
    unbuild(m);
    memset(&m->layers[m->n_layers], 0, sizeof *m->layers);
    m->layers[m->n_layers++].spec = *spec;
    return 0;
}

int nn_model_remove(nn_model *m, int index, nn_error *err)
{
    if (index < 0 || index >= m->n_layers)
        return nn_fail(err, "no layer %d (the model has %d)", index + 1, m->n_layers);
    unbuild(m);
    memmove(&m->layers[index], &m->layers[index + 1],
            (size_t)(m->n_layers - index - 1) * sizeof *m->layers);
    m->n_layers--;
    return 0;
}

/* The activation that a layer's output goes through: its own, or that of
 * an activation layer right after it.  Chooses He or Glorot init. */
static const nn_activation *feeds(const nn_layer *layers, int n, int i)
{
    const nn_activation *own = layers[i].spec.act;
    if (own && !own->identity)
        return own;
    if (i + 1 < n && layers[i + 1].spec.kind == &nn_layer_activation)
        return layers[i + 1].spec.act;
    return own;
}

/* Infers the shapes of every layer into `layers`; returns the parameter count. */
static int infer_shapes(nn_layer *layers, int n, nn_shape input, size_t *n_params, nn_error *err)
{
    nn_shape shape = input;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        nn_layer *l = &layers[i];
        l->in = shape;
        nn_error inner;
        if (l->spec.kind->shape(l, &inner) < 0)
            return nn_fail(err, "layer %d (%s): %s", i + 1, l->spec.kind->name, inner.msg);
        l->feeds = feeds(layers, n, i);
        shape = l->out;
        total += l->n_params;
        if (l->n_params > ((size_t)1 << 34))
            return nn_fail(err, "layer %d (%s) would need %zu parameters (%.1f GB): too many", i + 1,
                           l->spec.kind->name, l->n_params, (double)l->n_params * sizeof(float) / 1e9);
    }
    *n_params = total;
    return 0;
}

/* A copy of m's layers with their shapes inferred for `input`, so that a
 * failure leaves m untouched.  The caller frees the copy. */
static nn_layer *inferred_copy(const nn_model *m, nn_shape input, size_t *n_params,
                               nn_error *err)
{
    if (m->n_layers == 0) {
        nn_fail(err, "the model has no layers");
        return NULL;
    }
    nn_layer *layers = malloc((size_t)m->n_layers * sizeof *layers);
    if (!layers) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    memcpy(layers, m->layers, (size_t)m->n_layers * sizeof *layers);
    if (infer_shapes(layers, m->n_layers, nn_model_first_input(m, input), n_params, err) < 0) {
        free(layers);
        return NULL;
    }
    return layers;
}

static bool reads_steps(const nn_model *m)
{
    for (int i = 0; i < m->n_layers; i++)
        if (m->layers[i].spec.kind->reads_steps)
            return true;
    return false;
}

void nn_model_set_layout(nn_model *m, nn_seq_layout layout)
{
    if (layout.steps == m->layout.steps && layout.channels == m->layout.channels)
        return;
    if (reads_steps(m)) /* a dense net's weights read rows the same either way */
        unbuild(m);
    m->layout = layout;
}

/* Only models with a sequence layer read through the layout: a dense net
 * on the same windows keeps the recipe's feature order. */
nn_shape nn_model_first_input(const nn_model *m, nn_shape input)
{
    nn_seq_layout l = m->layout;
    if (l.steps > 0 && input.rank == 1 && (size_t)input.dim[0] == (size_t)l.steps * l.channels &&
        reads_steps(m))
        return nn_shape_sequence(l.steps, l.channels);
    return input;
}

int nn_model_build(nn_model *m, nn_shape input, uint64_t seed, nn_error *err)
{
    size_t n_params;
    nn_layer *layers = inferred_copy(m, input, &n_params, err);
    if (!layers)
        return -1;
    float *params = NULL, *grads = NULL;
    if (!(params = nn_floats_alloc(n_params, err)) || !(grads = nn_floats_alloc(n_params, err))) {
        nn_floats_free(params);
        free(layers);
        return -1;
    }
    unbuild(m);
    memcpy(m->layers, layers, (size_t)m->n_layers * sizeof *layers);
    free(layers);
    m->input = input;
    m->viewing = nn_model_first_input(m, input).rank != input.rank;
    m->params = params;
    m->grads = grads;
    m->n_params = n_params;
    nn_rng_seed(&m->rng, seed);
    size_t offset = 0;
    for (int i = 0; i < m->n_layers; i++) {
        nn_layer *l = &m->layers[i];
        l->w = params + offset;
        l->g = grads + offset;
        l->rng = &m->rng;
        l->grad_wrt_logits = l->borrowed = false;
        offset += l->n_params;
        l->spec.kind->init(l, &m->rng);
    }
    m->built = true;
    return 0;
}

/* Layer i's parameters start where the layers before it end. */
static void point_layers(nn_model *m, float *params)
{
    m->params = params;
    size_t offset = 0;
    for (int i = 0; i < m->n_layers; i++) {
        m->layers[i].w = params + offset;
        offset += m->layers[i].n_params;
    }
}

void nn_model_swap_params(nn_model *m, float **params)
{
    float *had = m->params;
    point_layers(m, *params);
    *params = had;
}

void nn_model_share_params(nn_model *replica, const nn_model *m)
{
    if (replica->params != m->params)
        point_layers(replica, m->params);
}

nn_model *nn_model_replica(const nn_model *m, int batch, uint64_t seed, nn_error *err)
{
    nn_model *r = nn_model_new();
    if (!r || !(r->layers = malloc((size_t)m->n_layers * sizeof *r->layers)) ||
        !(r->grads = nn_floats_alloc(m->n_params, err))) {
        nn_model_free(r);
        nn_fail(err, "out of memory for a training worker");
        return NULL;
    }
    memcpy(r->layers, m->layers, (size_t)m->n_layers * sizeof *r->layers);
    r->n_layers = r->cap_layers = m->n_layers;
    r->input = m->input;
    r->layout = m->layout;
    r->viewing = m->viewing;
    r->built = r->borrowed = true;
    r->params = m->params;
    r->n_params = m->n_params;
    nn_rng_seed(&r->rng, seed);
    size_t offset = 0;
    for (int i = 0; i < r->n_layers; i++) {
        r->layers[i].g = r->grads + offset;
        r->layers[i].rng = &r->rng;
        r->layers[i].borrowed = true;
        offset += r->layers[i].n_params;
    }
    if (nn_model_reserve(r, batch, err) < 0) {
        nn_model_free(r);
        return NULL;
    }
    return r;
}

int nn_model_count_params(const nn_model *m, nn_shape input, size_t *n_params, nn_error *err)
{
    nn_layer *layers = inferred_copy(m, input, n_params, err);
    if (!layers)
        return -1;
    free(layers);
    return 0;
}

int nn_model_infer_output(const nn_model *m, nn_shape input, nn_shape *out, nn_error *err)
{
    size_t n_params;
    nn_layer *layers = inferred_copy(m, input, &n_params, err);
    if (!layers)
        return -1;
    *out = layers[m->n_layers - 1].out;
    free(layers);
    return 0;
}

int nn_model_reserve(nn_model *m, int batch, nn_error *err)
{
    if (!m->built)
        return nn_fail(err, "the model is not built");
    if (batch <= m->batch_cap)
        return 0;
    free_workspace(m);
    size_t scratch = 0;
    for (int i = 0; i < m->n_layers; i++)
        scratch += m->layers[i].scratch_per_sample * (size_t)batch;
    m->out = calloc((size_t)m->n_layers, sizeof *m->out);
    m->dout = calloc((size_t)m->n_layers, sizeof *m->dout);
    if (!m->out || !m->dout) {
        nn_fail(err, "out of memory sizing workspaces");
        goto fail;
    }
    if (!(m->scratch = nn_floats_alloc(scratch, err)))
        goto fail;
    if (m->viewing && !(m->view = nn_floats_alloc(nn_shape_size(m->input) * (size_t)batch, err)))
        goto fail;
    scratch = 0;
    for (int i = 0; i < m->n_layers; i++) {
        nn_layer *l = &m->layers[i];
        size_t n = nn_shape_size(l->out) * (size_t)batch;
        if (!(m->out[i] = nn_floats_alloc(n, err)) || !(m->dout[i] = nn_floats_alloc(n, err)))
            goto fail;
        l->scratch = m->scratch + scratch;
        scratch += l->scratch_per_sample * (size_t)batch;
    }
    m->batch_cap = batch;
    return 0;
fail:
    free_workspace(m);
    return -1;
}

int nn_model_input_size(const nn_model *m)
{
    return (int)nn_shape_size(m->input);
}

int nn_model_output_size(const nn_model *m)
{
    return (int)nn_shape_size(nn_model_last(m)->out);
}

const nn_layer *nn_model_last(const nn_model *m)
{
    return &m->layers[m->n_layers - 1];
}

const nn_activation *nn_model_output_activation(const nn_model *m)
{
    for (int i = m->n_layers - 1; i >= 0; i--)
        if (m->layers[i].spec.kind != &nn_layer_dropout)
            return m->layers[i].spec.act;
    return NULL;
}

const float *nn_model_forward(nn_model *m, const float *x, int batch, bool training)
{
    const float *in = x;
    if (m->viewing) {
        nn_seq_gather(m->layout, x, batch, m->view);
        in = m->view;
    }
    for (int i = 0; i < m->n_layers; i++) {
        nn_layer *l = &m->layers[i];
        l->spec.kind->forward(l, in, m->out[i], batch, training);
        in = m->out[i];
    }
    return in;
}

float *nn_model_output_grad(nn_model *m)
{
    return m->dout[m->n_layers - 1];
}

void nn_model_backward_layer(nn_model *m, const float *x, int batch, int i)
{
    nn_layer *l = &m->layers[i];
    const float *in = i ? m->out[i - 1] : m->viewing ? m->view : x;
    float *din = i ? m->dout[i - 1] : NULL;
    l->spec.kind->backward(l, in, m->out[i], m->dout[i], din, batch);
}

void nn_model_backward(nn_model *m, const float *x, int batch)
{
    for (int i = m->n_layers - 1; i >= 0; i--)
        nn_model_backward_layer(m, x, batch, i);
}

int nn_model_infer_chunk(int n)
{
    return n < 1 ? 1 : n < NN_INFER_CHUNK ? n : NN_INFER_CHUNK;
}

int nn_model_predict(nn_model *m, const float *x, int n, float *out, nn_error *err)
{
    int chunk = nn_model_infer_chunk(n);
    if (nn_model_reserve(m, chunk, err) < 0)
        return -1;
    int in = nn_model_input_size(m), width = nn_model_output_size(m);
    for (int r = 0; r < n; r += chunk) {
        int rows = n - r < chunk ? n - r : chunk;
        const float *y = nn_model_forward(m, x + (size_t)r * in, rows, false);
        memcpy(out + (size_t)r * width, y, (size_t)rows * width * sizeof *out);
    }
    return 0;
}

void nn_model_layer_norms(const nn_model *m, float *grad_norms, float *weight_norms)
{
    for (int i = 0; i < m->n_layers; i++) {
        const nn_layer *l = &m->layers[i];
        size_t trained = l->n_params - l->n_frozen, at = l->recurrent_at, n = l->n_recurrent;
        if (grad_norms) {
            grad_norms[i] = (float)nn_norm2(l->g, trained);
            grad_norms[m->n_layers + i] = n ? (float)nn_norm2(l->g + at, n) : 0.0f;
        }
        if (weight_norms) {
            weight_norms[i] = (float)nn_norm2(l->w, trained);
            weight_norms[m->n_layers + i] = n ? (float)nn_norm2(l->w + at, n) : 0.0f;
        }
    }
}

int nn_model_describe(const nn_model *m, int i, char *buf, size_t len)
{
    const nn_layer *l = &m->layers[i];
    char spec[256], shape[64] = "?";
    nn_layer_spec_format(&l->spec, spec, sizeof spec);
    if (m->built)
        nn_shape_format(l->out, shape, sizeof shape);
    return snprintf(buf, len, "%s\t%s\t%zu", spec, shape, m->built ? l->n_params : (size_t)0);
}
