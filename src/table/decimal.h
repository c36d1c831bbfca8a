/* A decimal number scanned from text, and its correctly rounded double:
 * what plain and tolerant reading (parse_number.c, parse_loose.c) share. */
#ifndef NN_DECIMAL_H
#define NN_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse_number.h"

/* Value = mantissa * 10^exp10, from up to 19 significant digits. */
typedef struct decimal {
    uint64_t mantissa;
    int exp10;
    int digits;      /* significant digits kept in mantissa */
    bool truncated;  /* more than 19 significant digits: mantissa is short */
    bool negative;
} decimal;

static inline bool decimal_is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

/* The plain grammar [+-]digits[.digits][(e|E)[+-]digits] over exactly
 * [s, end). Returns OK, INFINITE ("inf", "infinity") or NOT_A_NUMBER. */
nn_num_status decimal_scan(const char *s, const char *end, decimal *d);
/* Correctly rounded double of a scanned decimal; `text` is the same
 * number in plain syntax, for the library fallback. *ok is false when
 * out of memory. */
double decimal_to_double(const decimal *d, const char *text, size_t len, bool *ok);

#endif
