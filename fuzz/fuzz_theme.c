/* Fuzz target: the theme parser on arbitrary text, inheriting from the
 * themes shipped in themes/ (FUZZ_THEMES_DIR), then resolved for every
 * colour depth the screen may have. */
#include <stdint.h>

#include "tui/theme.h"

#ifndef FUZZ_THEMES_DIR
#define FUZZ_THEMES_DIR "themes"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const nn_theme_dirs dirs = {NULL, {FUZZ_THEMES_DIR, NULL, NULL, NULL}};
    nn_theme t;
    nn_error err = {0};
    if (nn_theme_parse((const char *)data, size, "fuzz.theme", &dirs, &t, &err) == 0) {
        static const int depths[] = {256, 16, 8, 0};
        nn_theme_attrs a;
        for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++)
            nn_theme_resolve(&t, depths[i], &a);
    }
    return 0;
}
