#include "column_builder.h"

#include <stdlib.h>

#include "parse_loose.h"

static void sample_init(nn_cell_sample *s)
{
    s->row = NN_NO_ROW;
    s->text[0] = '\0';
}

static void sample(nn_cell_sample *s, size_t row, const char *text, size_t len)
{
    if (s->row != NN_NO_ROW)
        return;
    s->row = row;
    if (len >= sizeof s->text) {
        len = sizeof s->text - 4;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* don't cut a UTF-8 sequence */
        memcpy(s->text, text, len);
        memcpy(s->text + len, "...", 4);
    } else {
        memcpy(s->text, text, len);
        s->text[len] = '\0';
    }
}

void nn_colb_init(nn_col_builder *b)
{
    memset(b, 0, sizeof *b);
    nn_cell_sample *all[] = {&b->first_text, &b->first_ambiguous, &b->first_percent,
                             &b->first_tiny, &b->first_spaced,
                             &b->comma_decimal, &b->comma_thousands, &b->dot_decimal,
                             &b->dot_thousands, &b->typed.first_text};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        sample_init(all[i]);
    for (size_t i = 0; i < NN_INFINITE_SHOWN; i++)
        sample_init(&b->infinite_cells[i]);
}

void nn_colb_free(nn_col_builder *b)
{
    free(b->values);
    free(b->codes);
    nn_strtab_free(&b->strings);
    b->values = NULL;
    b->codes = NULL;
    b->cap = 0;
}

static int grow_codes(nn_col_builder *b, size_t old_cap, size_t cap)
{
    uint32_t *codes = realloc(b->codes, cap * sizeof *codes);
    if (!codes)
        return -1;
    memset(codes + old_cap, 0, (cap - old_cap) * sizeof *codes);
    b->codes = codes;
    return 0;
}

int nn_colb_reserve(nn_col_builder *b, size_t cap)
{
    if (cap <= b->cap)
        return 0;
    float *values = realloc(b->values, cap * sizeof *values);
    if (!values)
        return -1;
    b->values = values;
    if (b->codes && grow_codes(b, b->cap, cap) < 0)
        return -1;
    b->cap = cap;
    return 0;
}

void nn_colb_dot_decimal(nn_col_builder *b, size_t row, const char *s, size_t len)
{
    sample(&b->dot_decimal, row, s, len);
}

void nn_colb_missing(nn_col_builder *b, size_t row, size_t len)
{
    b->values[row] = NAN;
    b->missing++;
    b->blanks += len == 0;
}

void nn_colb_tiny(nn_col_builder *b, size_t row, float v, const char *s, size_t len)
{
    b->values[row] = v;
    b->numbers++;
    if (b->first_tiny.row == NN_NO_ROW)
        b->first_tiny_value = v;
    sample(&b->first_tiny, row, s, len);
    b->tiny++;
}

/* Which role the tolerant reading gave ',' and '.', for the check that a
 * column's cells agree. */
static void record_loose(nn_col_builder *b, size_t row, const char *s, size_t len, unsigned flags,
                         char decimal)
{
    b->loose |= flags;
    if (flags & NN_NUM_AMBIGUOUS_COMMA) {
        b->ambiguous++;
        sample(&b->first_ambiguous, row, s, len);
        sample(decimal == ',' ? &b->comma_decimal : &b->comma_thousands, row, s, len);
    }
    if (flags & NN_NUM_USED_DECIMAL_COMMA)
        sample(&b->comma_decimal, row, s, len);
    if (flags & NN_NUM_USED_THOUSANDS_COMMA)
        sample(&b->comma_thousands, row, s, len);
    if (flags & NN_NUM_USED_THOUSANDS_DOT)
        sample(&b->dot_thousands, row, s, len);
    else if (memchr(s, '.', len))
        sample(&b->dot_decimal, row, s, len); /* a '.' that is not grouping is the decimal point */
    if (flags & NN_NUM_USED_PERCENT)
        sample(&b->first_percent, row, s, len);
    if (flags & NN_NUM_USED_THOUSANDS_SPACE) {
        b->spaced++;
        sample(&b->first_spaced, row, s, len);
    }
}

static void infinite(nn_col_builder *b, size_t row, const char *s, size_t len)
{
    b->values[row] = NAN;
    if (b->infinite < NN_INFINITE_SHOWN)
        sample(&b->infinite_cells[b->infinite], row, s, len);
    b->infinite++;
}

int nn_colb_cell(nn_col_builder *b, size_t row, const char *s, size_t len, int plain_status,
                 const nn_cell_rules *rules)
{
    if (plain_status == NN_NUM_INFINITE || plain_status == NN_NUM_OVERFLOW) {
        infinite(b, row, s, len);
        return NN_CELL_DONE;
    }
    if (nn_na_match(rules->na, s, len)) {
        nn_colb_missing(b, row, len);
        return NN_CELL_DONE;
    }
    double d;
    unsigned flags;
    switch (nn_parse_loose(s, len, rules->decimal, &d, &flags)) {
    case NN_NUM_OK:
        b->values[row] = (float)d;
        b->numbers++;
        record_loose(b, row, s, len, flags, rules->decimal);
        return NN_CELL_DONE;
    case NN_NUM_UNDERFLOW:
        nn_colb_tiny(b, row, (float)d, s, len);
        record_loose(b, row, s, len, flags, rules->decimal);
        return NN_CELL_DONE;
    case NN_NUM_INFINITE:
    case NN_NUM_OVERFLOW:
        infinite(b, row, s, len);
        return NN_CELL_DONE;
    default:
        return NN_CELL_TEXT;
    }
}

int nn_colb_text(nn_col_builder *b, size_t row, const char *s, size_t len)
{
    if (!b->codes && grow_codes(b, 0, b->cap) < 0)
        return -1;
    int64_t i = nn_strtab_intern(&b->strings, s, len, row);
    if (i < 0)
        return -1;
    b->codes[row] = (uint32_t)i + 1;
    b->values[row] = NAN;
    b->texts++;
    sample(&b->first_text, row, s, len);
    return 0;
}

/* --- merging the two halves of a two-thread parse ------------------------ */

static void merge_sample(nn_cell_sample *dst, const nn_cell_sample *src, size_t offset)
{
    if (dst->row == NN_NO_ROW && src->row != NN_NO_ROW) {
        *dst = *src;
        dst->row += offset;
    }
}

/* src's strings into dst's table; map[i] is the new index of src's i. */
static uint32_t *merge_strings(nn_col_builder *dst, const nn_col_builder *src, size_t offset)
{
    const nn_string_table *t = &src->strings;
    uint32_t *map = malloc((t->n ? t->n : 1) * sizeof *map);
    if (!map)
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const nn_string_entry *e = &t->entries[i];
        int64_t j = nn_strtab_add(&dst->strings, nn_strtab_text(t, i), e->len,
                                  e->first_row + offset, e->count);
        if (j < 0) {
            free(map);
            return NULL;
        }
        map[i] = (uint32_t)j + 1;
    }
    return map;
}

static int append_codes(nn_col_builder *dst, size_t dst_rows, const nn_col_builder *src,
                        size_t src_rows)
{
    if (!src->codes)
        return 0; /* dst's codes, if any, were zeroed up to its capacity */
    if (!dst->codes && grow_codes(dst, 0, dst->cap) < 0)
        return -1;
    uint32_t *map = merge_strings(dst, src, dst_rows);
    if (!map)
        return -1;
    for (size_t r = 0; r < src_rows; r++) {
        uint32_t c = src->codes[r];
        dst->codes[dst_rows + r] = c ? map[c - 1] : 0;
    }
    free(map);
    return 0;
}

int nn_colb_append(nn_col_builder *dst, size_t dst_rows, nn_col_builder *src, size_t src_rows)
{
    int rc = -1;
    if (nn_colb_reserve(dst, dst_rows + src_rows) < 0)
        goto done;
    memcpy(dst->values + dst_rows, src->values, src_rows * sizeof *src->values);
    free(src->values);
    src->values = NULL;
    if (append_codes(dst, dst_rows, src, src_rows) < 0)
        goto done;
    for (size_t i = 0; i < NN_INFINITE_SHOWN && dst->infinite + i < NN_INFINITE_SHOWN; i++)
        merge_sample(&dst->infinite_cells[dst->infinite + i], &src->infinite_cells[i], dst_rows);
    dst->numbers += src->numbers;
    dst->texts += src->texts;
    dst->missing += src->missing;
    dst->blanks += src->blanks;
    dst->infinite += src->infinite;
    dst->loose |= src->loose;
    dst->ambiguous += src->ambiguous;
    if (dst->first_tiny.row == NN_NO_ROW)
        dst->first_tiny_value = src->first_tiny_value;
    dst->tiny += src->tiny;
    dst->spaced += src->spaced;
    merge_sample(&dst->first_tiny, &src->first_tiny, dst_rows);
    merge_sample(&dst->first_spaced, &src->first_spaced, dst_rows);
    merge_sample(&dst->first_text, &src->first_text, dst_rows);
    merge_sample(&dst->first_ambiguous, &src->first_ambiguous, dst_rows);
    merge_sample(&dst->first_percent, &src->first_percent, dst_rows);
    merge_sample(&dst->comma_decimal, &src->comma_decimal, dst_rows);
    merge_sample(&dst->comma_thousands, &src->comma_thousands, dst_rows);
    merge_sample(&dst->dot_decimal, &src->dot_decimal, dst_rows);
    merge_sample(&dst->dot_thousands, &src->dot_thousands, dst_rows);
    rc = 0;
done:
    nn_colb_free(src);
    return rc;
}
