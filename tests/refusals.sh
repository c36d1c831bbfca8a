#!/bin/sh
# Setups that would train without an error yet cannot learn are refused
# before training, with the remedy; a paused run is called paused.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
S=${SRCDIR:-.}/samples
scratch refusals
CARD="load $S/credit_card.csv; target card; add dense 4 relu"

# refused CMDS MESSAGE-REGEX: status 1, the message, and no epoch ran
refused() {
    out=$("$NNWB" -e "$1" 2>"$T/err"); rc=$?
    [ $rc -eq 1 ] && grep -Eq "$2" "$T/err" && ! echo "$out" | grep -q "^epoch "
}

check "loss bce on a regression target is refused, naming mse" \
    'refused "generate linear rows=200; target y; add dense 4 relu; add dense 1; loss bce; train epochs=2" \
        "^error: .*train: loss bce needs a binary .* this one is regression: .loss mse."'
check "dense 1 softmax on a binary target is refused: its output is constant" \
    'refused "$CARD; add dense 1 softmax; train epochs=2" "always outputs 1 .*add dense 1 sigmoid"'
check "dense 1 softmax on a regression target is refused too: its output is as constant" \
    'refused "generate linear rows=200; target y; add dense 4 relu; add dense 1 softmax; train epochs=2" \
        "always outputs 1 .*: end with .add dense 1.$"'
check "dense 1 linear on a binary target is refused, naming add dense 1 sigmoid" \
    'refused "$CARD; add dense 1; train epochs=2" "binary target needs a probability, but the model ends in a linear unit: end with .add dense 1 sigmoid."'
check "loss cce on a binary target is refused, naming bce" \
    'refused "$CARD; add dense 1 sigmoid; loss cce; train epochs=2" "loss cce needs a target of three or more classes.*binary: .loss bce."'
check "dense 1 sigmoid with the default loss still trains" \
    '"$NNWB" -e "$CARD; add dense 1 sigmoid; train epochs=1" 2>/dev/null | grep -q "^epoch 1/1 "'

awk 'BEGIN { print "name,x"; for (i = 0; i < 400; i++) printf "customer%d,%d\n", i % 120, i }' >"$T/many.csv"
check "a text target of 120 values is refused even with task=multiclass, with the remedy" \
    'refused "load $T/many.csv; target name task=multiclass" "text with 120 distinct values, too many to learn as classes \\(even with task=multiclass\\): group them"'
awk 'BEGIN { print "code,x"; for (i = 0; i < 400; i++) printf "%d,%d\n", 1000 + i % 120, i }' >"$T/codes.csv"
check "a numeric target of 120 values is refused with task=multiclass too, with the same remedy" \
    'refused "load $T/codes.csv; target code task=multiclass" "numbers with over 50 distinct values, too many to learn as classes \(even with task=multiclass\): group them"'
awk -F, 'NR == 1 || $1 < 1050' "$T/codes.csv" >"$T/codes50.csv"
check "a numeric target of 50 values still takes task=multiclass" \
    '"$NNWB" -e "load $T/codes50.csv; target code task=multiclass; add dense 50 softmax; train epochs=1" 2>/dev/null | grep -q "^epoch 1/1 "'
check "split train=0.5 val=0.6 says the fractions sum to 1.1" \
    'refused "load $S/credit_card.csv; split train=0.5 val=0.6" "split: fractions sum to 1.1, must be 1$"'
out=$("$NNWB" -e "generate linear rows=2000; target y; add dense 4 relu; add dense 1; step 2 epochs; evaluate" 2>"$T/err"); rc=$?
check "evaluate after step N epochs says the run is paused, not running" \
    '[ $rc -eq 1 ] && echo "$out" | grep -q "^stepped .*: paused$" && grep -q "evaluate: the run is paused, not finished: .wait." "$T/err"'

done_testing
