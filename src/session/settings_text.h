/* Settings as text, for `runs` and a run's record. */
#ifndef NN_SETTINGS_TEXT_H
#define NN_SETTINGS_TEXT_H

#include <stddef.h>

#include "engine/settings.h"

/* The core settings, then every other one that is not at its default, in
 * the C locale; whole items only, cut to fit len. */
void nn_settings_describe(const nn_settings *s, char *buf, size_t len);

#endif
