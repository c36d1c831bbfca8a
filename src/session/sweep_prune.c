/* Successive halving's rungs and its rule (sweep_prune.h). */
#include <math.h>
#include <stdlib.h>

#include "sweep_prune.h"

int sweep_rungs(int epochs, int rungs[SWEEP_MAX_RUNGS])
{
    int n = 0, r = epochs / SWEEP_ETA;
    int found[SWEEP_MAX_RUNGS];
    /* two rungs below the end (E/9, E/3) as the 3, 9 of 27 */
    while (r >= 1 && n < 2) {
        found[n++] = r;
        r /= SWEEP_ETA;
    }
    for (int i = 0; i < n; i++) /* lowest first */
        rungs[i] = found[n - 1 - i];
    return n;
}

/* Better first; NaNs last. */
static bool better(double a, double b, bool higher)
{
    if (isnan(b))
        return !isnan(a);
    return higher ? a > b : a < b;
}

bool sweep_promotable(const double *others, int n, double value, bool higher)
{
    if (isnan(value))
        return false;
    /* the trial's place among every figure at the rung, itself included */
    int ahead = 0;
    for (int i = 0; i < n; i++)
        ahead += better(others[i], value, higher);
    int keep = (n + 1) / SWEEP_ETA; /* the best 1/3; at least the best one */
    if (keep < 1)
        keep = 1;
    return ahead < keep;
}
