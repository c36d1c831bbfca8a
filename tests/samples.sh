#!/bin/sh
# Every sample script runs in batch mode from the source tree, as a user
# runs it (`nnwb --batch samples/NAME.nnw`), and reaches the figure the
# README states, within the tolerance stated there. The engine is
# deterministic for a seed; the tolerances absorb the last digits that
# another BLAS or CPU may change, not a different outcome.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch samples
cd "${SRCDIR:-.}" || exit 1

# run NAME: the script's standard output and error, in order, in $T/NAME
run() {
    out=$T/$1
    "$NNWB" --batch "samples/$1.nnw" >"$out" 2>&1
    rc=$?
    check "$1 runs in batch mode (exit status $rc)" '[ $rc -eq 0 ] && ! grep -q "^error:" "$out"'
}

# get PREFIX KEY N NAME: KEY's value on the Nth line starting with PREFIX
get() {
    awk -v p="$1" -v k="$2" -v n="$3" 'index($0, p) == 1 && ++i == n {
        for (f = 1; f <= NF; f++) if (index($f, k "=") == 1) { print substr($f, length(k) + 2); exit } }' "$T/$4"
}

# within X LO HI: LO <= X <= HI (false when X is empty)
within() { [ -n "$1" ] && awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

# warnings NAME N: the warnings of the Nth training run in NAME
warnings() {
    awk -v n="$2" '/^training on / { i++ } i == n && /^warning: / { print }' "$T/$1"
}

# ---- keras_example: the tutorial's model memorises noise ----
run keras_example
first=$(get "epoch 1/100 " loss 1 keras_example)
last=$(get "epoch 100/100 " loss 1 keras_example)
check "keras_example: loss falls from 0.17 +- 0.05 to 0.06 +- 0.03 ($first to $last)" \
    'within "$first" 0.12 0.22 && within "$last" 0.03 0.09'

# ---- overfit: the warning, then the cure's better test figure ----
run overfit
big=$(get "test rmse=" rmse 1 overfit)
cured=$(get "test rmse=" rmse 2 overfit)
check "overfit: the big model gets the overfitting warning" \
    'warnings overfit 1 | grep -q "^warning: overfitting: "'
check "overfit: test rmse 1.55 +- 0.1, then 1.34 +- 0.1 with the cure ($big, $cured)" \
    'within "$big" 1.45 1.65 && within "$cured" 1.24 1.44 && within "$cured" 0 "$big"'

# ---- stock_returns: the honest comparison with the naive forecasts ----
run stock_returns
ret=$(get "test rmse=" rmse 1 stock_returns)
zero=$(get "baseline rmse=" rmse 1 stock_returns)
level=$(get "test rmse=" rmse 2 stock_returns)
persist=$(get "baseline rmse=" rmse 2 stock_returns)
check "stock_returns: the baselines are zero change, then persistence" \
    '[ "$(get "baseline rmse=" kind 1 stock_returns) $(get "baseline rmse=" kind 2 stock_returns)" = "zero_change persistence" ]'
check "stock_returns: returns: network 0.081 +- 0.004 within 5% of zero change 0.0833 +- 0.0005 ($ret vs $zero)" \
    'within "$ret" 0.077 0.085 && within "$zero" 0.0828 0.0838 &&
     within "$(awk -v a="$ret" -v b="$zero" "BEGIN { print a / b }")" 0.95 1.05'
check "stock_returns: prices: network 25 +- 4 loses to persistence 17.8 +- 0.1 ($level vs $persist)" \
    'within "$level" 21 29 && within "$persist" 17.7 17.9 && within "$persist" 0 "$level"'

# ---- credit_risk: above the majority class; importance; explain ----
run credit_risk
acc=$(get "test accuracy=" accuracy 1 credit_risk)
auc=$(get "test accuracy=" auc 1 credit_risk)
major=$(get "baseline accuracy=" accuracy 1 credit_risk)
check "credit_risk: test accuracy 0.86 +- 0.02, AUC 0.85 +- 0.03, above the majority baseline 0.773 ($acc, $auc, $major)" \
    'within "$acc" 0.84 0.88 && within "$auc" 0.82 0.88 && within "$major" 0.772 0.773'
check "credit_risk: the leaking columns are dropped (9 features)" \
    'grep -q "^training on 923 rows, validating on 198 (9 features, binary)$" "$T/credit_risk"'
check "credit_risk: importance ranks reports first" \
    '[ "$(sed -n "/^importance on val/{n;p;}" "$T/credit_risk" | awk "{ print \$1 }")" = reports ]'
# the contributions add up to the prediction minus the average prediction
sums=$(awk '/^row 1: / { match($0, /\)=[^ ]+/); p = substr($0, RSTART + 2, RLENGTH - 2)
        match($0, /baseline=[^ ]+/); want = p - substr($0, RSTART + 9, RLENGTH - 9); on = 1; next }
    on && /^  [a-z]/ { got += $2; next } on { exit } END { printf "%.4f %.4f", got, want }' "$T/credit_risk")
check "credit_risk: explain 1 gives contributions that add up to p - baseline ($sums)" \
    'echo "$sums" | awk "{ d = \$1 - \$2; exit !(NF == 2 && d < 1e-3 && d > -1e-3 && \$2 != 0) }"'

# ---- xor: a line cannot, a linear hidden layer cannot, ReLU can ----
run xor
a1=$(get "test accuracy=" accuracy 1 xor)
a2=$(get "test accuracy=" accuracy 2 xor)
a3=$(get "test accuracy=" accuracy 3 xor)
check "xor: no hidden layer <= 0.6, linear hidden layer <= 0.6, relu hidden layer >= 0.95 ($a1, $a2, $a3)" \
    'within "$a1" 0 0.6 && within "$a2" 0 0.6 && within "$a3" 0.95 1'

# ---- spirals: capacity ----
run spirals
a1=$(get "test accuracy=" accuracy 1 spirals)
a2=$(get "test accuracy=" accuracy 2 spirals)
a3=$(get "test accuracy=" accuracy 3 spirals)
check "spirals: no hidden layer 0.61 +- 0.05, 8 relu 0.63 +- 0.05, 32+32 relu >= 0.93 ($a1, $a2, $a3)" \
    'within "$a1" 0.56 0.66 && within "$a2" 0.58 0.68 && within "$a3" 0.93 1'

# ---- vanishing: the warning for deep sigmoid, none for deep relu ----
run vanishing
a1=$(get "test accuracy=" accuracy 1 vanishing)
a2=$(get "test accuracy=" accuracy 2 vanishing)
check "vanishing: the sigmoid run warns of vanishing gradients in layer 1" \
    'warnings vanishing 1 | grep -q "^warning: vanishing gradients: at epoch [0-9]*, layer 1 (dense 16 sigmoid)"'
check "vanishing: the relu run has no warning" \
    '[ $(grep -c "^training on " "$T/vanishing") -eq 2 ] && [ -z "$(warnings vanishing 2)" ]'
check "vanishing: sigmoid accuracy <= 0.6, relu >= 0.9 ($a1, $a2)" \
    'within "$a1" 0 0.6 && within "$a2" 0.9 1'

# ---- sweep: 27 trials with halving beat the hand-tuned credit_risk ----
run sweep
hand=$(sed -n 's/^finished after .* best val_loss=\([^ ]*\) at epoch.*/\1/p' "$T/credit_risk")
best=$(get "best trial=" val_loss 1 sweep)
saved=$(sed -n 's/^sweep ended: .* (\([0-9]*\)% saved by pruning).*/\1/p' "$T/sweep")
check "sweep: the best trial's val_loss ($best) is at most credit_risk's hand-tuned one ($hand)" \
    'within "$hand" 0.3 0.4 && within "$best" 0.3 "$hand"'
check "sweep: halving saved at least 60% of the epochs ($saved%), and test is evaluated after sweep best" \
    'within "$saved" 60 100 && grep -q "^sweep best: trial=" "$T/sweep" && grep -q "^test accuracy=" "$T/sweep"'

done_testing
