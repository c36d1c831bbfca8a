#!/bin/sh
# Batch mode end to end through the real binary: the output contract
# (load, epoch and error lines, exit statuses), metrics printed by
# `evaluate` against the same metrics computed here with awk from the
# exported predictions, and save -> new process -> open -> predict.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
S=${SRCDIR:-.}/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-batch.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# ---- the contract ----
out=$("$NNWB" -e "load $S/credit_card.csv"); rc=$?
check "load reports rows, columns, and each column's type and missing count" \
    '[ $rc -eq 0 ] && echo "$out" | head -1 | grep -qx "loaded credit_card.csv: 1319 rows, 12 columns" &&
     echo "$out" | grep -Eq "^  card +boolean +missing=0$" && echo "$out" | grep -Eq "^  income +numeric +missing=0$"'

printf 'load %s/credit_card.csv\n# a comment\n\ndrop nothing\nhelp\n' "$S" >"$T/bad.nnw"
err=$("$NNWB" --batch "$T/bad.nnw" 2>&1 >/dev/null); rc=$?
check "a failing command stops the script with status 1, naming FILE:LINE" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "^error: $T/bad.nnw:4: drop: no column .nothing."'

out=$(printf 'help\nquit\nhelp\n' | "$NNWB" --batch -); rc=$?
check "--batch - reads standard input and quit ends it" \
    '[ $rc -eq 0 ] && [ $(echo "$out" | grep -c "^data:") -eq 1 ]'

"$NNWB" --batch >/dev/null 2>&1; rc=$?
check "a usage error exits 2" '[ $rc -eq 2 ]'
"$NNWB" --batch "$T/none.nnw" >/dev/null 2>&1; rc=$?
check "a missing script exits 1" '[ $rc -eq 1 ]'

# ---- training output and classification metrics ----
cat >"$T/credit.nnw" <<EOF
load $S/credit_card.csv
target card
drop share expenditure
add dense 16 relu
add dense 1 sigmoid
set epochs=15 seed=7
train
evaluate test
export predictions $T/pred.csv
predict $S/credit_card.csv out=$T/p1.csv
save $T/model.nnwb
EOF
out=$("$NNWB" --batch "$T/credit.nnw" 2>"$T/err"); rc=$?
check "the credit script runs" '[ $rc -eq 0 ]'
check "train prints one key=value line per epoch" \
    '[ $(echo "$out" | grep -Ec "^epoch [0-9]+/15 loss=[-0-9.e+]+ val_loss=[-0-9.e+]+ grad_norm=[-0-9.e+]+ lr=0.001 samples_per_s=[0-9]+ accuracy=[0-9.]+ val_accuracy=[0-9.e+-]+$") -eq 15 ]'

# accuracy, precision, recall, f1 and AUC of the test rows, from the export
awk -F, 'NR > 1 && $2 == "test" {
    n++; t = ($3 == "yes"); p = ($4 == "yes"); s[n] = $5; y[n] = t
    tp += t && p; fp += !t && p; fn += t && !p; ok += (t == p); pos += t
} END {
    # AUC by ranks (ties get the mean rank)
    for (i = 1; i <= n; i++) { less = 0; same = 0
        for (j = 1; j <= n; j++) { less += s[j] < s[i]; same += s[j] == s[i] }
        r[i] = less + (same + 1) / 2 }
    for (i = 1; i <= n; i++) if (y[i]) sum += r[i]
    auc = (sum - pos * (pos + 1) / 2) / (pos * (n - pos))
    pr = tp / (tp + fp); rc = tp / (tp + fn)
    printf "%.4f %.4f %.4f %.4f %.4f %d\n", ok / n, pr, rc, 2 * pr * rc / (pr + rc), auc, n
}' "$T/pred.csv" >"$T/mine"
line=$(echo "$out" | grep "^test accuracy=")
# each figure is key=value followed by its bootstrap interval " [lo,hi]"
I=' \[[^]]*\]'
theirs=$(echo "$line" | sed -E "s/.*accuracy=([^ ]+)$I precision=([^ ]+)$I recall=([^ ]+)$I f1=([^ ]+)$I auc=([^ ]+)$I .* n=([0-9]+).*/\1 \2 \3 \4 \5 \6/")
check "evaluate's classification metrics match awk's ($(cat "$T/mine") vs $theirs)" \
    'echo "$(cat "$T/mine") $theirs" | awk "{ for (i = 1; i <= 5; i++) if (\$i - \$(i + 6) > 6e-4 || \$(i + 6) - \$i > 6e-4) exit 1; exit \$6 != \$12 }"'
check "evaluate prints the majority baseline and the confusion matrix" \
    'echo "$out" | grep -Eq "^baseline accuracy=0\.7[0-9]+ .* kind=majority$" && echo "$out" | grep -q "^confusion"'

out2=$("$NNWB" -e "open $T/model.nnwb; predict $S/credit_card.csv out=$T/p2.csv"); rc=$?
check "save, then open in a new process and predict: identical predictions" \
    '[ $rc -eq 0 ] && cmp -s "$T/p1.csv" "$T/p2.csv" && [ $(wc -l <"$T/p2.csv") -eq 1320 ]'

# ---- regression on returns: metrics and the zero-change baseline ----
cat >"$T/stocks.nnw" <<EOF
load $S/stocks.csv
target price
window 6 on=price as=logreturn horizon=1 by=symbol
add dense 8 relu
add dense 1
set epochs=10
train
evaluate test
export predictions $T/ret.csv
EOF
out=$("$NNWB" --batch "$T/stocks.nnw" 2>/dev/null); rc=$?
# directional accuracy over the rows whose truth moved: the sign of the
# prediction against the truth's, a predicted 0 a miss
mine=$(awk -F, 'NR > 1 && $2 == "test" { n++; d = $4 - $3; se += d * d; ae += d < 0 ? -d : d; z += $3 * $3
    if ($3 != 0) { m++; hit += ($3 > 0 && $4 > 0) || ($3 < 0 && $4 < 0) } }
    END { printf "%.5g %.5g %.5g %.4f", sqrt(se / n), ae / n, sqrt(z / n), hit / m }' "$T/ret.csv")
rmse=$(echo "$out" | sed -nE "s/^test rmse=([^ ]+)$I mae=([^ ]+)$I .*directional_accuracy=([^ ]+).*/\1 \2 \3/p")
base=$(echo "$out" | sed -nE 's/^baseline rmse=([^ ]+) .*kind=zero_change$/\1/p')
check "evaluate's regression metrics and zero-change baseline match awk's ($mine vs $rmse $base)" \
    '[ $rc -eq 0 ] && echo "$mine $rmse $base" | awk "{ exit !((\$1 - \$5)^2 < 1e-8 && (\$2 - \$6)^2 < 1e-8 && (\$3 - \$8)^2 < 1e-8 && (\$4 - \$7)^2 < 1e-8) }"'

# a series that stays flat on about 3 days in 10: the days without a move are
# left out of directional accuracy, and the bar is "always up" (the share of
# the moved days that went up), not the zero-change forecast, which calls no
# direction
awk 'BEGIN { srand(5); p = 100; print "day,price"
    for (i = 1; i <= 400; i++) { r = rand(); p += r < 0.3 ? -1 : r < 0.6 ? 0 : 1; print i "," p } }' >"$T/flat.csv"
out=$("$NNWB" -e "load $T/flat.csv; target price; window 5 on=price as=logreturn horizon=1; drop day; add dense 8 relu; add dense 1; set epochs=5; train; evaluate test; export predictions $T/flat_pred.csv" 2>/dev/null); rc=$?
mine=$(awk -F, 'NR > 1 && $2 == "test" { n++; flat += $3 == 0
    if ($3 != 0) { m++; up += $3 > 0; hit += ($3 > 0 && $4 > 0) || ($3 < 0 && $4 < 0) } }
    END { printf "%.4f %.4f %d %d", hit / m, up / m, m, flat }' "$T/flat_pred.csv")
theirs=$(echo "$out" | sed -nE 's/^test .*directional_accuracy=([^ ]+) .*/\1/p')
theirs="$theirs $(echo "$out" | sed -nE 's/^baseline directional_accuracy=([^ ]+) .* n=([0-9]+) kind=always_up$/\1 \2/p')"
check "directional accuracy leaves flat days out; always up is its baseline ($mine vs $theirs)" \
    '[ $rc -eq 0 ] && echo "$mine $theirs" | awk "{ exit !(\$4 > 10 && (\$1 - \$5)^2 < 1e-8 && (\$2 - \$6)^2 < 1e-8 && \$3 == \$7) }" &&
     ! echo "$out" | grep -q "^baseline .*directional_accuracy=.*kind=zero_change"'
check "evaluate says whether the model's rmse interval overlaps the baseline's" \
    'echo "$out" | grep -Eq "^note: the model.s rmse interval \[[^]]+\] (overlaps|does not overlap) the baseline.s \[[^]]+\]: "'

# importance of a regression is in the target's units: its starting figure
# is the rmse that evaluate prints for the same (validation) rows
out=$("$NNWB" -e "generate linear rows=600 features=3 noise=1 seed=3; target y; add dense 8 relu; add dense 1; set epochs=30; train; evaluate val; importance repeats=2" 2>/dev/null); rc=$?
ev=$(echo "$out" | sed -nE 's/^val rmse=([^ ]+) .*/\1/p')
imp=$(echo "$out" | sed -nE 's/^importance on val \([0-9]+ rows\): rmse=([^,]+), rise .*/\1/p')
check "importance of a regression starts from evaluate's rmse, in the target's units ($imp vs $ev)" \
    '[ $rc -eq 0 ] && [ -n "$ev" ] && awk -v a="$imp" -v b="$ev" "BEGIN { exit !((a - b)^2 < 1e-10 * b * b) }"'

# ---- warnings ----
cat >"$T/overfit.nnw" <<EOF
generate linear rows=80 features=3 noise=1 seed=3
target y
add dense 128 relu
add dense 128 relu
add dense 1
set epochs=60 lr=0.003
train
EOF
err=$("$NNWB" --batch "$T/overfit.nnw" 2>&1 >/dev/null); rc=$?
check "a model too big for its data gets an overfitting warning with a remedy" \
    '[ $rc -eq 0 ] && echo "$err" | grep -Eq "^warning: overfitting: at epoch [0-9]+, validation loss is up .*set l2="'
out=$("$NNWB" -e "generate linear rows=200; target y; add dense 8 relu; add dense 1; optimizer sgd lr=5; train epochs=5" 2>"$T/err"); rc=$?
check "a NaN stops training with a warning, and the script goes on" \
    '[ $rc -eq 0 ] && grep -q "^warning: NaN/Inf: .*set lr=" "$T/err" && echo "$out" | grep -q "^stopped: not a number"'

# ---- Ctrl-C: the first stops training and the script goes on, a second quits ----
"$NNWB" -e "generate linear rows=20000; target y; add dense 64 relu; add dense 1; train epochs=100000; summary" \
    >"$T/int.out" 2>"$T/int.err" &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q "^epoch 2/" "$T/int.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
check "SIGINT stops the training, and the script carries on" \
    '[ $rc -eq 0 ] && grep -q "^stopped after" "$T/int.out" && grep -q "^total params" "$T/int.out" && grep -q "Ctrl-C again" "$T/int.err"'
"$NNWB" -e "generate linear rows=20000; target y; add dense 64 relu; add dense 1; train epochs=100000; train epochs=100000" >"$T/int2.out" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q "^epoch 2/" "$T/int2.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid; sleep 0.05; kill -INT $pid
wait $pid
rc=$?
check "a second SIGINT quits at once, with status 130" '[ $rc -eq 130 ]'

echo "1..$n"
exit 0
