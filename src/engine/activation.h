/* Element-wise (and, for softmax, row-wise) activation functions.
 * One table of kinds; dense layers apply them fused and the activation
 * layer applies them alone.  A new activation is one table entry. */
#ifndef NN_ACTIVATION_H
#define NN_ACTIVATION_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nn_activation {
    const char *name;
    const char *help;
    bool relu_family;  /* He initialisation suits the layer feeding it */
    bool identity;     /* linear: nothing to compute */
    bool can_die;      /* a unit whose input stays below 0 outputs 0 and learns nothing (ReLU) */
    float alpha;       /* slope or scale for leaky_relu and elu */
    /* y = f(x) over rows x width; rows matter only for softmax. */
    void (*forward)(const struct nn_activation *a, const float *x, float *y,
                    size_t rows, size_t width);
    /* dx = dy * f'(x), given both x and y = f(x). */
    void (*backward)(const struct nn_activation *a, const float *x, const float *y,
                     const float *dy, float *dx, size_t rows, size_t width);
    /* The same function as an ONNX operator (its alpha attribute, when
     * the operator takes one, is `alpha`); "Gelu" is ONNX's from opset
     * 20, which an exporter for older opsets writes out with Erf. */
    const char *onnx;
} nn_activation;

const nn_activation *nn_activation_find(const char *name);
/* The identity, which every layer has until told otherwise. */
const nn_activation *nn_activation_linear(void);
/* Iterate the table: returns NULL past the end. */
const nn_activation *nn_activation_at(int i);

#endif
