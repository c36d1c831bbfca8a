/* The ONNX forms and Keras parameters of lstm and gru.  nnwb keeps
 * PyTorch's gate order (lstm i f g o, gru r z n); ONNX wants lstm i o f c
 * and gru z r h, Keras lstm i f c o (nnwb's) and gru z r h: the gates'
 * column blocks are reordered.  ONNX's recurrent nodes read and write
 * [steps, batch, ...], the graph's sequences are [batch, steps, ...]. */
#include <stdlib.h>

#include "engine/layer_recurrent.h"
#include "onnx_internal.h"

static const int64_t STEPS_FIRST[] = {1, 0, 2}; /* [b, steps, w] <-> [steps, b, w] */
static const int LSTM_ONNX[] = {0, 3, 1, 2};    /* ONNX's i o f c in nnwb's i f g o */
static const int GRU_ZRH[] = {1, 0, 2};         /* ONNX's and Keras's z r h in nnwb's r z n */

static const float *bias_of(const nn_layer *l, nn_recurrent r, int which)
{
    return l->w + nn_recurrent_bias_at(r) + (size_t)which * r.gates;
}

/* The rows of a [count][gates] block src with the gates' columns reordered
 * (dst's gate k is src's order[k]); transposed: dst [gates][count]. */
static void reorder(nn_recurrent r, const float *src, int count, const int *order, bool transposed, float *dst)
{
    int u = r.units;
    for (int k = 0; k < r.gates / u; k++)
        for (int j = 0; j < u; j++)
            for (int i = 0; i < count; i++) {
                float v = src[(size_t)i * r.gates + order[k] * u + j];
                if (transposed)
                    dst[((size_t)k * u + j) * count + i] = v;
                else
                    dst[(size_t)i * r.gates + k * u + j] = v;
            }
}

static const char *squeeze(onnx_graph *g, const char *x, int64_t axis)
{
    return onnx_node(g, "Squeeze", (const char *[]){x, onnx_ints(g, "axis", &axis, 1)}, 2, NULL);
}

/* op over x [b, steps, channels]: W [1][gates][channels], R [1][gates][units],
 * B [1][2 gates] (input's biases, then recurrent's: 0 for lstm's one). */
static const char *recurrent(onnx_graph *g, const nn_layer *l, const char *x, const char *op, int gate_count,
                             int biases, const int *order)
{
    nn_recurrent r = nn_recurrent_of(l, gate_count, biases);
    size_t G = (size_t)r.gates, C = (size_t)r.channels, H = (size_t)r.units;
    float *w = malloc(G * C * sizeof *w), *rk = malloc(G * H * sizeof *rk), *b = calloc(2 * G, sizeof *b);
    if (!w || !rk || !b) {
        free(w), free(rk), free(b);
        return g->failed = true, x;
    }
    reorder(r, l->w, r.channels, order, true, w);
    reorder(r, l->w + C * G, r.units, order, true, rk);
    for (int i = 0; i < biases; i++)
        reorder(r, bias_of(l, r, i), 1, order, false, b + i * G);
    int64_t wdims[] = {1, (int64_t)G, (int64_t)C}, rdims[] = {1, (int64_t)G, (int64_t)H}, bdims[] = {1, 2 * (int64_t)G};
    const char *in[] = {onnx_transpose(g, x, STEPS_FIRST, 3), onnx_floats(g, "rnn_w", w, G * C, wdims, 3),
                        onnx_floats(g, "rnn_r", rk, G * H, rdims, 3), onnx_floats(g, "rnn_b", b, 2 * G, bdims, 2)};
    free(w), free(rk), free(b);
    /* Y [steps, 1, b, units] for every step's h, Y_h [1, b, units] for the last */
    const char *y = onnx_node_nth(g, op, in, 4, r.all ? 0 : 1);
    onnx_attr_int(g, "hidden_size", r.units);
    if (biases == 2)
        onnx_attr_int(g, "linear_before_reset", 1); /* the reset gate scales h Wh + bh */
    if (!r.all)
        return squeeze(g, y, 0);
    return onnx_transpose(g, squeeze(g, y, 1), STEPS_FIRST, 3);
}

const char *onnx_lstm(onnx_graph *g, const nn_layer *l, const char *x)
{
    return recurrent(g, l, x, "LSTM", 4, 1, LSTM_ONNX);
}

const char *onnx_gru(onnx_graph *g, const nn_layer *l, const char *x)
{
    return recurrent(g, l, x, "GRU", 3, 2, GRU_ZRH);
}

/* Keras's LSTM: kernel [channels][4 units], recurrent_kernel [units][4 units],
 * bias [4 units], gates i f c o: nnwb's arrays as they are. */
int keras_lstm(const nn_layer *l, keras_param *out, float *scratch)
{
    (void)scratch;
    nn_recurrent r = nn_recurrent_of(l, 4, 1);
    out[0] = (keras_param){"kernel", l->w, {r.channels, r.gates}, 2};
    out[1] = (keras_param){"recurrent_kernel", l->w + (size_t)r.channels * r.gates, {r.units, r.gates}, 2};
    out[2] = (keras_param){"bias", bias_of(l, r, 0), {r.gates}, 1};
    return 3;
}

/* Keras's GRU (reset_after): the same shapes with gates z r h, and the
 * two biases as one [2][3 units]. */
int keras_gru(const nn_layer *l, keras_param *out, float *scratch)
{
    nn_recurrent r = nn_recurrent_of(l, 3, 2);
    size_t G = (size_t)r.gates, C = (size_t)r.channels, H = (size_t)r.units;
    reorder(r, l->w, r.channels, GRU_ZRH, false, scratch);
    reorder(r, l->w + C * G, r.units, GRU_ZRH, false, scratch + C * G);
    reorder(r, bias_of(l, r, 0), 1, GRU_ZRH, false, scratch + (C + H) * G);
    reorder(r, bias_of(l, r, 1), 1, GRU_ZRH, false, scratch + (C + H + 1) * G);
    out[0] = (keras_param){"kernel", scratch, {r.channels, r.gates}, 2};
    out[1] = (keras_param){"recurrent_kernel", scratch + C * G, {r.units, r.gates}, 2};
    out[2] = (keras_param){"bias", scratch + (C + H) * G, {2, r.gates}, 2};
    return 3;
}
