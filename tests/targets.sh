#!/bin/sh
# Targets as users have them, through the real binary: several regression
# targets in one model (each scored against scikit-learn's MLPRegressor on
# the same rows, tests/fixtures/make_targets_reference.py, and against its
# own figures recomputed here from the exported predictions), class codes
# given as integers, and a 0/1 column predicted as a number.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
F=${SRCDIR:-.}/tests/fixtures
scratch targets

# ---- several targets ----
cat >"$T/three.nnw" <<EOF
load $F/targets3.csv
target y1 y2 y3
split train=0.7 val=0.15 test=0.15 ordered
add dense 16 tanh
add dense 3
set epochs=300 lr=0.01 seed=3
train
evaluate test
export predictions $T/export.csv
importance target=y2
explain 511 target=y3
predict $F/targets3.csv out=$T/p1.csv
save $T/three.nnwb
EOF
run_nnwb --batch "$T/three.nnw"
check "a 3-target regression trains, evaluates, exports, explains and saves" '[ $rc -eq 0 ]'

# reaches the noise of each target, and the reference network's error
# within 30% (two independent fits of 16 tanh units on 420 rows)
for y in y1 y2 y3; do
    line=$(echo "$out" | grep "^test\[$y\] ")
    check "evaluate prints $y's test line beside its own baseline" \
        '[ -n "$line" ] && echo "$out" | grep -q "^baseline\[$y\] rmse=.* kind=training_mean$"'
    figures=$(echo "$line" | awk -v y=$y -v ref="$F/targets3_reference.txt" '
        BEGIN { while ((getline l < ref) > 0) { split(l, w, " "); if (w[1] == y) { sd = w[2]; rmse = w[3]; r2 = w[5] } } }
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
        END { print v["rmse"], v["r2"], sd, rmse, r2
              exit !(v["rmse"] < 1.5 * sd && v["rmse"] < 1.3 * rmse && v["r2"] > r2 - 0.02) }')
    close=$?
    check "$y: test rmse within 1.5 x the noise and 1.3 x MLPRegressor's (mine r2, noise, reference rmse r2: $figures)" '[ $close -eq 0 ]'
done
check "evaluate prints the mean over the targets and its baseline" \
    'echo "$out" | grep -Eq "^test\[mean\] rmse=[0-9.]+ mae=[0-9.]+ mape=[0-9.]+ r2=0\.9[0-9]+ n=90 targets=3$" &&
     echo "$out" | grep -q "^baseline\[mean\] .* targets=3 kind=training_mean$"'

# each target's printed rmse, mae and r2 recomputed from the export's test rows
check "export writes one truth and one prediction column per target, named after it" \
    '[ "$(head -1 "$T/export.csv")" = "row,split,truth_y1,truth_y2,truth_y3,prediction_y1,prediction_y2,prediction_y3" ]'
for j in 1 2 3; do
    printed=$(echo "$out" | grep "^test\[y$j\] ")
    mine=$(awk -F, -v j=$j -v printed="$printed" '
        $2 == "test" { t = $(2 + j); p = $(5 + j); n++; se += (t - p)^2; ae += (t > p ? t - p : p - t); s += t; ss += t * t }
        END { rmse = sqrt(se / n); mae = ae / n; r2 = 1 - se / (ss - s * s / n)
              split(printed, w, " "); for (i in w) { split(w[i], kv, "="); v[kv[1]] = kv[2] }
              print rmse, mae, r2
              rel = 2e-4
              exit !(n == 90 && (rmse - v["rmse"])^2 <= (rel * rmse)^2 && (mae - v["mae"])^2 <= (rel * mae)^2 &&
                     (r2 - v["r2"])^2 <= 1e-7) }' "$T/export.csv")
    same=$?
    check "y$j: evaluate's rmse, mae and r2 match the exported predictions (mine: $mine)" '[ $same -eq 0 ]'
done

check "importance and explain name the target they describe" \
    'echo "$out" | grep -q "^importance on val (90 rows): rmse=.* target=y2$" &&
     echo "$out" | grep -q "^row 511: prediction=.* target=y3$"'
run_nnwb -e "open $T/three.nnwb; load $F/targets3.csv; importance target=x1"
check "importance target= refuses a column that is not a target, naming the targets" \
    'echo "$err" | grep -q "importance: target=x1 is not a target of the model; its targets are: y1, y2, y3"'

run_nnwb -e "open $T/three.nnwb; predict $F/targets3.csv out=$T/p2.csv"
check "save, open in a new process, predict: byte-identical predictions, one column per target" \
    '[ $rc -eq 0 ] && cmp -s "$T/p1.csv" "$T/p2.csv" &&
     [ "$(head -1 "$T/p2.csv")" = "x1,x2,x3,y1,y2,y3,prediction_y1,prediction_y2,prediction_y3" ] &&
     [ $(wc -l <"$T/p2.csv") -eq 601 ]'
run_nnwb -e "open $T/three.nnwb; load $F/targets3.csv; evaluate"
check "an opened 3-target model scores new data per target" \
    '[ $rc -eq 0 ] && [ $(echo "$out" | grep -c "^all\[y[123]\] ") -eq 3 ] && echo "$out" | grep -q "^all\[mean\] "'

run_nnwb -e "load $F/targets3.csv; target y1 y2 y3; add dense 8 relu; add dense 1; train"
check "a model of 1 output for 3 targets is refused before training, with the remedy" \
    'echo "$err" | grep -q "train: the model ends in 1 unit but the 3 regression targets need 3 (one per target): end with .add dense 3."'

awk 'BEGIN { print "x,y1,c1,c2"; for (i = 1; i <= 12; i++) print i "," i * 3 "," (i % 2 ? "no" : "yes") ",k" i % 3 }' >"$T/mixed.csv"
run_nnwb -e "load $T/mixed.csv; target y1 c2"
check "several targets with a class column among them are refused, saying so" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "several classification targets in one model are not supported"'
run_nnwb -e "load $T/mixed.csv; target y1 x task=multiclass"
check "several targets as classes are refused too" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "asked as task=multiclass; several classification targets"'

# ---- class codes given as integers ----
# the same rows twice: classes coded 0 1 2, and as words that sort the same
# way (class levels are sorted), so that both train the same network
awk 'BEGIN { srand(5); print "x1,x2,class"
             for (i = 0; i < 300; i++) { a = rand(); b = rand(); s = a + b + (rand() - 0.5) * 0.3
                                         printf "%.4f,%.4f,%d\n", a, b, i < 3 ? i : (s < 0.7 ? 0 : s < 1.3 ? 1 : 2) } }' >"$T/codes.csv"
awk -F, 'NR == 1 { print; next } { split("alpha beta gamma", w, " "); print $1 "," $2 "," w[$3 + 1] }' "$T/codes.csv" >"$T/words.csv"
run_nnwb -e "load $T/codes.csv; target class"
check "a number target of 3 whole values gets a note at target saying how to read it as classes" \
    'echo "$out" | grep -qx "note: .class. holds 3 integer codes: treated as regression; for classes use .target class task=multiclass."'
run_nnwb -e "load $T/codes.csv; target class; add dense 8 relu; add dense 3 softmax; train"
check "a softmax on integer codes read as a number suggests task=multiclass, not dense 1" \
    'echo "$err" | grep -q "train: .class. holds 3 integer codes, read as a number (regression), but the model ends in a softmax as for classes: for classes use .target class task=multiclass." &&
     ! echo "$err" | grep -q "dense 1"'
model="add dense 8 relu; add dense 3 softmax; set epochs=40 seed=2; train; evaluate test"
run_nnwb -e "load $T/codes.csv; target class task=multiclass; $model; predict $T/codes.csv out=$T/pc.csv"
codes=$(echo "$out" | grep "^test accuracy=" | sed 's/ auc=.*//')
run_nnwb -e "load $T/words.csv; target class; $model"
words=$(echo "$out" | grep "^test accuracy=" | sed 's/ auc=.*//')
check "task=multiclass on codes scores as the same file with words ($codes)" '[ -n "$codes" ] && [ "$codes" = "$words" ]'
check "predict writes the class codes back as codes" \
    '[ "$(head -1 "$T/pc.csv")" = "x1,x2,class,prediction,p_0,p_1,p_2" ] &&
     [ $(cut -d, -f4 "$T/pc.csv" | tail -n +2 | grep -cvx "[012]") -eq 0 ]'

# ---- a 0/1 column as a number ----
awk 'BEGIN { srand(9); print "x,y1"; for (i = 0; i < 200; i++) { x = rand(); printf "%.4f,%d\n", x, (x + (rand() - 0.5) * 0.4 > 0.5) } }' >"$T/bool.csv"
run_nnwb -e "load $T/bool.csv; target y1 task=regression; add dense 4 tanh; add dense 1; set epochs=30; train; evaluate test"
check "task=regression on a 0/1 column trains and evaluates it as numbers" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "regression)" && echo "$out" | grep -Eq "^test rmse=0\.[0-9]+ "'
run_nnwb -e "load $T/bool.csv types=y1:numeric; describe"
check "load types=y1:numeric overrides the inferred boolean" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  y1 +numeric +count=200 .* min=0 .* max=1$"'

done_testing
