/* Gated recurrent unit over (steps, channels) samples, as PyTorch's nn.GRU
 * and Keras's GRU (reset_after=True, its default) compute it.  Gates in
 * PyTorch's order (r, z, n); Keras orders them z, r, h:
 *   x' = x_t Wx + bx    h' = h_{t-1} Wh + bh        each [r z n], units wide
 *   r = sigma(x'_r + h'_r)   z = sigma(x'_z + h'_z)
 *   n = tanh(x'_n + r h'_n)  h_t = (1 - z) n + z h_{t-1}     h_0 = 0
 * Parameters: Wx[channels][3 units], Wh[units][3 units], bx[3 units],
 * bh[3 units]: Keras's count.  Glorot-uniform Wx, orthogonal Wh, zero
 * biases, as Keras.  Products as in layer_recurrent.h; full
 * backpropagation through time. */
#include <math.h>
#include <string.h>

#include "layer.h"
#include "layer_recurrent.h"

enum { GATES = 3, BIASES = 2 };

static int gru_shape(nn_layer *l, nn_error *err)
{
    if (nn_recurrent_shape(l, GATES, BIASES, err) < 0)
        return -1;
    nn_recurrent r = nn_recurrent_of(l, GATES, BIASES);
    /* per sample: x' (then r, z, n), h', their gradients, and h, at every step */
    l->scratch_per_sample += 4 * (size_t)r.steps * r.gates + (size_t)r.steps * r.units;
    return 0;
}

static void gru_init(nn_layer *l, nn_rng *rng)
{
    nn_recurrent_init(l, nn_recurrent_of(l, GATES, BIASES), rng);
}

typedef struct buffers {
    float *gate, *hh, *dx, *dhh, *h; /* [batch][steps][width] each */
} buffers;

static buffers buffers_of(const nn_layer *l, nn_recurrent r, int batch)
{
    size_t gates = (size_t)batch * r.steps * r.gates;
    buffers b = {l->scratch, l->scratch + gates, l->scratch + 2 * gates, l->scratch + 3 * gates,
                 l->scratch + 4 * gates};
    return b;
}

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* Step t's h' = h_{t-1} Wh + bh (bh alone at t = 0, where h_0 = 0). */
static void recurrent_sums(const nn_layer *l, nn_recurrent r, buffers m, int batch, int t)
{
    const float *bh = l->w + nn_recurrent_bias_at(r) + r.gates;
    for (int s = 0; s < batch; s++)
        memcpy(m.hh + ((size_t)s * r.steps + t) * r.gates, bh, (size_t)r.gates * sizeof *bh);
    if (t > 0)
        nn_recurrent_hh(l, r, m.h + (size_t)(t - 1) * r.units, r.steps * r.units, batch,
                        m.hh + (size_t)t * r.gates, r.steps * r.gates);
}

/* Step t's gates (written over x') and h. */
static void gru_cell(nn_recurrent r, buffers m, int batch, int t)
{
    int u = r.units;
    for (int s = 0; s < batch; s++) {
        size_t at = (size_t)s * r.steps + t;
        float *a = m.gate + at * r.gates, *h = m.h + at * u;
        const float *hh = m.hh + at * r.gates, *h_prev = t ? h - u : NULL;
        for (int j = 0; j < u; j++) {
            float rr = sigmoid(a[j] + hh[j]), z = sigmoid(a[u + j] + hh[u + j]);
            float n = tanhf(a[2 * u + j] + rr * hh[2 * u + j]);
            a[j] = rr, a[u + j] = z, a[2 * u + j] = n;
            h[j] = (1.0f - z) * n + (h_prev ? z * h_prev[j] : 0.0f);
        }
    }
}

static void gru_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    nn_recurrent r = nn_recurrent_of(l, GATES, BIASES);
    buffers m = buffers_of(l, r, batch);
    nn_recurrent_input_products(l, r, in, batch, m.gate);
    for (int t = 0; t < r.steps; t++) {
        recurrent_sums(l, r, m, batch, t);
        gru_cell(r, m, batch, t);
    }
    nn_recurrent_output(r, m.h, batch, out);
}

/* Step t's gradients of x' and h' from dh (reaching h_t); leaves in dh
 * the part reaching h_{t-1} directly (z dh), Wh's part is added after. */
static void gru_cell_backward(nn_recurrent r, buffers m, int batch, int t, float *dh)
{
    int u = r.units;
    for (int s = 0; s < batch; s++) {
        size_t at = (size_t)s * r.steps + t;
        const float *a = m.gate + at * r.gates, *hh = m.hh + at * r.gates;
        const float *h_prev = t ? m.h + (at - 1) * u : NULL;
        float *dx = m.dx + at * r.gates, *dhh = m.dhh + at * r.gates, *dhs = dh + (size_t)s * u;
        for (int j = 0; j < u; j++) {
            float rr = a[j], z = a[u + j], n = a[2 * u + j], g = dhs[j];
            float dn = g * (1.0f - z) * (1.0f - n * n);
            float dr = dn * hh[2 * u + j] * rr * (1.0f - rr);
            float dz = g * ((h_prev ? h_prev[j] : 0.0f) - n) * z * (1.0f - z);
            dx[j] = dhh[j] = dr;
            dx[u + j] = dhh[u + j] = dz;
            dx[2 * u + j] = dn;
            dhh[2 * u + j] = dn * rr;
            dhs[j] = g * z;
        }
    }
}

static void gru_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                         float *din, int batch)
{
    (void)out;
    nn_recurrent r = nn_recurrent_of(l, GATES, BIASES);
    buffers m = buffers_of(l, r, batch);
    float *dh = nn_recurrent_carry(l, r, batch);
    memset(dh, 0, (size_t)batch * r.units * sizeof *dh);
    for (int t = r.steps - 1; t >= 0; t--) {
        nn_recurrent_step_grad(r, dout, t, batch, dh);
        if (t < r.steps - 1)
            nn_recurrent_hh_back(l, r, m.dhh + (size_t)(t + 1) * r.gates, r.steps * r.gates,
                                 batch, dh);
        gru_cell_backward(r, m, batch, t, dh);
    }
    nn_recurrent_weight_grads(l, r, in, m.h, m.dx, m.dhh, batch, din);
}

const nn_layer_kind nn_layer_gru = {
    .name = "gru",
    .help = "gated recurrent unit over steps: units, return=last (a vector) or all (a sequence)",
    .shape_rule = "(steps, channels) -> (units), or (steps, units) with return=all",
    .reads_steps = true,
    .recurrent = true,
    .args = nn_recurrent_args,
    .shape = gru_shape,
    .init = gru_init,
    .forward = gru_forward,
    .backward = gru_backward,
    .logits = NULL,
};
