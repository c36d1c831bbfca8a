/* Reading numbers from CSV text in the C locale, whatever the user's
 * locale: a fast path for plain decimals here, and a tolerant path for
 * what people export from spreadsheets in parse_loose.h. */
#ifndef NN_PARSE_NUMBER_H
#define NN_PARSE_NUMBER_H

#include <stddef.h>

#include "engine/c_locale.h" /* nn_strtod_c, for the callers that read numbers here */

typedef enum nn_num_status {
    NN_NUM_OK,
    NN_NUM_NOT_A_NUMBER,
    NN_NUM_INFINITE,   /* "inf", "-Infinity", ... */
    NN_NUM_OVERFLOW,   /* finite text beyond float32's range, e.g. 1e39 */
    NN_NUM_UNDERFLOW,  /* nonzero text below float32's normal range (1e-40, 1e-50): read
                        * as the nearest float32, a subnormal or 0, which loses digits */
} nn_num_status;

/* Plain decimal: [+-]digits[.digits][(e|E)[+-]digits], also ".5" and
 * "5."; no spaces. Always correctly rounded to float32: a fast path for
 * up to 19 significant digits and exponents within 10^±22, strtof_l in
 * the C locale beyond. *out is set on NN_NUM_OK, to ±INFINITY on
 * NN_NUM_INFINITE and NN_NUM_OVERFLOW, to the rounded value on
 * NN_NUM_UNDERFLOW, and left alone otherwise. "nan"
 * is NN_NUM_NOT_A_NUMBER: missing markers are the loader's business. */
nn_num_status nn_parse_plain(const char *s, size_t len, float *out);

/* v rounded to 12 significant digits, for a number worked out from the
 * user's: 1 - 0.8 is 0.19999999999999996 in binary, the user meant 0.2. */
double nn_round_decimal(double v);

#endif
