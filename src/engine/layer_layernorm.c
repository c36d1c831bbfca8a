/* Layer normalisation over the last dimension (a vector's features, each
 * step's channels), Keras's LayerNormalization and PyTorch's LayerNorm:
 *   y = gamma (x - mean) / sqrt(var + eps) + beta, per sample (and step),
 * the same in training and evaluation.  Parameters gamma[c], beta[c]. */
#include <math.h>
#include <string.h>

#include "layer.h"

static int channels(const nn_layer *l)
{
    return l->in.dim[l->in.rank - 1];
}

static int ln_shape(nn_layer *l, nn_error *err)
{
    (void)err;
    size_t n = nn_shape_size(l->in), c = (size_t)channels(l);
    l->out = l->in;
    l->n_params = 2 * c;
    l->n_penalised = 0;
    l->scratch_per_sample = n + n / c; /* x-hat per value, 1/std per row */
    return 0;
}

static void ln_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    int c = channels(l);
    for (int j = 0; j < c; j++)
        l->w[j] = 1.0f, l->w[c + j] = 0.0f;
}

static void ln_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    int c = channels(l), rows = batch * (int)(nn_shape_size(l->in) / (size_t)c);
    const float *gamma = l->w, *beta = l->w + c;
    float *xhat = l->scratch, *inv_std = xhat + (size_t)rows * c;
    float eps = (float)l->spec.value[0];
    for (int r = 0; r < rows; r++, in += c, out += c, xhat += c) {
        double s = 0, ss = 0;
        for (int j = 0; j < c; j++)
            s += in[j];
        double mean = s / c;
        for (int j = 0; j < c; j++)
            ss += (in[j] - mean) * (in[j] - mean);
        inv_std[r] = (float)(1.0 / sqrt(ss / c + eps));
        for (int j = 0; j < c; j++) {
            xhat[j] = (float)((in[j] - mean) * inv_std[r]);
            out[j] = gamma[j] * xhat[j] + beta[j];
        }
    }
}

static void ln_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                        float *din, int batch)
{
    (void)in, (void)out;
    int c = channels(l), rows = batch * (int)(nn_shape_size(l->in) / (size_t)c);
    const float *gamma = l->w, *xhat = l->scratch, *inv_std = xhat + (size_t)rows * c;
    float *dgamma = l->g, *dbeta = l->g + c;
    memset(l->g, 0, 2 * (size_t)c * sizeof *l->g);
    for (int r = 0; r < rows; r++) {
        const float *dy = dout + (size_t)r * c, *xh = xhat + (size_t)r * c;
        double mean_g = 0, mean_g_xhat = 0; /* of dy * gamma, the gradient of x-hat */
        for (int j = 0; j < c; j++) {
            dgamma[j] += dy[j] * xh[j];
            dbeta[j] += dy[j];
            mean_g += (double)dy[j] * gamma[j];
            mean_g_xhat += (double)dy[j] * gamma[j] * xh[j];
        }
        if (!din)
            continue;
        mean_g /= c, mean_g_xhat /= c;
        for (int j = 0; j < c; j++)
            din[(size_t)r * c + j] =
                (float)(inv_std[r] * ((double)dy[j] * gamma[j] - mean_g - xh[j] * mean_g_xhat));
    }
}

static const nn_arg_spec ln_args[] = {
    {"eps", NN_ARG_NUMBER, NN_ARG_KEY_ONLY, "0.001", NULL,
     "added to the variance before its square root (Keras's default)", 0, 1},
    {0},
};

const nn_layer_kind nn_layer_layernorm = {
    .name = "layernorm",
    .help = "normalises each sample's (each step's) channels, then scales and shifts them",
    .shape_rule = "unchanged",
    .args = ln_args,
    .shape = ln_shape,
    .init = ln_init,
    .forward = ln_forward,
    .backward = ln_backward,
    .logits = NULL,
};
