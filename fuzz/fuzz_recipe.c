/* Fuzz target: reading a saved recipe (a model file's extra section) from
 * arbitrary text.  A recipe that parses is formatted and parsed again, and
 * its schema table built, as `open` and `predict` do. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1); /* the parser reads a C string */
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    nn_error err = {0};
    nn_recipe *r = nn_recipe_parse(text, &err);
    if (r) {
        char *again = nn_recipe_format(r);
        if (again) {
            nn_recipe *r2 = nn_recipe_parse(again, &err);
            nn_recipe_free(r2);
            free(again);
        }
        nn_table_free(nn_recipe_schema(r));
        nn_recipe_free(r);
    }
    free(text);
    return 0;
}
