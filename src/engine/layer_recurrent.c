/* The recurrent kinds' shared parts (layer_recurrent.h). */
#include "layer_recurrent.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

enum { ARG_UNITS, ARG_RETURN };

const nn_arg_spec nn_recurrent_args[] = {
    [ARG_UNITS] = {"units", NN_ARG_INT, 0, NULL, NULL, "units of the state", 1, 100000},
    [ARG_RETURN] = {"return", NN_ARG_CHOICE, NN_ARG_KEY_ONLY, "last", "last|all",
                    "last: the last step's output (a vector); all: every step's (a sequence, "
                    "Keras's return_sequences)", 0, 0},
    {0},
};

nn_recurrent nn_recurrent_of(const nn_layer *l, int gate_count, int biases)
{
    nn_recurrent r = {l->in.dim[0], l->in.dim[1], l->spec.units, gate_count * l->spec.units, biases,
                      l->spec.value[ARG_RETURN] == 1};
    return r;
}

int nn_recurrent_shape(nn_layer *l, int gate_count, int biases, nn_error *err)
{
    if (nn_layer_need_steps(l, err) < 0)
        return -1;
    int steps = l->in.dim[0], channels = l->in.dim[1], units = l->spec.units;
    size_t gates = (size_t)gate_count * units;
    l->out = l->spec.value[ARG_RETURN] == 1 ? nn_shape_sequence(steps, units) : nn_shape_vector(units);
    l->n_penalised = ((size_t)channels + units) * gates; /* both kernels, as Keras regularises */
    l->n_params = l->n_penalised + (size_t)biases * gates;
    l->recurrent_at = (size_t)channels * gates; /* Wh follows Wx */
    l->n_recurrent = (size_t)units * gates;
    l->scratch_per_sample = 2 * (size_t)units;
    return 0;
}

size_t nn_recurrent_bias_at(nn_recurrent r)
{
    return ((size_t)r.channels + r.units) * r.gates;
}

/* Rows of a normal matrix made orthonormal by modified Gram-Schmidt: the
 * distribution of Keras's Orthogonal (QR of a normal matrix, signs fixed). */
static void orthogonal_rows(float *w, int rows, int cols, nn_rng *rng)
{
    for (int i = 0; i < rows; i++) {
        float *v = w + (size_t)i * cols;
        double norm;
        do {
            for (int j = 0; j < cols; j++)
                v[j] = nn_rng_normal(rng);
            for (int k = 0; k < i; k++) {
                const float *q = w + (size_t)k * cols;
                double dot = 0;
                for (int j = 0; j < cols; j++)
                    dot += (double)v[j] * q[j];
                for (int j = 0; j < cols; j++)
                    v[j] -= (float)(dot * q[j]);
            }
            norm = 0;
            for (int j = 0; j < cols; j++)
                norm += (double)v[j] * v[j];
        } while (norm < 1e-12); /* a draw inside the span: draw again (never in practice) */
        for (int j = 0; j < cols; j++)
            v[j] = (float)(v[j] / sqrt(norm));
    }
}

void nn_recurrent_init(nn_layer *l, nn_recurrent r, nn_rng *rng)
{
    size_t nx = (size_t)r.channels * r.gates;
    nn_fill_uniform(l->w, nx, sqrtf(6.0f / (float)(r.channels + r.gates)), rng);
    orthogonal_rows(l->w + nx, r.units, r.gates, rng);
    memset(l->w + nn_recurrent_bias_at(r), 0, (size_t)r.biases * r.gates * sizeof *l->w);
}

void nn_recurrent_input_products(const nn_layer *l, nn_recurrent r, const float *x, int batch,
                                 float *gate)
{
    int rows = batch * r.steps;
    const float *bias = l->w + nn_recurrent_bias_at(r);
    for (int i = 0; i < rows; i++)
        memcpy(gate + (size_t)i * r.gates, bias, (size_t)r.gates * sizeof *gate);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, r.gates, r.channels, 1.0f, x,
                r.channels, l->w, r.gates, 1.0f, gate, r.gates);
}

static const float *wh(const nn_layer *l, nn_recurrent r)
{
    return l->w + (size_t)r.channels * r.gates;
}

void nn_recurrent_hh(const nn_layer *l, nn_recurrent r, const float *h, int ldh, int batch,
                     float *dst, int ldd)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, r.gates, r.units, 1.0f, h, ldh,
                wh(l, r), r.gates, 1.0f, dst, ldd);
}

void nn_recurrent_hh_back(const nn_layer *l, nn_recurrent r, const float *dgate, int ldg,
                          int batch, float *dh)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, r.units, r.gates, 1.0f, dgate, ldg,
                wh(l, r), r.gates, 1.0f, dh, r.units);
}

void nn_recurrent_output(nn_recurrent r, const float *h, int batch, float *out)
{
    size_t u = (size_t)r.units;
    if (r.all) {
        memcpy(out, h, (size_t)batch * r.steps * u * sizeof *out);
        return;
    }
    for (int s = 0; s < batch; s++)
        memcpy(out + s * u, h + ((size_t)s * r.steps + r.steps - 1) * u, u * sizeof *out);
}

void nn_recurrent_step_grad(nn_recurrent r, const float *dout, int t, int batch, float *dh)
{
    size_t u = (size_t)r.units;
    if (!r.all && t != r.steps - 1)
        return;
    for (int s = 0; s < batch; s++) {
        const float *g = r.all ? dout + ((size_t)s * r.steps + t) * u : dout + s * u;
        for (size_t j = 0; j < u; j++)
            dh[s * u + j] += g[j];
    }
}

float *nn_recurrent_carry(const nn_layer *l, nn_recurrent r, int batch)
{
    return l->scratch + (size_t)batch * (l->scratch_per_sample - 2 * (size_t)r.units);
}

void nn_recurrent_weight_grads(nn_layer *l, nn_recurrent r, const float *x, const float *h,
                               const float *dx, const float *dh, int batch, float *din)
{
    int rows = batch * r.steps, ld_h = r.steps * r.units, ld_g = r.steps * r.gates;
    float *gwh = l->g + (size_t)r.channels * r.gates, *gb = l->g + nn_recurrent_bias_at(r);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r.channels, r.gates, rows, 1.0f, x,
                r.channels, dx, r.gates, 0.0f, l->g, r.gates);
    /* h_0 = 0: step t's recurrent sums read h_{t-1} from step 1 on */
    memset(gwh, 0, (size_t)r.units * r.gates * sizeof *gwh);
    for (int t = 1; t < r.steps; t++)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r.units, r.gates, batch, 1.0f,
                    h + (size_t)(t - 1) * r.units, ld_h, dh + (size_t)t * r.gates, ld_g, 1.0f,
                    gwh, r.gates);
    nn_sum_rows(dx, rows, r.gates, gb);
    if (r.biases == 2)
        nn_sum_rows(dh, rows, r.gates, gb + r.gates);
    if (din)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, r.channels, r.gates, 1.0f, dx,
                    r.gates, l->w, r.gates, 0.0f, din, r.channels);
}
