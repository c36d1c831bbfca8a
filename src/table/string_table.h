/* The distinct strings of one column, each stored once: a hash table
 * from text to a small index, with how often and where each was first
 * seen. Indexes follow first appearance. */
#ifndef NN_STRING_TABLE_H
#define NN_STRING_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct nn_string_entry {
    size_t offset;    /* into pool; the text is NUL-terminated there */
    size_t len;
    size_t count;     /* cells with this text */
    size_t first_row; /* row of the first of them */
    uint64_t hash;
} nn_string_entry;

typedef struct nn_string_table {
    char *pool;
    size_t pool_len, pool_cap;
    nn_string_entry *entries;
    size_t n, cap;
    uint32_t *slots;  /* open addressing: 0 empty, else 1 + entry index */
    size_t nslots;    /* a power of two */
} nn_string_table;

/* Index of s[0..len), added if new (counted either way). Returns -1 when
 * out of memory. */
int64_t nn_strtab_intern(nn_string_table *t, const char *s, size_t len, size_t row);
/* Adds count cells of s first seen at row, as interning them would. */
int64_t nn_strtab_add(nn_string_table *t, const char *s, size_t len, size_t row, size_t count);

static inline const char *nn_strtab_text(const nn_string_table *t, size_t i)
{
    return t->pool + t->entries[i].offset;
}

void nn_strtab_free(nn_string_table *t);

#endif
