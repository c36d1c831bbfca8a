/* Where rows and long quoted fields are in the file: the bookkeeping
 * that lets every message name FILE:LINE:COLUMN. */
#include <stdlib.h>
#include <string.h>

#include "csv_lines.h"

int nn_line_map_push(nn_line_map *m, size_t row, size_t line)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        size_t *rows = realloc(m->rows, cap * sizeof *rows);
        if (!rows)
            return -1;
        m->rows = rows;
        size_t *lines = realloc(m->lines, cap * sizeof *lines);
        if (!lines)
            return -1;
        m->lines = lines;
        m->cap = cap;
    }
    m->rows[m->n] = row;
    m->lines[m->n++] = line;
    return 0;
}

size_t nn_line_map_line(const nn_line_map *m, size_t row)
{
    size_t lo = 0, hi = m->n; /* the last checkpoint at or before row */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->rows[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return m->n ? m->lines[lo] + (row - m->rows[lo]) + 1 : row + 1;
}

int nn_line_map_append(nn_line_map *dst, const nn_line_map *src, size_t row_offset,
                       size_t line_offset)
{
    for (size_t i = 0; i < src->n; i++)
        if (nn_line_map_push(dst, src->rows[i] + row_offset, src->lines[i] + line_offset) < 0)
            return -1;
    return 0;
}

void nn_line_map_free(nn_line_map *m)
{
    free(m->rows);
    free(m->lines);
    memset(m, 0, sizeof *m);
}

void nn_long_fields_push(nn_long_fields *f, size_t line, size_t col, size_t lines)
{
    if (f->n < NN_CSV_LONG_SHOWN) {
        f->line[f->n] = line;
        f->col[f->n] = col;
        f->lines[f->n] = lines;
    }
    f->n++;
}

void nn_long_fields_append(nn_long_fields *dst, const nn_long_fields *src, size_t line_offset)
{
    size_t shown = src->n < NN_CSV_LONG_SHOWN ? src->n : NN_CSV_LONG_SHOWN;
    for (size_t i = 0; i < shown; i++)
        nn_long_fields_push(dst, src->line[i] + line_offset, src->col[i], src->lines[i]);
    dst->n += src->n - shown;
}
