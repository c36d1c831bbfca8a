/* Feeding bytes to libcsv with one rule of Python's csv module and pandas
 * that libcsv lacks: a quote only quotes a field it opens.
 *
 * libcsv reads `"12" pizza` as a quoted field that never ends, so the
 * rest of the file would vanish into one cell. Here, once a quoted
 * field's closing quote is followed by anything but the delimiter, a line
 * break or a second quote, the closing quote is dropped and the field
 * goes on unquoted, its later quotes literal: `1,"12" pizza,8` is three
 * fields, `12 pizza` the second (as Python reads it). A quote inside an
 * unquoted field (`1,12 "pizza",8`) is literal in libcsv already.
 *
 * A parser may also keep spaces (nn_csv_keep_spaces): the cells are then
 * the bytes between the delimiters, spaces and tabs included, for writing
 * rows back as the file holds them. libcsv trims spaces around an
 * unquoted field and skips those before an opening quote; kept, the
 * spaces would change how `a, "b,c"` splits, so the rows must still split
 * into the same fields as a trimming parser reads them: the spaces before
 * an opening quote, and a line of nothing but spaces, are still skipped. */
#ifndef NN_CSV_FEED_H
#define NN_CSV_FEED_H

#include <csv.h>
#include <stddef.h>

/* From now on p reads spaces and tabs as cell text. */
void nn_csv_keep_spaces(struct csv_parser *p);

/* csv_parse, with those rules: returns the bytes consumed, len unless the
 * parser failed or, with `more` (bytes follow s), p keeps spaces and s
 * ends in spaces at the start of a field: whether they are kept depends
 * on the byte after them, so feed them again with what follows. */
size_t nn_csv_feed(struct csv_parser *p, const char *s, size_t len, int more,
                   void (*field_cb)(void *, size_t, void *), void (*row_cb)(int, void *),
                   void *data);

#endif
