/* An argument description checks and reads the value a user typed: the
 * command binder and the recipe steps both go through it, so the errors
 * and the values are the same wherever an INT or NUMBER is typed. */
#include <math.h>
#include <string.h>

#include "engine/arg_spec.h"
#include "tap.h"

static const nn_arg_spec epochs = {.name = "epochs", .type = NN_ARG_INT, .min = 1, .max = 1000};
static const nn_arg_spec rate = {.name = "lr", .type = NN_ARG_NUMBER};

/* The error for text under spec, or "" when it passes. */
static const char *check(const nn_arg_spec *spec, const char *text)
{
    static nn_error err;
    err.msg[0] = '\0';
    int rc = nn_arg_check_number(spec, "train", text, &err);
    CHECK((rc == 0) == (err.msg[0] == '\0'));
    return err.msg;
}

static void numbers_are_checked_with_one_message(void)
{
    CHECK(strcmp(check(&epochs, "20"), "") == 0);
    CHECK(strcmp(check(&epochs, "1e3"), "") == 0);
    CHECK(strcmp(check(&epochs, "2.5"), "train: epochs=2.5: expected a whole number") == 0);
    CHECK(strcmp(check(&epochs, "0"),
                 "train: epochs=0: expected a whole number from 1 to 1000") == 0);
    CHECK(strcmp(check(&rate, "0.5"), "") == 0);
    CHECK(strcmp(check(&rate, "-7e9"), "") == 0); /* no range: any finite number */
    CHECK(strcmp(check(&rate, "inf"), "train: lr=inf: expected a number") == 0);
    CHECK(strcmp(check(&rate, "0,5"), "train: lr=0,5: expected a number") == 0);
    CHECK(strcmp(check(&rate, ""), "train: lr=: expected a number") == 0);
}

static void checked_texts_read_as_values(void)
{
    CHECK(nn_arg_int("20") == 20);
    CHECK(nn_arg_int("1e3") == 1); /* passes an INT spec, reads as it always has */
    CHECK(nn_arg_int(NULL) == 0);
    CHECK(nn_arg_number("0.25") == 0.25);
    CHECK(isnan(nn_arg_number(NULL)));
}

static void names_answer_in_any_case(void)
{
    const nn_arg_spec act = {.name = "act|activation", .type = NN_ARG_WORD};
    CHECK(nn_arg_named(&act, "act"));
    CHECK(nn_arg_named(&act, "Activation"));
    CHECK(!nn_arg_named(&act, "a"));
    CHECK(!nn_arg_named(&act, "act|activation"));
}

int main(void)
{
    TEST(numbers_are_checked_with_one_message);
    TEST(checked_texts_read_as_values);
    TEST(names_answer_in_any_case);
    return tap_done();
}
