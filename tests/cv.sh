#!/bin/sh
# `cv` through the real binary in batch mode: one line per fold, test
# parts that add up to the rows, mean and sd lines that agree with the
# fold lines (recomputed here with awk), the session's model left alone,
# shuffled folds refused on a series, walk-forward by default there, and
# the warning for a shuffled split of overlapping windows.
# TAP output; $NNWB is the program.
. "${SRCDIR:-.}/tests/harness.sh"
scratch cv

MODEL="add dense 8 relu; add dense 1 sigmoid"
"$NNWB" -e "generate xor rows=203; target y task=binary; $MODEL; cv folds=4 epochs=2 batch=16" >"$T/cv.out" 2>&1
rc=$?
check "cv folds=4 succeeds with a header, 4 fold lines and the two summary lines" \
    '[ $rc -eq 0 ] && [ $(grep -c "^cv kind=shuffled folds=4 " "$T/cv.out") -eq 1 ] &&
     [ $(grep -c "^fold " "$T/cv.out") -eq 4 ] && [ $(grep -c "^cv model folds=4 " "$T/cv.out") -eq 1 ] &&
     [ $(grep -c "^cv baseline folds=4 " "$T/cv.out") -eq 1 ]'

# fold K/N train=A test=B: folds numbered 1..4, train + test = all rows,
# the test parts add up to the rows, each within one row of 203/4
check "fold lines number the folds, and their test parts partition the 203 rows" \
    'grep "^fold " "$T/cv.out" | awk "
        { split(\$2, f, \"/\"); sub(\"train=\", \"\", \$3); sub(\"test=\", \"\", \$4)
          if (f[1] != NR || f[2] != 4 || \$3 + \$4 != 203 || (\$4 != 50 && \$4 != 51)) bad = 1
          total += \$4 }
        END { exit bad || total != 203 || NR != 4 }"'

check "every fold line has the loss and the headline metrics, for the model and the baseline" \
    '! grep "^fold " "$T/cv.out" | grep -v "loss=[^ ]* accuracy=[^ ]* auc=[^ ]* f1=[^ ]* baseline_accuracy=[^ ]* baseline_auc=[^ ]* baseline_f1=[^ ]*$" | grep -q .'

# mean and sample sd (n - 1) of each metric over the fold lines, against
# the summary lines' METRIC_mean and METRIC_sd
agree() { # $1: model|baseline, $2: the key in the fold lines, $3: the name in the summary
    awk -v who="$1" -v key="$2" -v name="$3" '
        function value(line, k,   i, n, kv) { n = split(line, kv, " ")
            for (i = 1; i <= n; i++) if (index(kv[i], k "=") == 1) return substr(kv[i], length(k) + 2) + 0
            return "none" }
        /^fold / { v[++folds] = value($0, key) }
        $0 ~ "^cv " who " " { mean = value($0, name "_mean"); sd = value($0, name "_sd") }
        END { for (i = 1; i <= folds; i++) s += v[i]; m = s / folds
              for (i = 1; i <= folds; i++) ss += (v[i] - m) ^ 2; d = sqrt(ss / (folds - 1))
              if (mean == "none" || sd == "none") exit 1
              exit !((mean - m) ^ 2 <= (1e-5 * (1 + m)) ^ 2 && (sd - d) ^ 2 <= (1e-5 * (1 + d)) ^ 2) }' "$T/cv.out"
}
check "the model's mean and sd agree with its fold lines (loss, accuracy, auc, f1)" \
    'agree model loss loss && agree model accuracy accuracy && agree model auc auc && agree model f1 f1'
check "the baseline's mean and sd agree with its fold lines; its auc is 0.5 in every fold" \
    'agree baseline baseline_accuracy accuracy && agree baseline baseline_auc auc &&
     grep -q "^cv baseline .*auc_mean=0.5 auc_sd=0 " "$T/cv.out"'

out=$("$NNWB" -e "generate xor rows=100; target y task=binary; $MODEL; train epochs=2; evaluate test; cv folds=2 epochs=1; evaluate test" 2>&1)
before=$(echo "$out" | sed -n '/^test /p' | head -1)
after=$(echo "$out" | sed -n '/^test /p' | tail -1)
check "cv leaves the session's trained model as it was" \
    '[ -n "$before" ] && [ "$before" = "$after" ] && [ $(echo "$out" | grep -c "^test ") -eq 2 ]'
out=$("$NNWB" -e "generate xor rows=100; target y task=binary; $MODEL; cv folds=2 epochs=1; evaluate" 2>&1)
check "after cv alone nothing is trained" 'echo "$out" | grep -q "evaluate: nothing trained yet"'

# ---- series ----
SERIES="generate gbm rows=120; target y; add dense 4 relu; add dense 1"
out=$("$NNWB" -e "$SERIES; sort date; cv shuffled folds=3 epochs=1" 2>&1); rc=$?
check "shuffled folds after sort are refused, pointing to walk-forward" \
    '[ $rc -ne 0 ] && echo "$out" | grep -q "^error: .*cv shuffled: the rows are a time series.*cv walkforward folds=K" &&
     ! echo "$out" | grep -q "^fold "'
out=$("$NNWB" -e "$SERIES; split train=0.7 ordered; cv shuffled folds=3 epochs=1" 2>&1); rc=$?
check "shuffled folds after an ordered split are refused" '[ $rc -ne 0 ] && echo "$out" | grep -q "time series"'

out=$("$NNWB" -e "$SERIES; sort date; window 3 horizon=2; cv folds=3 epochs=1" 2>&1); rc=$?
check "cv on a series defaults to walk-forward (expanding), with 3 fold lines and regression metrics" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^cv kind=walkforward window=expanding folds=3 " &&
     [ $(echo "$out" | grep -c "^fold [1-3]/3 train=[0-9]* test=[0-9]* loss=[^ ]* rmse=[^ ]* mae=[^ ]* r2=[^ ]* baseline_rmse=") -eq 3 ] &&
     echo "$out" | grep -q "^cv baseline folds=3 rmse_mean="'
check "a walk-forward's later blocks are not reported as rows purged from every part" \
    '! echo "$out" | grep -q "rows left out of every part"'
check "expanding walk-forward trains on more rows fold after fold" \
    'echo "$out" | awk "/^fold / { sub(\"train=\", \"\", \$3); if (\$3 + 0 <= last) bad = 1; last = \$3 + 0 } END { exit bad }"'
out=$("$NNWB" -e "$SERIES; sort date; cv walkforward folds=3 window=sliding epochs=1" 2>&1); rc=$?
check "cv walkforward window=sliding runs" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^cv kind=walkforward window=sliding folds=3 " && [ $(echo "$out" | grep -c "^fold ") -eq 3 ]'

# ---- the leak warning ----
out=$("$NNWB" -e "$SERIES; window 3 horizon=3; split train=0.7 shuffle" 2>&1)
check "a shuffled split of windows with horizon 3 warns of the leak and names the remedy" \
    'echo "$out" | grep -q "^warning: leak: a shuffled split of windows with horizon=3 .*split ... ordered"'
out=$("$NNWB" -e "$SERIES; split train=0.7 shuffle; window 3 horizon=2" 2>&1)
check "the warning comes whichever of split and window is last" 'echo "$out" | grep -q "^warning: leak: .*horizon=2"'
out=$("$NNWB" -e "$SERIES; window 3 horizon=1; split train=0.7 shuffle; window 3 horizon=3; split train=0.7 ordered" 2>&1)
check "no warning for horizon 1, nor for an ordered split" \
    '[ $(echo "$out" | grep -c "^warning: leak") -eq 1 ]'

done_testing
