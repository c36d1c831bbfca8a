/* Global average pooling over steps, Keras's GlobalAveragePooling1D: the
 * mean of every step, per channel, so a sequence becomes a vector. */
#include <string.h>

#include "layer.h"

static int gap_shape(nn_layer *l, nn_error *err)
{
    if (nn_layer_need_steps(l, err) < 0)
        return -1;
    l->out = nn_shape_vector(l->in.dim[1]);
    l->n_params = l->n_penalised = l->scratch_per_sample = 0;
    return 0;
}

static void gap_init(nn_layer *l, nn_rng *rng)
{
    (void)l, (void)rng;
}

static void gap_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    int steps = l->in.dim[0];
    size_t c = (size_t)l->in.dim[1];
    float scale = 1.0f / (float)steps;
    for (int b = 0; b < batch; b++, out += c) {
        memset(out, 0, c * sizeof *out);
        for (int t = 0; t < steps; t++, in += c)
            for (size_t j = 0; j < c; j++)
                out[j] += in[j];
        for (size_t j = 0; j < c; j++)
            out[j] *= scale;
    }
}

static void gap_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                         float *din, int batch)
{
    (void)in, (void)out;
    if (!din)
        return;
    int steps = l->in.dim[0];
    size_t c = (size_t)l->in.dim[1];
    float scale = 1.0f / (float)steps;
    for (int b = 0; b < batch; b++, dout += c)
        for (int t = 0; t < steps; t++, din += c)
            for (size_t j = 0; j < c; j++)
                din[j] = dout[j] * scale;
}

static const nn_arg_spec gap_args[] = {{0}};

const nn_layer_kind nn_layer_globalavgpool1d = {
    .name = "globalavgpool1d",
    .help = "mean over all steps, per channel: a sequence becomes a vector (Keras GlobalAveragePooling1D)",
    .shape_rule = "(steps, channels) -> (channels)",
    .reads_steps = true,
    .args = gap_args,
    .shape = gap_shape,
    .init = gap_init,
    .forward = gap_forward,
    .backward = gap_backward,
    .logits = NULL,
};
