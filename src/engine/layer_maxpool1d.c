/* Max pooling over steps, Keras's MaxPooling1D with padding valid: each
 * output step is the largest of `pool` input steps, per channel; windows
 * start every `stride` steps (default: pool, so they do not overlap).
 * The gradient goes to the step that won, remembered from forward. */
#include <string.h>

#include "layer.h"
#include "layer_pool1d.h"

static int maxpool_shape(nn_layer *l, nn_error *err)
{
    if (nn_pool1d_shape(l, err) < 0)
        return -1;
    l->scratch_per_sample = nn_shape_size(l->out); /* the winning input index */
    return 0;
}

static void maxpool_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    nn_pool1d p = nn_pool1d_of(l);
    size_t c = (size_t)p.channels, in_n = (size_t)p.steps * c, out_n = (size_t)p.out_steps * c;
    for (int b = 0; b < batch; b++)
        for (int t = 0; t < p.out_steps; t++)
            for (size_t j = 0; j < c; j++) {
                size_t best = (size_t)t * p.stride * c + j;
                for (int k = 1; k < p.pool; k++) {
                    size_t at = ((size_t)t * p.stride + k) * c + j;
                    if (in[b * in_n + at] > in[b * in_n + best])
                        best = at;
                }
                out[b * out_n + t * c + j] = in[b * in_n + best];
                l->scratch[b * out_n + t * c + j] = (float)best; /* exact below 2^24 */
            }
}

static void maxpool_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                             float *din, int batch)
{
    (void)in, (void)out;
    if (!din)
        return;
    nn_pool1d p = nn_pool1d_of(l);
    size_t in_n = (size_t)p.steps * p.channels, out_n = (size_t)p.out_steps * p.channels;
    memset(din, 0, (size_t)batch * in_n * sizeof *din);
    for (int b = 0; b < batch; b++)
        for (size_t i = 0; i < out_n; i++)
            din[b * in_n + (size_t)l->scratch[b * out_n + i]] += dout[b * out_n + i];
}

const nn_layer_kind nn_layer_maxpool1d = {
    .name = "maxpool1d",
    .help = "largest value of each window of steps, per channel (Keras MaxPooling1D)",
    .shape_rule = "(steps, channels) -> ((steps - pool) / stride + 1, channels)",
    .reads_steps = true,
    .args = nn_pool1d_args,
    .shape = maxpool_shape,
    .init = nn_pool1d_init,
    .forward = maxpool_forward,
    .backward = maxpool_backward,
    .logits = NULL,
};
