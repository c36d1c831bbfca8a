/* Dense (fully connected) layer: y = act(x W + b).
 * Parameters are laid out kernel first, W[in][units] row-major, then b[units],
 * so the kernel is the penalised part.  The input is taken flat.  All three
 * products go through cblas_sgemm. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "layer.h"
#include "vector_clones.h"

static int dense_shape(nn_layer *l, nn_error *err)
{
    if (l->spec.units < 1)
        return nn_fail(err, "dense: units must be at least 1");
    size_t in = nn_shape_size(l->in), units = (size_t)l->spec.units;
    l->out = nn_shape_vector(l->spec.units);
    l->n_penalised = in * units;
    l->n_params = in * units + units;
    /* pre-activation z and its gradient, kept only when there is an activation */
    l->scratch_per_sample = l->spec.act->identity ? 0 : 2 * units;
    return 0;
}

static void dense_init(nn_layer *l, nn_rng *rng)
{
    size_t in = nn_shape_size(l->in), units = (size_t)l->spec.units;
    nn_fill_uniform(l->w, in * units, nn_layer_init_limit(l, in, units), rng);
    memset(l->w + in * units, 0, units * sizeof *l->w);
}

static void dense_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    int nin = (int)nn_shape_size(l->in), units = l->spec.units;
    const float *bias = l->w + (size_t)nin * units;
    float *z = l->spec.act->identity ? out : l->scratch;
    for (int r = 0; r < batch; r++)
        memcpy(z + (size_t)r * units, bias, (size_t)units * sizeof *z);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, units, nin, 1.0f, in, nin,
                l->w, units, 1.0f, z, units);
    if (!l->spec.act->identity)
        l->spec.act->forward(l->spec.act, z, out, (size_t)batch, (size_t)units);
}

/* The bias gradient is the column sum of dz. */
NN_VECTOR_CLONES
static void add_row(float *restrict gb, const float *restrict row, int units, bool first)
{
    if (first)
        memcpy(gb, row, (size_t)units * sizeof *gb);
    else
        for (int j = 0; j < units; j++)
            gb[j] += row[j];
}

/* dz = dout * act'(z) and the bias gradient, row by row so that each row
 * of dz is summed while it is still in the first-level cache: one pass
 * over the batch's activations instead of two.  (Softmax is row-wise, so
 * a row at a time suits every activation.) */
static const float *activation_backward(nn_layer *l, const float *out, const float *dout,
                                        float *gb, int batch, int units)
{
    const nn_activation *act = l->spec.act;
    bool through = act->identity || l->grad_wrt_logits;
    float *z = l->scratch, *dz = through ? NULL : l->scratch + (size_t)batch * units;
    for (int r = 0; r < batch; r++) {
        size_t at = (size_t)r * units;
        if (!through)
            act->backward(act, z + at, out + at, dout + at, dz + at, 1, (size_t)units);
        add_row(gb, (through ? dout : dz) + at, units, r == 0);
    }
    return through ? dout : dz;
}

static void dense_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                           float *din, int batch)
{
    int nin = (int)nn_shape_size(l->in), units = l->spec.units;
    float *gw = l->g, *gb = l->g + (size_t)nin * units;
    const float *dz = activation_backward(l, out, dout, gb, batch, units);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, nin, units, batch, 1.0f, in, nin, dz,
                units, 0.0f, gw, units);
    if (din)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, nin, units, 1.0f, dz, units,
                    l->w, units, 0.0f, din, nin);
}

static const float *dense_logits(const nn_layer *l, const float *in)
{
    (void)in;
    return l->spec.act->identity ? NULL : l->scratch;
}

/* init's choices are the nn_init values, in order. */
static const nn_arg_spec dense_args[] = {
    {"units", NN_ARG_INT, 0, NULL, NULL, "output units", 1, 1000000},
    {"act", NN_ARG_WORD, 0, "linear", NULL, "activation applied to the output (fused)", 0, 0},
    {"init", NN_ARG_CHOICE, NN_ARG_KEY_ONLY, "auto", "auto|he|glorot|zeros",
     "weight initialisation (auto: He before ReLU-like activations, else Glorot)", 0, 0},
    {0},
};

const nn_layer_kind nn_layer_dense = {
    .name = "dense",
    .help = "fully connected layer: units, optional fused activation, weight init",
    .shape_rule = "(n...) -> (units): the input is taken flat",
    .args = dense_args,
    .shape = dense_shape,
    .init = dense_init,
    .forward = dense_forward,
    .backward = dense_backward,
    .logits = dense_logits,
};
