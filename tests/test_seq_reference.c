/* The sequence layer kinds against PyTorch: each case of
 * fixtures/seq_reference.h (made by fixtures/make_seq_reference.py in
 * float64 from the same float32 inputs and weights) is one layer's
 * output, input gradient and parameter gradients for the objective
 * sum(dy * y), and for batch norm in training its running statistics
 * after the pass.  The engine works in float32: 1e-5 relative. */
#include <string.h>

#include "check_array.h"
#include "engine/model.h"
#include "fixtures/seq_reference.h"
#include "tap.h"

#define RTOL 1e-5
#define MAX 512

static void check_case(const seq_reference *c)
{
    nn_error err;
    nn_layer_spec spec;
    nn_model *m = nn_model_new();
    char what[96];
    CHECK(nn_layer_spec_parse(&spec, c->spec, &err) == 0 && nn_model_add(m, &spec, &err) == 0);
    CHECK(nn_model_build(m, nn_shape_sequence(c->steps, c->channels), 1, &err) == 0);
    CHECK(nn_model_reserve(m, c->batch, &err) == 0);
    CHECK(m->n_params == c->n_params && (size_t)nn_model_output_size(m) * c->batch == c->n_out);
    if (tap_case_failures) {
        printf("#   %s: %s\n", c->name, err.msg);
        nn_model_free(m);
        return;
    }
    memcpy(m->params, c->params, c->n_params * sizeof *m->params);
    const float *y = nn_model_forward(m, c->x, c->batch, c->training);
    snprintf(what, sizeof what, "%s output", c->name);
    check_array(what, y, c->y, (int)c->n_out, RTOL);

    float dx[MAX];
    size_t n_in = (size_t)c->batch * c->steps * c->channels;
    CHECK(n_in <= MAX);
    nn_layer *l = &m->layers[0];
    memcpy(m->dout[0], c->dy, c->n_out * sizeof *c->dy);
    l->spec.kind->backward(l, c->x, m->out[0], m->dout[0], dx, c->batch);
    snprintf(what, sizeof what, "%s input gradient", c->name);
    check_array(what, dx, c->dx, (int)n_in, RTOL);
    if (c->n_params) {
        snprintf(what, sizeof what, "%s parameter gradients", c->name);
        check_array(what, m->grads, c->dparams, (int)c->n_params, RTOL);
    }
    if (c->after) {
        snprintf(what, sizeof what, "%s parameters after the pass", c->name);
        check_array(what, m->params, c->after, (int)c->n_params, RTOL);
    }
    nn_model_free(m);
}

static void every_case_matches_pytorch(void)
{
    for (size_t i = 0; i < sizeof seq_references / sizeof *seq_references; i++)
        check_case(&seq_references[i]);
}

int main(void)
{
    TEST(every_case_matches_pytorch);
    return tap_done();
}
