#include "na_markers.h"

#include <string.h>

#include "parse_loose.h"
#include "parse_number.h"

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int same_word(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return 0;
    return 1;
}

static int reads_as_number(const char *s, size_t len)
{
    float f;
    double d;
    unsigned flags;
    return nn_parse_plain(s, len, &f) != NN_NUM_NOT_A_NUMBER ||
           nn_parse_loose(s, len, '.', &d, &flags) != NN_NUM_NOT_A_NUMBER;
}

int nn_na_parse(nn_na_markers *na, const char *list)
{
    memset(na, 0, sizeof *na);
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        size_t len = (size_t)(e - b);
        if (len > 0) {
            if (len > NN_NA_MAX_LEN || na->n == NN_NA_MAX)
                return -1;
            memcpy(na->words[na->n], b, len);
            na->lens[na->n] = (unsigned char)len;
            na->has_number |= reads_as_number(b, len);
            na->n++;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

int nn_na_match(const nn_na_markers *na, const char *s, size_t len)
{
    if (len == 0)
        return 1;
    for (size_t i = 0; i < na->n; i++)
        if (na->lens[i] == len && same_word(s, na->words[i], len))
            return 1;
    return 0;
}
