/* The C locale as an object, made once: numbers are read and written
 * with it (strtod_l, or uselocale around printf) so that files, scripts
 * and messages mean the same whatever the user's locale. */
#ifndef NN_C_LOCALE_H
#define NN_C_LOCALE_H

#include <locale.h>

/* (locale_t)0 if it could not be made: uselocale then changes nothing. */
locale_t nn_c_locale(void);
/* strtod in the C locale, whatever setlocale says (for numbers in
 * recipes and commands, which must not change meaning with the user's
 * locale). */
double nn_strtod_c(const char *s, char **end);

#endif
