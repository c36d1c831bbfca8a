/* rho^2 and eta^2 on ranks (sweep_importance.h). */
#include <math.h>
#include <stdlib.h>

#include "sweep_importance.h"

void sweep_ranks(const double *v, int n, double *r)
{
    for (int i = 0; i < n; i++) { /* a sweep has few trials: counting is enough */
        int below = 0, equal = 0;
        for (int j = 0; j < n; j++)
            below += v[j] < v[i], equal += v[j] == v[i];
        r[i] = below + (equal + 1) / 2.0;
    }
}

static double mean(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s / n;
}

/* Squared Pearson correlation of two rank vectors. */
static double rho2(const double *a, const double *b, int n)
{
    double ma = mean(a, n), mb = mean(b, n), sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; i++)
        sab += (a[i] - ma) * (b[i] - mb), saa += (a[i] - ma) * (a[i] - ma), sbb += (b[i] - mb) * (b[i] - mb);
    return saa > 0 && sbb > 0 ? sab * sab / (saa * sbb) : NAN;
}

/* Between-group share of the variance of y, groups by equal x. */
static double eta2(const double *x, const double *y, int n)
{
    double my = mean(y, n), total = 0, between = 0;
    int groups = 0;
    for (int i = 0; i < n; i++)
        total += (y[i] - my) * (y[i] - my);
    for (int i = 0; i < n; i++) {
        bool first = true; /* each group once, at its first member */
        for (int j = 0; j < i && first; j++)
            first = x[j] != x[i];
        if (!first)
            continue;
        groups++;
        double sum = 0;
        int count = 0;
        for (int j = i; j < n; j++)
            if (x[j] == x[i])
                sum += y[j], count++;
        between += count * (sum / count - my) * (sum / count - my);
    }
    return total > 0 && groups > 1 ? between / total : NAN;
}

double sweep_importance(const double *x, const double *y, int n, bool words)
{
    if (n < 3)
        return NAN;
    double *rx = malloc((size_t)n * sizeof *rx), *ry = malloc((size_t)n * sizeof *ry);
    double result = NAN;
    if (rx && ry) {
        sweep_ranks(x, n, rx), sweep_ranks(y, n, ry);
        result = words ? eta2(x, ry, n) : rho2(rx, ry, n);
    }
    free(rx), free(ry);
    return result;
}
