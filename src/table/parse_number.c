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
#include "parse_number.h"

#include <float.h>
#include <locale.h>

#include "c_locale.h"
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

/* Value = mantissa * 10^exp10, from up to 19 significant digits. */
typedef struct decimal {
    uint64_t mantissa;
    int exp10;
    int digits;      /* significant digits kept in mantissa */
    bool truncated;  /* more than 19 significant digits: mantissa is short */
    bool negative;
} decimal;

enum { MAX_DIGITS = 19, EXP_LIMIT = 100000 };

static inline bool is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

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
    while (q < end && is_digit(*q))
        q++;
    add_digits(d, p, q, false);
    if (q < end && *q == '.') {
        p = ++q;
        while (q < end && is_digit(*q))
            q++;
        add_digits(d, p, q, true);
    }
}

/* The plain grammar [+-]digits[.digits][(e|E)[+-]digits] over exactly
 * [s, end). Returns OK, INFINITE ("inf", "infinity") or NOT_A_NUMBER. */
static inline nn_num_status scan_plain(const char *s, const char *end, decimal *d)
{
    const char *p = s;
    d->negative = false;
    d->truncated = false;
    if (p < end && (*p == '-' || *p == '+'))
        d->negative = *p++ == '-';
    const char *digits = p;
    uint64_t m = 0; /* wraps beyond 19 digits; then rescanned */
    while (p < end && is_digit(*p))
        m = m * 10 + (uint64_t)(*p++ - '0');
    size_t ndigits = (size_t)(p - digits), nfraction = 0;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        while (p < end && is_digit(*p))
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
        if (p == end || !is_digit(*p))
            return NN_NUM_NOT_A_NUMBER;
        for (; p < end && is_digit(*p); p++)
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
static double decimal_to_double(const decimal *d, const char *text, size_t len, bool *ok)
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

/* --- tolerant reading ---------------------------------------------------- */

/* Byte length of the UTF-8 sequence at p if it is a currency sign. */
static size_t currency_at(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n >= 1 && p[0] == '$')
        return 1;
    if (n >= 2 && (memcmp(p, "\xC2\xA3", 2) == 0 || memcmp(p, "\xC2\xA5", 2) == 0))
        return 2; /* £ ¥ */
    if (n >= 3 && memcmp(p, "\xE2\x82\xAC", 3) == 0)
        return 3; /* € */
    return 0;
}

/* Currency sign ending exactly at end. */
static size_t currency_before(const char *start, const char *end)
{
    for (size_t n = 1; n <= 3 && n <= (size_t)(end - start); n++)
        if (currency_at(end - n, end) == n)
            return n;
    return 0;
}

/* Byte length of a space-like mark at p: ' ', U+00A0, U+202F. */
static size_t space_at(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n >= 1 && p[0] == ' ')
        return 1;
    if (n >= 2 && memcmp(p, "\xC2\xA0", 2) == 0)
        return 2;
    if (n >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

static const char *skip_spaces(const char *p, const char *end)
{
    size_t n;
    while ((n = space_at(p, end)) != 0)
        p += n;
    return p;
}

static const char *skip_spaces_back(const char *start, const char *end)
{
    for (;;) {
        if (end > start && end[-1] == ' ')
            end--;
        else if (end - start >= 2 && memcmp(end - 2, "\xC2\xA0", 2) == 0)
            end -= 2;
        else if (end - start >= 3 && memcmp(end - 3, "\xE2\x80\xAF", 3) == 0)
            end -= 3;
        else
            return end;
    }
}

/* Separator kinds inside a number body. */
enum sep { SEP_NONE, SEP_COMMA, SEP_DOT, SEP_SPACE, SEP_NBSP, SEP_NNBSP, SEP_APOSTROPHE };

static enum sep separator_at(const char *p, const char *end, size_t *n)
{
    *n = 1;
    if (*p == ',')
        return SEP_COMMA;
    if (*p == '.')
        return SEP_DOT;
    if (*p == '\'')
        return SEP_APOSTROPHE;
    *n = space_at(p, end);
    return *n == 1 ? SEP_SPACE : *n == 2 ? SEP_NBSP : *n == 3 ? SEP_NNBSP : SEP_NONE;
}

enum { MAX_GROUPS = 64 };

/* A body split at its separators: digit runs and the mark before each. */
typedef struct grouped {
    const char *start[MAX_GROUPS];
    size_t len[MAX_GROUPS];
    enum sep before[MAX_GROUPS]; /* before[0] is SEP_NONE */
    int n;
} grouped;

static bool split_groups(const char *p, const char *end, grouped *g)
{
    g->n = 0;
    enum sep mark = SEP_NONE;
    for (;;) {
        if (g->n == MAX_GROUPS)
            return false;
        const char *q = p;
        while (q < end && is_digit(*q))
            q++;
        g->start[g->n] = p;
        g->len[g->n] = (size_t)(q - p);
        g->before[g->n] = mark;
        g->n++;
        if (q == end)
            return true;
        size_t n;
        mark = separator_at(q, end, &n);
        if (mark == SEP_NONE)
            return false;
        p = q + n;
    }
}

/* Groups [0, n) as an integer part grouped by threes: 1-3 digits without
 * a leading zero, then exactly three digits each. */
static bool grouped_by_threes(const grouped *g, int n)
{
    if (g->len[0] < 1 || g->len[0] > 3 || g->start[0][0] == '0')
        return false;
    for (int i = 1; i < n; i++)
        if (g->len[i] != 3)
            return false;
    return true;
}

static unsigned thousands_flag(enum sep s)
{
    switch (s) {
    case SEP_COMMA: return NN_NUM_USED_THOUSANDS_COMMA;
    case SEP_DOT: return NN_NUM_USED_THOUSANDS_DOT;
    default: return NN_NUM_USED_THOUSANDS_SPACE;
    }
}

/* Reads a body with separators into digits before and after the decimal
 * mark (written to `digits` as plain text "123.45"). */
static bool read_grouped(const char *p, const char *end, char decimal_mark, char *digits,
                         size_t *ndigits, unsigned *flags)
{
    grouped g;
    if (!split_groups(p, end, &g) || g.n < 2)
        return false;
    for (int i = 0; i < g.n; i++)
        if (g.len[i] == 0)
            return false;
    enum sep last = g.before[g.n - 1];
    bool one_kind = true;
    for (int i = 2; i < g.n; i++)
        one_kind &= g.before[i] == g.before[1];
    int integer_groups; /* groups before the decimal mark */

    if (one_kind && g.n == 2 && last == SEP_COMMA) {
        /* "1,234" could be either; "0,123" and "3,14" are decimal. */
        if (g.len[1] == 3 && grouped_by_threes(&g, 1)) {
            *flags |= NN_NUM_AMBIGUOUS_COMMA;
            integer_groups = decimal_mark == ',' ? 1 : 2;
        } else {
            *flags |= NN_NUM_USED_DECIMAL_COMMA;
            integer_groups = 1;
        }
    } else if (one_kind) {
        /* Only thousands separators ("1.234" alone is plain, not here). */
        if (!grouped_by_threes(&g, g.n))
            return false;
        *flags |= thousands_flag(last);
        integer_groups = g.n;
    } else {
        /* Thousands of one kind, then one decimal mark of another. */
        if (last != SEP_COMMA && last != SEP_DOT)
            return false;
        for (int i = 2; i < g.n - 1; i++)
            if (g.before[i] != g.before[1])
                return false;
        if (!grouped_by_threes(&g, g.n - 1))
            return false;
        *flags |= thousands_flag(g.before[1]);
        if (last == SEP_COMMA)
            *flags |= NN_NUM_USED_DECIMAL_COMMA;
        integer_groups = g.n - 1;
    }

    size_t k = 0;
    for (int i = 0; i < g.n; i++) {
        if (i == integer_groups)
            digits[k++] = '.';
        memcpy(digits + k, g.start[i], g.len[i]);
        k += g.len[i];
    }
    *ndigits = k;
    return true;
}

/* Strips a trailing percent and surrounding currency/sign, leaving the
 * body in [*b, *e). */
static bool strip_marks(const char **b, const char **e, bool *negative, bool *signed_,
                        unsigned *flags)
{
    const char *p = *b, *end = *e;
    if (end > p && end[-1] == '%') {
        *flags |= NN_NUM_USED_PERCENT;
        end = skip_spaces_back(p, end - 1);
    }
    if (p < end && (*p == '-' || *p == '+')) {
        *negative = *p++ == '-';
        *signed_ = true;
    }
    size_t cur = currency_at(p, end);
    if (cur) {
        p = skip_spaces(p + cur, end);
        if (!*signed_ && p < end && (*p == '-' || *p == '+')) {
            *negative = *p++ == '-';
            *signed_ = true;
        }
    } else if ((cur = currency_before(p, end)) != 0) {
        end = skip_spaces_back(p, end - cur);
    }
    if (cur)
        *flags |= NN_NUM_USED_CURRENCY;
    if (cur && (*flags & NN_NUM_USED_PERCENT))
        return false; /* "$5%" means nothing */
    *b = p;
    *e = end;
    return p < end;
}

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static nn_num_status loose(const char *s, size_t len, char decimal_mark, double *out,
                           unsigned *flags, char *buf)
{
    const char *p = s, *end = s + len;
    while (p < end && is_blank(*p))
        p++;
    while (end > p && is_blank(end[-1]))
        end--;
    bool parens = end - p >= 2 && *p == '(' && end[-1] == ')';
    if (parens) {
        *flags |= NN_NUM_USED_PARENS;
        p++;
        end--;
    }
    bool negative = false, signed_ = false;
    if (!strip_marks(&p, &end, &negative, &signed_, flags))
        return NN_NUM_NOT_A_NUMBER;
    if (parens && signed_)
        return NN_NUM_NOT_A_NUMBER; /* "(-5)" */

    /* The body: plain, or digit groups with separators. */
    decimal d;
    const char *text = p;
    size_t text_len = (size_t)(end - p);
    nn_num_status st = (*p == '-' || *p == '+') ? NN_NUM_NOT_A_NUMBER : scan_plain(p, end, &d);
    if (st == NN_NUM_NOT_A_NUMBER) {
        if (!read_grouped(p, end, decimal_mark, buf, &text_len, flags))
            return NN_NUM_NOT_A_NUMBER;
        text = buf;
        if (scan_plain(text, text + text_len, &d) != NN_NUM_OK)
            return NN_NUM_NOT_A_NUMBER;
    }
    negative ^= parens;
    if (st == NN_NUM_INFINITE) {
        if (*flags)
            return NN_NUM_NOT_A_NUMBER; /* "$inf" */
        *out = negative ? -INFINITY : INFINITY;
        return NN_NUM_INFINITE;
    }
    bool ok;
    double x = decimal_to_double(&d, text, text_len, &ok);
    if (!ok)
        return NN_NUM_NOT_A_NUMBER;
    *out = negative ? -x : x;
    bool nonzero = d.mantissa != 0 || d.truncated;
    float f = (float)x;
    return isinf(f) ? NN_NUM_OVERFLOW
                    : nonzero && fabsf(f) < FLT_MIN ? NN_NUM_UNDERFLOW : NN_NUM_OK;
}

nn_num_status nn_parse_loose(const char *s, size_t len, char decimal_mark, double *out, unsigned *flags)
{
    unsigned used = 0;
    char small[128];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    nn_num_status st = buf ? loose(s, len, decimal_mark, out, &used, buf) : NN_NUM_NOT_A_NUMBER;
    if (buf != small)
        free(buf);
    if (flags)
        *flags = st == NN_NUM_NOT_A_NUMBER ? 0 : used;
    return st;
}

double nn_strtod_c(const char *s, char **end)
{
    return strtod_l(s, end, nn_c_locale());
}

double nn_round_decimal(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", v);
    return nn_strtod_c(buf, NULL);
}
