#!/bin/sh
# explain method=lime and class_weight through the real binary: LIME's
# printed format, r2 = 1 for a linear network and < 1 for a nonlinear one,
# Shapley's output left as it was, refusals; class weights by name, a bad
# class named in the error, the setting kept by save -> open, and
# evaluate's figures left unweighted (only the loss trained on is weighted).
# TAP output; $NNWB is the program.
. "${SRCDIR:-.}/tests/harness.sh"
S=${SRCDIR:-.}/samples
scratch lime

# ---- LIME ----
"$NNWB" -e "generate linear rows=400 seed=3; target y; add dense 1; set epochs=20 lr=0.05; train; explain 1 method=lime; explain 1" >"$T/linear" 2>&1
head=$(grep '^row 1: prediction=' "$T/linear" | head -1)
check "lime prints prediction, surrogate value, r2, samples and kernel width ($head)" \
    'echo "$head" | grep -Eq "^row 1: prediction=[-0-9.e]+ lime_fit=[-0-9.e]+ r2=[-0-9.e]+ \(LIME: 5000 samples, kernel width 1\.3\)$"'
check "then one coefficient line per feature, largest first" \
    'sed -n "/lime_fit=/,/baseline=/p" "$T/linear" | sed "1,2d;\$d" |
     awk "/^  x[123] +[-+][0-9.e]+$/ { v = \$2 < 0 ? -\$2 : \$2; if (NR > 1 && v > last) bad = 1; last = v; k++ }
          END { exit !(k == 3 && !bad) }"'
check "a linear network's surrogate fits exactly: r2=1" 'echo "$head" | grep -q " r2=1 "'
check "Shapley is still the default, with its baseline line" \
    'grep -Eq "^row 1: prediction=[-0-9.e]+ baseline=[-0-9.e]+ \(mean over 100 training rows\)$" "$T/linear"'

"$NNWB" -e "generate circles rows=400 seed=3; target y; add dense 16 relu; add dense 1 sigmoid; set epochs=40 lr=0.02; train; explain 2 method=lime samples=2000" >"$T/circles" 2>&1
r2=$(sed -n 's/^row 2: p(positive class)=[^ ]* lime_fit=[^ ]* r2=\([^ ]*\) (LIME: 2000 samples.*/\1/p' "$T/circles")
check "a nonlinear network fits less than exactly (r2=$r2)" \
    '[ -n "$r2" ] && awk -v r="$r2" "BEGIN { exit !(r < 0.99) }"'

err=$("$NNWB" -e "generate linear rows=100; target y; add dense 1; train epochs=1; explain 1 method=lime samples=3" 2>&1 >/dev/null)
check "too few samples are refused, naming explain and samples ($err)" \
    'echo "$err" | grep -q "explain: samples=3 is too few for LIME with 3 features"'

# ---- class_weight ----
err=$("$NNWB" -e "generate circles rows=200; target y; add dense 1 sigmoid; set class_weight=maybe:2; train epochs=1" 2>&1 >/dev/null)
check "an unknown class is named in train's error ($err)" \
    'echo "$err" | grep -q "train: class_weight: no class .maybe."'
err=$("$NNWB" -e "set class_weight=yes" 2>&1 >/dev/null)
check "a malformed class_weight is refused by set ($err)" 'echo "$err" | grep -q "class_weight"'
"$NNWB" -e "generate circles rows=200; target y; add dense 1 sigmoid; set class_weight=1:3,0:0.5; train epochs=2; save $T/m.nnwb" >/dev/null 2>&1
out=$("$NNWB" -e "open $T/m.nnwb; set" 2>&1)
check "class_weight is saved with the model's settings" \
    'echo "$out" | grep -Eq "^  class_weight +1:3,0:0.5 "'

# weights shift the model, never the scoring: evaluate's figures equal the
# unweighted ones recomputed from the exported predictions
for w in balanced no:4,yes:1; do
    run_nnwb -e "load $S/credit_card.csv; target card; drop share expenditure; add dense 16 relu; add dense 1 sigmoid; set epochs=15 seed=7 class_weight=$w; train; evaluate test; export predictions $T/w.csv"
    figures=$(awk -F, -v positive=yes -v printed="$(echo "$out" | grep "^test accuracy=")" \
        -f "${SRCDIR:-.}/tests/classification_metrics.awk" "$T/w.csv"); same=$?
    check "class_weight=$w: evaluate's figures are unweighted (mine/printed: $figures)" \
        '[ $rc -eq 0 ] && [ $same -eq 0 ]'
done
done_testing
