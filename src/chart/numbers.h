/* Numbers a chart reads in place, through strided views, so fields of the
 * history's records can be plotted without a copy; and the two things
 * every renderer does with numbers: smooth them and print them short. */
#ifndef NN_CHART_NUMBERS_H
#define NN_CHART_NUMBERS_H

#include <stddef.h>

typedef enum nn_num_type { NN_NUM_DOUBLE, NN_NUM_FLOAT } nn_num_type;

/* Value i is the double or float at (char *)at + i * stride. */
typedef struct nn_numbers {
    const void *at;
    size_t stride;
    nn_num_type type;
} nn_numbers;

static inline nn_numbers nn_doubles(const double *v)
{
    return (nn_numbers){v, sizeof *v, NN_NUM_DOUBLE};
}
static inline nn_numbers nn_floats(const float *v)
{
    return (nn_numbers){v, sizeof *v, NN_NUM_FLOAT};
}
/* A field of an array of structs, e.g. the validation losses of a history
 * snapshot: nn_double_field(&s->epoch[0].val_loss, sizeof s->epoch[0]);
 * or one layer's column of a row-major table:
 * nn_float_field(s->layer_grad_norms + k, s->n_layers * sizeof(float)). */
static inline nn_numbers nn_double_field(const double *first, size_t stride)
{
    return (nn_numbers){first, stride, NN_NUM_DOUBLE};
}
static inline nn_numbers nn_float_field(const float *first, size_t stride)
{
    return (nn_numbers){first, stride, NN_NUM_FLOAT};
}

/* NAN when v.at is NULL. */
double nn_number_at(nn_numbers v, size_t i);

/* Debiased exponential moving average, as TensorBoard's smoothing:
 *   ema_t = w * ema_(t-1) + (1 - w) * x_t,  ema_0 = 0,  out_t = ema_t / (1 - w^t)
 * where t counts the finite values so far.  A non-finite value is copied
 * as it is (a NaN still breaks the line) and does not enter the average.
 * w is clamped to [0, 0.999]; 0 copies the input.  out has n values and
 * may be the input itself when it is a dense double array. */
void nn_ema_smooth(nn_numbers in, size_t n, double weight, double *out);

/* A number in at most `sig` significant digits (1-15), trailing zeros
 * dropped, in whichever of fixed or exponent form is shorter (fixed on a
 * tie, and for whole numbers below 10000): 0.023, 1.2e-4, 2500, 1e5.
 * Always '.' whatever the locale.  Returns the length, like snprintf. */
int nn_format_number(char *buf, size_t len, double v, int sig);

#endif
