/* Long short-term memory over (steps, channels) samples, as Keras's LSTM
 * and PyTorch's nn.LSTM compute it.  Gates in PyTorch's order (i, f, g, o),
 * which is also Keras's (i, f, c, o):
 *   a = x_t Wx + h_{t-1} Wh + b            a = [a_i a_f a_g a_o], each units wide
 *   i = sigma(a_i)  f = sigma(a_f)  g = tanh(a_g)  o = sigma(a_o)
 *   c_t = f c_{t-1} + i g    h_t = o tanh(c_t)     h_0 = c_0 = 0
 * Parameters: Wx[channels][4 units] (the kernel), Wh[units][4 units] (the
 * recurrent kernel), b[4 units]: Keras's layout and count (PyTorch's two
 * biases add up to this one).  Initialisation as Keras: Glorot-uniform
 * kernel, orthogonal recurrent kernel, bias 0 but 1 on the forget gate.
 *
 * Speed: the input products of all steps are one sgemm over batch*steps
 * rows; each step's recurrent product is one sgemm over the batch.
 * Backward is full backpropagation through time, the same way round. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "layer.h"
#include "layer_recurrent.h"

enum { GATES = 4 };

static int lstm_shape(nn_layer *l, nn_error *err)
{
    if (nn_recurrent_shape(l, GATES, 1, err) < 0)
        return -1;
    nn_recurrent r = nn_recurrent_of(l, GATES, 1);
    /* per sample: gate values and their gradients, c, tanh(c) and h at every step */
    l->scratch_per_sample += 2 * (size_t)r.steps * r.gates + 3 * (size_t)r.steps * r.units;
    return 0;
}

static void lstm_init(nn_layer *l, nn_rng *rng)
{
    nn_recurrent r = nn_recurrent_of(l, GATES, 1);
    nn_recurrent_init(l, r, rng);
    float *bias = l->w + nn_recurrent_bias_at(r);
    for (int j = 0; j < r.units; j++) /* Keras's unit_forget_bias */
        bias[r.units + j] = 1.0f;
}

typedef struct buffers {
    float *gate, *dgate, *c, *tc, *h; /* [batch][steps][width] each */
} buffers;

static buffers buffers_of(const nn_layer *l, nn_recurrent r, int batch)
{
    size_t gates = (size_t)batch * r.steps * r.gates, units = (size_t)batch * r.steps * r.units;
    buffers b = {l->scratch, l->scratch + gates, l->scratch + 2 * gates, NULL, NULL};
    b.tc = b.c + units;
    b.h = b.tc + units;
    return b;
}

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* Step t's gates from their sums, then c and h, for every sample. */
static void lstm_cell(nn_recurrent r, buffers m, int batch, int t)
{
    int u = r.units;
    for (int s = 0; s < batch; s++) {
        size_t at = (size_t)s * r.steps + t;
        float *a = m.gate + at * r.gates, *c = m.c + at * u, *tc = m.tc + at * u, *h = m.h + at * u;
        const float *c_prev = t ? c - u : NULL;
        for (int j = 0; j < u; j++) {
            float i = sigmoid(a[j]), f = sigmoid(a[u + j]), g = tanhf(a[2 * u + j]),
                  o = sigmoid(a[3 * u + j]);
            a[j] = i, a[u + j] = f, a[2 * u + j] = g, a[3 * u + j] = o;
            c[j] = i * g + (c_prev ? f * c_prev[j] : 0.0f);
            tc[j] = tanhf(c[j]);
            h[j] = o * tc[j];
        }
    }
}

static void lstm_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    nn_recurrent r = nn_recurrent_of(l, GATES, 1);
    buffers m = buffers_of(l, r, batch);
    nn_recurrent_input_products(l, r, in, batch, m.gate);
    for (int t = 0; t < r.steps; t++) {
        if (t > 0) /* h_0 = 0 */
            nn_recurrent_hh(l, r, m.h + (size_t)(t - 1) * r.units, r.steps * r.units, batch,
                            m.gate + (size_t)t * r.gates, r.steps * r.gates);
        lstm_cell(r, m, batch, t);
    }
    nn_recurrent_output(r, m.h, batch, out);
}

/* Step t's gate gradients from dh (the gradient reaching h_t) and dc
 * (reaching c_t, carried in place to c_{t-1}).  h_{t-1} is reached only
 * through Wh, so dh is left at 0 for the caller to fill. */
static void lstm_cell_backward(nn_recurrent r, buffers m, int batch, int t, float *dh, float *dc)
{
    int u = r.units;
    for (int s = 0; s < batch; s++) {
        size_t at = (size_t)s * r.steps + t;
        const float *a = m.gate + at * r.gates, *tc = m.tc + at * u;
        const float *c_prev = t ? m.c + (at - 1) * u : NULL;
        float *da = m.dgate + at * r.gates, *dcs = dc + (size_t)s * u, *dhs = dh + (size_t)s * u;
        for (int j = 0; j < u; j++) {
            float i = a[j], f = a[u + j], g = a[2 * u + j], o = a[3 * u + j];
            float dcj = dcs[j] + dhs[j] * o * (1.0f - tc[j] * tc[j]);
            da[j] = dcj * g * i * (1.0f - i);
            da[u + j] = c_prev ? dcj * c_prev[j] * f * (1.0f - f) : 0.0f;
            da[2 * u + j] = dcj * i * (1.0f - g * g);
            da[3 * u + j] = dhs[j] * tc[j] * o * (1.0f - o);
            dcs[j] = dcj * f;
            dhs[j] = 0.0f;
        }
    }
}

static void lstm_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                          float *din, int batch)
{
    (void)out;
    nn_recurrent r = nn_recurrent_of(l, GATES, 1);
    buffers m = buffers_of(l, r, batch);
    float *dh = nn_recurrent_carry(l, r, batch), *dc = dh + (size_t)batch * r.units;
    memset(dh, 0, 2 * (size_t)batch * r.units * sizeof *dh);
    for (int t = r.steps - 1; t >= 0; t--) {
        nn_recurrent_step_grad(r, dout, t, batch, dh);
        if (t < r.steps - 1)
            nn_recurrent_hh_back(l, r, m.dgate + (size_t)(t + 1) * r.gates, r.steps * r.gates,
                                 batch, dh);
        lstm_cell_backward(r, m, batch, t, dh, dc);
    }
    nn_recurrent_weight_grads(l, r, in, m.h, m.dgate, m.dgate, batch, din);
}

const nn_layer_kind nn_layer_lstm = {
    .name = "lstm",
    .help = "long short-term memory over steps: units, return=last (a vector) or all (a sequence)",
    .shape_rule = "(steps, channels) -> (units), or (steps, units) with return=all",
    .reads_steps = true,
    .recurrent = true,
    .args = nn_recurrent_args,
    .shape = lstm_shape,
    .init = lstm_init,
    .forward = lstm_forward,
    .backward = lstm_backward,
    .logits = NULL,
};
