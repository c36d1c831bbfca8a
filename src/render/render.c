/* The picture's surface: PNG, SVG or PDF, written into memory.  The
 * drawing itself is draw.c's; see render.h. */
#include "render.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render_internal.h"

int nn_render_format_of(const char *path)
{
    static const char *const endings[] = {".png", ".svg", ".pdf"};
    size_t n = path ? strlen(path) : 0;
    for (int i = 0; i < 3; i++)
        if (n > 4 && strcasecmp(path + n - 4, endings[i]) == 0)
            return i;
    return -1;
}

/* The bytes Cairo writes, gathered in a growing buffer. */
typedef struct sink {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} sink;

static cairo_status_t gather(void *closure, const unsigned char *bytes, unsigned int n)
{
    sink *k = closure;
    if (k->len + n > k->cap) {
        size_t cap = k->cap ? k->cap : 65536;
        while (cap < k->len + n)
            cap *= 2;
        unsigned char *grown = realloc(k->data, cap);
        if (!grown) {
            k->failed = true;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        k->data = grown, k->cap = cap;
    }
    memcpy(k->data + k->len, bytes, n);
    k->len += n;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *surface_for(nn_render_format format, int width, int height, sink *k)
{
    switch (format) {
    case NN_RENDER_SVG:
        return cairo_svg_surface_create_for_stream(gather, k, width, height);
    case NN_RENDER_PDF:
        return cairo_pdf_surface_create_for_stream(gather, k, width, height);
    default:
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    }
}

static int fail(char *msg, size_t msg_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msg_len, fmt, ap);
    va_end(ap);
    return -1;
}

int nn_render_plot(const nn_plot *p, nn_render_format format, int width, int height, const nn_render_style *st,
                   unsigned char **data, size_t *len, char *msg, size_t msg_len)
{
    *data = NULL, *len = 0;
    if (width < 16 || height < 16)
        return fail(msg, msg_len, "a picture needs 16 x 16 pixels at least, not %d x %d", width, height);
    sink k = {0};
    cairo_surface_t *surface = surface_for(format, width, height, &k);
    cairo_t *cr = cairo_create(surface);
    render_draw(cr, p, width, height, st);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    if (status == CAIRO_STATUS_SUCCESS && format == NN_RENDER_PNG)
        status = cairo_surface_write_to_png_stream(surface, gather, &k);
    cairo_surface_finish(surface); /* SVG and PDF are written now */
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || k.failed) {
        free(k.data);
        return fail(msg, msg_len, "%s", k.failed ? "out of memory" : cairo_status_to_string(status));
    }
    *data = k.data, *len = k.len;
    return 0;
}

void nn_render_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
