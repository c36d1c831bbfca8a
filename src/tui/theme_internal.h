/* What the theme files share: the role table's fallbacks and monochrome
 * attributes (theme.c), "did you mean" hints (theme.c), and finding theme
 * files by name (theme_dirs.c).  Each depends only on those above it:
 * theme.c <- theme_dirs.c <- theme_parse.c; theme.c <- theme_resolve.c. */
#ifndef NN_THEME_INTERNAL_H
#define NN_THEME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "theme.h"

enum { THEME_MAX_INHERIT = 8 };

/* The files being read, innermost last: `inherit` skips them (so a user's
 * default.theme can inherit the installed default) and cannot loop. */
typedef struct theme_chain {
    dev_t dev[THEME_MAX_INHERIT];
    ino_t ino[THEME_MAX_INHERIT];
    int n;
} theme_chain;

/* theme.c: the built-in theme's value of role r (8 colours), and the
 * attributes it takes when there is no colour */
const char *theme_role_fallback(int r);
unsigned theme_role_mono(int r);
/* " (did you mean \"x\"?)" or "", in buf. */
const char *theme_did_you_mean(char *buf, size_t len, const char *typed, const char *const *names, size_t n);

/* theme_dirs.c */
/* The file's stem: "themes/dark.theme" -> "dark". */
void theme_stem(const char *path, char *out, size_t len);
/* Letters, digits, '.', '_', '-', not starting with '.' or '-'. */
bool theme_valid_name(const char *s);
/* The first NAME.theme in dirs that is not in the chain (NULL: any); its
 * path in buf.  -1 if none. */
int theme_find_file(const char *name, const nn_theme_dirs *dirs, const theme_chain *ch, char *buf, size_t len);
/* " (did you mean \"x\"?)" for a theme name, or "". */
const char *theme_near_name(char *buf, size_t len, const char *name, const nn_theme_dirs *dirs);

#endif
