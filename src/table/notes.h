/* Warnings gathered by a data operation: problems that did not stop it
 * but that the user must hear about (a value read as missing, a guess
 * made about an ambiguous number). Front-ends print them. */
#ifndef NN_NOTES_H
#define NN_NOTES_H

#include <stddef.h>

typedef struct nn_notes {
    char **items;
    size_t n, cap;
} nn_notes;

/* Appends a formatted note; out of memory drops it silently. A NULL
 * notes pointer is fine and records nothing. */
void nn_notes_add(nn_notes *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nn_notes_free(nn_notes *notes);

#endif
