/* Several regression targets in one recipe: each target's centre and
 * scale fitted on its own training values (checked against the mean and
 * population standard deviation worked out here), the targets' layout in
 * the prepared rows, the model file's fit line with one pair per target
 * (and a single-target line as older files wrote it), and the refusals:
 * classes among several targets, windows of several targets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe/recipe.h"
#include "tap.h"

enum { ROWS = 40 };

static nn_table *table_new(void)
{
    nn_table *t = calloc(1, sizeof *t);
    t->nrows = ROWS;
    t->source = strdup("targets.csv");
    t->cols = calloc(8, sizeof *t->cols);
    return t;
}

static nn_column *add_numbers(nn_table *t, const char *name, double (*f)(size_t))
{
    nn_column *c = &t->cols[t->ncols++];
    c->name = strdup(name);
    c->type = NN_COL_NUMERIC;
    c->values = malloc(ROWS * sizeof *c->values);
    for (size_t i = 0; i < ROWS; i++)
        c->values[i] = (float)f(i);
    return c;
}

static double x_of(size_t i) { return (double)i / 4; }
static double small_of(size_t i) { return 0.5 + 0.01 * (double)(i % 7); }
static double large_of(size_t i) { return 1000 - 25 * (double)(i % 5); }
static double code_of(size_t i) { return (double)(i % 3); }

static nn_table *three_targets(void)
{
    nn_table *t = table_new();
    add_numbers(t, "x", x_of);
    add_numbers(t, "small", small_of);
    add_numbers(t, "large", large_of);
    add_numbers(t, "code", code_of);
    return t;
}

static const char *const TARGETS[] = {"small", "large"};

static nn_prepared prepared(nn_recipe *r, const nn_table *t)
{
    nn_error err = {{0}};
    nn_prepared p = {0};
    nn_notes notes = {0};
    CHECK(nn_recipe_targets(r, t, TARGETS, 2, NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "split train=0.5 val=0.25 test=0.25 ordered", &err) == 0);
    CHECK(nn_recipe_prepare(r, t, &p, &notes, &err) == 0);
    nn_notes_free(&notes);
    return p;
}

static void each_target_is_scaled_on_its_own_training_values(void)
{
    nn_table *t = three_targets();
    nn_recipe *r = nn_recipe_new();
    nn_prepared p = prepared(r, t);
    CHECK(p.task == NN_TASK_REGRESSION && p.ny == 2 && p.ntargets == 2);
    CHECK(strcmp(p.target_names[0], "small") == 0 && strcmp(p.target_names[1], "large") == 0);
    double (*f[2])(size_t) = {small_of, large_of};
    for (size_t j = 0; j < 2; j++) { /* the ordered split: rows 0-19 train */
        double sum = 0, ss = 0;
        for (size_t i = 0; i < ROWS / 2; i++)
            sum += (float)f[j](i);
        double mean = sum / (ROWS / 2);
        for (size_t i = 0; i < ROWS / 2; i++)
            ss += ((float)f[j](i) - mean) * ((float)f[j](i) - mean);
        CHECK_CLOSE(p.y_center[j], mean, 1e-9);
        CHECK_CLOSE(p.y_scale[j], sqrt(ss / (ROWS / 2)), 1e-9);
        for (size_t i = 0; i < p.nrows; i++) { /* y_raw and y: ny per row, in the targets' order */
            size_t row = p.source_row[i];
            CHECK_NEAR(p.y_raw[i * 2 + j], (float)f[j](row), 1e-9);
            CHECK_NEAR(nn_prepared_unscale(&p, j, p.y[i * 2 + j]), (float)f[j](row), 1e-3);
        }
    }
    CHECK(p.nfeatures == 2); /* x and code: no target among the features */
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

static void the_fit_line_holds_one_pair_per_target_and_reads_back(void)
{
    nn_table *t = three_targets();
    nn_recipe *r = nn_recipe_new();
    nn_prepared p = prepared(r, t), q = {0};
    char *text = nn_recipe_format(r);
    CHECK(strstr(text, "step target small large\n") != NULL);
    char line[200];
    snprintf(line, sizeof line, "fit regression %.17g %.17g %.17g %.17g\n", p.y_center[0], p.y_scale[0],
             p.y_center[1], p.y_scale[1]);
    CHECK(strstr(text, line) != NULL);
    nn_error err = {{0}};
    nn_recipe *back = nn_recipe_parse(text, &err);
    CHECK(back != NULL);
    char *again = back ? nn_recipe_format(back) : NULL;
    CHECK(again && strcmp(text, again) == 0);
    nn_notes notes = {0};
    CHECK(back && nn_recipe_apply(back, t, &q, &notes, &err) == 0);
    CHECK(q.ny == 2 && q.nrows == ROWS && memcmp(q.y_scale, p.y_scale, 2 * sizeof *q.y_scale) == 0 &&
          memcmp(q.y_center, p.y_center, 2 * sizeof *q.y_center) == 0);
    /* a fit of one pair under a step of two targets is refused, not misread */
    char *one = strdup(text);
    char *at = strstr(one, line);
    snprintf(at, strlen(line) + 1, "fit regression 1 2\n");
    memmove(at + strlen("fit regression 1 2\n"), strstr(text, line) + strlen(line),
            strlen(strstr(text, line) + strlen(line)) + 1);
    nn_recipe *bad = nn_recipe_parse(one, &err);
    CHECK(bad == NULL && strstr(err.msg, "a fit of 1 targets but the target step names 2"));
    free(one), free(text), free(again);
    nn_notes_free(&notes);
    nn_prepared_free(&p), nn_prepared_free(&q);
    nn_recipe_free(r), nn_recipe_free(back);
    nn_table_free(t);
}

static void a_single_target_file_reads_as_before(void)
{
    static const char old[] = "nnwb-recipe 1\ncolumn x numeric\ncolumn y numeric\nstep target y\n"
                              "fit regression 3 2\nsource value x 0 level nan 0\nfeature x 0 1\nend\n";
    nn_error err = {{0}};
    nn_recipe *r = nn_recipe_parse(old, &err);
    if (!r)
        printf("#   %s\n", err.msg);
    CHECK(r != NULL);
    char *text = r ? nn_recipe_format(r) : NULL;
    CHECK(text && strcmp(text, old) == 0);
    free(text);
    nn_recipe_free(r);
}

static void classes_and_windows_take_one_target(void)
{
    nn_table *t = three_targets();
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    const char *const with_classes[] = {"small", "code"};
    CHECK(nn_recipe_targets(r, t, with_classes, 2, NN_TASK_MULTICLASS, &err) < 0);
    CHECK(strstr(err.msg, "several classification targets in one model are not supported"));
    CHECK(nn_recipe_targets(r, t, TARGETS, 2, NN_TASK_AUTO, &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "window 3", &err) < 0 && strstr(err.msg, "one target at a time can be windowed"));
    CHECK(nn_recipe_add_line(r, t, "target small small", &err) < 0 && strstr(err.msg, "'small' is named twice"));
    CHECK(nn_recipe_steps(r) == 1);
    nn_recipe_free(r);
    nn_table_free(t);
}

int main(void)
{
    TEST(each_target_is_scaled_on_its_own_training_values);
    TEST(the_fit_line_holds_one_pair_per_target_and_reads_back);
    TEST(a_single_target_file_reads_as_before);
    TEST(classes_and_windows_take_one_target);
    return tap_done();
}
