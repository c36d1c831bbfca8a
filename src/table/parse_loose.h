/* Tolerant reading of numbers as people export them from spreadsheets:
 * currency signs, thousands separators, decimal commas, percent signs and
 * accounting parentheses. */
#ifndef NN_PARSE_LOOSE_H
#define NN_PARSE_LOOSE_H

#include <stddef.h>

#include "parse_number.h"

/* What the tolerant reading relied on, so a column can check that its
 * cells agree (a column cannot use ',' both as decimal mark and as
 * thousands separator). */
enum {
    NN_NUM_USED_CURRENCY = 1u << 0,        /* $ € £ ¥, before or after, maybe spaced */
    NN_NUM_USED_THOUSANDS_COMMA = 1u << 1, /* 1,234,567.5 */
    NN_NUM_USED_THOUSANDS_DOT = 1u << 2,   /* 1.234.567,5 */
    NN_NUM_USED_THOUSANDS_SPACE = 1u << 3, /* 1 234 567 or with a no-break space, or 1'234'567 */
    NN_NUM_USED_DECIMAL_COMMA = 1u << 4,   /* 3,14 */
    NN_NUM_AMBIGUOUS_COMMA = 1u << 5,      /* 1,234: thousands or decimal; read per `decimal` */
    NN_NUM_USED_PERCENT = 1u << 6,         /* 12.5% read as 12.5 */
    NN_NUM_USED_PARENS = 1u << 7,          /* (12.5) read as -12.5, accounting style */
};

/* Tolerant reading. `decimal` is the decimal mark: '.', ',' or 0 when not
 * known; an ambiguous "1,234" is read as 1.234 when decimal is ',' and as
 * 1234 otherwise, and flagged NN_NUM_AMBIGUOUS_COMMA either way (only
 * that flag: "0,123" and "1234,567" are plain decimal commas). A lone
 * dot is always a decimal point ("1.234" is 1.234, no flag). Thousands
 * separators must group by threes, one kind per number, before at most
 * one decimal mark of another kind; "1,23,4" is not a number. Leading and
 * trailing spaces are ignored. *flags (may be NULL) gets what was used,
 * 0 when not a number. Statuses as for nn_parse_plain: NN_NUM_OVERFLOW
 * beyond float32's range and NN_NUM_UNDERFLOW below its normal range even
 * though *out is a double; "inf" only bare. */
nn_num_status nn_parse_loose(const char *s, size_t len, char decimal, double *out, unsigned *flags);

#endif
