/* Comparing the engine's float32 results with float64 reference values
 * (the fixtures PyTorch computed), for the reference tests. */
#ifndef CHECK_ARRAY_H
#define CHECK_ARRAY_H

#include <math.h>
#include <stdio.h>

#include "tap.h"

/* Element i must be within rtol of want[i], measured against the larger of
 * |want[i]| and a tenth of the array's largest value: float32 rounding in
 * sums scales with the terms summed, not with a result that cancels to ~0. */
static inline void check_array(const char *what, const float *got, const double *want, int n,
                        double rtol)
{
    double scale = 0.0, worst = 0.0;
    int worst_i = -1;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, fabs(want[i]));
    for (int i = 0; i < n; i++) {
        double ratio = fabs(got[i] - want[i]) / (rtol * fmax(fabs(want[i]), 0.1 * scale) + 1e-30);
        if (!(ratio <= worst) && worst_i != -2) {
            worst = ratio;
            worst_i = isnan(ratio) ? -2 : i;
        }
    }
    if (!(worst <= 1.0)) {
        int i = worst_i < 0 ? 0 : worst_i;
        printf("#   %s[%d] = %.9g, expected %.9g (%.3g x tolerance)\n", what, i, got[i], want[i],
               worst);
        CHECK(0);
    }
}

#endif
