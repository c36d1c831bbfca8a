/* Decimal text to float/double in the C locale.
 *
 * The fast path reads the digits into a 64-bit mantissa and a power of
 * ten, then converts with one double multiply or divide by an exact power
 * of ten (Clinger): both operands are exact or nearly so, so the double
 * lies within two units in the last place of the true value. Rounding
 * that double to float gives the correctly rounded float unless the
 * double sits right next to a point halfway between two floats; those
 * rare values, and everything beyond 19 digits or 10^±22, go to the C
 * library's correctly rounded strtof_l/strtod_l in a "C" locale. */
#include "decimal.h"

#include <float.h>
#include <locale.h>

#include "engine/c_locale.h"
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>


/* strtod_l/strtof_l need a terminated string; numbers are short, so a
 * stack copy does, with the heap for absurd lengths. */
typedef struct text_copy {
    char small[128];
    char *s;
} text_copy;

static bool copy_text(text_copy *c, const char *s, size_t len)
{
    c->s = len < sizeof c->small ? c->small : malloc(len + 1);
    if (!c->s)
        return false;
    memcpy(c->s, s, len);
    c->s[len] = '\0';
    return true;
}

static void free_text(text_copy *c)
{
    if (c->s != c->small)
        free(c->s);
}

/* --- scanning ------------------------------------------------------------ */

enum { MAX_DIGITS = 19, EXP_LIMIT = 100000 };

/* Adds digits; leading zeros are not significant, digits past the 19th
 * only move the exponent (before the point) or are dropped (after it). */
static inline void add_digits(decimal *d, const char *p, const char *end, bool fraction)
{
    for (; p < end; p++) {
        unsigned v = (unsigned)(*p - '0');
        if (d->digits < MAX_DIGITS) {
            d->mantissa = d->mantissa * 10 + v;
            d->digits += d->mantissa != 0;
            d->exp10 -= fraction;
        } else {
            d->truncated |= v != 0;
            d->exp10 += !fraction;
        }
    }
}

/* Case-insensitive match of s[0..len) against a lowercase word. */
static bool word_is(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((s[i] | 0x20) != word[i])
            return false;
    return true;
}

/* The slow scan, for more than 19 digits: leading zeros are skipped and
 * digits past the 19th only move the exponent. */
static void rescan_long(const char *p, const char *end, decimal *d)
{
    d->mantissa = 0;
    d->digits = 0;
    const char *q = p;
    while (q < end && decimal_is_digit(*q))
        q++;
    add_digits(d, p, q, false);
    if (q < end && *q == '.') {
        p = ++q;
        while (q < end && decimal_is_digit(*q))
            q++;
        add_digits(d, p, q, true);
    }
}

/* The plain grammar [+-]digits[.digits][(e|E)[+-]digits] over exactly
 * [s, end). Returns OK, INFINITE ("inf", "infinity") or NOT_A_NUMBER.
 * Inline: it is the hot path of loading numbers. */
static inline nn_num_status scan_plain(const char *s, const char *end, decimal *d)
{
    const char *p = s;
    d->negative = false;
    d->truncated = false;
    if (p < end && (*p == '-' || *p == '+'))
        d->negative = *p++ == '-';
    const char *digits = p;
    uint64_t m = 0; /* wraps beyond 19 digits; then rescanned */
    while (p < end && decimal_is_digit(*p))
        m = m * 10 + (uint64_t)(*p++ - '0');
    size_t ndigits = (size_t)(p - digits), nfraction = 0;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        while (p < end && decimal_is_digit(*p))
            m = m * 10 + (uint64_t)(*p++ - '0');
        nfraction = (size_t)(p - fraction);
        ndigits += nfraction;
    }
    if (ndigits == 0) {
        size_t n = (size_t)(end - digits);
        bool word = n > 0 && *digits != '.';
        return word && (word_is(digits, n, "inf") || word_is(digits, n, "infinity"))
                   ? NN_NUM_INFINITE
                   : NN_NUM_NOT_A_NUMBER;
    }
    int e = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool negative_exp = false;
        if (p < end && (*p == '-' || *p == '+'))
            negative_exp = *p++ == '-';
        if (p == end || !decimal_is_digit(*p))
            return NN_NUM_NOT_A_NUMBER;
        for (; p < end && decimal_is_digit(*p); p++)
            if (e < EXP_LIMIT)
                e = e * 10 + (*p - '0');
        if (negative_exp)
            e = -e;
    }
    if (p != end)
        return NN_NUM_NOT_A_NUMBER;
    d->mantissa = m;
    d->exp10 = e - (int)nfraction;
    if (ndigits > MAX_DIGITS) {
        d->exp10 = e;
        rescan_long(digits, end, d);
    }
    return NN_NUM_OK;
}

nn_num_status decimal_scan(const char *s, const char *end, decimal *d)
{
    return scan_plain(s, end, d);
}

/* --- conversion ---------------------------------------------------------- */

static const double exact_powers_of_ten[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Correctly rounded to double when the mantissa fits 53 bits (exact
 * operands, one rounding); within two ulps otherwise. */
static inline double clinger(const decimal *d)
{
    double m = (double)d->mantissa;
    return d->exp10 >= 0 ? m * exact_powers_of_ten[d->exp10]
                         : m / exact_powers_of_ten[-d->exp10];
}

/* Rounded reciprocals: multiplying by them is faster than dividing and
 * stays within three ulps, which is all the float path needs. */
static const double inverse_powers_of_ten[23] = {
    1e-0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,  1e-7,  1e-8,  1e-9,  1e-10, 1e-11,
    1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
};

static inline double near_value(const decimal *d)
{
    double m = (double)d->mantissa;
    return d->exp10 >= 0 ? m * exact_powers_of_ten[d->exp10]
                         : m * inverse_powers_of_ten[-d->exp10];
}

static inline bool fast_path_applies(const decimal *d)
{
    return !d->truncated && d->exp10 >= -22 && d->exp10 <= 22;
}

/* A double within three ulps of the true value rounds to the same float
 * unless a point halfway between two floats lies between them; the 29
 * bits a float drops are then within three of 2^28. */
static inline bool near_float_midpoint(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int64_t dropped = (int64_t)(bits & ((UINT64_C(1) << 29) - 1));
    int64_t from_midpoint = dropped - (INT64_C(1) << 28);
    return from_midpoint >= -8 && from_midpoint <= 8;
}

nn_num_status nn_parse_plain(const char *s, size_t len, float *out)
{
    decimal d;
    nn_num_status st = scan_plain(s, s + len, &d);
    if (st == NN_NUM_INFINITE)
        *out = d.negative ? -INFINITY : INFINITY;
    if (st != NN_NUM_OK)
        return st;
    if (d.mantissa == 0 && !d.truncated) {
        *out = d.negative ? -0.0f : 0.0f;
        return NN_NUM_OK;
    }
    if (fast_path_applies(&d)) {
        double x = near_value(&d); /* 1e-22 to 1e41: a normal float or beyond */
        if (!near_float_midpoint(x)) {
            float f = (float)x;
            *out = d.negative ? -f : f;
            return isinf(f) ? NN_NUM_OVERFLOW : NN_NUM_OK;
        }
    }
    text_copy c;
    if (!copy_text(&c, s, len))
        return NN_NUM_NOT_A_NUMBER;
    float f = strtof_l(c.s, NULL, nn_c_locale());
    free_text(&c);
    *out = f;
    /* Only here can a nonzero text fall below FLT_MIN: the fast path starts at 1e-22. */
    return isinf(f) ? NN_NUM_OVERFLOW : fabsf(f) < FLT_MIN ? NN_NUM_UNDERFLOW : NN_NUM_OK;
}

/* Correctly rounded double of a scanned decimal; `text` is the same
 * number in plain syntax, for the library fallback. */
double decimal_to_double(const decimal *d, const char *text, size_t len, bool *ok)
{
    *ok = true;
    if (d->mantissa == 0 && !d->truncated)
        return d->negative ? -0.0 : 0.0;
    if (fast_path_applies(d) && d->mantissa <= (UINT64_C(1) << 53)) {
        double x = clinger(d);
        return d->negative ? -x : x;
    }
    text_copy c;
    if (!copy_text(&c, text, len)) {
        *ok = false;
        return 0;
    }
    double x = strtod_l(c.s, NULL, nn_c_locale());
    free_text(&c);
    return x;
}

double nn_round_decimal(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", v);
    return nn_strtod_c(buf, NULL);
}
