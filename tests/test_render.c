/* The file renderer (render/render.h): the bytes are a valid PNG, SVG or
 * PDF of the size asked for, a vector file holds each series as one path,
 * and a small chart matches a golden picture (tests/fixtures/
 * render_golden.png) block by block, tolerant to anti-aliasing.  To draw
 * the golden picture again after a deliberate change of the drawing:
 *   NNWB_WRITE_GOLDEN=tests/fixtures/render_golden.png build/tests/test_render */
#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tap.h"

static const unsigned colours[] = {0x333333, 0x888888, 0x111111, 0x1f5fa8, 0xc25a00, 0x2e8b3a};
static const nn_render_style style = {0xffffff, colours, 6, 13};

enum { N = 60 };
static double ys[2][N];
static nn_series series[2];
static nn_marker marker = {25, false, "best", 5};

/* Two falling curves over 60 epochs and a marker at epoch 25. */
static void chart(nn_plot *p)
{
    for (int i = 0; i < N; i++) {
        ys[0][i] = 1.0 / (1 + 0.2 * i);
        ys[1][i] = 1.2 / (1 + 0.15 * i) + 0.05 * sin(i);
    }
    series[0] = nn_series_epochs("loss", nn_doubles(ys[0]), N, 3);
    series[1] = nn_series_epochs("val_loss", nn_doubles(ys[1]), N, 4);
    nn_plot_init(p);
    p->title = "Loss", p->x_name = "epoch", p->x_whole = true;
    p->series = series, p->n_series = 2;
    p->markers = &marker, p->n_markers = 1;
    p->text_role = 0, p->axis_role = 1, p->title_role = 2;
}

static unsigned char *draw(nn_render_format f, int w, int h, size_t *len)
{
    nn_plot p;
    chart(&p);
    unsigned char *data = NULL;
    char msg[256] = "";
    int rc = nn_render_plot(&p, f, w, h, &style, &data, len, msg, sizeof msg);
    CHECK(rc == 0);
    if (rc < 0)
        printf("# %s\n", msg);
    return data;
}

static unsigned big_endian(const unsigned char *b)
{
    return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
}

static void png_has_its_signature_and_size(void)
{
    size_t len = 0;
    unsigned char *png = draw(NN_RENDER_PNG, 321, 203, &len);
    CHECK(png && len > 33);
    if (!png || len <= 33)
        return;
    CHECK(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    CHECK(memcmp(png + 12, "IHDR", 4) == 0);
    CHECK(big_endian(png + 16) == 321);
    CHECK(big_endian(png + 20) == 203);
    free(png);
}

/* Paths with at least `segments` line segments (" L " in Cairo's SVG). */
static int long_paths(const char *svg, int segments)
{
    int n = 0;
    for (const char *p = strstr(svg, "<path"); p; p = strstr(p + 1, "<path")) {
        const char *end = strstr(p, "/>");
        int lines = 0;
        for (const char *q = p; end && q < end; q++)
            lines += q[0] == ' ' && q[1] == 'L' && q[2] == ' ';
        n += lines >= segments;
    }
    return n;
}

static void svg_holds_each_series_as_one_path(void)
{
    size_t len = 0;
    unsigned char *svg = draw(NN_RENDER_SVG, 640, 400, &len);
    if (!svg)
        return;
    char *text = malloc(len + 1);
    memcpy(text, svg, len);
    text[len] = '\0';
    CHECK(strstr(text, "<svg") && strstr(text, "width=\"640pt\"") && strstr(text, "height=\"400pt\""));
    CHECK(long_paths(text, N - 1) == 2); /* loss and val_loss, every epoch joined */
    free(text), free(svg);
}

static void pdf_is_a_pdf(void)
{
    size_t len = 0;
    unsigned char *pdf = draw(NN_RENDER_PDF, 400, 300, &len);
    CHECK(pdf && len > 100 && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
}

static void sizes_and_endings(void)
{
    nn_plot p;
    chart(&p);
    unsigned char *data = NULL;
    size_t len = 0;
    char msg[256] = "";
    CHECK(nn_render_plot(&p, NN_RENDER_PNG, 8, 300, &style, &data, &len, msg, sizeof msg) < 0);
    CHECK(data == NULL && strstr(msg, "16 x 16"));
    CHECK(nn_render_format_of("a/b.PNG") == NN_RENDER_PNG);
    CHECK(nn_render_format_of("b.svg") == NN_RENDER_SVG);
    CHECK(nn_render_format_of("b.pdf") == NN_RENDER_PDF);
    CHECK(nn_render_format_of("b.gif") == -1 && nn_render_format_of(".png") == -1);
}

/* --- the golden picture ---------------------------------------------------- */

static cairo_status_t read_bytes(void *closure, unsigned char *out, unsigned int n)
{
    unsigned char **at = closure;
    memcpy(out, *at, n);
    *at += n;
    return CAIRO_STATUS_SUCCESS;
}

/* Mean lightness (0 to 1) of the b x b block at (bx, by). */
static double block(cairo_surface_t *s, int bx, int by, int b)
{
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    double sum = 0;
    for (int y = by * b; y < (by + 1) * b; y++)
        for (int x = bx * b; x < (bx + 1) * b; x++) {
            uint32_t px = *(uint32_t *)(d + y * stride + x * 4);
            sum += 0.299 * (px >> 16 & 255) + 0.587 * (px >> 8 & 255) + 0.114 * (px & 255);
        }
    return sum / (b * b * 255.0);
}

enum { W = 240, H = 150, B = 6 };

static void small_chart_matches_the_golden_picture(void)
{
    size_t len = 0;
    unsigned char *png = draw(NN_RENDER_PNG, W, H, &len);
    const char *write = getenv("NNWB_WRITE_GOLDEN");
    if (png && write) {
        FILE *f = fopen(write, "wb");
        CHECK(f && fwrite(png, 1, len, f) == len && fclose(f) == 0);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/render_golden.png", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
    cairo_surface_t *golden = cairo_image_surface_create_from_png(path);
    unsigned char *at = png;
    cairo_surface_t *drawn = cairo_image_surface_create_from_png_stream(read_bytes, &at);
    CHECK(cairo_surface_status(golden) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_surface_status(drawn) == CAIRO_STATUS_SUCCESS);
    if (cairo_surface_status(golden) == CAIRO_STATUS_SUCCESS && cairo_surface_status(drawn) == CAIRO_STATUS_SUCCESS) {
        CHECK(cairo_image_surface_get_width(golden) == W && cairo_image_surface_get_height(golden) == H);
        cairo_surface_flush(golden), cairo_surface_flush(drawn);
        double worst = 0;
        int off = 0; /* blocks that differ: a line or a label moved, missing or added */
        for (int by = 0; by < H / B; by++)
            for (int bx = 0; bx < W / B; bx++) {
                double d = fabs(block(golden, bx, by, B) - block(drawn, bx, by, B));
                worst = fmax(worst, d);
                off += d > 0.08;
            }
        printf("# worst block difference %.3f, %d blocks off\n", worst, off);
        CHECK(off == 0);
    }
    cairo_surface_destroy(golden), cairo_surface_destroy(drawn);
    free(png);
}

int main(void)
{
    TEST(png_has_its_signature_and_size);
    TEST(svg_holds_each_series_as_one_path);
    TEST(pdf_is_a_pdf);
    TEST(sizes_and_endings);
    TEST(small_chart_matches_the_golden_picture);
    nn_render_cleanup();
    return tap_done();
}
