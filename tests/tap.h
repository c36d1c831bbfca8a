/* A tiny TAP producer: each test case is one "ok"/"not ok" line, and a
 * failed check prints its file, line, expression and values as comments.
 * Automake's tap-driver counts the lines. */
#ifndef TAP_H
#define TAP_H

#include <math.h>
#include <stdio.h>

static int tap_cases, tap_case_failures, tap_total_failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            tap_case_failures++;                                                      \
        }                                                                             \
    } while (0)

/* |a - b| <= tol, with both values shown on failure. */
#define CHECK_NEAR(a, b, tol)                                                         \
    do {                                                                              \
        double tap_a_ = (a), tap_b_ = (b);                                            \
        if (!(fabs(tap_a_ - tap_b_) <= (tol))) {                                      \
            printf("#   %s:%d: %s = %.9g, expected %s = %.9g (tolerance %g)\n",       \
                   __FILE__, __LINE__, #a, tap_a_, #b, tap_b_, (double)(tol));        \
            tap_case_failures++;                                                      \
        }                                                                             \
    } while (0)

/* Relative closeness for values of any magnitude. */
#define CHECK_CLOSE(a, b, rel)                                                        \
    CHECK_NEAR(a, b, (rel) * fmax(1e-6, fmax(fabs((double)(a)), fabs((double)(b)))))

static inline void tap_run(const char *name, void (*fn)(void))
{
    tap_case_failures = 0;
    fn();
    tap_cases++;
    printf("%s %d - %s\n", tap_case_failures ? "not ok" : "ok", tap_cases, name);
    fflush(stdout);
    tap_total_failures += tap_case_failures != 0;
}

#define TEST(fn) tap_run(#fn, fn)

/* The plan line; non-zero when a case failed, so that a test program run
 * by hand exits with the truth (the TAP driver reads the lines instead). */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_cases);
    return tap_total_failures != 0;
}

#endif
