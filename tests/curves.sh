#!/bin/sh
# A binary classifier's threshold through the real binary, in batch mode:
# `evaluate` names the best-F1 threshold of the validation rows, and
# `evaluate threshold=T` scores at T (more rows flagged at a lower T);
# `plot roc` / `plot pr` draw the curves of the splits evaluated, their
# AUC the one `evaluate` prints and the one scikit-learn computes from the
# exported predictions; `export plot plot` draws them; the refusals name
# the command and the argument.  TAP output; $NNWB is the program,
# $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch curves
PY=/usr/bin/python3
MODEL="load $SRCDIR/samples/credit_card.csv; target card; drop share expenditure; scale zscore;
add dense 8 relu; add dense 1 sigmoid; set epochs=15 seed=3; train"

run_nnwb -e "$MODEL; evaluate; plot roc; plot pr; export plot plot $T/pr.png; export predictions $T/pred.csv"
best=$(echo "$out" | sed -n 's/^val best_f1=[0-9.]* at threshold=\([0-9.e-]*\) .*/\1/p')
check "evaluate names the validation rows' best-F1 threshold" '[ $rc -eq 0 ] && [ -n "$best" ]'
val_auc=$(echo "$out" | sed -n 's/^val accuracy=.* auc=\([0-9.]*\) .*/\1/p')
roc_auc=$(echo "$out" | sed -n 's/^plot roc: val auc=\([0-9.]*\),.*/\1/p')
check "plot roc's AUC (trapezoids) is evaluate's (ranks)" \
    '[ -n "$roc_auc" ] && awk -v a="$val_auc" -v b="$roc_auc" "BEGIN { exit !(a - b < 0.00006 && b - a < 0.00006) }"'
check "plot roc draws a line per split evaluated" \
    '[ "$(echo "$out" | grep -c "^plot roc: ")" -eq 3 ] && [ "$(echo "$out" | grep -c "^plot pr: ")" -eq 3 ]'
check "export plot plot draws the curves" '[ -s "$T/pr.png" ]'
if [ -x "$PY" ] && "$PY" -c 'import sklearn' 2>/dev/null; then
    sk=$("$PY" - "$T/pred.csv" <<"PY"
import csv, sys
from sklearn.metrics import roc_auc_score
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["split"] == "val"]
print("%.4f" % roc_auc_score([r["truth"] == "yes" for r in rows], [float(r["p_yes"]) for r in rows]))
PY
)
    check "the val AUC is scikit-learn's on the exported predictions" '[ "$sk" = "$roc_auc" ]'
else
    skip "the val AUC is scikit-learn's on the exported predictions" "no /usr/bin/python3 with sklearn"
fi

run_nnwb -e "$MODEL; evaluate val threshold=$best; evaluate val threshold=0.1"
f1_at() { echo "$out" | grep "threshold=$1\$" | sed -n 's/^val .* f1=\([0-9.]*\) .*/\1/p'; }
recall_at() { echo "$out" | grep "threshold=$1\$" | sed -n 's/^val .* recall=\([0-9.]*\) .*/\1/p'; }
check "evaluate threshold= at the best threshold gives the best F1" \
    '[ "$(f1_at "$best")" = "$(echo "$out" | sed -n "s/^val best_f1=\([0-9.]*\) .*/\1/p" | head -1)" ]'
check "a lower threshold flags more rows: recall 1 at 0.1" '[ "$(recall_at 0.1)" = 1 ]'

run_nnwb -e "$MODEL; plot roc"
check "plot roc before evaluate says what to do" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "plot roc: no curves yet: .evaluate. a binary classifier"'
run_nnwb -e "$MODEL; evaluate threshold=2"
check "a threshold out of 0..1 names the argument" '[ $rc -ne 0 ] && echo "$err" | grep -q "evaluate: threshold=2"'
run_nnwb -e "generate linear rows=100; target y; add dense 1; set epochs=2; train; evaluate threshold=0.4"
check "threshold= on a regression is refused" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "evaluate: threshold= is for a binary classifier"'
done_testing
