/* The decision-boundary picture without a screen: the plane around the
 * points, the cell a point falls in, a model's outputs over the grid (a
 * hand-set linear model whose split line is the diagonal x1 = x2), and
 * the glyphs and colours drawn for binary, multiclass and regression
 * models, with the points on top.  Expected values come from the models'
 * formulas, worked out here. */
#include <math.h>
#include <string.h>

#include "engine/model.h"
#include "tap.h"
#include "tui/boundary.h"
#include "tui/theme.h"

enum { N = 8 }; /* an 8 x 8 grid over [-1, 1]^2: cell centres at +-0.125, +-0.375, ... */
static const nn_plane square = {-1, 1, -1, 1};

static double centre_x(int col) { return -1 + (col + 0.5) * 0.25; }
static double centre_y(int row) { return 1 - (row + 0.5) * 0.25; }
static double sigmoid(double z) { return 1 / (1 + exp(-z)); }

/* One dense layer on two inputs with the given kernel (2 x units, row
 * major) and zero biases. */
static nn_model *linear_model(int units, const char *act, const float *kernel)
{
    nn_error err;
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    char text[64];
    snprintf(text, sizeof text, "dense units=%d act=%s", units, act);
    if (nn_layer_spec_parse(&spec, text, &err) < 0 || nn_model_add(m, &spec, &err) < 0 ||
        nn_model_build(m, nn_shape_vector(2), 1, &err) < 0) {
        printf("#   %s\n", err.msg);
        nn_model_free(m);
        return NULL;
    }
    memcpy(m->params, kernel, 2 * (size_t)units * sizeof *kernel);
    memset(m->params + 2 * units, 0, (size_t)units * sizeof *m->params);
    return m;
}

static const nn_cell *at(const nn_canvas *c, int col, int row) { return nn_canvas_cell_const(c, col, row); }

static void the_plane_spans_the_points_with_a_margin(void)
{
    const float x[] = {0, 0, 9, 2, 1, 9, 1, -3, 9};
    nn_plane p;
    CHECK(nn_plane_around(x, 3, 3, &p) == 0); /* the third column is not shown */
    CHECK_NEAR(p.x0, -0.1, 1e-12);
    CHECK_NEAR(p.x1, 2.1, 1e-12);
    CHECK_NEAR(p.y0, -3.2, 1e-12);
    CHECK_NEAR(p.y1, 1.2, 1e-12);
    const float one[] = {NAN, 5, 3, 4}; /* the NaN row is skipped; one point left */
    CHECK(nn_plane_around(one, 2, 2, &p) == 0);
    CHECK_NEAR(p.x0, 2.5, 1e-12);
    CHECK_NEAR(p.x1, 3.5, 1e-12);
    CHECK_NEAR(p.y0, 3.5, 1e-12);
    CHECK_NEAR(p.y1, 4.5, 1e-12);
    const float none[] = {NAN, 1, 2, INFINITY};
    CHECK(nn_plane_around(none, 2, 2, &p) == -1);
    CHECK(nn_plane_around(none, 2, 0, &p) == -1);
}

static void a_point_falls_in_its_cell_row_zero_at_the_top(void)
{
    const nn_plane p = {0, 4, 0, 2};
    int col = -1, row = -1;
    CHECK(nn_plane_cell(&p, 4, 2, 0.5, 1.5, &col, &row) && col == 0 && row == 0);
    CHECK(nn_plane_cell(&p, 4, 2, 3.9, 0.1, &col, &row) && col == 3 && row == 1);
    CHECK(nn_plane_cell(&p, 4, 2, 4.0, 0.0, &col, &row) && col == 3 && row == 1); /* the far edges */
    CHECK(nn_plane_cell(&p, 4, 2, 0.0, 2.0, &col, &row) && col == 0 && row == 0);
    CHECK(nn_plane_cell(&p, 4, 2, 2.5, 1.0, &col, &row) && col == 2 && row == 1);
    CHECK(!nn_plane_cell(&p, 4, 2, -0.1, 1.0, &col, &row));
    CHECK(!nn_plane_cell(&p, 4, 2, 1.0, 2.01, &col, &row));
    CHECK(!nn_plane_cell(&p, 4, 2, NAN, 1.0, &col, &row));
}

/* p = sigmoid(4 x1 - 4 x2): above 0.5 exactly right of the diagonal. */
static const float diagonal[] = {4, -4};

static void the_field_is_the_models_output_at_each_cell_centre(void)
{
    nn_model *m = linear_model(1, "sigmoid", diagonal);
    CHECK(m != NULL);
    if (!m)
        return;
    float grid[N * N * 2], out[N * N];
    nn_error err;
    CHECK(nn_boundary_field(m, &square, N, N, grid, out, &err) == 0);
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) {
            CHECK_NEAR(grid[2 * (r * N + c)], centre_x(c), 1e-6);
            CHECK_NEAR(grid[2 * (r * N + c) + 1], centre_y(r), 1e-6);
            CHECK_NEAR(out[r * N + c], sigmoid(4 * (centre_x(c) - centre_y(r))), 1e-5);
        }
    nn_model_free(m);
    /* a model of three inputs is refused */
    nn_model *three = nn_model_new();
    nn_layer_spec spec;
    nn_layer_spec_parse(&spec, "dense units=1 act=sigmoid", &err);
    nn_model_add(three, &spec, &err);
    nn_model_build(three, nn_shape_vector(3), 1, &err);
    err.msg[0] = '\0';
    CHECK(nn_boundary_field(three, &square, N, N, grid, out, &err) == -1);
    CHECK(strstr(err.msg, "3 inputs") != NULL);
    nn_model_free(three);
}

/* The split line of the picture is the diagonal: cells right of it in
 * class 1's colour, left of it in class 0's, shaded by p(class 1). */
static void a_binary_field_is_shaded_by_p_and_coloured_by_side(void)
{
    nn_model *m = linear_model(1, "sigmoid", diagonal);
    if (!m)
        return;
    float grid[N * N * 2], out[N * N];
    nn_error err;
    nn_boundary_field(m, &square, N, N, grid, out, &err);
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, N, N);
    nn_boundary_view v = {.kind = NN_FIELD_BINARY, .field = out, .outputs = 1};
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    for (int r = 0; r < N; r++)
        for (int col = 0; col < N; col++) {
            int want = centre_x(col) >= centre_y(r) ? NN_ROLE_GRAD_1 : NN_ROLE_GRAD_2;
            CHECK(at(&c, col, r)->role == want);
            CHECK(!(at(&c, col, r)->flags & NN_CELL_BOLD));
        }
    /* p = sigmoid(4 (x1 - x2)) at chosen cells: 0.0009, 0.269, 0.5, 0.731, 0.9991 */
    CHECK(strcmp(at(&c, 0, 0)->glyph, " ") == 0);
    CHECK(strcmp(at(&c, 3, 3)->glyph, "░") == 0);
    CHECK(strcmp(at(&c, 4, 3)->glyph, "▒") == 0);
    CHECK(strcmp(at(&c, 5, 3)->glyph, "▓") == 0);
    CHECK(strcmp(at(&c, 7, 7)->glyph, "█") == 0);
    /* and in ASCII, in quarters: blank . : # */
    v.ascii = true;
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    CHECK(strcmp(at(&c, 0, 0)->glyph, " ") == 0);
    CHECK(strcmp(at(&c, 3, 3)->glyph, ".") == 0);
    CHECK(strcmp(at(&c, 4, 3)->glyph, ":") == 0);
    CHECK(strcmp(at(&c, 5, 3)->glyph, ":") == 0);
    CHECK(strcmp(at(&c, 7, 7)->glyph, "#") == 0);
    nn_canvas_free(&c);
    nn_model_free(m);
}

static void the_points_sit_on_top_in_their_class_glyphs(void)
{
    float field[N * N];
    for (int i = 0; i < N * N; i++)
        field[i] = 0.9f;
    /* class 1 at cell (6, 6); class 0 at (2, 2); classes 0 and 1 share (1, 6); one outside */
    const float x[] = {0.5f, -0.5f, -0.5f, 0.5f, -0.7f, -0.55f, -0.65f, -0.6f, 5, 5};
    const double label[] = {1, 0, 0, 1, 1};
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, N + 2, N + 2);
    nn_boundary_view v = {.kind = NN_FIELD_BINARY, .field = field, .outputs = 1, .x = x, .width = 2,
                          .n = 5, .label = label};
    nn_boundary_draw(&c, (nn_rect){1, 1, N, N}, &square, &v); /* inside a frame of one cell */
    CHECK(strcmp(at(&c, 7, 7)->glyph, "●") == 0);
    CHECK(at(&c, 7, 7)->role == NN_ROLE_GRAD_1 && (at(&c, 7, 7)->flags & NN_CELL_BOLD));
    CHECK(strcmp(at(&c, 3, 3)->glyph, "○") == 0);
    CHECK(at(&c, 3, 3)->role == NN_ROLE_GRAD_2 && (at(&c, 3, 3)->flags & NN_CELL_BOLD));
    CHECK(strcmp(at(&c, 2, 7)->glyph, "*") == 0);
    CHECK(strcmp(at(&c, 0, 0)->glyph, " ") == 0); /* the frame is untouched */
    CHECK(strcmp(at(&c, 9, 9)->glyph, " ") == 0);
    int points = 0;
    for (int r = 1; r <= N; r++)
        for (int col = 1; col <= N; col++)
            points += (at(&c, col, r)->flags & NN_CELL_BOLD) != 0;
    CHECK(points == 3);
    /* ASCII glyphs, and every second point only */
    nn_canvas_resize(&c, N + 2, N + 2);
    v.ascii = true, v.every = 2;
    nn_boundary_draw(&c, (nn_rect){1, 1, N, N}, &square, &v);
    CHECK(strcmp(at(&c, 7, 7)->glyph, "x") == 0); /* point 0 */
    CHECK(strcmp(at(&c, 3, 3)->glyph, ":") != 0 && !(at(&c, 3, 3)->flags & NN_CELL_BOLD)); /* point 1 skipped */
    CHECK(strcmp(at(&c, 2, 7)->glyph, "o") == 0); /* point 2 alone: class 0 */
    CHECK(strcmp(at(&c, 3, 3)->glyph, "#") == 0); /* the field at 0.9 */
    nn_canvas_free(&c);
}

/* Test points (`view test=show`) are diamonds in their class's colour,
 * over the training points, never merged with them into '*'. */
static void test_points_are_diamonds_over_the_training_points(void)
{
    float field[N * N];
    for (int i = 0; i < N * N; i++)
        field[i] = 0.1f;
    const float x[] = {0.5f, -0.5f, -0.5f, 0.5f};          /* training: class 1 at (6, 6), class 0 at (2, 2) */
    const float tx[] = {-0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f}; /* test: class 0 on (2, 2), class 1 at (6, 2), out */
    const double label[] = {1, 0}, tlabel[] = {0, 1, 1};
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, N, N);
    nn_boundary_view v = {.kind = NN_FIELD_BINARY, .field = field, .outputs = 1, .x = x, .width = 2, .n = 2,
                          .label = label, .test_x = tx, .test_n = 2, .test_label = tlabel};
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    CHECK(strcmp(at(&c, 6, 6)->glyph, "●") == 0); /* the training point no test point covers */
    CHECK(strcmp(at(&c, 2, 2)->glyph, "◇") == 0 && at(&c, 2, 2)->role == NN_ROLE_GRAD_2);
    CHECK(strcmp(at(&c, 6, 2)->glyph, "◆") == 0 && at(&c, 6, 2)->role == NN_ROLE_GRAD_1);
    CHECK(at(&c, 6, 2)->flags & NN_CELL_BOLD);
    v.ascii = true, v.test_n = 0; /* none asked for: the training points alone */
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    CHECK(strcmp(at(&c, 2, 2)->glyph, "o") == 0 && !(at(&c, 6, 2)->flags & NN_CELL_BOLD));
    v.test_n = 2;
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    CHECK(strcmp(at(&c, 2, 2)->glyph, "-") == 0 && strcmp(at(&c, 6, 2)->glyph, "+") == 0);
    nn_canvas_free(&c);
}

/* Logits (x1, -x1, 1.5 x2): the most probable class is their argmax. */
static void a_multiclass_field_takes_the_most_probable_class(void)
{
    const float kernel[] = {1, -1, 0, 0, 0, 1.5f};
    nn_model *m = linear_model(3, "softmax", kernel);
    if (!m)
        return;
    float grid[N * N * 2], out[N * N * 3];
    nn_error err;
    CHECK(nn_boundary_field(m, &square, N, N, grid, out, &err) == 0);
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, N, N);
    const float x[] = {0.9f, 0.1f, -0.9f, -0.1f, 0.1f, 0.9f};
    const double label[] = {0, 1, 2};
    nn_boundary_view v = {.kind = NN_FIELD_CLASSES, .field = out, .outputs = 3, .x = x, .width = 2, .n = 3,
                          .label = label};
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    static const int role[] = {NN_ROLE_GRAD_2, NN_ROLE_GRAD_1, NN_ROLE_GRAD_3};
    static const char *const glyph[] = {"░", "▒", "▓"};
    int drawn[3] = {0};
    for (int r = 0; r < N; r++)
        for (int col = 0; col < N; col++) {
            double z[3] = {centre_x(col), -centre_x(col), 1.5 * centre_y(r)};
            int k = z[1] > z[0] ? 1 : 0;
            k = z[2] > z[k] ? 2 : k;
            const nn_cell *cell = at(&c, col, r);
            if (cell->flags & NN_CELL_BOLD)
                continue; /* a point */
            CHECK(cell->role == role[k]);
            CHECK(strcmp(cell->glyph, glyph[k]) == 0);
            drawn[k]++;
        }
    CHECK(drawn[0] > 0 && drawn[1] > 0 && drawn[2] > 0);
    CHECK(strcmp(at(&c, 7, 3)->glyph, "0") == 0 && at(&c, 7, 3)->role == NN_ROLE_GRAD_2);
    CHECK(strcmp(at(&c, 0, 4)->glyph, "1") == 0 && at(&c, 0, 4)->role == NN_ROLE_GRAD_1);
    CHECK(strcmp(at(&c, 4, 0)->glyph, "2") == 0 && at(&c, 4, 0)->role == NN_ROLE_GRAD_3);
    nn_canvas_free(&c);
    nn_model_free(m);
}

/* A regression output x1 shaded from lo = -1 (blank) to hi = 1 (full). */
static void a_regression_field_is_shaded_from_lo_to_hi(void)
{
    const float kernel[] = {1, 0};
    nn_model *m = linear_model(1, "linear", kernel);
    if (!m)
        return;
    float grid[N * N * 2], out[N * N];
    nn_error err;
    nn_boundary_field(m, &square, N, N, grid, out, &err);
    nn_canvas c;
    nn_canvas_init(&c);
    nn_canvas_resize(&c, N, N);
    const float x[] = {0, 0};
    nn_boundary_view v = {.kind = NN_FIELD_VALUE, .field = out, .outputs = 1, .lo = -1, .hi = 1, .x = x,
                          .width = 2, .n = 1};
    nn_boundary_draw(&c, (nn_rect){0, 0, N, N}, &square, &v);
    /* levels (x1 + 1) / 2 at the columns: 0.0625 0.1875 0.3125 0.4375 0.5625 0.6875 0.8125 0.9375 */
    static const char *const want[] = {" ", " ", "░", "▒", "▒", "▓", "█", "█"};
    for (int col = 0; col < N; col++)
        CHECK(strcmp(at(&c, col, 1)->glyph, want[col]) == 0 && at(&c, col, 1)->role == NN_ROLE_GRAD_1);
    CHECK(strcmp(at(&c, 4, 4)->glyph, "•") == 0 && at(&c, 4, 4)->role == NN_ROLE_TEXT);
    nn_canvas_free(&c);
    nn_model_free(m);
}

static void points_are_thinned_to_a_quarter_of_the_cells(void)
{
    CHECK(nn_boundary_every(280, 38, 6) == 5); /* 57 cells' worth: 56 points */
    CHECK(nn_boundary_every(280, 78, 17) == 1);
    CHECK(nn_boundary_every(100, 20, 20) == 1);
    CHECK(nn_boundary_every(101, 20, 20) == 2);
    CHECK(nn_boundary_every(5, 0, 0) == 5);
    CHECK(nn_boundary_every(0, 0, 0) == 1);
}

int main(void)
{
    TEST(the_plane_spans_the_points_with_a_margin);
    TEST(a_point_falls_in_its_cell_row_zero_at_the_top);
    TEST(the_field_is_the_models_output_at_each_cell_centre);
    TEST(a_binary_field_is_shaded_by_p_and_coloured_by_side);
    TEST(the_points_sit_on_top_in_their_class_glyphs);
    TEST(test_points_are_diamonds_over_the_training_points);
    TEST(a_multiclass_field_takes_the_most_probable_class);
    TEST(a_regression_field_is_shaded_from_lo_to_hi);
    TEST(points_are_thinned_to_a_quarter_of_the_cells);
    return tap_done();
}
