/* Missing-value markers of a CSV load: the words that mean "no value"
 * (NA, N/A, null, ...), compared without regard to ASCII case. An empty
 * cell is always missing. */
#ifndef NN_NA_MARKERS_H
#define NN_NA_MARKERS_H

#include <stddef.h>

enum { NN_NA_MAX = 32, NN_NA_MAX_LEN = 31 };

typedef struct nn_na_markers {
    char words[NN_NA_MAX][NN_NA_MAX_LEN + 1];
    unsigned char lens[NN_NA_MAX];
    size_t n;
    int has_number; /* some marker reads as a number (e.g. -999): check markers first */
} nn_na_markers;

/* Parses a comma-separated list ("NA,-999,?"); spaces around words are
 * kept out. Returns 0, or -1 when a word is too long or there are too many. */
int nn_na_parse(nn_na_markers *na, const char *list);
/* 1 when s[0..len) is empty or one of the markers. */
int nn_na_match(const nn_na_markers *na, const char *s, size_t len);

#endif
