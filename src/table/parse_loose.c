/* Tolerant reading (see parse_loose.h): marks and signs are stripped,
 * digit groups checked and joined, then the plain decimal that remains is
 * scanned and rounded as parse_number.c does. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "parse_loose.h"

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
        while (q < end && decimal_is_digit(*q))
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
    nn_num_status st = (*p == '-' || *p == '+') ? NN_NUM_NOT_A_NUMBER : decimal_scan(p, end, &d);
    if (st == NN_NUM_NOT_A_NUMBER) {
        if (!read_grouped(p, end, decimal_mark, buf, &text_len, flags))
            return NN_NUM_NOT_A_NUMBER;
        text = buf;
        if (decimal_scan(text, text + text_len, &d) != NN_NUM_OK)
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
