/* Numbers read in place, smoothed and printed short.  See numbers.h. */
#include "numbers.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

double nn_number_at(nn_numbers v, size_t i)
{
    if (!v.at)
        return NAN;
    const char *p = (const char *)v.at + i * v.stride;
    if (v.type == NN_NUM_FLOAT) {
        float f;
        memcpy(&f, p, sizeof f);
        return f;
    }
    double d;
    memcpy(&d, p, sizeof d);
    return d;
}

void nn_ema_smooth(nn_numbers in, size_t n, double weight, double *out)
{
    double w = weight > 0 ? (weight < 0.999 ? weight : 0.999) : 0; /* NaN too */
    double ema = 0, w_pow_t = 1;
    for (size_t i = 0; i < n; i++) {
        double v = nn_number_at(in, i);
        if (!isfinite(v)) {
            out[i] = v;
            continue;
        }
        ema = w * ema + (1 - w) * v;
        w_pow_t *= w;
        out[i] = ema / (1 - w_pow_t);
    }
}

/* The significant digits of v (trailing zeros dropped) and its decimal
 * exponent, read from printf's %e: only its digits and the exponent are
 * used, so the locale's decimal point never shows. */
static void decimal_digits(double v, int sig, char *digits, int *exponent)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*e", sig - 1, v);
    int n = 0;
    const char *s = tmp;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    int e = 0, sign = 1;
    if (*s == 'e')
        s++;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1 : 1;
    for (; *s >= '0' && *s <= '9'; s++)
        e = e * 10 + (*s - '0');
    *exponent = sign * e;
}

int nn_format_number(char *buf, size_t len, double v, int sig)
{
    if (isnan(v))
        return snprintf(buf, len, "nan");
    if (isinf(v))
        return snprintf(buf, len, v < 0 ? "-inf" : "inf");
    if (v == 0)
        return snprintf(buf, len, "0");
    sig = sig < 1 ? 1 : sig > 15 ? 15 : sig;
    char d[24], sci[48], fixed[48] = "";
    int e;
    decimal_digits(v, sig, d, &e);
    int n = (int)strlen(d);
    const char *sign = v < 0 ? "-" : "";
    snprintf(sci, sizeof sci, "%s%c%s%se%d", sign, d[0], n > 1 ? "." : "", d + 1, e);
    if (e >= 0 && e < 20) {
        int k = snprintf(fixed, sizeof fixed, "%s", sign);
        for (int i = 0; i <= e; i++)
            fixed[k++] = i < n ? d[i] : '0';
        fixed[k] = '\0';
        if (n > e + 1)
            snprintf(fixed + k, sizeof fixed - (size_t)k, ".%s", d + e + 1);
    } else if (e < 0 && e > -20) {
        snprintf(fixed, sizeof fixed, "%s0.%.*s%s", sign, -e - 1, "0000000000000000000", d);
    }
    bool whole_below_10000 = e >= 0 && e < 4 && n <= e + 1;
    bool use_fixed = fixed[0] && (strlen(fixed) <= strlen(sci) || whole_below_10000);
    return snprintf(buf, len, "%s", use_fixed ? fixed : sci);
}
