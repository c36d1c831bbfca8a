/* 1-D convolution over (steps, channels) samples, Keras's Conv1D:
 *   y[t][f] = act(b[f] + sum_k sum_c x[t*stride + k*dilation - pad][c] W[k][c][f])
 * with x = 0 outside the sample.  Padding causal (the default: pad on the
 * left only, so no output step sees a later input step), same (output
 * length ceil(steps/stride), TensorFlow's split with the extra pad on the
 * right) or valid (no padding).
 *
 * im2col: each output step's receptive field is copied into one row of a
 * [batch*out_steps][kernel*channels] matrix, so forward, the kernel's
 * gradient and the input's gradient are each one cblas_sgemm.  Parameters:
 * W[kernel][channels][filters] (Keras's kernel shape), then b[filters]. */
#include <cblas.h>
#include <string.h>

#include "layer.h"
#include "layer_conv1d.h"

enum { ARG_FILTERS, ARG_KERNEL, ARG_ACT, ARG_STRIDE, ARG_PADDING, ARG_DILATION, ARG_INIT };
enum { PAD_CAUSAL, PAD_SAME, PAD_VALID };

typedef nn_conv1d geometry;

nn_conv1d nn_conv1d_of(const nn_layer *l)
{
    const double *v = l->spec.value;
    geometry g = {l->in.dim[0], l->in.dim[1], (int)v[ARG_FILTERS], (int)v[ARG_KERNEL],
                  (int)v[ARG_STRIDE], (int)v[ARG_DILATION], 0, 0};
    int reach = g.dilation * (g.kernel - 1); /* input steps a window spans, minus one */
    switch ((int)v[ARG_PADDING]) {
    case PAD_CAUSAL:
        g.pad_left = reach;
        g.out_steps = (g.steps - 1) / g.stride + 1;
        break;
    case PAD_SAME: {
        g.out_steps = (g.steps + g.stride - 1) / g.stride;
        int total = (g.out_steps - 1) * g.stride + reach + 1 - g.steps;
        g.pad_left = total > 0 ? total / 2 : 0;
        break;
    }
    default:
        g.out_steps = g.steps > reach ? (g.steps - reach - 1) / g.stride + 1 : 0;
    }
    return g;
}

static size_t col_width(geometry g)
{
    return (size_t)g.kernel * g.channels;
}

static int conv_shape(nn_layer *l, nn_error *err)
{
    if (nn_layer_need_steps(l, err) < 0)
        return -1;
    geometry g = nn_conv1d_of(l);
    if (g.out_steps < 1)
        return nn_fail(err, "conv1d: a kernel of %d with dilation %d spans %d steps, more than the "
                       "%d there are (use padding=causal or same, or a smaller kernel)",
                       g.kernel, g.dilation, g.dilation * (g.kernel - 1) + 1, g.steps);
    l->out = nn_shape_sequence(g.out_steps, g.filters);
    l->n_penalised = col_width(g) * g.filters;
    l->n_params = l->n_penalised + (size_t)g.filters;
    size_t z = l->spec.act->identity ? 0 : 2 * (size_t)g.out_steps * g.filters;
    l->scratch_per_sample = (size_t)g.out_steps * col_width(g) + z;
    return 0;
}

static void conv_init(nn_layer *l, nn_rng *rng)
{
    geometry g = nn_conv1d_of(l);
    float limit = nn_layer_init_limit(l, col_width(g), (size_t)g.kernel * g.filters);
    nn_fill_uniform(l->w, l->n_penalised, limit, rng);
    memset(l->w + l->n_penalised, 0, (size_t)g.filters * sizeof *l->w);
}

/* The input step that tap k of output step t reads, or -1 in the padding. */
static int tap(geometry g, int t, int k)
{
    int s = t * g.stride + k * g.dilation - g.pad_left;
    return s >= 0 && s < g.steps ? s : -1;
}

/* A row whose taps all fall inside the sample, one step apart, is one
 * contiguous run of the input: copied at once, not tap by tap (the calls,
 * not the bytes, were what im2col cost). */
static void im2col(geometry g, const float *in, int batch, float *col)
{
    size_t c = (size_t)g.channels, row = (size_t)g.kernel * c;
    for (int b = 0; b < batch; b++, in += (size_t)g.steps * c)
        for (int t = 0; t < g.out_steps; t++, col += row) {
            int first = tap(g, t, 0), last = tap(g, t, g.kernel - 1);
            if (g.dilation == 1 && first >= 0 && last >= 0) {
                memcpy(col, in + (size_t)first * c, row * sizeof *col);
                continue;
            }
            for (int k = 0; k < g.kernel; k++) {
                int s = tap(g, t, k);
                if (s < 0)
                    memset(col + k * c, 0, c * sizeof *col);
                else
                    memcpy(col + k * c, in + (size_t)s * c, c * sizeof *col);
            }
        }
}

/* The transpose of im2col: each row's pieces added back where they came from. */
static void col2im(geometry g, const float *col, int batch, float *din)
{
    size_t c = (size_t)g.channels;
    memset(din, 0, (size_t)batch * g.steps * c * sizeof *din);
    for (int b = 0; b < batch; b++, din += (size_t)g.steps * c)
        for (int t = 0; t < g.out_steps; t++)
            for (int k = 0; k < g.kernel; k++, col += c) {
                int s = tap(g, t, k);
                if (s < 0)
                    continue;
                float *restrict to = din + (size_t)s * c; /* a plain loop: it vectorises */
                const float *restrict from = col;
                for (size_t j = 0; j < c; j++)
                    to[j] += from[j];
            }
}

/* Every row of z (rows x filters) set to the bias, in doubling copies
 * rather than one call per row. */
static void fill_bias(float *z, const float *bias, size_t rows, size_t filters)
{
    if (rows == 0)
        return;
    memcpy(z, bias, filters * sizeof *z);
    for (size_t done = 1; done < rows;) {
        size_t n = done < rows - done ? done : rows - done;
        memcpy(z + done * filters, z, n * filters * sizeof *z);
        done += n;
    }
}

/* Scratch: the pre-activation z and its gradient first (when there is an
 * activation: logits are then at its start), then the columns. */
static float *cols_of(const nn_layer *l, geometry g, int batch)
{
    return l->scratch + (l->spec.act->identity ? 0 : 2 * (size_t)batch * g.out_steps * g.filters);
}

static void conv_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    geometry g = nn_conv1d_of(l);
    int rows = batch * g.out_steps, width = (int)col_width(g);
    const float *bias = l->w + l->n_penalised;
    float *col = cols_of(l, g, batch), *z = l->spec.act->identity ? out : l->scratch;
    im2col(g, in, batch, col);
    fill_bias(z, bias, (size_t)rows, (size_t)g.filters);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, g.filters, width, 1.0f, col,
                width, l->w, g.filters, 1.0f, z, g.filters);
    if (!l->spec.act->identity)
        l->spec.act->forward(l->spec.act, z, out, (size_t)rows, (size_t)g.filters);
}

static void conv_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                          float *din, int batch)
{
    (void)in;
    geometry g = nn_conv1d_of(l);
    int rows = batch * g.out_steps, width = (int)col_width(g);
    float *col = cols_of(l, g, batch);
    const float *dz = dout;
    if (!l->spec.act->identity && !l->grad_wrt_logits) {
        float *z = l->scratch, *dzbuf = z + (size_t)rows * g.filters;
        l->spec.act->backward(l->spec.act, z, out, dout, dzbuf, (size_t)rows, (size_t)g.filters);
        dz = dzbuf;
    }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, width, g.filters, rows, 1.0f, col, width,
                dz, g.filters, 0.0f, l->g, g.filters);
    nn_sum_rows(dz, rows, g.filters, l->g + l->n_penalised);
    if (!din)
        return;
    /* the columns are spent: their gradient takes their place */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, width, g.filters, 1.0f, dz,
                g.filters, l->w, g.filters, 0.0f, col, width);
    col2im(g, col, batch, din);
}

static const float *conv_logits(const nn_layer *l, const float *in)
{
    (void)in;
    return l->spec.act->identity ? NULL : l->scratch;
}

static const nn_arg_spec conv_args[] = {
    [ARG_FILTERS] = {"filters", NN_ARG_INT, 0, NULL, NULL, "output channels", 1, 100000},
    [ARG_KERNEL] = {"kernel", NN_ARG_INT, 0, NULL, NULL, "steps each filter spans", 1, 10000},
    [ARG_ACT] = {"act", NN_ARG_WORD, 0, "linear", NULL, "activation applied to the output (fused)", 0, 0},
    [ARG_STRIDE] = {"stride", NN_ARG_INT, NN_ARG_KEY_ONLY, "1", NULL, "steps between outputs", 1, 10000},
    [ARG_PADDING] = {"padding", NN_ARG_CHOICE, NN_ARG_KEY_ONLY, "causal", "causal|same|valid",
                     "causal: no output sees a later step; same: as many outputs as steps; valid: none", 0, 0},
    [ARG_DILATION] = {"dilation", NN_ARG_INT, NN_ARG_KEY_ONLY, "1", NULL,
                      "steps between a filter's taps", 1, 10000},
    [ARG_INIT] = {"init", NN_ARG_CHOICE, NN_ARG_KEY_ONLY, "auto", "auto|he|glorot|zeros",
                  "weight initialisation (auto: He before ReLU-like activations, else Glorot)", 0, 0},
    {0},
};

const nn_layer_kind nn_layer_conv1d = {
    .name = "conv1d",
    .help = "1-D convolution over steps: filters, kernel, optional fused activation (causal by default)",
    .shape_rule = "(steps, channels) -> (out_steps, filters)",
    .reads_steps = true,
    .args = conv_args,
    .shape = conv_shape,
    .init = conv_init,
    .forward = conv_forward,
    .backward = conv_backward,
    .logits = conv_logits,
};
