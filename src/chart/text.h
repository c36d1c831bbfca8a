/* Text as character cells: how many columns a string takes on a grid of
 * character cells, one UTF-8 character at a time.  The chart model lays
 * out titles, legends and labels with it, and the terminal's canvas
 * writes cells with it, so both agree on every width.
 *
 * A double-width character (CJK, most emoji) takes two columns;
 * zero-width ones (combining marks, joiners, variation selectors) none;
 * control characters and invalid UTF-8 become '?'.  With ascii_only (a
 * terminal whose locale is not UTF-8) every non-ASCII character becomes
 * '?', one column. */
#ifndef NN_CHART_TEXT_H
#define NN_CHART_TEXT_H

#include <stdbool.h>

/* Bytes of a glyph: one UTF-8 character and its NUL. */
#define NN_GLYPH_MAX 5

/* One character ready for cells: its glyph and its width (0, 1 or 2). */
typedef struct nn_text_char {
    char glyph[NN_GLYPH_MAX];
    int width;
} nn_text_char;

/* Reads the character at s (not at its NUL) into *out; returns the bytes
 * taken, at least 1. */
int nn_text_next(const char *s, bool ascii_only, nn_text_char *out);

/* Columns that text takes (NULL: 0). */
int nn_text_width(const char *text, bool ascii_only);

/* Columns of the longest start of text that fits in max_cols: what is
 * written of it there (a wide character that would not fit whole is not). */
int nn_text_fit(const char *text, int max_cols, bool ascii_only);

#endif
