/* Character cells of UTF-8 text.  See text.h. */
#include "text.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* --- UTF-8 ---------------------------------------------------------------- */

/* Decodes one character; returns the bytes it took (at least 1) and sets
 * *cp, or -1 for a malformed sequence (overlong, surrogate, truncated). */
static int utf8_decode(const unsigned char *s, int32_t *cp)
{
    int n;
    int32_t v;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2, v = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3, v = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4, v = s[0] & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return i; /* resume at the byte that broke the sequence */
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const int32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        v = -1;
    *cp = v;
    return n;
}

typedef struct range {
    int32_t lo, hi;
} range;

static bool in_ranges(int32_t cp, const range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

/* Approximately Unicode's East Asian Wide and Fullwidth blocks and the
 * emoji that terminals draw two columns wide. */
static const range wide_ranges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x26AA, 0x26AB},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x274C, 0x274C},   {0x2753, 0x2757},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF},
    {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

/* Combining marks, zero-width spaces and joiners, bidi controls,
 * variation selectors and the BOM. */
static const range zero_width_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int nn_text_next(const char *s, bool ascii_only, nn_text_char *out)
{
    int32_t cp;
    int n = utf8_decode((const unsigned char *)s, &cp);
    out->width = 1;
    if (cp < 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (ascii_only && cp >= 0x80)) {
        memcpy(out->glyph, "?", 2);
        return n;
    }
    memcpy(out->glyph, s, (size_t)n);
    out->glyph[n] = '\0';
    if (in_ranges(cp, zero_width_ranges, COUNT(zero_width_ranges)))
        out->width = 0;
    else if (in_ranges(cp, wide_ranges, COUNT(wide_ranges)))
        out->width = 2;
    return n;
}

int nn_text_width(const char *text, bool ascii_only)
{
    int cols = 0;
    nn_text_char ch;
    for (const char *s = text; s && *s;) {
        s += nn_text_next(s, ascii_only, &ch);
        cols += ch.width;
    }
    return cols;
}

int nn_text_fit(const char *text, int max_cols, bool ascii_only)
{
    int cols = 0;
    nn_text_char ch;
    for (const char *s = text; s && *s;) {
        s += nn_text_next(s, ascii_only, &ch);
        if (ch.width == 0)
            continue;
        if (cols + ch.width > max_cols)
            break;
        cols += ch.width;
    }
    return cols;
}
