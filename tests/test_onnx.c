/* The ONNX exporter's reach: every built-in layer kind of the kind table
 * has an ONNX form, and a kind without one (the test-only `scale`,
 * registered here as a plug-in's would be) is refused by its name through
 * the session, leaving no file, by `export onnx` and `export weights`.  What the graphs compute is checked
 * against `predict` by tests/export_onnx.sh. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h> /* mkstemp */
#include <string.h>
#include <unistd.h>

#include "engine/layer.h"
#include "layer_scale.h"
#include "onnx/onnx_export.h"
#include "session/session.h"
#include "tap.h"

static char last_error[512];

static void quiet(void *user, const char *line) { (void)user, (void)line; }
static void keep_error(void *user, const char *line)
{
    (void)user;
    snprintf(last_error, sizeof last_error, "%s", line);
}

static void every_built_in_kind_has_an_onnx_form(void)
{
    int n = 0;
    for (const nn_layer_kind *k; (k = nn_layer_kind_at(n)); n++) {
        if (k == &test_layer_scale)
            continue;
        if (!nn_onnx_supports(k))
            printf("# %s has no ONNX form\n", k->name);
        CHECK(nn_onnx_supports(k));
    }
    CHECK(n >= 3);
}

static void a_kind_without_one_is_refused_by_name(void)
{
    nn_error err;
    CHECK(nn_layer_kind_register(&test_layer_scale, &err) == 0);
    CHECK(!nn_onnx_supports(&test_layer_scale));
    nn_output out = {NULL, quiet, quiet, keep_error};
    nn_session *s = nn_session_new(&out);
    char path[] = "/tmp/nnwb-onnx-XXXXXX";
    int fd = mkstemp(path);
    close(fd), unlink(path);
    char line[256];
    snprintf(line, sizeof line,
             "generate linear rows=50 features=2 seed=1; target y; add dense 4 relu; add scale; add dense 1; "
             "train epochs=1; export onnx %s", path);
    CHECK(nn_session_run(s, line, NULL) < 0);
    CHECK(strstr(last_error, "export onnx: layer 2 is a scale layer, which has no ONNX form yet"));
    CHECK(access(path, F_OK) != 0);
    /* and its parameters have no Keras names for `export weights` */
    snprintf(line, sizeof line, "export weights %s.npz", path);
    CHECK(nn_session_run(s, line, NULL) < 0);
    CHECK(strstr(last_error, "export weights: layer 2 is a scale layer, whose parameters have no Keras names yet"));
    snprintf(line, sizeof line, "%s.npz", path);
    CHECK(access(line, F_OK) != 0);
    nn_session_free(s);
}

int main(void)
{
    TEST(every_built_in_kind_has_an_onnx_form);
    TEST(a_kind_without_one_is_refused_by_name);
    return tap_done();
}
