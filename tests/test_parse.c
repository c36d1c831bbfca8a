/* Reading numbers and dates from CSV cells: plain decimals are correctly
 * rounded to float whatever the locale; spreadsheet forms (currency,
 * thousands separators, decimal commas, parentheses, percent) are read
 * only when unambiguous or flagged when not; dates in every documented
 * form land on the right UTC second and impossible dates are refused.
 * Expected epoch seconds come from Python's datetime. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/parse_date.h"
#include "table/parse_loose.h"
#include "table/parse_number.h"
#include "tap.h"

/* --- helpers --------------------------------------------------------------- */

static nn_num_status plain(const char *s, float *out)
{
    return nn_parse_plain(s, strlen(s), out);
}

static nn_num_status loose(const char *s, char decimal, double *out, unsigned *flags)
{
    return nn_parse_loose(s, strlen(s), decimal, out, flags);
}

#define CHECK_PLAIN(text, expected)                                                   \
    do {                                                                              \
        float v_ = -12345.0f;                                                         \
        CHECK(plain(text, &v_) == NN_NUM_OK);                                         \
        CHECK_NEAR(v_, (float)(expected), 0);                                         \
    } while (0)

#define CHECK_NOT_PLAIN(text, status)                                                 \
    do {                                                                              \
        float v_;                                                                     \
        CHECK(plain(text, &v_) == (status));                                          \
    } while (0)

#define CHECK_LOOSE(text, decimal, expected, expected_flags)                          \
    do {                                                                              \
        double v_ = -12345.0;                                                         \
        unsigned f_ = 999;                                                            \
        CHECK(loose(text, decimal, &v_, &f_) == NN_NUM_OK);                           \
        CHECK_NEAR(v_, expected, 0);                                                  \
        if (f_ != (unsigned)(expected_flags))                                         \
            printf("#   %s: flags %#x, expected %#x\n", text, f_, (unsigned)(expected_flags)); \
        CHECK(f_ == (unsigned)(expected_flags));                                      \
    } while (0)

#define CHECK_NOT_LOOSE(text)                                                         \
    do {                                                                              \
        double v_;                                                                    \
        unsigned f_ = 999;                                                            \
        CHECK(loose(text, 0, &v_, &f_) == NN_NUM_NOT_A_NUMBER);                       \
        CHECK(f_ == 0);                                                               \
    } while (0)

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned below(unsigned n)
{
    return (unsigned)(next_random() % n);
}

static int bits_equal(float a, float b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* --- plain numbers ----------------------------------------------------------- */

static void plain_decimals(void)
{
    CHECK_PLAIN("0", 0.0);
    CHECK_PLAIN("123.456", 123.456f);
    CHECK_PLAIN("-123.456", -123.456f);
    CHECK_PLAIN("+7", 7.0);
    CHECK_PLAIN(".5", 0.5);
    CHECK_PLAIN("5.", 5.0);
    CHECK_PLAIN("-.25", -0.25);
    CHECK_PLAIN("0012.50", 12.5);
    CHECK_PLAIN("1e3", 1000.0);
    CHECK_PLAIN("1E+3", 1000.0);
    CHECK_PLAIN("2.5e-3", 0.0025f);
    CHECK_PLAIN("0.000001", 1e-6f);
    CHECK_PLAIN("37.66667", 37.66667f);
    CHECK_PLAIN("0.005216942", 0.005216942f);
    CHECK_PLAIN("340282346638528859811704183484516925440", FLT_MAX);
    CHECK_PLAIN("0e999999", 0.0);
    float z = 1;
    CHECK(plain("-0.0", &z) == NN_NUM_OK && z == 0 && signbit(z));
}

static void plain_rounds_to_nearest_float(void)
{
    /* 2^24 + 1 is halfway between floats: ties go to even. */
    CHECK_PLAIN("16777217", 16777216.0);
    CHECK_PLAIN("16777219", 16777220.0);
    CHECK_PLAIN("16777217.000001", 16777218.0);
    /* Just above the midpoint 1 + 2^-24 by 6e-19: the nearest double is
     * the midpoint itself, so (float)strtod gives 1; the true nearest
     * float is 1 + 2^-23 (checked with Python's fractions). */
    CHECK_PLAIN("1.000000059604644776", 1.00000011920928955078125);
    CHECK_PLAIN("1.000000059604644775", 1.0);
    /* Beyond 19 digits and beyond 1e22: the library fallback. */
    CHECK_PLAIN("1.0000000596046447753906250000001", 1.00000011920928955078125);
    CHECK_PLAIN("123456789012345678901234567890", 1.2345679e29f);
    CHECK_PLAIN("1e30", 1e30f);
}

/* Below float32's normal range (FLT_MIN = 2^-126) digits are lost, down
 * to 0 below half of 2^-149: read as the nearest float, but said. The
 * subnormals are k * 2^-149; k worked out with exact fractions:
 * 1.5e-40 / 2^-149 = 107043.56, 1e-40 / 2^-149 = 71362.4. */
static void plain_underflow(void)
{
    float v = 1;
    CHECK(plain("1.5e-40", &v) == NN_NUM_UNDERFLOW && v == ldexpf(107044, -149));
    CHECK(plain("1e-40", &v) == NN_NUM_UNDERFLOW && v == ldexpf(71362, -149));
    CHECK(plain("7.01e-46", &v) == NN_NUM_UNDERFLOW && v == ldexpf(1, -149));
    CHECK(plain("1e-50", &v) == NN_NUM_UNDERFLOW && v == 0);
    CHECK(plain("-1e-320", &v) == NN_NUM_UNDERFLOW && v == 0 && signbit(v));
    CHECK(plain("0.00000000000000000000000000000000000000000000000000001", &v) ==
          NN_NUM_UNDERFLOW && v == 0);
    /* (2^23 - 1) * 2^-149, the largest subnormal, and FLT_MIN itself */
    CHECK(plain("1.1754942e-38", &v) == NN_NUM_UNDERFLOW && v == ldexpf(8388607, -149));
    CHECK(plain("1.17549435e-38", &v) == NN_NUM_OK && v == FLT_MIN);
    /* zero is no underflow, however written */
    CHECK(plain("0e-50", &v) == NN_NUM_OK && v == 0);
    CHECK(plain("0.0000000000000000000000000000000000000000000000000000", &v) == NN_NUM_OK);
    /* the tolerant reading says it too, with a double: 1e-320 is a double subnormal */
    double d = 1;
    unsigned f = 0;
    CHECK(loose("1e-320", 0, &d, &f) == NN_NUM_UNDERFLOW && d > 0 && d < 1e-319 && f == 0);
    CHECK(loose("$1e-50", 0, &d, &f) == NN_NUM_UNDERFLOW && d == 1e-50 &&
          f == NN_NUM_USED_CURRENCY);
    CHECK(loose("1e-30", 0, &d, &f) == NN_NUM_OK);
    CHECK(loose("0e-50", 0, &d, &f) == NN_NUM_OK && d == 0);
}

static void plain_refusals(void)
{
    CHECK_NOT_PLAIN("", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("-", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("+", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN(".", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("-.", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1e", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1e+", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("e5", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1.2.3", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN(" 1", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1 ", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1 000", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("1,5", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("--1", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("0x10", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("12abc", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("$5", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("nan", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("NaN", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("in", NN_NUM_NOT_A_NUMBER);
    CHECK_NOT_PLAIN("infinit", NN_NUM_NOT_A_NUMBER);
    /* The length is honoured: the text need not end in a NUL. */
    float v = 0;
    CHECK(nn_parse_plain("12.5xyz", 4, &v) == NN_NUM_OK && v == 12.5f);
    CHECK(nn_parse_plain("12.5", 0, &v) == NN_NUM_NOT_A_NUMBER);
}

static void plain_infinities_and_overflow(void)
{
    float v = 0;
    CHECK(plain("inf", &v) == NN_NUM_INFINITE && v == INFINITY);
    CHECK(plain("-Infinity", &v) == NN_NUM_INFINITE && v == -INFINITY);
    CHECK(plain("+INF", &v) == NN_NUM_INFINITE && v == INFINITY);
    CHECK(plain("1e39", &v) == NN_NUM_OVERFLOW && v == INFINITY);
    CHECK(plain("-1e39", &v) == NN_NUM_OVERFLOW && v == -INFINITY);
    CHECK(plain("1e400", &v) == NN_NUM_OVERFLOW);
    CHECK(plain("1e99999999999", &v) == NN_NUM_OVERFLOW);
    /* 2^128 - 2^103 is halfway between FLT_MAX and 2^128: rounds up. */
    CHECK(plain("340282356779733661637539395458142568448", &v) == NN_NUM_OVERFLOW);
    CHECK(plain("340282356779733661637539395458142568447", &v) == NN_NUM_OK && v == FLT_MAX);
    CHECK(plain("3.4028235e38", &v) == NN_NUM_OK && v == FLT_MAX);
}

/* A random decimal: sign, 0-12 integer digits, an optional point and 0-12
 * fraction digits, an optional exponent; sometimes 25 digits. */
static size_t random_decimal(char *buf, int *significant)
{
    size_t n = 0;
    if (below(4) == 0)
        buf[n++] = '-';
    unsigned int_digits = below(13), frac_digits = below(13);
    if (below(10) == 0)
        int_digits = 25;
    if (int_digits + frac_digits == 0)
        int_digits = 1;
    int started = 0;
    *significant = 0;
    for (unsigned i = 0; i < int_digits; i++) {
        char c = (char)('0' + below(10));
        buf[n++] = c;
        started |= c != '0';
        *significant += started;
    }
    if (frac_digits > 0 || below(8) == 0)
        buf[n++] = '.';
    for (unsigned i = 0; i < frac_digits; i++) {
        char c = (char)('0' + below(10));
        buf[n++] = c;
        started |= c != '0';
        *significant += started;
    }
    if (below(3) == 0)
        n += (size_t)sprintf(buf + n, "e%d", (int)below(81) - 40);
    buf[n] = '\0';
    return n;
}

/* 200,000 random decimals against glibc's correctly rounded strtof_l;
 * also counts how often (float)strtod differs (double rounding). */
static void plain_matches_correct_rounding(void)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    int wrong = 0, double_rounding = 0, double_rounding_short = 0;
    char buf[80];
    for (int i = 0; i < 200000; i++) {
        int significant;
        size_t n = random_decimal(buf, &significant);
        float got = 0, want = strtof_l(buf, NULL, c);
        nn_num_status st = nn_parse_plain(buf, n, &got);
        nn_num_status want_st = isinf(want) ? NN_NUM_OVERFLOW
                                : fabsf(want) < FLT_MIN && strtod_l(buf, NULL, c) != 0
                                    ? NN_NUM_UNDERFLOW
                                    : NN_NUM_OK;
        if (st != want_st || !bits_equal(got, want)) {
            if (wrong++ < 5)
                printf("#   %s: got %.9g, strtof_l %.9g\n", buf, got, want);
        }
        float via_double = (float)strtod_l(buf, NULL, c);
        if (!bits_equal(via_double, want)) {
            double_rounding++;
            double_rounding_short += significant <= 9;
        }
    }
    printf("# 200000 random decimals: %d differ from strtof_l; (float)strtod differs on %d"
           " (%d of them with <= 9 significant digits)\n",
           wrong, double_rounding, double_rounding_short);
    CHECK(wrong == 0);
    CHECK(double_rounding_short == 0);
    freelocale(c);
}

/* Decimals built near float midpoints, where double rounding bites. */
static void plain_is_right_next_to_midpoints(void)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    int wrong = 0, double_rounding = 0;
    char buf[80];
    for (int i = 0; i < 20000; i++) {
        /* A float midpoint, printed to 17-19 digits then nudged. */
        float f = (float)ldexp(1.0 + (double)below(1u << 23) / (1 << 23), (int)below(60) - 30);
        double mid = (double)f + ldexp(1.0, ilogb(f) - 24);
        snprintf(buf, sizeof buf, "%.*e", 16 + (int)below(3), mid);
        char *last = strchr(buf, 'e') - 1;
        if (below(2) && *last < '9')
            (*last)++;
        else if (*last > '0')
            (*last)--;
        float got = 0, want = strtof_l(buf, NULL, c);
        nn_parse_plain(buf, strlen(buf), &got);
        if (!bits_equal(got, want) && wrong++ < 5)
            printf("#   %s: got %.9g, strtof_l %.9g\n", buf, got, want);
        double_rounding += !bits_equal((float)strtod_l(buf, NULL, c), want);
    }
    printf("# 20000 decimals next to float midpoints: %d differ from strtof_l;"
           " (float)strtod differs on %d\n", wrong, double_rounding);
    CHECK(wrong == 0);
    CHECK(double_rounding > 0); /* the test does reach the hard cases */
    freelocale(c);
}

static void plain_ignores_the_locale(void)
{
    /* A decimal-comma locale must not change what "1.5" means. */
    if (!setlocale(LC_ALL, "de_DE.UTF-8") && !setlocale(LC_ALL, "fr_FR.UTF-8")) {
        printf("# no decimal-comma locale installed; checked in the C locale only\n");
    }
    CHECK_PLAIN("1.5", 1.5);
    CHECK_PLAIN("1.0000000596046447753906250000001", 1.00000011920928955078125);
    CHECK_NOT_PLAIN("1,5", NN_NUM_NOT_A_NUMBER);
    double d = 0;
    unsigned f;
    CHECK(loose("1.5", 0, &d, &f) == NN_NUM_OK && d == 1.5);
    CHECK(loose("1234567890123456789012.5", 0, &d, &f) == NN_NUM_OK && d == 1234567890123456789012.5);
    setlocale(LC_ALL, "C");
}

/* --- tolerant numbers -------------------------------------------------------- */

enum {
    CUR = NN_NUM_USED_CURRENCY,
    TCOMMA = NN_NUM_USED_THOUSANDS_COMMA,
    TDOT = NN_NUM_USED_THOUSANDS_DOT,
    TSPACE = NN_NUM_USED_THOUSANDS_SPACE,
    DCOMMA = NN_NUM_USED_DECIMAL_COMMA,
    AMBIG = NN_NUM_AMBIGUOUS_COMMA,
    PCT = NN_NUM_USED_PERCENT,
    PARENS = NN_NUM_USED_PARENS,
};

static void loose_reads_plain_numbers(void)
{
    CHECK_LOOSE("42", 0, 42.0, 0);
    CHECK_LOOSE("-3.25", 0, -3.25, 0);
    CHECK_LOOSE("  7.5\t", 0, 7.5, 0);
    CHECK_LOOSE("1.5e3", 0, 1500.0, 0);
    CHECK_LOOSE("0.1", 0, 0.1, 0);
    CHECK_LOOSE("1.234", ',', 1.234, 0); /* a lone dot is a decimal point */
    CHECK_LOOSE("123456789012.345678", 0, 123456789012.345678, 0);
    CHECK_LOOSE("+8", 0, 8.0, 0);
}

static void loose_currency(void)
{
    CHECK_LOOSE("$5", 0, 5.0, CUR);
    CHECK_LOOSE("$ 5", 0, 5.0, CUR);
    CHECK_LOOSE("-$1,234.50", 0, -1234.5, CUR | TCOMMA);
    CHECK_LOOSE("$-5", 0, -5.0, CUR);
    CHECK_LOOSE("\xE2\x82\xAC" "12.5", 0, 12.5, CUR);        /* €12.5 */
    CHECK_LOOSE("12,50 \xE2\x82\xAC", 0, 12.5, CUR | DCOMMA); /* 12,50 € */
    CHECK_LOOSE("1 234,5 \xE2\x82\xAC", 0, 1234.5, CUR | TSPACE | DCOMMA);
    CHECK_LOOSE("-1 234,5\xC2\xA0\xE2\x82\xAC", 0, -1234.5, CUR | TSPACE | DCOMMA);
    CHECK_LOOSE("\xC2\xA3" "99", 0, 99.0, CUR);           /* £99 */
    CHECK_LOOSE("\xC2\xA5" "1,000", 0, 1000.0, CUR | AMBIG); /* ¥1,000 */
    CHECK_LOOSE("5$", 0, 5.0, CUR);
    CHECK_NOT_LOOSE("$");
    CHECK_NOT_LOOSE("$-");
    CHECK_NOT_LOOSE("$5$");
    CHECK_NOT_LOOSE("--5");
    CHECK_NOT_LOOSE("$$5");
    CHECK_NOT_LOOSE("-$-5");
    CHECK_NOT_LOOSE("USD 5");
    CHECK_NOT_LOOSE("$inf");
    CHECK_NOT_LOOSE("5%$");
}

static void loose_thousands_separators(void)
{
    CHECK_LOOSE("1,234,567", 0, 1234567.0, TCOMMA);
    CHECK_LOOSE("1,234,567.25", 0, 1234567.25, TCOMMA);
    CHECK_LOOSE("1,234.56", 0, 1234.56, TCOMMA);
    CHECK_LOOSE("1.234.567", 0, 1234567.0, TDOT);
    CHECK_LOOSE("1.234,56", 0, 1234.56, TDOT | DCOMMA);
    CHECK_LOOSE("1.234.567,5", 0, 1234567.5, TDOT | DCOMMA);
    CHECK_LOOSE("1 234 567", 0, 1234567.0, TSPACE);
    CHECK_LOOSE("1\xC2\xA0" "234", 0, 1234.0, TSPACE);     /* no-break space */
    CHECK_LOOSE("1\xE2\x80\xAF" "234,5", 0, 1234.5, TSPACE | DCOMMA); /* narrow */
    CHECK_LOOSE("1'234'567.5", 0, 1234567.5, TSPACE);
    CHECK_LOOSE("-12,345", 0, -12345.0, AMBIG);
    /* Groups of three only, and one kind of separator. */
    CHECK_NOT_LOOSE("1,23,4");
    CHECK_NOT_LOOSE("12,34,567");
    CHECK_NOT_LOOSE("1,2345,678");
    CHECK_NOT_LOOSE("1,234,56");
    CHECK_NOT_LOOSE("1234,567,890");
    CHECK_NOT_LOOSE("0,123,456");
    CHECK_NOT_LOOSE("1.234.56");
    CHECK_NOT_LOOSE("1,234.567,8");
    CHECK_NOT_LOOSE("1.234,567.8");
    CHECK_NOT_LOOSE("1,234 567");
    CHECK_NOT_LOOSE("1,,234");
    CHECK_NOT_LOOSE("1  234");
    CHECK_NOT_LOOSE("1 23");
    CHECK_NOT_LOOSE("1,234,");
    CHECK_NOT_LOOSE(",5");
    CHECK_NOT_LOOSE("5,");
    CHECK_NOT_LOOSE("1,234.5e3");
    CHECK_NOT_LOOSE("1 234.5 6");
}

static void loose_decimal_comma(void)
{
    CHECK_LOOSE("3,14", 0, 3.14, DCOMMA);
    CHECK_LOOSE("-0,5", 0, -0.5, DCOMMA);
    CHECK_LOOSE("0,123", 0, 0.123, DCOMMA);  /* no thousands group starts with 0 */
    CHECK_LOOSE("1234,567", 0, 1234.567, DCOMMA); /* nor has four digits */
    CHECK_LOOSE("12,3456", 0, 12.3456, DCOMMA);
    /* Three digits after a lone comma: read per the column's mark. */
    CHECK_LOOSE("1,234", 0, 1234.0, AMBIG);
    CHECK_LOOSE("1,234", '.', 1234.0, AMBIG);
    CHECK_LOOSE("1,234", ',', 1.234, AMBIG);
    CHECK_LOOSE("$1,234", ',', 1.234, CUR | AMBIG);
}

static void loose_parentheses_and_percent(void)
{
    CHECK_LOOSE("(12.5)", 0, -12.5, PARENS);
    CHECK_LOOSE("($1,234.50)", 0, -1234.5, PARENS | CUR | TCOMMA);
    CHECK_LOOSE("(1 234,50 \xE2\x82\xAC)", 0, -1234.5, PARENS | CUR | TSPACE | DCOMMA);
    CHECK_LOOSE("12.5%", 0, 12.5, PCT);
    CHECK_LOOSE("-3%", 0, -3.0, PCT);
    CHECK_LOOSE("12,5 %", 0, 12.5, PCT | DCOMMA);
    CHECK_LOOSE("(4.5%)", 0, -4.5, PARENS | PCT);
    CHECK_NOT_LOOSE("(-5)");
    CHECK_NOT_LOOSE("(+5)");
    CHECK_NOT_LOOSE("(5");
    CHECK_NOT_LOOSE("5)");
    CHECK_NOT_LOOSE("()");
    CHECK_NOT_LOOSE("%");
    CHECK_NOT_LOOSE("5%%");
    CHECK_NOT_LOOSE("(inf)");
}

static void loose_refusals_and_limits(void)
{
    CHECK_NOT_LOOSE("");
    CHECK_NOT_LOOSE("   ");
    CHECK_NOT_LOOSE("-");
    CHECK_NOT_LOOSE("abc");
    CHECK_NOT_LOOSE("nan");
    CHECK_NOT_LOOSE("1e");
    CHECK_NOT_LOOSE("1.2.3");
    CHECK_NOT_LOOSE("12 abc");
    CHECK_NOT_LOOSE("1-2");
    double v = 0;
    unsigned f = 99;
    CHECK(loose("-inf", 0, &v, &f) == NN_NUM_INFINITE && v == -INFINITY && f == 0);
    CHECK(loose("1e39", 0, &v, &f) == NN_NUM_OVERFLOW && f == 0);
    CHECK(loose("$1e39", 0, &v, &f) == NN_NUM_OVERFLOW && f == CUR);
    CHECK(loose("1e38", 0, &v, &f) == NN_NUM_OK && v == 1e38);
    CHECK(nn_parse_loose("1,234.5junk", 7, 0, &v, NULL) == NN_NUM_OK && v == 1234.5);
    /* Long text takes the heap path; far digits still round correctly. */
    char big[400] = "1,000,000.";
    for (int i = 0; i < 200; i++)
        strcat(big, "0");
    strcat(big, "1");
    CHECK(loose(big, 0, &v, &f) == NN_NUM_OK && v == 1000000.0 && f == TCOMMA);
    CHECK(nn_parse_plain(big + 10, strlen(big + 10), &(float){0}) == NN_NUM_OK);
    /* In range for double, not for float: overflow, as in plain. */
    CHECK(loose("1,000,000,000,000,000,000,000,000,000,000,000,000,000", 0, &v, &f) ==
          NN_NUM_OVERFLOW);
}

/* --- dates -------------------------------------------------------------------- */

enum {
    ISO = 1u << NN_DATE_ISO,
    DMY = 1u << NN_DATE_DMY,
    MDY = 1u << NN_DATE_MDY,
    NAME_MDY = 1u << NN_DATE_NAME_MDY,
    NAME_DMY = 1u << NN_DATE_NAME_DMY,
};

static unsigned formats(const char *s)
{
    return nn_date_formats(s, strlen(s));
}

/* s fits exactly `mask`, and each format in it reads s as `expected`
 * seconds (from Python's datetime), with or without a time. */
#define CHECK_DATE(s, mask, expected, time)                                           \
    do {                                                                              \
        unsigned m_ = formats(s);                                                     \
        if (m_ != (unsigned)(mask))                                                   \
            printf("#   \"%s\": formats %#x, expected %#x\n", s, m_, (unsigned)(mask)); \
        CHECK(m_ == (unsigned)(mask));                                                \
        for (int f_ = 0; f_ < NN_DATE_FORMAT_COUNT; f_++) {                           \
            if (!((mask) & (1u << f_)))                                               \
                continue;                                                             \
            double sec_ = -1;                                                         \
            int has_time_ = -1;                                                       \
            CHECK(nn_date_parse(s, strlen(s), (nn_date_format)f_, &sec_, &has_time_) == 0); \
            CHECK_NEAR(sec_, expected, 0);                                            \
            CHECK(has_time_ == (time));                                               \
        }                                                                             \
    } while (0)

#define CHECK_NOT_DATE(s) CHECK_DATE(s, 0, 0, 0)

static void dates_iso(void)
{
    CHECK_DATE("2000-01-01", ISO, 946684800, 0);
    CHECK_DATE("1970-01-01", ISO, 0, 0);
    CHECK_DATE("1969-12-31", ISO, -86400, 0);
    CHECK_DATE("1900-03-01", ISO, -2203891200, 0);
    CHECK_DATE("1899-12-31", ISO, -2209075200, 0);
    CHECK_DATE("2024-02-29", ISO, 1709164800, 0);
    CHECK_DATE("1600-02-29", ISO, -11670998400, 0);
    CHECK_DATE("1000-01-01", ISO, -30610224000, 0);
    CHECK_DATE("9999-12-31", ISO, 253402214400, 0);
    CHECK_DATE("2000/01/31", ISO, 949276800, 0);
    CHECK_DATE("2000-1-31", ISO, 949276800, 0);
}

static void dates_with_times(void)
{
    CHECK_DATE("2000-01-31T09:30", ISO, 949311000, 1);
    CHECK_DATE("2000-01-31 09:30:00", ISO, 949311000, 1);
    CHECK_DATE("2000-01-31T09:30:00Z", ISO, 949311000, 1);
    CHECK_DATE("2000-01-31 9:30", ISO, 949311000, 1);
    CHECK_DATE("2000-01-01 12:34:56.25", ISO, 946730096.25, 1);
    CHECK_DATE("2000-01-01T12:34:56,25", ISO, 946730096.25, 1);
    CHECK_DATE("1960-06-15 23:59:59", ISO, -301190401, 1);
    /* Offsets are converted to UTC. */
    CHECK_DATE("2000-01-31T09:30:00+05:30", ISO, 949291200, 1);
    CHECK_DATE("2000-01-31T09:30+0530", ISO, 949291200, 1);
    CHECK_DATE("1999-12-31T22:00:00-03:00", ISO, 946688400, 1);
    CHECK_DATE("1999-12-31 22:00-03:00", ISO, 946688400, 1);
    /* Times follow every format, 12-hour clocks included. */
    CHECK_DATE("31/01/2000 09:30", DMY, 949311000, 1);
    CHECK_DATE("1/31/2000 9:30 PM", MDY, 949311000 + 12 * 3600, 1);
    CHECK_DATE("1/31/2000 12:15 am", MDY, 949277700, 1);
    CHECK_DATE("1/31/2000 12:15 PM", MDY, 949277700 + 12 * 3600, 1);
    CHECK_DATE("Jan 31 2000 09:30:00", NAME_MDY, 949311000, 1);
    CHECK_DATE("31 Jan 2000 09:30Z", NAME_DMY, 949311000, 1);
    CHECK_NOT_DATE("2000-01-31T24:00");
    CHECK_NOT_DATE("2000-01-31T23:60");
    CHECK_NOT_DATE("2000-01-31T23:59:60");
    CHECK_NOT_DATE("2000-01-31T9");
    CHECK_NOT_DATE("2000-01-31T09:5");
    CHECK_NOT_DATE("2000-01-31T09:30:");
    CHECK_NOT_DATE("2000-01-31T09:30:00.");
    CHECK_NOT_DATE("2000-01-31T09:30+5");
    CHECK_NOT_DATE("2000-01-31T09:30+25:00");
    CHECK_NOT_DATE("2000-01-31T09:30ZZ");
    CHECK_NOT_DATE("2000-01-31 13:00 PM");
    CHECK_NOT_DATE("2000-01-31 0:30 AM");
    CHECK_NOT_DATE("2000-01-31Z");
    CHECK_NOT_DATE("2000-01-31 ");
    CHECK_NOT_DATE("2000-01-31X09:30");
}

static void dates_numeric_day_month(void)
{
    CHECK_DATE("31/01/2000", DMY, 949276800, 0);
    CHECK_DATE("31-01-2000", DMY, 949276800, 0);
    CHECK_DATE("31.01.2000", DMY, 949276800, 0);
    CHECK_DATE("13/02/2000", DMY, 950400000, 0);
    CHECK_DATE("01/31/2000", MDY, 949276800, 0);
    CHECK_DATE("1/31/2000", MDY, 949276800, 0);
    CHECK_DATE("2/29/2000", MDY, 951782400, 0);
    /* Both readings valid: both bits, each its own date. */
    CHECK(formats("01/02/2000") == (DMY | MDY));
    double s = 0;
    CHECK(nn_date_parse("01/02/2000", 10, NN_DATE_DMY, &s, NULL) == 0 && s == 949363200);
    CHECK(nn_date_parse("01/02/2000", 10, NN_DATE_MDY, &s, NULL) == 0 && s == 946771200);
    CHECK(nn_date_parse("13/02/2000", 10, NN_DATE_MDY, &s, NULL) == -1);
    CHECK(formats("5/5/2000") == (DMY | MDY));
    CHECK_NOT_DATE("31/01-2000");
    CHECK_NOT_DATE("31/01/00");
    CHECK_NOT_DATE("31/01/0999");
    CHECK_NOT_DATE("31/01/20000");
    CHECK_NOT_DATE("131/01/2000");
    CHECK_NOT_DATE("13/13/2000");
    CHECK_NOT_DATE("0/1/2000");
    CHECK_NOT_DATE("20000131");
}

static void dates_with_month_names(void)
{
    CHECK_DATE("Jan 31 2000", NAME_MDY, 949276800, 0);
    CHECK_DATE("January 31, 2000", NAME_MDY, 949276800, 0);
    CHECK_DATE("January 1, 2000", NAME_MDY, 946684800, 0);
    CHECK_DATE("jan 1,2000", NAME_MDY, 946684800, 0);
    CHECK_DATE("JAN-31-2000", NAME_MDY, 949276800, 0);
    CHECK_DATE("Jan/31/2000", NAME_MDY, 949276800, 0);
    CHECK_DATE("Jan. 31, 2000", NAME_MDY, 949276800, 0);
    CHECK_DATE("Feb 1 2000", NAME_MDY, 949363200, 0);
    CHECK_DATE("Sept 1 2000", NAME_MDY, 967766400, 0);
    CHECK_DATE("September 1 2000", NAME_MDY, 967766400, 0);
    CHECK_DATE("31 Jan 2000", NAME_DMY, 949276800, 0);
    CHECK_DATE("31-Jan-2000", NAME_DMY, 949276800, 0);
    CHECK_DATE("31 January 2000", NAME_DMY, 949276800, 0);
    CHECK_DATE("1 dec, 1969", NAME_DMY, -2678400, 0);
    CHECK_DATE("29 Feb 2024", NAME_DMY, 1709164800, 0);
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const full[12] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August", "September",
                                         "October", "November", "December"};
    /* 2001-m-1 for m = 1..12, from Python's datetime. */
    static const double firsts[12] = {978307200, 980985600, 983404800, 986083200,
                                      988675200, 991353600, 993945600, 996624000,
                                      999302400, 1001894400, 1004572800, 1007164800};
    for (int m = 0; m < 12; m++) {
        char buf[40];
        double s = 0;
        snprintf(buf, sizeof buf, "%s 1 2001", months[m]);
        CHECK(nn_date_parse(buf, strlen(buf), NN_DATE_NAME_MDY, &s, NULL) == 0 && s == firsts[m]);
        snprintf(buf, sizeof buf, "1 %s 2001", full[m]);
        CHECK(nn_date_parse(buf, strlen(buf), NN_DATE_NAME_DMY, &s, NULL) == 0 && s == firsts[m]);
    }
    CHECK_NOT_DATE("Jan 32 2000");
    CHECK_NOT_DATE("Janu 1 2000");
    CHECK_NOT_DATE("Ja 1 2000");
    CHECK_NOT_DATE("Jan 1 00");
    CHECK_NOT_DATE("Jan-1 2000");
    CHECK_NOT_DATE("Jan 1-2000");
    CHECK_NOT_DATE("Jan 1, , 2000");
    CHECK_NOT_DATE("Jan1 2000");
    CHECK_NOT_DATE("Month 1 2000");
    CHECK_NOT_DATE("January. 1 2000");
    CHECK_NOT_DATE("1 Jan 2000 Jan");
}

static void dates_check_the_calendar(void)
{
    CHECK_NOT_DATE("2000-04-31");
    CHECK_NOT_DATE("2000-06-31");
    CHECK_NOT_DATE("2000-09-31");
    CHECK_NOT_DATE("2000-11-31");
    CHECK_NOT_DATE("2000-02-30");
    CHECK_NOT_DATE("1900-02-29"); /* divisible by 100, not by 400 */
    CHECK_NOT_DATE("2023-02-29");
    CHECK_NOT_DATE("2000-00-10");
    CHECK_NOT_DATE("2000-13-01");
    CHECK_NOT_DATE("2000-01-00");
    CHECK_NOT_DATE("2000-01-32");
    CHECK_NOT_DATE("31 Apr 2000");
    CHECK_NOT_DATE("29/02/2023");
    CHECK_DATE("2000-12-31", ISO, 978220800, 0);
    CHECK_DATE("2000-02-29", ISO, 951782400, 0);
    CHECK_NOT_DATE("");
    CHECK_NOT_DATE("2000");
    CHECK_NOT_DATE("2000-01");
    CHECK_NOT_DATE("2000-01/31");
    CHECK_NOT_DATE(" 2000-01-31");
    CHECK_NOT_DATE("0999-01-31");
    CHECK_NOT_DATE("yes");
    CHECK_NOT_DATE("12.5");
    /* The length is honoured. */
    CHECK(nn_date_formats("2000-01-31junk", 10) == ISO);
}

/* Every day from 1000-01-01 to 9999-12-31 in order: seconds step by one
 * day, and formatting gives back the text. */
static void dates_round_trip_every_day(void)
{
    int y = 1000, m = 1, d = 1, wrong = 0;
    double previous = -30610224000.0 - 86400;
    int weekday_previous = 1; /* 999-12-31 was a Tuesday (Python: weekday() == 1) */
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (y <= 9999) {
        char text[40], back[40];
        double s = 0;
        snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
        int ok = nn_date_parse(text, 10, NN_DATE_ISO, &s, NULL) == 0 && s == previous + 86400 &&
                 nn_date_format_iso(s, 0, back, sizeof back) == 10 && strcmp(back, text) == 0;
        int cy, cm, cd, wd;
        nn_date_calendar(s + 43200, &cy, &cm, &cd, &wd);
        ok = ok && cy == y && cm == m && cd == d && wd == (weekday_previous + 1) % 7;
        if (!ok && wrong++ < 5)
            printf("#   %s: %.0f back as %s\n", text, s, back);
        previous = s;
        weekday_previous = wd;
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (++d > month_days[m - 1] + (m == 2 && leap)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    CHECK(wrong == 0);
    CHECK(previous == 253402214400.0);
}

static void dates_formatting_and_calendar(void)
{
    char buf[32];
    CHECK(nn_date_format_iso(946684800, 0, buf, sizeof buf) == 10 && strcmp(buf, "2000-01-01") == 0);
    CHECK(nn_date_format_iso(949311000, 1, buf, sizeof buf) == 19 &&
          strcmp(buf, "2000-01-31 09:30:00") == 0);
    CHECK(nn_date_format_iso(-1, 1, buf, sizeof buf) == 19 &&
          strcmp(buf, "1969-12-31 23:59:59") == 0);
    CHECK(nn_date_format_iso(-301190401, 1, buf, sizeof buf) == 19 &&
          strcmp(buf, "1960-06-15 23:59:59") == 0);
    CHECK(nn_date_format_iso(946730096.75, 1, buf, sizeof buf) == 19 &&
          strcmp(buf, "2000-01-01 12:34:56") == 0);
    CHECK(nn_date_format_iso(946684800, 0, buf, 10) == -1); /* no room for the NUL */
    CHECK(nn_date_format_iso(NAN, 0, buf, sizeof buf) == -1);
    CHECK(nn_date_format_iso(INFINITY, 1, buf, sizeof buf) == -1);

    int y, m, d, wd;
    nn_date_calendar(946684800, &y, &m, &d, &wd);
    CHECK(y == 2000 && m == 1 && d == 1 && wd == 5); /* a Saturday */
    nn_date_calendar(949276800, &y, &m, &d, &wd);
    CHECK(y == 2000 && m == 1 && d == 31 && wd == 0); /* a Monday */
    nn_date_calendar(0, &y, &m, &d, &wd);
    CHECK(y == 1970 && m == 1 && d == 1 && wd == 3); /* a Thursday */
    nn_date_calendar(-1, &y, &m, &d, &wd);
    CHECK(y == 1969 && m == 12 && d == 31 && wd == 2);
    nn_date_calendar(-2209075200, &y, &m, &d, &wd);
    CHECK(y == 1899 && m == 12 && d == 31 && wd == 6); /* a Sunday */
    nn_date_calendar(1709164800 + 86399, &y, &m, &d, &wd);
    CHECK(y == 2024 && m == 2 && d == 29 && wd == 3);
    nn_date_calendar(1709164800, NULL, &m, NULL, NULL);
    CHECK(m == 2);
}

static void dates_pick_a_format(void)
{
    int amb = -1;
    CHECK(nn_date_pick_format(0, -1, &amb) == -1 && amb == 0);
    CHECK(nn_date_pick_format(ISO, -1, &amb) == NN_DATE_ISO && amb == 0);
    CHECK(nn_date_pick_format(ISO | DMY | MDY, 1, &amb) == NN_DATE_ISO && amb == 0);
    CHECK(nn_date_pick_format(NAME_MDY, -1, &amb) == NN_DATE_NAME_MDY);
    CHECK(nn_date_pick_format(NAME_DMY, 0, &amb) == NN_DATE_NAME_DMY);
    CHECK(nn_date_pick_format(NAME_DMY | DMY, -1, &amb) == NN_DATE_NAME_DMY);
    /* Both numeric orders fit: dayfirst decides, month first by default. */
    CHECK(nn_date_pick_format(DMY | MDY, -1, &amb) == NN_DATE_MDY && amb == 1);
    CHECK(nn_date_pick_format(DMY | MDY, -1, NULL) == NN_DATE_MDY);
    CHECK(nn_date_pick_format(DMY | MDY, 1, &amb) == NN_DATE_DMY && amb == 0);
    CHECK(nn_date_pick_format(DMY | MDY, 0, &amb) == NN_DATE_MDY && amb == 0);
    /* Only one fits: the data decide when asked to... */
    CHECK(nn_date_pick_format(DMY, -1, &amb) == NN_DATE_DMY && amb == 0);
    CHECK(nn_date_pick_format(MDY, -1, &amb) == NN_DATE_MDY && amb == 0);
    /* ...and contradict an explicit order: no format reads the column. */
    CHECK(nn_date_pick_format(MDY, 1, &amb) == -1);
    CHECK(nn_date_pick_format(DMY, 0, &amb) == -1);
    CHECK(strcmp(nn_date_format_name(NN_DATE_ISO), "iso") == 0);
    CHECK(strcmp(nn_date_format_name(NN_DATE_DMY), "dmy") == 0);
    CHECK(strcmp(nn_date_format_name(NN_DATE_MDY), "mdy") == 0);
    CHECK(strcmp(nn_date_format_name(NN_DATE_NAME_MDY), "name-mdy") == 0);
    CHECK(strcmp(nn_date_format_name(NN_DATE_NAME_DMY), "name-dmy") == 0);
    CHECK(strcmp(nn_date_format_name(NN_DATE_FORMAT_COUNT), "?") == 0);
}

/* The dates of the shipped stocks file ("Jan 1 2000") all read. */
static void dates_of_the_stocks_file(void)
{
    CHECK_DATE("Jan 1 2000", NAME_MDY, 946684800, 0);
    CHECK_DATE("Mar 1 2010", NAME_MDY, 1267401600, 0);
}

int main(void)
{
    TEST(plain_decimals);
    TEST(plain_rounds_to_nearest_float);
    TEST(plain_refusals);
    TEST(plain_infinities_and_overflow);
    TEST(plain_underflow);
    TEST(plain_matches_correct_rounding);
    TEST(plain_is_right_next_to_midpoints);
    TEST(plain_ignores_the_locale);
    TEST(loose_reads_plain_numbers);
    TEST(loose_currency);
    TEST(loose_thousands_separators);
    TEST(loose_decimal_comma);
    TEST(loose_parentheses_and_percent);
    TEST(loose_refusals_and_limits);
    TEST(dates_iso);
    TEST(dates_with_times);
    TEST(dates_numeric_day_month);
    TEST(dates_with_month_names);
    TEST(dates_check_the_calendar);
    TEST(dates_round_trip_every_day);
    TEST(dates_formatting_and_calendar);
    TEST(dates_pick_a_format);
    TEST(dates_of_the_stocks_file);
    return tap_done();
}
