/* A theme's colours for a picture.  See theme_palette.h. */
#include "theme_palette.h"

#include <stdlib.h>
#include <string.h>

#include "pane_chart.h"

void nn_theme_find_dirs(nn_theme_dirs *dirs, char *user, size_t user_len, char *built, size_t built_len)
{
    int n = 0;
    memset(dirs, 0, sizeof *dirs);
    if (nn_theme_user_dir(user, user_len) == 0)
        dirs->user = user;
    const char *env = getenv("NNWB_THEMES");
    if (env)
        dirs->installed[n++] = env;
    dirs->installed[n++] = NNWB_THEMES_DIR;
    if (nn_theme_beside_program(built, built_len) == 0)
        dirs->installed[n++] = built;
}

static unsigned rgb_of(nn_color c, unsigned fallback)
{
    switch (c.kind) {
    case NN_COLOR_INDEX: return nn_theme_xterm_rgb(c.value);
    case NN_COLOR_RGB: return c.value;
    default: return fallback;
    }
}

static int luma(unsigned rgb)
{
    return (299 * (int)(rgb >> 16 & 255) + 587 * (int)(rgb >> 8 & 255) + 114 * (int)(rgb & 255)) / 1000;
}

void nn_theme_palette(const nn_theme *t, nn_chart_palette *out)
{
    _Static_assert((int)NN_ROLE_COUNT <= (int)NN_PALETTE_MAX, "a palette holds every role");
    memset(out, 0, sizeof *out);
    out->roles = pane_chart_roles;
    out->background = rgb_of(t->style[NN_ROLE_BACKGROUND].bg, 0xffffff);
    unsigned ink = luma(out->background) >= 128 ? 0x333333 : 0xdddddd;
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        out->colours[r] = rgb_of(t->style[r].fg, ink);
    out->n = NN_ROLE_COUNT;
}

int nn_theme_palette_named(const char *name, const nn_theme_dirs *dirs, nn_chart_palette *out, nn_error *err)
{
    nn_theme t;
    if (nn_theme_load(name, dirs, &t, err) < 0)
        return -1;
    nn_theme_palette(&t, out);
    return 0;
}
