/* The split step: fractions of rows for training, validation and test,
 * shuffled or in time order. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table/parse_number.h"
#include "step.h"

static const char *const part_keys[3] = {"train", "val", "test"};

static int make_split(nn_step *s, double train, double val, double test, nn_order order,
                      uint64_t seed, nn_error *err)
{
    const double f[3] = {train, val, test};
    for (int k = 0; k < 3; k++)
        if (!(f[k] >= 0 && f[k] <= 1))
            return nn_fail(err, "split: %s=%g must be between 0 and 1", part_keys[k], f[k]);
    if (train <= 0)
        return nn_fail(err, "split: train must be more than 0");
    if (order < NN_ORDER_AUTO || order > NN_ORDER_CHRONOLOGICAL)
        return nn_fail(err, "split: unknown order %d", (int)order);
    if (fabs(train + val + test - 1) > 1e-6)
        return nn_fail(err, "split: fractions sum to %g, must be 1", train + val + test);
    *s = (nn_step){.kind = &step_split, .fraction = {train, val, test}, .method = order, .seed = seed};
    return 0;
}

int nn_recipe_split(nn_recipe *r, const nn_table *t, double train, double val, double test,
                    nn_order order, uint64_t seed, nn_error *err)
{
    nn_step s = {0};
    return recipe_add_built(r, t, make_split(&s, train, val, test, order, seed, err), &s, err);
}

/* A command gives train= and maybe val= and test=: the rest is split
 * evenly between the parts left out, so overfitting can be seen. */
static int split_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    double train = step_arg_number(a, "train");
    int has_val = step_arg_given(a, "val"), has_test = step_arg_given(a, "test");
    double val = has_val ? step_arg_number(a, "val") : 0, test = has_test ? step_arg_number(a, "test") : 0;
    double rest = nn_round_decimal(1 - train - val - test);
    if (!has_val && !has_test)
        val = test = rest / 2;
    else if (!has_val)
        val = rest;
    else if (!has_test)
        test = rest;
    const char *order = step_arg(a, "order");
    nn_order o = strcmp(order, "shuffle") == 0   ? NN_ORDER_SHUFFLE
                 : strcmp(order, "ordered") == 0 ? NN_ORDER_CHRONOLOGICAL
                                                 : NN_ORDER_AUTO;
    if (val < -1e-9 || test < -1e-9) /* the given ones already pass 1: name their sum */
        return nn_fail(err, "split: fractions sum to %g, must be 1", train + fmax(val, 0) + fmax(test, 0));
    return make_split(s, train, fmax(val, 0), fmax(test, 0), o, (uint64_t)step_arg_int(a, "seed"), err);
}

/* A seed is a whole number up to 2^64 - 1, read exactly (a double would
 * round seeds beyond 2^53 and overflow beyond 2^64). */
static int seed_arg(const char *text, uint64_t *out, nn_error *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = isdigit((unsigned char)*text) ? strtoull(text, &end, 10) : 0;
    if (!end || *end || errno == ERANGE)
        return nn_fail(err, "split: seed=%s: expected a whole number from 0 to 18446744073709551615",
                       text);
    *out = v;
    return 0;
}

/* One word of the text form after train=, val=, test=: the order or the seed. */
static int parse_split_word(nn_step *s, const char *word, nn_error *err)
{
    const char *val = step_keyed(word, "seed");
    if (val)
        return seed_arg(val, &s->seed, err);
    if (strcasecmp(word, "shuffle") == 0 || strcasecmp(word, "shuffled") == 0)
        s->method = NN_ORDER_SHUFFLE;
    else if (strcasecmp(word, "ordered") == 0 || strcasecmp(word, "chronological") == 0)
        s->method = NN_ORDER_CHRONOLOGICAL;
    else if (strcasecmp(word, "auto") != 0)
        return nn_fail(err, "split: unexpected '%s' (expected train=, val=, test=, shuffle, ordered or seed=)",
                       word);
    return 0;
}

static int parse_split(nn_step *s, char **args, int n, nn_error *err)
{
    int given[3] = {0, 0, 0};
    s->method = NN_ORDER_AUTO;
    s->seed = 42;
    for (int i = 0; i < n; i++) {
        const char *val = NULL;
        int k;
        for (k = 0; k < 3 && !(val = step_keyed(args[i], part_keys[k])); k++)
            ;
        double v;
        if (k == 3) {
            if (parse_split_word(s, args[i], err) < 0)
                return -1;
            continue;
        }
        if (step_number("split", part_keys[k], val, &v, err) < 0)
            return -1;
        if (v < 0 || v > 1)
            return nn_fail(err, "split: %s=%s must be between 0 and 1", part_keys[k], val);
        s->fraction[k] = v;
        given[k] = 1;
    }
    if (!given[0])
        return nn_fail(err, "split: train= is required");
    int unknown = !given[1] + !given[2];
    double rest = 1 - s->fraction[0] - s->fraction[1] - s->fraction[2];
    for (int k = 1; k < 3; k++)
        if (!given[k])
            s->fraction[k] = rest > 0 ? nn_round_decimal(rest / unknown) : 0;
    double sum = s->fraction[0] + s->fraction[1] + s->fraction[2];
    if (fabs(sum - 1) > 1e-6)
        return nn_fail(err, "split: fractions sum to %g, must be 1", sum);
    if (s->fraction[0] <= 0)
        return nn_fail(err, "split: train must be more than 0");
    return 0;
}

static void format_split(const nn_step *s, FILE *f)
{
    static const char *const orders[] = {"shuffle", "ordered"};
    step_put_number(f, " train=", s->fraction[0]);
    step_put_number(f, " val=", s->fraction[1]);
    step_put_number(f, " test=", s->fraction[2]);
    fprintf(f, " %s seed=%llu", s->method == NN_ORDER_AUTO ? "auto" : orders[s->method],
            (unsigned long long)s->seed);
}

static int compile_split(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    (void)t, (void)err;
    memcpy(p->split, s->fraction, sizeof p->split);
    p->order = s->method;
    p->seed = s->seed;
    return 0;
}

static const nn_arg_spec split_args[] = {
    NUMBER("train", KEY | REQ, NULL, 0, 1, "fraction of rows for training"),
    NUMBER("val", KEY, NULL, 0, 1, "fraction for validation"),
    NUMBER("test", KEY, NULL, 0, 1, "fraction for test"),
    CHOICE("order", FLAG, "auto", "shuffle|ordered|auto", "shuffled or chronological (auto: chronological with dates or windows)"),
    INT("seed", KEY, "42", 0, 4294967295.0, "shuffle seed"), SPEC_END};

const step_kind step_split = {
    {"split", NULL, "fractions of rows for training, validation and test",
     "Shuffled (stratified by class) or chronological; chronological is the default once dates are "
     "sorted or a window is used, so no row from the future reaches training.",
     "split train=0.7 val=0.15 test=0.15 shuffle seed=1", split_args, NN_STEP_ORDERS_ROWS},
    "split train=F [val=F] [test=F] [shuffle|ordered] [seed=N]",
    parse_split, format_split, split_from_args, compile_split, NULL,
};
