/* The table of warning rules, in the order an epoch's warnings come; a
 * warning's kind is its rule's place here (monitor.h names the built-in
 * ones).  Rules registered at start-up follow the built-in ones. */
#include "warning_rule.h"

extern const nn_warning_rule nn_warn_overfitting, nn_warn_vanishing, nn_warn_exploding,
    nn_warn_diverging, nn_warn_nonfinite, nn_warn_dead_relu;

static const nn_warning_rule *rules[NN_WARN_MAX_KINDS] = {
    [NN_WARN_OVERFITTING] = &nn_warn_overfitting,
    [NN_WARN_VANISHING] = &nn_warn_vanishing,
    [NN_WARN_EXPLODING] = &nn_warn_exploding,
    [NN_WARN_DIVERGING] = &nn_warn_diverging,
    [NN_WARN_NONFINITE] = &nn_warn_nonfinite,
    [NN_WARN_DEAD_RELU] = &nn_warn_dead_relu,
};
static int n_rules = NN_WARN_KINDS;

const nn_warning_rule *nn_warning_rule_at(int k)
{
    return k >= 0 && k < n_rules ? rules[k] : NULL;
}

int nn_warning_rule_count(void)
{
    return n_rules;
}

int nn_warning_rule_register(const nn_warning_rule *rule)
{
    if (n_rules == NN_WARN_MAX_KINDS)
        return -1;
    rules[n_rules] = rule;
    return n_rules++;
}

const char *nn_warning_kind_name(nn_warning_kind k)
{
    const nn_warning_rule *rule = nn_warning_rule_at((int)k);
    return rule ? rule->name : "?";
}
