/* "Did you mean": the candidate closest to what was typed, by edit
 * distance (insertions, deletions, substitutions and swaps of two
 * neighbours), if it is close enough to be a typo. */
#include <ctype.h>
#include <string.h>

#include "command.h"

enum { MAX_WORD = 64 };

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Optimal string alignment distance, case-insensitive. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n >= MAX_WORD || m >= MAX_WORD)
        return (size_t)-1;
    size_t d[MAX_WORD + 1][MAX_WORD + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + !same);
            if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    }
    return d[n][m];
}

const char *nn_suggest(const char *typed, const char *const *candidates, size_t n)
{
    size_t len = strlen(typed), allowed = len <= 2 ? 0 : len <= 5 ? 1 : 2, best = (size_t)-1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(typed, candidates[i]);
        if (d < best) /* ties: the earlier candidate */
            best = d, pick = candidates[i];
    }
    return best <= allowed ? pick : NULL;
}
