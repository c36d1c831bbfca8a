/* Line charts on a canvas.  See plot.h for the layout, the modes and the
 * rules; this file is in the order things are drawn: ranges, ticks, the
 * title and legend, markers, series, axes. */
#include "plot.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

nn_plot_mode nn_plot_mode_for_codeset(const char *codeset)
{
    if (codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "UTF8") == 0))
        return NN_PLOT_BRAILLE;
    return NN_PLOT_ASCII;
}

double nn_number_at(nn_numbers v, size_t i)
{
    if (!v.at)
        return NAN;
    const char *p = (const char *)v.at + i * v.stride;
    if (v.type == NN_NUM_FLOAT) {
        float f;
        memcpy(&f, p, sizeof f);
        return f;
    }
    double d;
    memcpy(&d, p, sizeof d);
    return d;
}

void nn_plot_init(nn_plot *p, nn_plot_mode mode)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->x_min = p->x_max = p->y_min = p->y_max = NAN;
}

/* --- helpers ---------------------------------------------------------------- */

void nn_ema_smooth(nn_numbers in, size_t n, double weight, double *out)
{
    double w = weight > 0 ? (weight < 0.999 ? weight : 0.999) : 0; /* NaN too */
    double ema = 0, w_pow_t = 1;
    for (size_t i = 0; i < n; i++) {
        double v = nn_number_at(in, i);
        if (!isfinite(v)) {
            out[i] = v;
            continue;
        }
        ema = w * ema + (1 - w) * v;
        w_pow_t *= w;
        out[i] = ema / (1 - w_pow_t);
    }
}

/* The significant digits of v (trailing zeros dropped) and its decimal
 * exponent, read from printf's %e: only its digits and the exponent are
 * used, so the locale's decimal point never shows. */
static void decimal_digits(double v, int sig, char *digits, int *exponent)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*e", sig - 1, v);
    int n = 0;
    const char *s = tmp;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    int e = 0, sign = 1;
    if (*s == 'e')
        s++;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1 : 1;
    for (; *s >= '0' && *s <= '9'; s++)
        e = e * 10 + (*s - '0');
    *exponent = sign * e;
}

int nn_format_number(char *buf, size_t len, double v, int sig)
{
    if (isnan(v))
        return snprintf(buf, len, "nan");
    if (isinf(v))
        return snprintf(buf, len, v < 0 ? "-inf" : "inf");
    if (v == 0)
        return snprintf(buf, len, "0");
    sig = sig < 1 ? 1 : sig > 15 ? 15 : sig;
    char d[24], sci[48], fixed[48] = "";
    int e;
    decimal_digits(v, sig, d, &e);
    int n = (int)strlen(d);
    const char *sign = v < 0 ? "-" : "";
    snprintf(sci, sizeof sci, "%s%c%s%se%d", sign, d[0], n > 1 ? "." : "", d + 1, e);
    if (e >= 0 && e < 20) {
        int k = snprintf(fixed, sizeof fixed, "%s", sign);
        for (int i = 0; i <= e; i++)
            fixed[k++] = i < n ? d[i] : '0';
        fixed[k] = '\0';
        if (n > e + 1)
            snprintf(fixed + k, sizeof fixed - (size_t)k, ".%s", d + e + 1);
    } else if (e < 0 && e > -20) {
        snprintf(fixed, sizeof fixed, "%s0.%.*s%s", sign, -e - 1, "0000000000000000000", d);
    }
    bool whole_below_10000 = e >= 0 && e < 4 && n <= e + 1;
    bool use_fixed = fixed[0] && (strlen(fixed) <= strlen(sci) || whole_below_10000);
    return snprintf(buf, len, "%s", use_fixed ? fixed : sci);
}

/* --- mapping ------------------------------------------------------------------ */

/* An axis: lo and hi in plotted units (log10 on a log scale). */
typedef struct axis {
    double lo, hi;
    bool log;
    int dots;
} axis;

static double plotted(const axis *a, double v)
{
    return a->log ? log10(v) : v;
}

static bool plottable(const axis *a, double v)
{
    return isfinite(v) && (!a->log || v > 0);
}

/* A plotted value's dot, unrounded; far-off values are pulled in so that
 * the integer arithmetic that follows cannot overflow. */
static double dot_of(const axis *a, double t)
{
    if (a->dots <= 1)
        return 0;
    double d = (t - a->lo) / (a->hi - a->lo) * (a->dots - 1);
    return isnan(d) || d < -1e7 ? -1e7 : d > 1e7 ? 1e7 : d;
}

static long round_dot(double d)
{
    return (long)floor(d + 0.5);
}

/* --- ranges ------------------------------------------------------------------- */

static double series_x(const nn_series *s, size_t i)
{
    return s->x.at ? nn_number_at(s->x, i) : s->x_first + (double)i * s->x_step;
}

/* lo/hi given (finite) stay; the others come from the data's [dmin, dmax]
 * (have: there is data) with `pad` of its span added.  A range left empty
 * or inverted is widened by `unit` at the ends that were not given. */
static void settle_range(double *lo, double *hi, bool have, double dmin, double dmax,
                         double pad, double unit)
{
    bool fixed_lo = isfinite(*lo), fixed_hi = isfinite(*hi);
    if (!have)
        dmin = 0, dmax = 1, pad = 0;
    double span = dmax - dmin;
    if (!fixed_lo)
        *lo = dmin - pad * span;
    if (!fixed_hi)
        *hi = dmax + pad * span;
    if (fixed_lo && fixed_hi && *lo > *hi) {
        double t = *lo;
        *lo = *hi, *hi = t;
    }
    if (!(*hi > *lo)) {
        if (fixed_lo && !fixed_hi) {
            *hi = *lo + unit;
        } else if (fixed_hi && !fixed_lo) {
            *lo = *hi - unit;
        } else {
            double mid = (*lo + *hi) / 2;
            *lo = mid - unit, *hi = mid + unit;
        }
    }
    /* Within +-1e300 the span is finite and wide enough to divide by. */
    *lo = fmax(fmin(*lo, 1e300), -1e300);
    *hi = fmax(fmin(*hi, 1e300), -1e300);
    if (!(*hi - *lo > fabs(*lo) * 1e-12)) {
        double u = fmax(fabs(*lo) * 0.1, 1e-300);
        *lo -= u, *hi = *lo + 2 * u;
    }
}

static void find_ranges(const nn_plot *p, axis *x, axis *y)
{
    bool have = false;
    double lo = INFINITY, hi = -INFINITY;
    x->log = false;
    y->log = p->log_y;
    for (int k = 0; k < p->n_series; k++) {
        const nn_series *s = &p->series[k];
        for (size_t i = 0; i < s->n; i++) {
            double vx = series_x(s, i);
            if (isfinite(vx) && plottable(y, nn_number_at(s->y, i))) {
                lo = fmin(lo, vx), hi = fmax(hi, vx);
                have = true;
            }
        }
    }
    x->lo = p->x_min, x->hi = p->x_max;
    double unit = p->x_whole || !have || lo == 0 ? 1 : fabs(lo) * 0.1;
    settle_range(&x->lo, &x->hi, have, lo, hi, 0, unit);

    have = false;
    lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < p->n_series; k++) {
        const nn_series *s = &p->series[k];
        for (size_t i = 0; i < s->n; i++) {
            double vx = series_x(s, i), vy = nn_number_at(s->y, i);
            if (vx >= x->lo && vx <= x->hi && plottable(y, vy)) {
                lo = fmin(lo, plotted(y, vy)), hi = fmax(hi, plotted(y, vy));
                have = true;
            }
        }
    }
    y->lo = plottable(y, p->y_min) ? plotted(y, p->y_min) : NAN;
    y->hi = plottable(y, p->y_max) ? plotted(y, p->y_max) : NAN;
    unit = y->log ? 0.5 : !have || lo == 0 ? 1 : fabs(lo) * 0.1;
    settle_range(&y->lo, &y->hi, have, lo, hi, 0.05, unit);
}

/* --- ticks -------------------------------------------------------------------- */

#define MAX_TICKS 64
#define LABEL_MAX 24

typedef struct ticks {
    int n;
    int pos[MAX_TICKS]; /* cell row (y) or column (x) within the data area */
    char label[MAX_TICKS][LABEL_MAX];
    int width;          /* the widest label */
} ticks;

/* The cell a value's tick falls in: a row counted from the top for y. */
static int tick_cell(const axis *a, double v, int per_cell, bool is_y)
{
    long d = round_dot(dot_of(a, plotted(a, v)));
    if (is_y)
        d = a->dots - 1 - d;
    return (int)(d / per_cell);
}

/* Multiples of `step` in [lo, hi] (data units; lo/hi of a log axis are
 * its decades when `decades`), as ticks.  False if there are too many. */
static bool make_ticks(const axis *a, double lo, double hi, double step, int step_exp,
                       bool decades, int per_cell, bool is_y, ticks *t)
{
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    if (k1 - k0 + 1 > MAX_TICKS)
        return false;
    double biggest = 0;
    for (double k = k0; k <= k1; k++)
        biggest = fmax(biggest, fabs(k * step));
    int sig = decades || biggest == 0 ? 1 : (int)floor(log10(biggest)) - step_exp + 1;
    sig = sig < 1 ? 1 : sig > 6 ? 6 : sig;
    t->n = 0;
    t->width = 0;
    for (double k = k0; k <= k1; k++) {
        double v = decades ? pow(10, k * step) : k * step;
        if (!decades && fabs(v) < step * 1e-9)
            v = 0;
        t->pos[t->n] = tick_cell(a, v, per_cell, is_y);
        int w = nn_format_number(t->label[t->n], LABEL_MAX, v, sig);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
    return true;
}

/* Ticks at least `gap` cells apart (gap 0: apart by the widest label
 * and a space, for x). */
static bool spaced(const ticks *t, int gap)
{
    int need = gap > 0 ? gap : t->width + 1;
    for (int i = 1; i < t->n; i++)
        if (abs(t->pos[i] - t->pos[i - 1]) < need)
            return false;
    return true;
}

/* Drops ticks closer than `gap` to the one kept before (from the first,
 * the lowest value); false unless at least two and half of them stay. */
static bool thin_ticks(ticks *t, int gap)
{
    int kept = 0, n = t->n;
    t->width = 0;
    for (int i = 0; i < n; i++) {
        if (kept && abs(t->pos[i] - t->pos[kept - 1]) < gap)
            continue;
        t->pos[kept] = t->pos[i];
        memmove(t->label[kept], t->label[i], LABEL_MAX);
        int w = (int)strlen(t->label[kept]);
        t->width = w > t->width ? w : t->width;
        kept++;
    }
    t->n = kept;
    return kept >= 2 && 2 * kept >= n;
}

/* Tries steps 1, 2, 5 x 10^e upwards from `smallest` until the ticks are
 * spaced; keeps the first spaced set with at least min_n ticks.  With
 * `thin`, a set may also lose up to half its ticks to get spaced. */
static bool nice_ticks(const axis *a, double lo, double hi, double smallest, bool decades,
                       int per_cell, bool is_y, int gap, int min_n, bool thin, ticks *t)
{
    if (!(hi > lo) || !(smallest > 0))
        return false;
    int e = (int)floor(log10(smallest));
    static const double mant[] = {1, 2, 5};
    for (int tries = 0; tries < 60; tries++, e++) {
        for (int m = 0; m < 3; m++) {
            double step = mant[m] * pow(10, e);
            if (step < smallest * (1 - 1e-9))
                continue;
            if (!make_ticks(a, lo, hi, step, e, decades, per_cell, is_y, t))
                continue;
            if (t->n < min_n)
                return false; /* larger steps give fewer */
            if (spaced(t, gap) || (thin && thin_ticks(t, gap)))
                return true;
        }
    }
    return false;
}

/* Log ticks over a decade or two: decades first, then 3 x 10^k, then
 * 2 and 5 x 10^k, each kept if it is `gap` rows from those kept. */
static bool log_greedy_ticks(const axis *y, int per_cell, int gap, ticks *t)
{
    static const double mant[] = {1, 3, 2, 5};
    double v[MAX_TICKS];
    int n = 0;
    for (int m = 0; m < 4; m++) {
        for (double k = floor(y->lo); k <= ceil(y->hi) && n < MAX_TICKS; k++) {
            double value = mant[m] * pow(10, k), lv = log10(value);
            if (lv < y->lo - 1e-9 || lv > y->hi + 1e-9)
                continue;
            int row = tick_cell(y, value, per_cell, true);
            bool clear = true;
            for (int i = 0; i < n && clear; i++)
                clear = abs(tick_cell(y, v[i], per_cell, true) - row) >= gap;
            if (clear)
                v[n++] = value;
        }
    }
    if (n < 2)
        return false;
    for (int i = 1; i < n; i++) /* ascending, as the other tick sets */
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double tmp = v[j];
            v[j] = v[j - 1], v[j - 1] = tmp;
        }
    t->n = 0;
    t->width = 0;
    for (int i = 0; i < n; i++) {
        t->pos[i] = tick_cell(y, v[i], per_cell, true);
        int w = nn_format_number(t->label[i], LABEL_MAX, v[i], 1);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
    return true;
}

static void y_ticks(const axis *y, int rows, int per_cell, ticks *t)
{
    int gap = rows >= 3 ? 2 : 1;
    double vlo = y->log ? pow(10, y->lo) : y->lo, vhi = y->log ? pow(10, y->hi) : y->hi;
    if (y->log && (nice_ticks(y, y->lo, y->hi, 1, true, per_cell, true, gap, 2, false, t) ||
                   log_greedy_ticks(y, per_cell, gap, t)))
        return;
    double smallest = (vhi - vlo) / (rows > 0 ? rows : 1);
    if (nice_ticks(y, vlo, vhi, smallest, false, per_cell, true, gap, 2, false, t) ||
        nice_ticks(y, vlo, vhi, smallest, false, per_cell, true, gap, 2, true, t))
        return;
    /* Too few rows for two nice values: the ends themselves. */
    t->n = 0;
    t->width = 0;
    double ends[2] = {vhi, vlo};
    int n = rows >= 2 ? 2 : 1;
    for (int i = 0; i < n; i++) {
        double v = n == 1 ? (y->log ? pow(10, (y->lo + y->hi) / 2) : (vlo + vhi) / 2) : ends[i];
        t->pos[i] = n == 1 ? 0 : i * (rows - 1);
        int w = nn_format_number(t->label[i], LABEL_MAX, v, 3);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
}

static void x_ticks(const axis *x, bool whole, int cols, int per_cell, ticks *t)
{
    double smallest = (x->hi - x->lo) / (cols > 0 ? cols : 1);
    if (whole && smallest < 1)
        smallest = 1;
    if (!nice_ticks(x, x->lo, x->hi, smallest, false, per_cell, false, 0, 1, false, t))
        t->n = 0;
}

/* --- cells and dots --------------------------------------------------------- */

/* Where a plot may write: its region within the canvas, and the data
 * area's dot grid. */
typedef struct pen {
    nn_canvas *c;
    nn_rect clip;
    nn_rect data;
    nn_plot_mode mode;
    int sx, sy; /* dots per cell */
    axis x, y;
} pen;

static bool inside(nn_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static void put(pen *p, int x, int y, const char *glyph, int role, unsigned flags)
{
    if (inside(p->clip, x, y))
        nn_canvas_put(p->c, x, y, glyph, role, flags);
}

static int text(pen *p, int x, int y, int max_cols, const char *s, int role, unsigned flags)
{
    return nn_canvas_text(p->c, p->clip, x, y, max_cols, s, role, flags);
}

static bool utf8_mode(const pen *p)
{
    return p->mode != NN_PLOT_ASCII;
}

/* Glyph of a cell's dot pattern. */
static const char *dots_glyph(nn_plot_mode mode, unsigned dots, char buf[NN_GLYPH_MAX])
{
    static const char *const quadrant[16] = {
        " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
    };
    static const char *const half[4] = {" ", "▀", "▄", "█"};
    switch (mode) {
    case NN_PLOT_BRAILLE: /* U+2800 + dots, in UTF-8 */
        buf[0] = (char)0xE2;
        buf[1] = (char)(0xA0 | (dots >> 6));
        buf[2] = (char)(0x80 | (dots & 0x3F));
        buf[3] = '\0';
        return buf;
    case NN_PLOT_QUADRANT:
        return quadrant[dots & 15];
    case NN_PLOT_HALF_BLOCK:
        return half[dots & 3];
    default: /* ASCII: bit 1 a line, bit 2 a data point */
        return dots & 2 ? "*" : ".";
    }
}

/* The bit of dot (col, row) inside its cell; `point` matters in ASCII only. */
static unsigned dot_bit(nn_plot_mode mode, int col, int row, bool point)
{
    static const unsigned char braille[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    switch (mode) {
    case NN_PLOT_BRAILLE:
        return braille[col][row];
    case NN_PLOT_QUADRANT:
        return 1u << (row * 2 + col);
    case NN_PLOT_HALF_BLOCK:
        return 1u << row;
    default:
        return point ? 2 : 1;
    }
}

/* Sets a dot, counted from the bottom.  A cell has one colour, so series
 * share cells this way: a faint (dim) dot never lands on a bright series'
 * cell; a bright dot clears a faint cell (and any text) first; otherwise
 * the dots add up and the cell takes the later series' colour. */
static void set_dot(pen *p, long dx, long dy, int role, unsigned flags, bool point)
{
    if (dx < 0 || dy < 0 || dx >= p->x.dots || dy >= p->y.dots)
        return;
    long top = p->y.dots - 1 - dy;
    int cx = p->data.x + (int)(dx / p->sx), cy = p->data.y + (int)(top / p->sy);
    if (!inside(p->clip, cx, cy))
        return;
    nn_cell *cell = nn_canvas_cell(p->c, cx, cy);
    unsigned dots = cell->dots;
    bool faint = flags & NN_CELL_DIM, cell_faint = cell->flags & NN_CELL_DIM;
    if (dots && faint && !cell_faint)
        return;
    if (dots && !faint && cell_faint)
        dots = 0;
    dots |= dot_bit(p->mode, (int)(dx % p->sx), (int)(top % p->sy), point);
    char buf[NN_GLYPH_MAX];
    nn_canvas_put(p->c, cx, cy, dots_glyph(p->mode, dots, buf), role, flags);
    cell->dots = (unsigned char)dots;
}

/* Clips the segment to the dot grid (Liang-Barsky); false if it misses. */
static bool clip_segment(const pen *p, double *x0, double *y0, double *x1, double *y1)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double q[4] = {*x0 + 0.5, p->x.dots - 0.5 - *x0, *y0 + 0.5, p->y.dots - 0.5 - *y0};
    double pp[4] = {-dx, dx, -dy, dy};
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0) {
            if (q[i] < 0)
                return false;
        } else {
            double t = q[i] / pp[i];
            if (pp[i] < 0 && t > t0)
                t0 = t;
            else if (pp[i] > 0 && t < t1)
                t1 = t;
        }
    }
    if (t0 > t1)
        return false;
    double ox = *x0, oy = *y0;
    *x0 = ox + t0 * dx, *y0 = oy + t0 * dy;
    *x1 = ox + t1 * dx, *y1 = oy + t1 * dy;
    return true;
}

/* A Bresenham line between two dots (unrounded, from the bottom). */
static void line(pen *p, double fx0, double fy0, double fx1, double fy1, int role,
                 unsigned flags)
{
    if (!clip_segment(p, &fx0, &fy0, &fx1, &fy1))
        return;
    long x0 = round_dot(fx0), y0 = round_dot(fy0), x1 = round_dot(fx1), y1 = round_dot(fy1);
    long dx = labs(x1 - x0), dy = -labs(y1 - y0), err = dx + dy;
    int step_x = x0 < x1 ? 1 : -1, step_y = y0 < y1 ? 1 : -1;
    for (;;) {
        set_dot(p, x0, y0, role, flags, false);
        if (x0 == x1 && y0 == y1)
            break;
        long e2 = 2 * err;
        if (e2 >= dy)
            err += dy, x0 += step_x;
        if (e2 <= dx)
            err += dx, y0 += step_y;
    }
}

/* --- series ------------------------------------------------------------------- */

/* Consecutive points in one dot column. */
typedef struct column {
    bool active;
    long x;
    double first, last, lo, hi, sum;
    size_t count;
} column;

typedef struct tracer {
    pen *p;
    const nn_series *s;
    unsigned flags;
    bool joined;       /* lines between points */
    bool has_prev;     /* where the line continues from */
    double prev_x, prev_y;
    column col;
} tracer;

static void point(tracer *t, double x, double y)
{
    set_dot(t->p, (long)x, round_dot(y), t->s->role, t->flags, t->s->style == NN_STYLE_LINE);
}

static void flush_column(tracer *t)
{
    column *c = &t->col;
    if (!c->active)
        return;
    double x = (double)c->x;
    double enter = c->first, leave = c->last;
    if (t->s->reduce == NN_REDUCE_MEAN)
        enter = leave = c->lo = c->hi = c->sum / (double)c->count;
    if (t->joined) {
        if (t->has_prev)
            line(t->p, t->prev_x, t->prev_y, x, enter, t->s->role, t->flags);
        if (c->hi > c->lo)
            line(t->p, x, c->lo, x, c->hi, t->s->role, t->flags);
    }
    point(t, x, c->lo);
    point(t, x, c->hi);
    t->has_prev = true;
    t->prev_x = x, t->prev_y = leave;
    c->active = false;
}

static void add_point(tracer *t, double dx, double dy)
{
    column *c = &t->col;
    long x = round_dot(dx);
    if (c->active && c->x == x) {
        c->last = dy;
        c->lo = fmin(c->lo, dy), c->hi = fmax(c->hi, dy);
        c->sum += dy;
        c->count++;
        return;
    }
    flush_column(t);
    *c = (column){true, x, dy, dy, dy, dy, dy, 1};
}

static void draw_series(pen *p, const nn_series *s)
{
    tracer t = {.p = p, .s = s};
    t.flags = s->style == NN_STYLE_LINE ? 0 : NN_CELL_DIM;
    t.joined = s->style != NN_STYLE_POINTS;
    for (size_t i = 0; i < s->n; i++) {
        double x = series_x(s, i), y = nn_number_at(s->y, i);
        if (!isfinite(x) || !plottable(&p->y, y)) {
            flush_column(&t);
            t.has_prev = false; /* a gap */
            continue;
        }
        add_point(&t, dot_of(&p->x, x), dot_of(&p->y, plotted(&p->y, y)));
    }
    flush_column(&t);
}

/* --- title, legend, markers, axes --------------------------------------------- */

typedef struct legend {
    int entries;    /* named series shown */
    int name_cols;  /* names cut to this many columns */
    int more;       /* series left out, shown as "+N" */
    int width;
} legend;

static const char *sample_glyph(const pen *p, nn_series_style style)
{
    if (!utf8_mode(p))
        return style == NN_STYLE_LINE ? "*" : ".";
    return style == NN_STYLE_POINTS ? "·" : "─";
}

/* Width of the legend with `shown` of the named series, names cut to
 * name_cols, and "+N" for the rest. */
static int legend_width(const pen *p, const nn_plot *pl, int shown, int name_cols, int named)
{
    int w = 0, k = 0;
    for (int i = 0; i < pl->n_series && k < shown; i++) {
        const char *name = pl->series[i].name;
        if (!name)
            continue;
        int nw = nn_canvas_text_width(p->c, name);
        w += (k ? 2 : 0) + 2 + (nw < name_cols ? nw : name_cols);
        k++;
    }
    if (shown < named) {
        char more[16];
        w += (shown ? 2 : 0) + snprintf(more, sizeof more, "+%d", named - shown);
    }
    return w;
}

/* The fullest legend that fits in `room` columns: full names, else names
 * cut (to no fewer than 4 columns), else the first few and "+N". */
static legend fit_legend(const pen *p, const nn_plot *pl, int room)
{
    legend lg = {0};
    int named = 0, longest = 0;
    for (int i = 0; i < pl->n_series; i++) {
        if (pl->series[i].name) {
            int w = nn_canvas_text_width(p->c, pl->series[i].name);
            longest = w > longest ? w : longest;
            named++;
        }
    }
    if (!named || room <= 0)
        return lg;
    int cut_min = longest < 4 ? longest : 4;
    for (int cols = longest; cols >= cut_min; cols--) {
        int w = legend_width(p, pl, named, cols, named);
        if (w <= room)
            return (legend){named, cols, 0, w};
    }
    for (int shown = named - 1; shown >= 1; shown--) {
        int w = legend_width(p, pl, shown, cut_min, named);
        if (w <= room)
            return (legend){shown, cut_min, named - shown, w};
    }
    return lg;
}

static void draw_legend(pen *p, const nn_plot *pl, const legend *lg, int right, int y)
{
    int x = right - lg->width, k = 0;
    for (int i = 0; i < pl->n_series && k < lg->entries; i++) {
        const nn_series *s = &pl->series[i];
        if (!s->name)
            continue;
        if (k++)
            x += 2;
        unsigned flags = s->style == NN_STYLE_LINE ? 0 : NN_CELL_DIM;
        put(p, x, y, sample_glyph(p, s->style), s->role, flags);
        x += 2;
        int nw = nn_canvas_text_width(p->c, s->name);
        if (nw <= lg->name_cols) {
            x += text(p, x, y, nw, s->name, pl->text_role, 0);
        } else {
            x += text(p, x, y, lg->name_cols - 1, s->name, pl->text_role, 0);
            x += text(p, x, y, 1, utf8_mode(p) ? "…" : "~", pl->text_role, 0);
        }
    }
    if (lg->more) {
        char more[16];
        snprintf(more, sizeof more, "%s+%d", k ? "  " : "", lg->more);
        text(p, x, y, (int)strlen(more), more, pl->text_role, NN_CELL_DIM);
    }
}

/* A marker's cell column (vertical) or row (horizontal) in the data
 * area, or -1 when it is off the range. */
static int marker_cell(const pen *p, const nn_marker *m)
{
    const axis *a = m->horizontal ? &p->y : &p->x;
    if (!plottable(a, m->at))
        return -1;
    long dot = round_dot(dot_of(a, plotted(a, m->at)));
    if (dot < 0 || dot >= a->dots)
        return -1;
    return m->horizontal ? (int)((a->dots - 1 - dot) / p->sy) : (int)(dot / p->sx);
}

static void draw_marker_line(pen *p, const nn_marker *m)
{
    const nn_rect *d = &p->data;
    int at = marker_cell(p, m);
    if (at < 0)
        return;
    bool u = utf8_mode(p);
    if (m->horizontal)
        for (int x = d->x; x < d->x + d->w; x++)
            put(p, x, d->y + at, u ? "┄" : "-", m->role, NN_CELL_DIM);
    else
        for (int y = d->y; y < d->y + d->h; y++)
            put(p, d->x + at, y, u ? "┊" : ":", m->role, NN_CELL_DIM);
}

/* Blank cells of row y from x on, going by dir (+1 or -1), in the data area. */
static int blank_run(pen *p, int x, int y, int dir)
{
    int n = 0;
    for (; x >= p->data.x && x < p->data.x + p->data.w; x += dir, n++) {
        const nn_cell *cell = nn_canvas_cell(p->c, x, y);
        if (cell && strcmp(cell->glyph, " ") != 0)
            break;
    }
    return n;
}

/* A vertical marker's label goes at the top, right of its line, else left
 * of it, else cut to the room on the right (at least 3 columns), never
 * over another marker or label.  A horizontal one's goes at its right end. */
static void draw_marker_label(pen *p, const nn_marker *m)
{
    const nn_rect *d = &p->data;
    int at = marker_cell(p, m);
    int w = m->label ? nn_canvas_text_width(p->c, m->label) : 0;
    if (at < 0 || w == 0)
        return;
    if (m->horizontal) {
        w = w < d->w ? w : d->w;
        text(p, d->x + d->w - w, d->y + at, w, m->label, m->role, NN_CELL_DIM);
        return;
    }
    int x = d->x + at;
    int right = blank_run(p, x + 1, d->y, 1), left = blank_run(p, x - 1, d->y, -1);
    int min_w = w < 3 ? w : 3;
    if (w <= right || (w > left && right >= min_w))
        text(p, x + 1, d->y, right, m->label, m->role, NN_CELL_DIM);
    else if (w <= left)
        text(p, x - w, d->y, w, m->label, m->role, NN_CELL_DIM);
}

static void draw_y_axis(pen *p, const nn_plot *pl, const ticks *t, int axis_x, bool labels)
{
    bool u = utf8_mode(p);
    for (int y = p->data.y; y < p->data.y + p->data.h; y++)
        put(p, axis_x, y, u ? "│" : "|", pl->axis_role, 0);
    for (int i = 0; i < t->n; i++) {
        int y = p->data.y + t->pos[i];
        put(p, axis_x, y, u ? "┤" : "+", pl->axis_role, 0);
        if (labels) {
            int w = (int)strlen(t->label[i]);
            text(p, axis_x - w, y, w, t->label[i], pl->text_role, 0);
        }
    }
}

static void draw_x_axis(pen *p, const nn_plot *pl, const ticks *t, int y, int corner_x)
{
    bool u = utf8_mode(p);
    if (corner_x >= 0)
        put(p, corner_x, y, u ? "└" : "+", pl->axis_role, 0);
    for (int x = p->data.x; x < p->data.x + p->data.w; x++)
        put(p, x, y, u ? "─" : "-", pl->axis_role, 0);
    for (int i = 0; i < t->n; i++)
        put(p, p->data.x + t->pos[i], y, u ? "┬" : "+", pl->axis_role, 0);
}

/* Tick labels centred under their ticks, kept inside the region and apart;
 * then the axis name where there is room. */
static void draw_x_labels(pen *p, const nn_plot *pl, const ticks *t, nn_rect r, int y)
{
    int first = -1, last_end = r.x - 2; /* first column of the first label; after the last */
    for (int i = 0; i < t->n; i++) {
        int w = (int)strlen(t->label[i]);
        int x = p->data.x + t->pos[i] - (w - 1) / 2;
        if (x + w > r.x + r.w)
            x = r.x + r.w - w;
        if (x < r.x)
            x = r.x;
        if (x <= last_end || x + w > r.x + r.w)
            continue;
        text(p, x, y, w, t->label[i], pl->text_role, 0);
        if (first < 0)
            first = x;
        last_end = x + w;
    }
    if (!pl->x_name || !*pl->x_name)
        return;
    int nw = nn_canvas_text_width(p->c, pl->x_name);
    if (r.x + r.w - nw >= last_end + 1)
        text(p, r.x + r.w - nw, y, nw, pl->x_name, pl->text_role, NN_CELL_DIM);
    else if (first >= 0 && r.x + nw < first)
        text(p, first - 1 - nw, y, nw, pl->x_name, pl->text_role, NN_CELL_DIM);
}

/* --- the whole plot ------------------------------------------------------------ */

static void dots_per_cell(nn_plot_mode mode, int *sx, int *sy)
{
    static const int x[] = {1, 1, 2, 2}, y[] = {1, 2, 2, 4};
    int m = mode >= NN_PLOT_ASCII && mode <= NN_PLOT_BRAILLE ? mode : NN_PLOT_ASCII;
    *sx = x[m], *sy = y[m];
}

static bool has_legend(const nn_plot *pl)
{
    if (pl->hide & NN_PLOT_HIDE_LEGEND)
        return false;
    for (int i = 0; i < pl->n_series; i++)
        if (pl->series[i].name)
            return true;
    return false;
}

void nn_plot_draw(nn_canvas *c, nn_rect r, const nn_plot *pl, nn_plot_layout *layout)
{
    pen p = {.c = c, .clip = nn_canvas_clip(c, r), .mode = pl->mode};
    if (p.mode < NN_PLOT_ASCII || p.mode > NN_PLOT_BRAILLE)
        p.mode = NN_PLOT_ASCII;
    dots_per_cell(p.mode, &p.sx, &p.sy);
    nn_plot_layout out = {0};
    if (layout)
        *layout = out;
    if (r.w <= 0 || r.h <= 0)
        return;
    nn_canvas_fill(c, p.clip, pl->text_role);
    find_ranges(pl, &p.x, &p.y);

    /* rows, top to bottom: title, [legend], data, x axis, x labels */
    bool axes = !(pl->hide & NN_PLOT_HIDE_AXES);
    bool title = !(pl->hide & NN_PLOT_HIDE_TITLE) && pl->title && *pl->title;
    bool want_legend = has_legend(pl);
    int top = (title || want_legend) && r.h >= 2;
    int label_row = axes && r.h >= 3, axis_row = axes && r.h >= 4;
    int data_h = r.h - top - label_row - axis_row;
    int title_w = title && top ? nn_canvas_text_width(c, pl->title) : 0;
    if (title_w > r.w)
        title_w = r.w;
    legend lg = {0};
    int legend_y = r.y;
    if (want_legend && top) {
        int room = title_w ? r.w - title_w - 2 : r.w;
        int full_w = fit_legend(&p, pl, INT_MAX).width;
        if (full_w > room && title_w && data_h - 1 >= 4) { /* a row of its own */
            room = r.w;
            legend_y = r.y + 1;
            data_h--;
            top++;
        }
        lg = fit_legend(&p, pl, room);
    }

    /* columns: y labels, y axis, data */
    ticks yt = {0}, xt = {0};
    p.y.dots = data_h * p.sy;
    if (axes && data_h > 0)
        y_ticks(&p.y, data_h, p.sy, &yt);
    int gutter = 0, axis_col = 0;
    if (axes && r.w >= yt.width + 1 + 4)
        gutter = yt.width, axis_col = 1;
    else if (axes && r.w >= 3)
        axis_col = 1;
    p.data = (nn_rect){r.x + gutter + axis_col, r.y + top, r.w - gutter - axis_col, data_h};
    if (p.data.w <= 0 || p.data.h <= 0)
        p.data.w = p.data.h = 0;
    p.x.dots = p.data.w * p.sx;
    p.y.dots = p.data.h * p.sy;
    if (axes && p.data.w > 0)
        x_ticks(&p.x, pl->x_whole, p.data.w, p.sx, &xt);

    if (title_w)
        text(&p, r.x, r.y, title_w, pl->title, pl->title_role, NN_CELL_BOLD);
    if (lg.entries)
        draw_legend(&p, pl, &lg, r.x + r.w, legend_y);
    if (p.data.w > 0) {
        for (int i = 0; i < pl->n_markers; i++)
            draw_marker_line(&p, &pl->markers[i]);
        for (int i = 0; i < pl->n_markers; i++)
            draw_marker_label(&p, &pl->markers[i]);
        for (int i = 0; i < pl->n_series; i++)
            draw_series(&p, &pl->series[i]);
        if (axis_col)
            draw_y_axis(&p, pl, &yt, r.x + gutter, gutter > 0);
        if (axis_row)
            draw_x_axis(&p, pl, &xt, p.data.y + p.data.h, axis_col ? r.x + gutter : -1);
        if (label_row)
            draw_x_labels(&p, pl, &xt, r, p.data.y + p.data.h + axis_row);
    }

    out.data = p.data;
    out.dots_w = p.x.dots, out.dots_h = p.y.dots;
    out.x_lo = p.x.lo, out.x_hi = p.x.hi;
    out.y_lo = p.y.log ? pow(10, p.y.lo) : p.y.lo;
    out.y_hi = p.y.log ? pow(10, p.y.hi) : p.y.hi;
    out.legend_entries = lg.entries;
    if (layout)
        *layout = out;
}
