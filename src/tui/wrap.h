/* Breaking a line of text into rows of a pane's width: at spaces where
 * it can, inside a word only when a word is wider than a row, with the
 * continuation rows indented. Counts display columns, not bytes (UTF-8,
 * wide characters); pure, so a resize simply wraps again. */
#ifndef NN_TUI_WRAP_H
#define NN_TUI_WRAP_H

#include <stddef.h>

enum { WRAP_INDENT = 2 }; /* continuations: this much past the line's own indent */

/* The columns before a continuation row of text: its leading spaces and
 * WRAP_INDENT more, at most half the width. */
int wrap_indent(const char *text, int width);

/* The row of text starting at byte pos (0 for the first row, which keeps
 * its leading spaces; a continuation starts after the spaces it broke
 * at): returns its length in bytes and sets *next to where the next row
 * starts, or to strlen(text) after the last row. width is the pane's;
 * continuation rows get width - wrap_indent(). */
size_t wrap_row(const char *text, size_t pos, int width, size_t *next);
/* How many rows text takes at width (at least 1). */
int wrap_count(const char *text, int width);

#endif
