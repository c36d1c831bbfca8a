#!/bin/sh
# `sweep` through the real binary in batch mode: a grid whose best setting
# is known, one line per trial, the same trials from the same seed,
# successive halving stopping the trials it should at their rungs, `sweep
# best` handing the session a model that `evaluate test` scores and whose
# figure a plain `train` with the same settings reproduces, test rows that
# the search never reads, `export sweep`, and refusals that change nothing.
# TAP output; $NNWB is the program.
. "${SRCDIR:-.}/tests/harness.sh"
scratch sweep

XOR="generate xor rows=300; target y task=binary; add dense 8 relu; add dense 1 sigmoid; set batch=16"
strip() { sed 's/ seconds=[^ ]*//; s/; [0-9.]* s$//'; } # the only figures that vary from run to run

# ---- a grid with a predictable best: xor needs more than one hidden unit ----
run_nnwb -e "$XOR; sweep layer1.units=1,16 lr=0.001,0.03 epochs=30"
grid=$out
check "a 2x2 grid runs 4 trials, one line each, every combination once" \
    '[ $rc -eq 0 ] && [ $(echo "$grid" | grep -c "^sweep [1-4]/4 trial=") -eq 4 ] &&
     [ $(echo "$grid" | grep "^sweep [1-4]/4" | sed "s/.*trial=[0-9]* \(layer1.units=[^ ]* lr=[^ ]*\).*/\1/" | sort -u | wc -l) -eq 4 ]'
check "the best trial is 16 units at the larger rate, ranked on validation" \
    'echo "$grid" | grep -q "^best trial=4 layer1.units=16 lr=0.03 state=done epochs=30 .*val_loss=.*honest figure"'
check "the sweep says the test rows are not used" 'echo "$grid" | grep -q "^sweep trials=4 method=grid .*test rows are not used"'

# ---- random search: the seed's trials ----
RANDOM_SWEEP="sweep lr=\"1e-4..1e-1 log\" layer2.rate=0..0.5 trials=5 epochs=4"
DROP="generate xor rows=300; target y task=binary; add dense 8 relu; add dropout 0.1; add dense 1 sigmoid; set batch=16"
one=$("$NNWB" -e "$DROP; $RANDOM_SWEEP" 2>&1 | grep "^sweep [0-9]" | strip)
two=$("$NNWB" -e "$DROP; $RANDOM_SWEEP" 2>&1 | grep "^sweep [0-9]" | strip)
other=$("$NNWB" -e "$DROP; set seed=7; $RANDOM_SWEEP" 2>&1 | grep "^sweep [0-9]" | strip)
check "random search draws and scores the same 5 trials from the same seed" \
    '[ $(echo "$one" | grep -c .) -eq 5 ] && [ "$one" = "$two" ]'
check "another seed draws other trials" '[ -n "$other" ] && [ "$one" != "$other" ]'
check "random values keep their bounds" \
    'echo "$one" | awk "{ for (i = 1; i <= NF; i++) { split(\$i, kv, \"=\")
        if (kv[1] == \"lr\" && (kv[2] < 1e-4 || kv[2] > 0.1)) bad = 1
        if (kv[1] == \"layer2.rate\" && (kv[2] < 0 || kv[2] > 0.5)) bad = 1 } } END { exit bad }"'

# ---- successive halving: two hopeless rates stop at the first rung ----
run_nnwb -e "$XOR; sweep lr=0.05,0.00001,0.00002 prune=halving epochs=9"
check "halving sets rungs at epochs 1 and 3 of 9" 'echo "$out" | grep -q "^sweep trials=3 .*prune=halving rungs=1,3 "'
check "the first trial trains all 9 epochs; the two hopeless ones are pruned at epoch 1" \
    'echo "$out" | grep -q "^sweep 1/3 trial=1 lr=0.05 state=done epochs=9 " &&
     echo "$out" | grep -q "^sweep 2/3 trial=2 lr=0.00001 state=pruned epochs=1 " &&
     echo "$out" | grep -q "^sweep 3/3 trial=3 lr=0.00002 state=pruned epochs=1 "'
check "the saving is reported: 11 of 27 epochs" \
    'echo "$out" | grep -q "^sweep ended: 3 of 3 trials ran, 2 pruned; 11 of 27 epochs trained (59% saved by pruning)"'

# ---- side by side: two lanes give the lines of one, pruning included ----
LANES="$DROP; sweep lr=\"1e-4..1e-1 log\" layer1.units=2,8,16 trials=12 prune=halving epochs=27"
one_lane=$("$NNWB" -e "$LANES lanes=1" 2>&1 | strip)
two_lanes=$("$NNWB" -e "$LANES lanes=2" 2>&1 | strip)
check "trials on two lanes end, are pruned and ranked exactly as on one (a rung waits for the trials before)" \
    '[ $(echo "$one_lane" | grep -c "^sweep [0-9]*/12 .*state=pruned") -ge 3 ] && [ "$one_lane" = "$two_lanes" ]'
# trial 1 (1,024 units on 14,000 rows) reaches its rung long after trial 2
# (1 unit) beside it, and trial 2, worse there, waits for it and stops
run_nnwb -e "generate xor rows=20000; target y task=binary; add dense 8 relu; add dense 1 sigmoid; set batch=16;
sweep lr=0.05,0.00001 layer1.units=1024,1 prune=halving epochs=3 lanes=2"
check "a fast trial waits at its rung for the slow one begun before it, and is judged against it" \
    'echo "$out" | grep -q "^sweep 1/4 trial=1 lr=0.05 layer1.units=1024 state=done epochs=3 " &&
     echo "$out" | grep -q "^sweep 2/4 trial=2 lr=0.05 layer1.units=1 state=pruned epochs=1 "'
run_nnwb -e "$XOR; sweep lr=0.1,0.2 lanes=2 cv=3"
check "cv= trains its trials one after the other: lanes=2 is refused" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "with cv= the trials train one after the other"'

# ---- sweep best, evaluate test, and the figure retrained ----
run_nnwb -e "$XOR; sweep lr=0.003,0.03 l2=0,0.001 epochs=20; sweep best; evaluate test"
best=$(echo "$out" | sed -n 's/^sweep best: trial=[0-9]* \(lr=[^ ]* l2=[^ ]*\) .* val_loss=\([^ ]*\) .*/\1 \2/p')
check "sweep best hands over a model that evaluate test scores" \
    '[ $rc -eq 0 ] && [ -n "$best" ] && echo "$out" | grep -q "evaluate test. gives the honest one" &&
     echo "$out" | grep -q "^test accuracy="'
settings=${best% *} figure=${best##* }
retrained=$("$NNWB" -e "$XOR; set $settings epochs=20; train" 2>&1 | sed -n 's/.*best val_loss=\([^ ]*\) at epoch.*/\1/p')
check "a plain train with the best trial's settings and seed reproduces its validation figure" \
    '[ -n "$figure" ] && [ "$retrained" = "$figure" ]'

# ---- the test rows are never read ----
# xor-like rows in a file; the rows the split makes test rows (as `export
# predictions` lists them) then get absurd features. Labels stay, so the
# stratified split picks the same rows.
awk 'BEGIN { s = 12345; print "x1,x2,y"
    for (i = 0; i < 300; i++) { s = (s * 1103515245 + 12345) % 2147483648; a = s / 2147483648 - 0.5
        s = (s * 1103515245 + 12345) % 2147483648; b = s / 2147483648 - 0.5
        printf "%.6f,%.6f,%d\n", a, b, (a > 0) != (b > 0) } }' >"$T/clean.csv"
"$NNWB" -e "load $T/clean.csv; target y task=binary; add dense 1 sigmoid; train epochs=1; export predictions $T/split.csv" >/dev/null 2>&1
awk -F, 'NR == FNR { if ($2 == "test") test[$1 + 1] = 1; next }
    FNR in test { printf "%s,%s,%s\n", $1 * 1e6 + 1e6, -$2 * 1e6, $3; next } { print }' "$T/split.csv" "$T/clean.csv" >"$T/poisoned.csv"
check "the poisoned file differs from the clean one in exactly the 45 test rows" \
    '[ $(diff "$T/clean.csv" "$T/poisoned.csv" | grep -c "^>") -eq 45 ]'
# unpoisoned SWEEP_ARGS: the trial lines and the best line on the clean
# file and on the poisoned one are the same (3 lines)
unpoisoned() {
    S="target y task=binary; add dense 8 relu; add dense 1 sigmoid; sweep lr=0.003,0.03 $1"
    clean=$("$NNWB" -e "load $T/clean.csv; $S" 2>&1 | grep "^sweep [0-9]\|^best" | strip)
    poisoned=$("$NNWB" -e "load $T/poisoned.csv; $S" 2>&1 | grep "^sweep [0-9]\|^best" | strip)
    [ $(echo "$clean" | grep -c .) -eq 3 ] && [ "$clean" = "$poisoned" ]
}
check "poisoned test rows leave every trial and the best one unchanged" 'unpoisoned epochs=10'

# ---- cv=K: ranked on folds of the training and validation rows ----
run_nnwb -e "$XOR; sweep layer1.units=1,16 lr=0.001,0.03 epochs=20 cv=3; export sweep $T/cv.csv; sweep best"
check "cv=3 ranks the same grid on 3 folds of the 255 non-test rows, and finds the same best" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "mean of 3 folds of the 255 training and validation rows" &&
     [ $(echo "$out" | grep -c "^sweep [1-4]/4 trial=") -eq 4 ] &&
     echo "$out" | grep -q "^best trial=4 layer1.units=16 lr=0.03 .*on the folds. mean" &&
     echo "$out" | grep -q "^sweep ended: 4 of 4 trials ran, 0 pruned; 240 of 240 epochs"'
check "with cv=K the export has a fold column and every fold's epochs; sweep best hands over settings to train" \
    '[ "$(head -1 "$T/cv.csv")" = "trial,fold,layer1.units,lr,state,seconds,epoch,loss,val_loss,accuracy,val_accuracy" ] &&
     [ $(grep -c "^[1-4],[1-3]," "$T/cv.csv") -eq 240 ] && echo "$out" | grep -q "untrained (cv=3 kept no model): .train."'
check "with cv=K too, poisoned test rows leave every trial unchanged" 'unpoisoned "epochs=5 cv=3"'
run_nnwb -e "$XOR; sweep lr=0.1,0.2 cv=3 prune=halving"
check "cv= with prune=halving is refused" '[ $rc -ne 0 ] && echo "$err" | grep -q "do not go together"'
run_nnwb -e "generate gbm rows=120; target y; split train=0.7 val=0.15 test=0.15 ordered; add dense 4 relu; add dense 1; sweep lr=0.1,0.2 cv=3"
check "cv= on a series is refused (shuffled folds would train on the future)" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "time series"'

# ---- export sweep, top ----
run_nnwb -e "$XOR; sweep lr=0.001,0.01,0.1 epochs=5; sweep top 2; export sweep $T/sweep.csv"
check "sweep top 2 lists two trials, best first" \
    '[ $(echo "$out" | grep -c "^[12]\. trial=") -eq 2 ] && echo "$out" | grep -q "^1\. trial="'
check "export sweep writes a row per epoch of every trial, with its setting and state" \
    '[ "$(head -1 "$T/sweep.csv")" = "trial,lr,state,seconds,epoch,loss,val_loss,accuracy,val_accuracy" ] &&
     [ $(grep -c "^[1-3],0\.[0-9]*,done," "$T/sweep.csv") -eq 15 ]'

# ---- each trial's curve overlaid with compare, on the screen and in a file ----
# The loss lines of an SVG: stroked paths of 5 epochs (as export_plot.sh counts them).
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
loss_lines() {
    "$PY" - "$1" <<"PY"
import sys, xml.etree.ElementTree as ET
paths = [p for p in ET.parse(sys.argv[1]).getroot().iter() if p.tag.endswith("path")]
print(sum(1 for p in paths if "fill:none" in p.get("style", "") and p.get("d", "").count(" L ") == 5))
PY
}
run_nnwb -e "$XOR; sweep lr=0.001,0.01,0.1 epochs=5; export plot loss $T/previous.svg; compare trial:1 trial:2;
export plot loss $T/trials.svg; compare off; export plot loss $T/alone.svg; compare 1 3"
check "trials train on the same rows with the same loss: compare overlays them without a warning" \
    '[ $rc -eq 0 ] && ! echo "$err" | grep -q "does not compare" && echo "$out" | grep -q "overlays the runs named"'
check "the loss chart overlays the previous trial by default, trial:N names trials (SVG paths)" \
    '[ "$(loss_lines "$T/alone.svg") $(loss_lines "$T/previous.svg") $(loss_lines "$T/trials.svg")" = "2 3 4" ]'
run_nnwb -e "$XOR; compare trial:1"
check "compare trial:N before any sweep says so" '[ $rc -ne 0 ] && echo "$err" | grep -q "no sweep has run"'
run_nnwb -e "$XOR; sweep lr=0.001,0.01 epochs=2; compare trial:3"
check "compare trial:N past the sweep's trials names the range" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "compare: .trial:3. is not a trial: give trial:N with N from 1 to 2"'

# ---- refusals change nothing ----
run_nnwb -e "$XOR; sweep lrr=0.1,0.2"
check "an unknown key is refused with a suggestion" '[ $rc -ne 0 ] && echo "$err" | grep -q "did you mean lr"'
run_nnwb -e "$XOR; sweep lr=0.1..0.5 method=grid"
check "a grid of a range is refused" '[ $rc -ne 0 ] && echo "$err" | grep -q "a grid needs lists"'
run_nnwb -e "$XOR; sweep best"
check "sweep best before any sweep says so" '[ $rc -ne 0 ] && echo "$err" | grep -q "no sweep yet"'
run_nnwb -e "$XOR; split train=0.8 test=0.2; sweep lr=0.1,0.2"
check "a sweep without validation rows is refused (it never ranks on test rows)" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "no validation rows"'
done_testing
