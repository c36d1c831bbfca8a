/* A layer kind is one file and one registration: the test-only `scale`
 * (layer_scale.c), registered here, is parsed from its own argument
 * description, passes the gradient check, and goes through the session's
 * add, summary, train, save and open like a built-in kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gradcheck_model.h"
#include "layer_scale.h"
#include "session/session_internal.h"
#include "tap.h"

static char printed[16384], last_error[1024];

static void keep_text(void *u, const char *line)
{
    (void)u;
    size_t used = strlen(printed);
    snprintf(printed + used, sizeof printed - used, "%s\n", line);
}

static void keep_error(void *u, const char *line)
{
    (void)u;
    snprintf(last_error, sizeof last_error, "%s", line);
}

static void quiet(void *u, const char *line) { (void)u, (void)line; }

static void registration_adds_the_kind_once(void)
{
    nn_error err = {""};
    CHECK(nn_layer_kind_register(&test_layer_scale, &err) == 0);
    CHECK(nn_layer_kind_find("Scale") == &test_layer_scale);
    CHECK(nn_layer_kind_register(&test_layer_scale, &err) < 0 && strstr(err.msg, "exists already"));
    nn_layer_spec spec;
    CHECK(nn_layer_spec_init(&spec, "nope", &err) < 0 && strstr(err.msg, "layernorm, scale)"));
}

static void its_arguments_come_from_its_description(void)
{
    nn_layer_spec spec;
    nn_error err = {""};
    char text[128];
    CHECK(nn_layer_spec_parse(&spec, "scale", &err) == 0 && spec.value[0] == 1.0); /* the default */
    CHECK(nn_layer_spec_parse(&spec, "scale start=0.5", &err) == 0);
    CHECK(nn_layer_spec_format(&spec, text, sizeof text) == 0 && strcmp(text, "scale start=0.5") == 0);
    CHECK(nn_layer_spec_words(&spec, text, sizeof text) == 0 && strcmp(text, "scale 0.5") == 0);
    CHECK(nn_layer_spec_set(&spec, "start", "200", &err) < 0 &&
          strcmp(err.msg, "start: expected a number in [-100, 100), got '200'") == 0);
    CHECK(spec.value[0] == 0.5); /* a failed set leaves it */
    CHECK(nn_layer_spec_set(&spec, "units", "3", &err) < 0 &&
          strcmp(err.msg, "scale layers take no option 'units' (they take: start)") == 0);
    CHECK(nn_layer_kind_positional(&test_layer_scale, 0) == &test_layer_scale.args[0]);
    CHECK(nn_layer_kind_positional(&test_layer_scale, 1) == NULL);
}

static nn_model *build(const char *const *layers, int n, int inputs)
{
    nn_model *m = nn_model_new();
    nn_error err = {""};
    for (int i = 0; i < n; i++) {
        nn_layer_spec spec;
        CHECK(nn_layer_spec_parse(&spec, layers[i], &err) == 0 && nn_model_add(m, &spec, &err) == 0);
    }
    if (nn_model_build(m, nn_shape_vector(inputs), 7, &err) < 0 || nn_model_reserve(m, 3, &err) < 0) {
        printf("#   building failed: %s\n", err.msg);
        CHECK(0);
    }
    return m;
}

static void its_gradients_match_finite_differences(void)
{
    const char *inside[] = {"dense units=3 act=tanh", "scale start=0.5", "dense units=2"};
    nn_model *m = build(inside, 3, 4);
    CHECK(m->layers[1].n_params == 1);
    check_model_gradients("scale inside", m, 3, false, 500);
    nn_model_free(m);
    const char *first[] = {"scale", "dense units=2 act=sigmoid"};
    m = build(first, 2, 4);
    check_model_gradients("scale first", m, 3, false, 501);
    nn_model_free(m);
}

static int run(nn_session *s, const char *line)
{
    last_error[0] = '\0';
    int rc = nn_session_run(s, line, "test");
    while (nn_session_training(s)) {
        nn_session_poll(s);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    return rc;
}

/* The lines `summary` prints for the layers, from its first layer's. */
static void summary_of(nn_session *s, char *out, size_t len)
{
    printed[0] = '\0';
    CHECK(run(s, "summary") == 0);
    const char *from = strstr(printed, "\n1 ");
    snprintf(out, len, "%s", from ? from + 1 : "");
}

static void the_session_adds_shows_saves_and_opens_it(void)
{
    const nn_output out = {NULL, keep_text, quiet, keep_error};
    nn_session *s = nn_session_new(&out);
    CHECK(run(s, "generate linear rows=120 features=3; target y; add dense 4 tanh; add scale 0.5; "
                 "add scale start=2; add dense 1") == 0);
    CHECK(run(s, "add scale 0.5 7") < 0 && strstr(last_error, "add: unexpected '7' after a scale layer's arguments"));
    CHECK(run(s, "add scale start=x") < 0 && strstr(last_error, "add: start: expected a number in [-100, 100), got 'x'"));
    CHECK(run(s, "add dense 3 start=1") < 0 &&
          strstr(last_error, "add: dense layers take no option 'start' (they take: units act init)"));
    CHECK(run(s, "add scale strat=1") < 0 && strstr(last_error, "unknown argument 'strat' (did you mean start?)"));
    char before[4096], after[4096];
    summary_of(s, before, sizeof before);
    CHECK(strstr(before, "2   scale 0.5                (4)                     1\n") != NULL);
    CHECK(strstr(before, "3   scale 2                  (4)                     1\n") != NULL);

    char dir[] = "/tmp/nnwb-layer-kind-XXXXXX", path[256], line[300];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/scaled.nnwb", dir);
    snprintf(line, sizeof line, "save %s", path);
    CHECK(run(s, "train epochs=3") == 0 && run(s, line) == 0);
    size_t n = s->model->n_params;
    float *weights = malloc(n * sizeof *weights);
    memcpy(weights, s->model->params, n * sizeof *weights);
    summary_of(s, before, sizeof before);

    snprintf(line, sizeof line, "model new; open %s", path);
    CHECK(run(s, line) == 0);
    summary_of(s, after, sizeof after);
    CHECK(strcmp(before, after) == 0);
    CHECK(s->model->n_params == n && memcmp(s->model->params, weights, n * sizeof *weights) == 0);
    CHECK(s->model->layers[1].spec.kind == &test_layer_scale && s->model->layers[2].spec.value[0] == 2.0);
    free(weights);
    unlink(path);
    rmdir(dir);
    nn_session_free(s);
}

int main(void)
{
    TEST(registration_adds_the_kind_once);
    TEST(its_arguments_come_from_its_description);
    TEST(its_gradients_match_finite_differences);
    TEST(the_session_adds_shows_saves_and_opens_it);
    return tap_done();
}
