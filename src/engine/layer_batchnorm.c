/* Batch normalisation of each channel (the last dimension: a vector's
 * features, a sequence's channels), Keras's BatchNormalization:
 *   training:    y = gamma (x - mean_B) / sqrt(var_B + eps) + beta over the
 *                batch (and steps), and the running statistics move
 *                toward the batch's: run = momentum run + (1 - momentum) batch
 *                (the variance unbiased, as PyTorch keeps it);
 *   evaluation and prediction: the running statistics instead.
 * Parameters: gamma[c], beta[c], then running mean[c] and variance[c].
 * The running statistics live in the parameter vector so that they are
 * saved, restored with the best epoch and counted as Keras counts them
 * (non-trainable): they are the layer's n_frozen, which the trainer's
 * optimizer step, decay and norms skip (their gradient is written as 0 all
 * the same).  A replica of the two-thread split reads
 * them but leaves them to the main model, which updates them from its
 * share of each batch (as PyTorch's DistributedDataParallel does). */
#include <math.h>
#include <string.h>

#include "layer.h"

enum { ARG_MOMENTUM, ARG_EPS };

static int channels(const nn_layer *l)
{
    return l->in.dim[l->in.rank - 1];
}

static int bn_shape(nn_layer *l, nn_error *err)
{
    (void)err;
    size_t c = (size_t)channels(l);
    l->out = l->in;
    l->n_params = 4 * c;
    l->n_penalised = 0;
    l->n_frozen = 2 * c;
    /* x-hat per value, then 1/std per channel and the mode of the last pass */
    l->scratch_per_sample = nn_shape_size(l->in) + c + 1;
    return 0;
}

static void bn_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    int c = channels(l);
    for (int j = 0; j < c; j++) {
        l->w[j] = 1.0f;         /* gamma */
        l->w[c + j] = 0.0f;     /* beta */
        l->w[2 * c + j] = 0.0f; /* running mean */
        l->w[3 * c + j] = 1.0f; /* running variance */
    }
}

/* Per channel mean and biased variance of rows x c values, in double. */
static void batch_moments(const float *x, int rows, int c, int j, double *mean, double *var)
{
    double s = 0, ss = 0;
    for (int r = 0; r < rows; r++)
        s += x[(size_t)r * c + j];
    *mean = s / rows;
    for (int r = 0; r < rows; r++) {
        double d = x[(size_t)r * c + j] - *mean;
        ss += d * d;
    }
    *var = ss / rows;
}

static void bn_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    int c = channels(l), rows = batch * (int)(nn_shape_size(l->in) / (size_t)c);
    float *gamma = l->w, *beta = l->w + c, *run_mean = l->w + 2 * c, *run_var = l->w + 3 * c;
    float *xhat = l->scratch, *inv_std = xhat + (size_t)rows * c;
    float momentum = (float)l->spec.value[ARG_MOMENTUM], eps = (float)l->spec.value[ARG_EPS];
    inv_std[c] = training ? 1.0f : 0.0f;
    for (int j = 0; j < c; j++) {
        double mean, var; /* training never reads the running ones: the main model writes them */
        if (!training) {
            mean = run_mean[j], var = run_var[j];
        } else {
            batch_moments(in, rows, c, j, &mean, &var);
            if (!l->borrowed) {
                double unbiased = rows > 1 ? var * rows / (rows - 1) : var;
                run_mean[j] = (float)(momentum * run_mean[j] + (1.0 - momentum) * mean);
                run_var[j] = (float)(momentum * run_var[j] + (1.0 - momentum) * unbiased);
            }
        }
        inv_std[j] = (float)(1.0 / sqrt(var + eps));
        for (int r = 0; r < rows; r++) {
            size_t k = (size_t)r * c + j;
            xhat[k] = (float)((in[k] - mean) * inv_std[j]);
            out[k] = gamma[j] * xhat[k] + beta[j];
        }
    }
}

static void bn_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                        float *din, int batch)
{
    (void)in, (void)out;
    int c = channels(l), rows = batch * (int)(nn_shape_size(l->in) / (size_t)c);
    const float *gamma = l->w, *xhat = l->scratch, *inv_std = xhat + (size_t)rows * c;
    bool training = inv_std[c] != 0.0f;
    memset(l->g + 2 * c, 0, 2 * (size_t)c * sizeof *l->g); /* the running statistics */
    for (int j = 0; j < c; j++) {
        double dgamma = 0, dbeta = 0;
        for (int r = 0; r < rows; r++) {
            size_t k = (size_t)r * c + j;
            dgamma += (double)dout[k] * xhat[k];
            dbeta += dout[k];
        }
        l->g[j] = (float)dgamma, l->g[c + j] = (float)dbeta;
        if (!din)
            continue;
        /* through the batch's mean and variance too, when they were used */
        double scale = gamma[j] * inv_std[j], mean_dy = training ? dbeta / rows : 0,
               mean_dy_xhat = training ? dgamma / rows : 0;
        for (int r = 0; r < rows; r++) {
            size_t k = (size_t)r * c + j;
            din[k] = (float)(scale * (dout[k] - mean_dy - xhat[k] * mean_dy_xhat));
        }
    }
}

static const nn_arg_spec bn_args[] = {
    [ARG_MOMENTUM] = {"momentum", NN_ARG_NUMBER, NN_ARG_KEY_ONLY, "0.99", NULL,
                      "how much of the running statistics each batch keeps (Keras's)", 0, 1},
    [ARG_EPS] = {"eps", NN_ARG_NUMBER, NN_ARG_KEY_ONLY, "0.001", NULL,
                 "added to the variance before its square root", 0, 1},
    {0},
};

const nn_layer_kind nn_layer_batchnorm = {
    .name = "batchnorm",
    .help = "normalises each channel by the batch's statistics in training, running ones after",
    .shape_rule = "unchanged",
    .args = bn_args,
    .shape = bn_shape,
    .init = bn_init,
    .forward = bn_forward,
    .backward = bn_backward,
    .logits = NULL,
};
