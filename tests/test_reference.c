/* The engine against PyTorch: every value in fixtures/reference.h, which
 * tests/fixtures/make_reference.py computed in float64 from the same
 * float32 inputs.  The engine works in float32, so results must agree to
 * ~1e-5 relative (optimizer trajectories to ~1e-6). */
#include <math.h>
#include <string.h>

#include "engine/loss.h"
#include "engine/model.h"
#include "engine/optimizer.h"
#include "check_array.h"
#include "fixtures/reference.h"
#include "tap.h"

#define RTOL 1e-5

/* --- the MLP --- */

static nn_layer_spec layer(int units, const char *act)
{
    nn_layer_spec s;
    nn_layer_spec_init(&s, "dense", NULL);
    s.units = units;
    s.act = nn_activation_find(act);
    return s;
}

/* dense(5, relu) -> dense(3, out_act) with the reference weights. */
static nn_model *reference_mlp(const char *out_act)
{
    nn_model *m = nn_model_new();
    nn_error err = {""};
    nn_layer_spec hidden = layer(REF_HIDDEN, "relu"), out = layer(REF_OUT, out_act);
    if (nn_model_add(m, &hidden, &err) < 0 || nn_model_add(m, &out, &err) < 0 ||
        nn_model_build(m, nn_shape_vector(REF_IN), 1, &err) < 0 ||
        nn_model_reserve(m, REF_BATCH, &err) < 0) {
        printf("#   %s\n", err.msg);
        CHECK(0);
        nn_model_free(m);
        return NULL;
    }
    CHECK(m->n_params == (sizeof ref_w1 + sizeof ref_b1 + sizeof ref_w2 + sizeof ref_b2) / 4);
    float *w = m->layers[0].w;
    memcpy(w, ref_w1, sizeof ref_w1);
    memcpy(w + REF_IN * REF_HIDDEN, ref_b1, sizeof ref_b1);
    w = m->layers[1].w;
    memcpy(w, ref_w2, sizeof ref_w2);
    memcpy(w + REF_HIDDEN * REF_OUT, ref_b2, sizeof ref_b2);
    return m;
}

static void check_mlp_grads(const char *what, const nn_model *m, const double *dw1,
                            const double *db1, const double *dw2, const double *db2)
{
    char name[64];
    const float *g = m->layers[0].g;
    snprintf(name, sizeof name, "%s dW1", what);
    check_array(name, g, dw1, REF_IN * REF_HIDDEN, RTOL);
    snprintf(name, sizeof name, "%s db1", what);
    check_array(name, g + REF_IN * REF_HIDDEN, db1, REF_HIDDEN, RTOL);
    g = m->layers[1].g;
    snprintf(name, sizeof name, "%s dW2", what);
    check_array(name, g, dw2, REF_HIDDEN * REF_OUT, RTOL);
    snprintf(name, sizeof name, "%s db2", what);
    check_array(name, g + REF_HIDDEN * REF_OUT, db2, REF_OUT, RTOL);
}

static void test_mlp_mse(void)
{
    nn_model *m = reference_mlp("linear");
    if (!m)
        return;
    const float *y = nn_model_forward(m, ref_x, REF_BATCH, false);
    check_array("output", y, ref_mse_out, REF_BATCH * REF_OUT, RTOL);
    double loss = nn_loss_mse.value(y, ref_target, REF_BATCH, REF_OUT, NULL, nn_model_output_grad(m));
    CHECK_CLOSE(loss, ref_mse_loss, RTOL);
    nn_model_backward(m, ref_x, REF_BATCH);
    check_mlp_grads("mse", m, ref_mse_dw1, ref_mse_db1, ref_mse_dw2, ref_mse_db2);
    nn_model_free(m);
}

/* Softmax + cross-entropy the way the trainer does it: from the logits,
 * with the last layer told its gradient is already with respect to them. */
static void test_mlp_softmax_cce_fused(void)
{
    nn_model *m = reference_mlp("softmax");
    if (!m)
        return;
    const float *p = nn_model_forward(m, ref_x, REF_BATCH, false);
    check_array("softmax output", p, ref_cce_prob, REF_BATCH * REF_OUT, RTOL);
    nn_layer *last = &m->layers[1];
    CHECK(strcmp(nn_loss_cce.logit_activation, "softmax") == 0);
    last->grad_wrt_logits = true;
    const float *z = last->spec.kind->logits(last, m->out[0]);
    double loss = nn_loss_cce.from_logits(z, ref_onehot, REF_BATCH, REF_OUT, NULL,
                                          nn_model_output_grad(m));
    CHECK_CLOSE(loss, ref_cce_loss, RTOL);
    nn_model_backward(m, ref_x, REF_BATCH);
    check_mlp_grads("cce fused", m, ref_cce_dw1, ref_cce_db1, ref_cce_dw2, ref_cce_db2);
    nn_model_free(m);
}

/* The same through value() on the probabilities and softmax's backward. */
static void test_mlp_softmax_cce_unfused(void)
{
    nn_model *m = reference_mlp("softmax");
    if (!m)
        return;
    const float *p = nn_model_forward(m, ref_x, REF_BATCH, false);
    double loss = nn_loss_cce.value(p, ref_onehot, REF_BATCH, REF_OUT, NULL, nn_model_output_grad(m));
    CHECK_CLOSE(loss, ref_cce_loss, RTOL);
    nn_model_backward(m, ref_x, REF_BATCH);
    check_mlp_grads("cce", m, ref_cce_dw1, ref_cce_db1, ref_cce_dw2, ref_cce_db2);
    nn_model_free(m);
}

/* --- losses on their own (one row, so the mean is over all values) --- */

static void check_loss(const char *what, nn_loss_fn fn, const float *pred, const float *target,
                       int n, double want_loss, const double *want_grad)
{
    float grad[16];
    CHECK(n <= 16);
    double loss = fn(pred, target, 1, n, NULL, grad);
    CHECK_CLOSE(loss, want_loss, RTOL);
    check_array(what, grad, want_grad, n, RTOL);
}

static void test_bce_with_logits(void)
{
    check_loss("bce logits grad", nn_loss_bce.from_logits, ref_bce_z, ref_bce_y, REF_BCE_N,
               ref_bce_logits_loss, ref_bce_logits_grad);
}

static void test_bce_on_probabilities(void)
{
    check_loss("bce grad", nn_loss_bce.value, ref_bce_p, ref_bce_py, REF_BCE_PROB_N,
               ref_bce_prob_loss, ref_bce_prob_grad);
}

static void test_huber(void)
{
    check_loss("huber grad", nn_loss_huber.value, ref_reg_pred, ref_reg_target, REF_REG_N,
               ref_huber_loss, ref_huber_grad);
}

static void test_mae(void)
{
    check_loss("mae grad", nn_loss_mae.value, ref_reg_pred, ref_reg_target, REF_REG_N,
               ref_mae_loss, ref_mae_grad);
}

/* --- activations --- */

static void test_activations(void)
{
    for (size_t k = 0; k < sizeof ref_activations / sizeof *ref_activations; k++) {
        const nn_activation *a = nn_activation_find(ref_activations[k].name);
        CHECK(a != NULL);
        if (!a)
            continue;
        bool softmax = strcmp(a->name, "softmax") == 0;
        size_t rows = softmax ? 2 : 1, width = REF_ACT_N / rows;
        float y[REF_ACT_N], dy[REF_ACT_N], dx[REF_ACT_N];
        for (int i = 0; i < REF_ACT_N; i++)
            dy[i] = softmax ? ref_act_dy[i] : 1.0f;
        a->forward(a, ref_act_x, y, rows, width);
        a->backward(a, ref_act_x, y, dy, dx, rows, width);
        char what[64];
        snprintf(what, sizeof what, "%s(x)", a->name);
        check_array(what, y, ref_activations[k].y, REF_ACT_N, RTOL);
        snprintf(what, sizeof what, "%s'(x)", a->name);
        check_array(what, dx, ref_activations[k].dx, REF_ACT_N, RTOL);
    }
}

/* --- optimizers --- */

static void test_optimizers(void)
{
    nn_optim_hparams hp = {.momentum = ref_opt_momentum, .beta1 = ref_opt_beta1,
                           .beta2 = ref_opt_beta2, .eps = ref_opt_eps, .rho = ref_opt_rho,
                           .weight_decay = ref_opt_weight_decay};
    size_t n_ref = sizeof ref_optimizers / sizeof *ref_optimizers;
    for (int k = 0; nn_optimizer_at(k); k++) {
        const nn_optimizer *opt = nn_optimizer_at(k);
        size_t r = 0;
        while (r < n_ref && strcmp(ref_optimizers[r].name, opt->name) != 0)
            r++;
        if (r == n_ref) {
            printf("#   optimizer '%s' has no reference in fixtures/reference.h\n", opt->name);
            CHECK(0);
            continue;
        }
        CHECK(opt->n_slots <= NN_OPTIM_MAX_SLOTS);
        float w[REF_OPT_N], state[NN_OPTIM_MAX_SLOTS][REF_OPT_N] = {{0}};
        float *slots[NN_OPTIM_MAX_SLOTS] = {state[0], state[1]};
        memcpy(w, ref_opt_w0, sizeof w);
        for (int t = 0; t < REF_OPT_STEPS; t++) {
            opt->step(&hp, w, w, ref_opt_g + t * REF_OPT_N, slots, REF_OPT_N, ref_opt_lr, t + 1);
            char what[64];
            snprintf(what, sizeof what, "%s step %d: w", opt->name, t + 1);
            check_array(what, w, ref_optimizers[r].w[t], REF_OPT_N, 1e-6);
        }
    }
}

int main(void)
{
    TEST(test_mlp_mse);
    TEST(test_mlp_softmax_cce_fused);
    TEST(test_mlp_softmax_cce_unfused);
    TEST(test_bce_with_logits);
    TEST(test_bce_on_probabilities);
    TEST(test_huber);
    TEST(test_mae);
    TEST(test_activations);
    TEST(test_optimizers);
    return tap_done();
}
