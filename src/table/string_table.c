#include "string_table.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h ^ (h >> 29);
}

static int grow_slots(nn_string_table *t)
{
    size_t nslots = t->nslots ? 2 * t->nslots : 64;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t s = t->entries[i].hash & (nslots - 1);
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

static int store(nn_string_table *t, const char *s, size_t len, uint64_t h, size_t row)
{
    if (t->n == UINT32_MAX - 1)
        return -1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        nn_string_entry *e = realloc(t->entries, cap * sizeof *e);
        if (!e)
            return -1;
        t->entries = e;
        t->cap = cap;
    }
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 1024;
        while (cap < t->pool_len + len + 1)
            cap *= 2;
        char *pool = realloc(t->pool, cap);
        if (!pool)
            return -1;
        t->pool = pool;
        t->pool_cap = cap;
    }
    memcpy(t->pool + t->pool_len, s, len);
    t->pool[t->pool_len + len] = '\0';
    t->entries[t->n] = (nn_string_entry){t->pool_len, len, 0, row, h};
    t->pool_len += len + 1;
    return 0;
}

int64_t nn_strtab_add(nn_string_table *t, const char *s, size_t len, size_t row, size_t count)
{
    /* Kept at most half full, so probes stay short. */
    if (2 * (t->n + 1) > t->nslots && grow_slots(t) < 0)
        return -1;
    uint64_t h = hash_bytes(s, len);
    size_t mask = t->nslots - 1, i = h & mask;
    for (; t->slots[i]; i = (i + 1) & mask) {
        nn_string_entry *e = &t->entries[t->slots[i] - 1];
        if (e->hash == h && e->len == len && memcmp(t->pool + e->offset, s, len) == 0) {
            e->count += count;
            if (row < e->first_row)
                e->first_row = row;
            return t->slots[i] - 1;
        }
    }
    if (store(t, s, len, h, row) < 0)
        return -1;
    t->entries[t->n].count = count;
    t->slots[i] = (uint32_t)(t->n + 1);
    return (int64_t)t->n++;
}

int64_t nn_strtab_intern(nn_string_table *t, const char *s, size_t len, size_t row)
{
    return nn_strtab_add(t, s, len, row, 1);
}

void nn_strtab_free(nn_string_table *t)
{
    free(t->pool);
    free(t->entries);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
