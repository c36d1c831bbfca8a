#include "notes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nn_notes_add(nn_notes *notes, const char *fmt, ...)
{
    if (!notes)
        return;
    if (notes->n == notes->cap) {
        size_t cap = notes->cap ? 2 * notes->cap : 8;
        char **items = realloc(notes->items, cap * sizeof *items);
        if (!items)
            return;
        notes->items = items;
        notes->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int len = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (len >= 0)
        notes->items[notes->n++] = text;
}

void nn_notes_free(nn_notes *notes)
{
    if (!notes)
        return;
    for (size_t i = 0; i < notes->n; i++)
        free(notes->items[i]);
    free(notes->items);
    memset(notes, 0, sizeof *notes);
}
