/* A theme's colours for a picture (`export plot ... theme=NAME`): the
 * session draws files in an nn_chart_palette (session/charts.h) and
 * knows no themes, so the front-ends, which do, fill one from a theme
 * file: the chart roles the panes draw with, each role's foreground as
 * RGB, on the background role's background. */
#ifndef NN_THEME_PALETTE_H
#define NN_THEME_PALETTE_H

#include <stddef.h>

#include "session/charts.h"
#include "theme.h"

/* Where `theme NAME` looks: the user's directory, $NNWB_THEMES, the
 * installed themes, the source tree's (an uninstalled nnwb); user and
 * built hold the paths dirs points to. */
void nn_theme_find_dirs(nn_theme_dirs *dirs, char *user, size_t user_len, char *built, size_t built_len);

/* t's chart colours.  A colour left to the terminal (`default`) has no
 * RGB to draw: the background becomes white, a foreground dark grey on a
 * light background and light grey on a dark one. */
void nn_theme_palette(const nn_theme *t, nn_chart_palette *out);

/* Theme `name` from dirs into *out; -1 with "did you mean" when unknown. */
int nn_theme_palette_named(const char *name, const nn_theme_dirs *dirs, nn_chart_palette *out, nn_error *err);

#endif
