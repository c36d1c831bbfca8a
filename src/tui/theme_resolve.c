/* Resolving a theme for the terminal: each role's colours rounded to the
 * 256, 16 or 8 the terminal has, keeping contrast, or attributes alone
 * when there is no colour. */
#include "theme.h"
#include "theme_internal.h"

/* xterm's default RGB for the 16 system colours. */
static const unsigned system_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};
static const unsigned cube_level[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

unsigned nn_theme_xterm_rgb(unsigned index)
{
    if (index < 16)
        return system_rgb[index];
    if (index < 232) {
        unsigned i = index - 16;
        return cube_level[i / 36] << 16 | cube_level[i / 6 % 6] << 8 | cube_level[i % 6];
    }
    unsigned g = 8 + 10 * (index - 232);
    return g << 16 | g << 8 | g;
}

static int red(unsigned rgb) { return (int)(rgb >> 16 & 0xff); }
static int green(unsigned rgb) { return (int)(rgb >> 8 & 0xff); }
static int blue(unsigned rgb) { return (int)(rgb & 0xff); }

static long distance2(unsigned a, unsigned b)
{
    long dr = red(a) - red(b), dg = green(a) - green(b), db = blue(a) - blue(b);
    return dr * dr + dg * dg + db * db;
}

/* Rec. 601 luma, 0-255: how light a colour looks. */
static int luma(unsigned rgb)
{
    return (299 * red(rgb) + 587 * green(rgb) + 114 * blue(rgb)) / 1000;
}

static int chroma(unsigned rgb)
{
    int r = red(rgb), g = green(rgb), b = blue(rgb);
    int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
    return hi - lo;
}

/* Greys (and nearly-greys) go to greys, colours to colours: a dark blue
 * must not turn black, nor a grey turn red. */
static bool is_grey(unsigned rgb) { return chroma(rgb) <= 0x20; }

/* Hue in degrees, 0-360. */
static double hue(unsigned rgb)
{
    double r = red(rgb), g = green(rgb), b = blue(rgb), c = chroma(rgb), h;
    if (c == 0)
        return 0;
    if (r >= g && r >= b)
        h = (g - b) / c;
    else if (g >= b)
        h = 2 + (b - r) / c;
    else
        h = 4 + (r - g) / c;
    return h < 0 ? h * 60 + 360 : h * 60;
}

static double hue_gap(unsigned a, unsigned b)
{
    double d = hue(a) - hue(b);
    d = d < 0 ? -d : d;
    return d > 180 ? 360 - d : d;
}

/* What a colour should become on a terminal with fewer colours. */
typedef struct target {
    unsigned rgb;
    int colors;
    int avoid;    /* never this index (the role's background), -1: none */
    int bg;       /* the role's background index, -1: the terminal's */
    int contrast; /* the luma difference to keep from bg, at least */
} target;

/* Is candidate p a better stand-in for t than the best so far? With 256
 * colours, the nearest RGB; with 16 or 8 (which terminals restyle, so RGB
 * is only a guess), the nearest hue first, then the nearest RGB. */
static bool better(const target *t, unsigned p, unsigned best)
{
    if (t->colors < 256 && !is_grey(t->rgb)) {
        double gp = hue_gap(t->rgb, p), gb = hue_gap(t->rgb, best);
        if (gp < gb - 0.5 || gp > gb + 0.5)
            return gp < gb;
    }
    return distance2(t->rgb, p) < distance2(t->rgb, best);
}

static bool allowed(const target *t, int i, bool need_contrast)
{
    unsigned p = nn_theme_xterm_rgb((unsigned)i);
    if (i == t->avoid)
        return false;
    if (t->colors < 256 && is_grey(p) != is_grey(t->rgb))
        return false;
    if (need_contrast && t->bg >= 0) {
        int d = luma(p) - luma(nn_theme_xterm_rgb((unsigned)t->bg));
        return (d < 0 ? -d : d) >= t->contrast;
    }
    return true;
}

/* The best palette entry: all 256 use entries 16-255 (terminals restyle
 * 0-15).  Readable first: if nothing of the right kind keeps the
 * contrast, the nearest regardless. */
static int nearest(const target *t)
{
    int first = t->colors == 256 ? 16 : 0;
    for (int need_contrast = t->colors < 256; need_contrast >= 0; need_contrast--) {
        int best = -1;
        for (int i = first; i < t->colors; i++)
            if (allowed(t, i, need_contrast) &&
                (best < 0 || better(t, nn_theme_xterm_rgb((unsigned)i), nn_theme_xterm_rgb((unsigned)best))))
                best = i;
        if (best >= 0)
            return best;
    }
    return -1;
}

static unsigned color_rgb(nn_color c)
{
    return c.kind == NN_COLOR_RGB ? c.value : nn_theme_xterm_rgb(c.value);
}

static bool concrete(nn_color c)
{
    return c.kind == NN_COLOR_INDEX || c.kind == NN_COLOR_RGB;
}

/* A colour for the terminal, -1 for its own.  A palette colour the
 * terminal has is kept as the theme wrote it, and a bright one (8-15)
 * becomes its plain self on 8 colours, as every terminal program does. */
static int to_palette(nn_color c, const target *t)
{
    if (!concrete(c))
        return -1;
    if (c.kind == NN_COLOR_INDEX) {
        int i = (int)c.value;
        if (i < t->colors && i != t->avoid)
            return i;
        if (t->colors == 8 && i < 16 && i % 8 != t->avoid)
            return i % 8;
    }
    return nearest(t);
}

int nn_theme_colors(int terminal_colors, const char *no_color)
{
    if (no_color && no_color[0])
        return 0;
    return terminal_colors >= 256 ? 256 : terminal_colors >= 16 ? 16 : terminal_colors >= 8 ? 8 : 0;
}

static nn_role_attr resolve_role(const nn_theme *t, int r, int colors)
{
    nn_style s = t->style[r];
    nn_role_attr a = {-1, -1, s.attrs};
    /* Without colour, a role the theme coloured takes the attributes
     * designed for that (bold errors, reverse selection, told-apart
     * lines); one it left uncoloured keeps the theme's own. */
    if (colors == 0) {
        if (concrete(s.fg) || concrete(s.bg))
            a.attrs = theme_role_mono(r);
        return a;
    }
    if (s.bg.kind == NN_COLOR_UNSET && r != NN_ROLE_BACKGROUND)
        s.bg = t->style[NN_ROLE_BACKGROUND].bg;
    target bt = {concrete(s.bg) ? color_rgb(s.bg) : 0, colors, -1, -1, 0};
    int bg = to_palette(s.bg, &bt);
    if (!concrete(s.fg)) {
        a.bg = (short)bg;
        return a;
    }
    /* Two colours the theme wrote differently stay different, and keep
     * most of the contrast the theme gave them. */
    unsigned fg_rgb = color_rgb(s.fg);
    target ft = {fg_rgb, colors, -1, bg, 0};
    if (bg >= 0 && !(s.fg.kind == s.bg.kind && s.fg.value == s.bg.value)) {
        int d = luma(fg_rgb) - luma(color_rgb(s.bg));
        d = d < 0 ? -d : d;
        ft.avoid = bg;
        ft.contrast = (d < 80 ? d : 80) * 3 / 4;
    }
    int fg = to_palette(s.fg, &ft);
    /* With 8 colours a grey becomes black or white: dim keeps a mid grey,
     * or a grey pushed off its background, as faint as the theme meant. */
    if (colors == 8 && is_grey(fg_rgb)) {
        target plain = {fg_rgb, colors, -1, -1, 0};
        int level = luma(fg_rgb);
        if ((level >= 0x40 && level < 0xc0) || fg != nearest(&plain))
            a.attrs |= NN_ATTR_DIM;
    }
    a.fg = (short)fg;
    a.bg = (short)bg;
    return a;
}

void nn_theme_resolve(const nn_theme *t, int colors, nn_theme_attrs *out)
{
    colors = nn_theme_colors(colors, NULL);
    out->colors = colors;
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        out->role[r] = resolve_role(t, r, colors);
}
