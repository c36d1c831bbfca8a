/* Class weights: the weights each spelling means (balanced against
 * sklearn's n / (classes * count) worked by hand, names and indices,
 * refusals), weighted bce and cce against PyTorch, and the behaviour a
 * user wants: on a 1:20 set, class_weight=balanced raises the minority
 * class's recall well above the unweighted model's. */
#include <math.h>
#include <string.h>

#include "engine/class_weight.h"
#include "engine/loss.h"
#include "engine/model.h"
#include "engine/trainer.h"
#include "fixtures/class_weight_reference.h"
#include "tap.h"

static void balanced_is_n_over_classes_times_count(void)
{
    /* bce: 3 ones among 12 values -> 12 / (2 * 9), 12 / (2 * 3) */
    static const float y[12] = {1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0};
    float w[3];
    nn_error err;
    CHECK(nn_class_weight_resolve("balanced", NULL, 2, y, 6, 2, true, w, &err) == 0);
    CHECK_NEAR(w[0], 12.0 / 18.0, 1e-6);
    CHECK_NEAR(w[1], 2.0, 1e-6);
    /* cce: rows of classes 0, 0, 1, 2 -> 4 / (3 * 2), 4 / 3, 4 / 3 */
    static const float onehot[12] = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    CHECK(nn_class_weight_resolve("balanced", NULL, 3, onehot, 4, 3, false, w, &err) == 0);
    CHECK_NEAR(w[0], 4.0 / 6.0, 1e-6);
    CHECK_NEAR(w[1], 4.0 / 3.0, 1e-6);
    CHECK_NEAR(w[2], 4.0 / 3.0, 1e-6);
    /* a class with no rows has no balanced weight */
    static const float zeros[4] = {0, 0, 0, 0};
    static const char *const names[2] = {"no", "yes"};
    CHECK(nn_class_weight_resolve("balanced", names, 2, zeros, 4, 1, true, w, &err) == -1);
    CHECK(strstr(err.msg, "'yes' has no training rows") != NULL);
}

static void explicit_weights_by_name_or_index(void)
{
    static const char *const names[3] = {"low", "mid", "high"};
    static const float y[3] = {1, 0, 0};
    float w[3];
    nn_error err;
    CHECK(nn_class_weight_resolve("high:5,low:0.5", names, 3, y, 1, 3, false, w, &err) == 0);
    CHECK(w[0] == 0.5f && w[1] == 1.0f && w[2] == 5.0f); /* unlisted: 1 */
    CHECK(nn_class_weight_resolve("1:3", NULL, 3, y, 1, 3, false, w, &err) == 0);
    CHECK(w[0] == 1.0f && w[1] == 3.0f && w[2] == 1.0f);
    CHECK(nn_class_weight_resolve("none", NULL, 3, y, 1, 3, false, w, &err) == 0);
    CHECK(w[0] == 1.0f && w[1] == 1.0f && w[2] == 1.0f);
    CHECK(nn_class_weight_resolve("maybe:2", names, 3, y, 1, 3, false, w, &err) == -1);
    CHECK(strstr(err.msg, "no class 'maybe'") != NULL);
    CHECK(nn_class_weight_resolve("3:2", NULL, 3, y, 1, 3, false, w, &err) == -1);
    CHECK(strstr(err.msg, "no class '3'") != NULL);
    CHECK(nn_class_weight_resolve("low:2,0:3", names, 3, y, 1, 3, false, w, &err) == -1);
    CHECK(strstr(err.msg, "twice") != NULL);
    char text[64];
    CHECK(nn_class_weight_by_index("high:5,low:0.5", names, 3, text, sizeof text, &err) == 0);
    CHECK(strcmp(text, "2:5,0:0.5") == 0);
    CHECK(nn_class_weight_by_index("balanced", names, 3, text, sizeof text, &err) == 0);
    CHECK(strcmp(text, "balanced") == 0);
    CHECK(nn_class_weight_by_index("huge:1", names, 3, text, sizeof text, &err) == -1);
}

/* PyTorch's binary_cross_entropy(weight=...) and its from-logits and
 * multiclass forms, on the fixture's numbers. */
static void weighted_losses_match_pytorch(void)
{
    CHECK_CLOSE(nn_loss_bce.value(cwref_p, cwref_y, CWREF_N, 1, cwref_bce_weight, NULL),
                cwref_bce, 1e-6);
    CHECK_CLOSE(nn_loss_bce.from_logits(cwref_z, cwref_y, CWREF_N, 1, cwref_bce_weight, NULL),
                cwref_bce_logits, 1e-6);
    CHECK_CLOSE(nn_loss_cce.from_logits(cwref_zc, cwref_onehot, CWREF_ROWS, CWREF_K,
                                        cwref_cce_weight, NULL),
                cwref_cce_logits, 1e-6);
}

/* --- 1:20 --- */

static uint64_t lcg_state;

static double uniform01(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(lcg_state >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(void)
{
    return sqrt(-2.0 * log(uniform01())) * cos(6.283185307179586 * uniform01());
}

enum { MAJOR = 1000, MINOR = 50, ROWS = MAJOR + MINOR };

/* Two overlapping Gaussian clouds in 2-D, 20 majority rows (y = 0) to one
 * minority row (y = 1), the minority shifted by 1.5 sd on each axis. */
static void imbalanced_set(uint64_t seed, float *x, float *y)
{
    lcg_state = seed;
    for (int r = 0; r < ROWS; r++) {
        float shift = r % 21 == 0 ? 1.5f : 0.0f;
        y[r] = shift > 0 ? 1.0f : 0.0f;
        x[2 * r] = (float)normal() + shift;
        x[2 * r + 1] = (float)normal() + shift;
    }
}

/* Recall of class 1 on a fresh set, after training a logistic model. */
static double minority_recall(const char *class_weight, const float *x, const float *y,
                              const float *xt, const float *yt)
{
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    nn_error err;
    CHECK(nn_layer_spec_parse(&spec, "dense units=1 act=sigmoid", &err) == 0);
    CHECK(nn_model_add(m, &spec, &err) == 0);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "bce");
    s.lr = 0.05f;
    s.epochs = 30;
    s.seed = 7;
    CHECK(nn_settings_set(&s, "class_weight", class_weight, &err) == 0);
    nn_dataset d = {x, y, ROWS, 2, 1};
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, NULL, &err);
    CHECK(t != NULL);
    if (t)
        nn_trainer_run(t);
    nn_trainer_free(t);
    static float p[ROWS];
    CHECK(nn_model_predict(m, xt, ROWS, p, &err) == 0);
    int hit = 0, positives = 0;
    for (int r = 0; r < ROWS; r++)
        if (yt[r] > 0.5f)
            positives++, hit += p[r] > 0.5f;
    nn_model_free(m);
    return (double)hit / positives;
}

static void balanced_weights_raise_minority_recall(void)
{
    static float x[2 * ROWS], y[ROWS], xt[2 * ROWS], yt[ROWS];
    imbalanced_set(1, x, y);
    imbalanced_set(2, xt, yt);
    double none = minority_recall("none", x, y, xt, yt);
    double balanced = minority_recall("balanced", x, y, xt, yt);
    double explicit = minority_recall("1:21", x, y, xt, yt); /* about what balanced gives */
    printf("#   minority recall: none %.3f, balanced %.3f, 1:21 %.3f\n", none, balanced, explicit);
    CHECK(balanced >= none + 0.3); /* measured: 0.48 -> 0.94 */
    CHECK(balanced > 0.8);
    CHECK(explicit >= none + 0.3);
}

/* class_weight names a classification loss; a regression one is refused. */
static void regression_losses_refuse_class_weights(void)
{
    static const float x[4] = {0, 1, 2, 3}, y[4] = {0, 1, 0, 1};
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    nn_error err;
    CHECK(nn_layer_spec_parse(&spec, "dense units=1", &err) == 0);
    CHECK(nn_model_add(m, &spec, &err) == 0);
    nn_settings s;
    nn_settings_default(&s);
    CHECK(nn_settings_set(&s, "class_weight", "balanced", &err) == 0);
    nn_dataset d = {x, y, 4, 1, 1};
    CHECK(nn_trainer_new(m, &s, &d, NULL, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "bce and cce") != NULL && strstr(err.msg, "mse") != NULL);
    nn_model_free(m);
}

int main(void)
{
    TEST(balanced_is_n_over_classes_times_count);
    TEST(explicit_weights_by_name_or_index);
    TEST(weighted_losses_match_pytorch);
    TEST(balanced_weights_raise_minority_recall);
    TEST(regression_losses_refuse_class_weights);
    return tap_done();
}
