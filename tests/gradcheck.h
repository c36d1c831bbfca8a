/* Finite-difference gradient checking for the tests.
 *
 * The objective is any scalar function of a float array, returned in
 * double.  Each element in turn is nudged down and up by h (1e-3 of its
 * size, at least 1e-3), and the central difference
 *     numeric = (f(x + h) - f(x - h)) / (x_up - x_down)
 * is taken over the float values actually stored (so rounding of x +- h
 * does not bias it).  It must match the analytic gradient:
 *     |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|).
 * On failure the worst element is printed as a TAP comment and the
 * current test case fails.  Build with -DGC_VERBOSE to see every check's
 * worst ratio when tuning tolerances. */
#ifndef GRADCHECK_H
#define GRADCHECK_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "tap.h"

typedef double (*gc_objective)(void *ctx);

typedef struct gc_result {
    double worst;             /* largest error / tolerance: <= 1 passes, NaN fails */
    size_t index;             /* where it was */
    double analytic, numeric; /* the two gradients there */
} gc_result;

/* Compares without reporting. */
static inline gc_result gradcheck_measure(gc_objective f, void *ctx, float *x, const float *grad,
                                          size_t n, double rtol, double atol)
{
    gc_result r = {0.0, 0, 0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        float x0 = x[i];
        double h = 1e-3 * fmax(fabs((double)x0), 1.0);
        float down = (float)(x0 - h), up = (float)(x0 + h);
        x[i] = down;
        double f_down = f(ctx);
        x[i] = up;
        double f_up = f(ctx);
        x[i] = x0;
        double numeric = (f_up - f_down) / ((double)up - (double)down);
        double a = grad[i];
        double ratio = fabs(a - numeric) / (atol + rtol * fmax(fabs(a), fabs(numeric)));
        if (!isnan(r.worst) && !(ratio <= r.worst)) { /* the first NaN sticks */
            r.worst = ratio;
            r.index = i, r.analytic = a, r.numeric = numeric;
        }
    }
    return r;
}

/* Compares and fails the current test case if any element is off. */
static inline double gradcheck(const char *what, gc_objective f, void *ctx, float *x,
                               const float *grad, size_t n, double rtol, double atol)
{
    gc_result r = gradcheck_measure(f, ctx, x, grad, n, rtol, atol);
#ifdef GC_VERBOSE
    printf("#   %s: worst %.3g\n", what, r.worst);
#endif
    if (!(r.worst <= 1.0)) {
        printf("#   %s: element %zu of %zu: analytic %.9g, numeric %.9g (%.3g x tolerance)\n",
               what, r.index, n, r.analytic, r.numeric, r.worst);
        tap_case_failures++;
    }
    return r.worst;
}

#endif
