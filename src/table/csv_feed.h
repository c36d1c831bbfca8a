/* Feeding bytes to libcsv with one rule of Python's csv module and pandas
 * that libcsv lacks: a quote only quotes a field it opens.
 *
 * libcsv reads `"12" pizza` as a quoted field that never ends, so the
 * rest of the file would vanish into one cell. Here, once a quoted
 * field's closing quote is followed by anything but the delimiter, a line
 * break or a second quote, the closing quote is dropped and the field
 * goes on unquoted, its later quotes literal: `1,"12" pizza,8` is three
 * fields, `12 pizza` the second (as Python reads it). A quote inside an
 * unquoted field (`1,12 "pizza",8`) is literal in libcsv already. */
#ifndef NN_CSV_FEED_H
#define NN_CSV_FEED_H

#include <csv.h>
#include <stddef.h>

/* csv_parse, with that rule: returns the bytes consumed (len unless the
 * parser failed). */
size_t nn_csv_feed(struct csv_parser *p, const char *s, size_t len,
                   void (*field_cb)(void *, size_t, void *), void (*row_cb)(int, void *),
                   void *data);

#endif
