#include "activation.h"

#include <math.h>
#include <string.h>

#include "vector_clones.h"

/* Element-wise kinds ignore rows/width and walk n = rows * width values.
 * Loads are unconditional (`d = dy[i]` before the select) so the compiler
 * can turn the selects into vector blends: with a branch per element the
 * random signs of activations cost a misprediction each. */

static void linear_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    if (x != y)
        memcpy(y, x, rows * w * sizeof *y);
}

static void linear_bwd(const nn_activation *a, const float *x, const float *y,
                       const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)x, (void)y;
    if (dx != dy)
        memcpy(dx, dy, rows * w * sizeof *dx);
}

NN_VECTOR_CLONES
static void relu_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    for (size_t i = 0, n = rows * w; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

NN_VECTOR_CLONES
static void relu_bwd(const nn_activation *a, const float *x, const float *y,
                     const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)x;
    for (size_t i = 0, n = rows * w; i < n; i++) {
        float d = dy[i];
        dx[i] = y[i] > 0.0f ? d : 0.0f;
    }
}

static void leaky_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    float alpha = a->alpha;
    for (size_t i = 0, n = rows * w; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : alpha * x[i];
}

static void leaky_bwd(const nn_activation *a, const float *x, const float *y,
                      const float *dy, float *dx, size_t rows, size_t w)
{
    (void)y;
    float alpha = a->alpha;
    for (size_t i = 0, n = rows * w; i < n; i++) {
        float d = dy[i];
        dx[i] = x[i] > 0.0f ? d : alpha * d;
    }
}

static void elu_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    for (size_t i = 0, n = rows * w; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : a->alpha * expm1f(x[i]);
}

static void elu_bwd(const nn_activation *a, const float *x, const float *y,
                    const float *dy, float *dx, size_t rows, size_t w)
{
    /* For x <= 0, f'(x) = alpha * e^x = y + alpha. */
    float alpha = a->alpha;
    for (size_t i = 0, n = rows * w; i < n; i++) {
        float d = dy[i];
        dx[i] = x[i] > 0.0f ? d : d * (y[i] + alpha);
    }
}

/* Exact GELU, x * Phi(x), as Keras (approximate=False) and PyTorch use.
 * Phi(x) = erfc(-x / sqrt 2) / 2 keeps its accuracy for very negative x. */
static void gelu_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    for (size_t i = 0, n = rows * w; i < n; i++)
        y[i] = 0.5f * x[i] * erfcf(-x[i] * (float)M_SQRT1_2);
}

static void gelu_bwd(const nn_activation *a, const float *x, const float *y,
                     const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)y;
    const float inv_sqrt_2pi = 0.3989422804014327f;
    for (size_t i = 0, n = rows * w; i < n; i++) {
        float cdf = 0.5f * erfcf(-x[i] * (float)M_SQRT1_2);
        float pdf = inv_sqrt_2pi * expf(-0.5f * x[i] * x[i]);
        dx[i] = dy[i] * (cdf + x[i] * pdf);
    }
}

static void sigmoid_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    /* Both branches stay finite for any x. */
    for (size_t i = 0, n = rows * w; i < n; i++) {
        if (x[i] >= 0.0f) {
            y[i] = 1.0f / (1.0f + expf(-x[i]));
        } else {
            float e = expf(x[i]);
            y[i] = e / (1.0f + e);
        }
    }
}

static void sigmoid_bwd(const nn_activation *a, const float *x, const float *y,
                        const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)x;
    for (size_t i = 0, n = rows * w; i < n; i++)
        dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

static void tanh_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    for (size_t i = 0, n = rows * w; i < n; i++)
        y[i] = tanhf(x[i]);
}

static void tanh_bwd(const nn_activation *a, const float *x, const float *y,
                     const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)x;
    for (size_t i = 0, n = rows * w; i < n; i++)
        dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

/* Softmax over each row, shifted by the row maximum so exp never overflows. */
static void softmax_fwd(const nn_activation *a, const float *x, float *y, size_t rows, size_t w)
{
    (void)a;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * w;
        float *yr = y + r * w;
        float max = xr[0], sum = 0.0f;
        for (size_t j = 1; j < w; j++)
            max = xr[j] > max ? xr[j] : max;
        for (size_t j = 0; j < w; j++) {
            yr[j] = expf(xr[j] - max);
            sum += yr[j];
        }
        for (size_t j = 0; j < w; j++)
            yr[j] /= sum;
    }
}

/* Jacobian-vector product: dx_j = y_j * (dy_j - sum_k dy_k y_k). */
static void softmax_bwd(const nn_activation *a, const float *x, const float *y,
                        const float *dy, float *dx, size_t rows, size_t w)
{
    (void)a, (void)x;
    for (size_t r = 0; r < rows; r++) {
        const float *yr = y + r * w, *dyr = dy + r * w;
        float *dxr = dx + r * w;
        float dot = 0.0f;
        for (size_t j = 0; j < w; j++)
            dot += dyr[j] * yr[j];
        for (size_t j = 0; j < w; j++)
            dxr[j] = yr[j] * (dyr[j] - dot);
    }
}

/* name, help, relu_family, identity, can_die, alpha, forward, backward, onnx */
static const nn_activation table[] = {
    {"linear", "identity, f(x) = x", false, true, false, 0.0f, linear_fwd, linear_bwd, "Identity"},
    {"relu", "max(0, x)", true, false, true, 0.0f, relu_fwd, relu_bwd, "Relu"},
    {"leaky_relu", "x for x > 0, 0.01 x otherwise", true, false, false, 0.01f, leaky_fwd, leaky_bwd, "LeakyRelu"},
    {"elu", "x for x > 0, e^x - 1 otherwise", true, false, false, 1.0f, elu_fwd, elu_bwd, "Elu"},
    {"gelu", "x * Phi(x), the exact Gaussian error linear unit", true, false, false, 0.0f, gelu_fwd,
     gelu_bwd, "Gelu"},
    {"sigmoid", "1 / (1 + e^-x), for binary outputs", false, false, false, 0.0f, sigmoid_fwd,
     sigmoid_bwd, "Sigmoid"},
    {"tanh", "hyperbolic tangent", false, false, false, 0.0f, tanh_fwd, tanh_bwd, "Tanh"},
    {"softmax", "exp(x) / sum(exp(x)) over a row, for class probabilities", false, false, false, 0.0f,
     softmax_fwd, softmax_bwd, "Softmax"},
};

const nn_activation *nn_activation_linear(void)
{
    return &table[0];
}

const nn_activation *nn_activation_at(int i)
{
    return i >= 0 && i < (int)(sizeof table / sizeof *table) ? &table[i] : NULL;
}

const nn_activation *nn_activation_find(const char *name)
{
    for (int i = 0; nn_activation_at(i); i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}
