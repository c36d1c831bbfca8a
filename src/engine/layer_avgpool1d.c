/* Average pooling over steps, Keras's AveragePooling1D with padding
 * valid: each output step is the mean of `pool` input steps, per channel. */
#include <string.h>

#include "layer.h"
#include "layer_pool1d.h"

static int avgpool_shape(nn_layer *l, nn_error *err)
{
    if (nn_pool1d_shape(l, err) < 0)
        return -1;
    l->scratch_per_sample = 0;
    return 0;
}

static void avgpool_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    nn_pool1d p = nn_pool1d_of(l);
    size_t c = (size_t)p.channels;
    float scale = 1.0f / (float)p.pool;
    for (int b = 0; b < batch; b++, in += (size_t)p.steps * c)
        for (int t = 0; t < p.out_steps; t++, out += c) {
            memset(out, 0, c * sizeof *out);
            for (int k = 0; k < p.pool; k++) {
                const float *row = in + ((size_t)t * p.stride + k) * c;
                for (size_t j = 0; j < c; j++)
                    out[j] += row[j];
            }
            for (size_t j = 0; j < c; j++)
                out[j] *= scale;
        }
}

static void avgpool_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                             float *din, int batch)
{
    (void)in, (void)out;
    if (!din)
        return;
    nn_pool1d p = nn_pool1d_of(l);
    size_t c = (size_t)p.channels;
    float scale = 1.0f / (float)p.pool;
    memset(din, 0, (size_t)batch * p.steps * c * sizeof *din);
    for (int b = 0; b < batch; b++, din += (size_t)p.steps * c)
        for (int t = 0; t < p.out_steps; t++, dout += c)
            for (int k = 0; k < p.pool; k++) {
                float *row = din + ((size_t)t * p.stride + k) * c;
                for (size_t j = 0; j < c; j++)
                    row[j] += dout[j] * scale;
            }
}

const nn_layer_kind nn_layer_avgpool1d = {
    .name = "avgpool1d",
    .help = "mean of each window of steps, per channel (Keras AveragePooling1D)",
    .shape_rule = "(steps, channels) -> ((steps - pool) / stride + 1, channels)",
    .reads_steps = true,
    .args = nn_pool1d_args,
    .shape = avgpool_shape,
    .init = nn_pool1d_init,
    .forward = avgpool_forward,
    .backward = avgpool_backward,
    .logits = NULL,
};
