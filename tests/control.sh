#!/bin/sh
# Control and statistics that are true: what a stopped or stepped run
# says, "did you mean" for argument values, and the record of runs.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
S=${SRCDIR:-.}/samples
scratch control
LIN="generate linear rows=2000; target y; add dense 4 relu; add dense 1"

# 1400 training rows in batches of 32: 44 batches an epoch
"$NNWB" -e "$LIN; step 5; stop" >"$T/out" 2>&1
check "step with no run going says a new run starts" \
    'grep -q "^step: no training was running, so a new run starts" "$T/out"'
check "stopped within epoch 1 says so, as the status line shows epoch 1" \
    'grep -Eq "^stopped after 0 epochs, in epoch 1(;|$)" "$T/out"'
"$NNWB" -e "$LIN; step 50; stop" >"$T/out" 2>&1
"$NNWB" -e "$LIN; step 1 epoch; stop" >"$T/out2" 2>&1
check "stopped in epoch 2 names it; stopped at an epoch's end names no epoch in progress" \
    'grep -Eq "^stopped after 1 epoch, in epoch 2(;|$)" "$T/out" && grep -Eq "^stopped after 1 epoch(;|$)" "$T/out2"'

# a second train continues; model reset makes the next one start afresh
XOR="generate xor rows=200; target y; add dense 4 tanh; add dense 1 sigmoid; set patience=0"
"$NNWB" -e "$XOR; train epochs=3; train epochs=2; runs; model reset; train epochs=3" >"$T/out" 2>&1
first_epoch() { grep "^epoch 1/3 " "$T/out" | sed -n "$1p" | sed "s/ samples_per_s=[0-9]*//"; }
check "a second train says it continues from epoch 3, and runs says so of run 2"     'grep -q "^continuing from epoch 3: " "$T/out" && grep -q "^run 2: .*(continued from epoch 3);" "$T/out" &&
     ! grep -q "^run 1: .*continued" "$T/out"'
check "after model reset, train starts afresh from the seed: its first epoch is run 1's, to the digit"     'grep -q "^weights reset: the next .train. starts from fresh weights (seed=42)" "$T/out" &&
     [ "$(grep -c "^continuing" "$T/out")" -eq 1 ] && [ -n "$(first_epoch 1)" ] && [ "$(first_epoch 1)" = "$(first_epoch 2)" ]'

# pace: at most N epochs a second, and a stop does not wait for the pace
now() { date +%s.%N; }
a=$(now)
"$NNWB" -e "$XOR; pace 20; train epochs=11" >"$T/out" 2>&1
b=$(now)
check "pace 20 makes 11 epochs last at least the 10 waits of 0.05 s between them" \
    'grep -q "^pace: at most 20 epochs a second" "$T/out" && grep -q "^finished after 11 epochs" "$T/out" &&
     awk -v a="$a" -v b="$b" "BEGIN { exit !(b - a >= 0.5) }"'
"$NNWB" -e "$XOR; pace 0.1; train epochs=5" >"$T/out" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q "^epoch 1/5" "$T/out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
a=$(now)
kill -INT $pid
wait $pid
b=$(now)
check "Ctrl-C during pace 0.1's 10 s wait after epoch 1 stops at once" \
    'grep -q "^stopped after 1 epoch" "$T/out" && awk -v a="$a" -v b="$b" "BEGIN { exit !(b - a < 5) }"'
check "pace refuses a word it does not know, naming the choices" \
    '! "$NNWB" -e "pace quick" 2>"$T/err" && grep -q "pace: .quick. is not a pace: slow, normal, fast, off" "$T/err"'

# suggested VALUE COMMANDS: status 1 and "did you mean VALUE?"
suggested() {
    "$NNWB" -e "load $S/credit_card.csv; $2" >/dev/null 2>"$T/err" && return 1
    grep -q "(did you mean $1?)" "$T/err"
}
check "evaluate tst: did you mean test?" 'suggested test "evaluate tst"'
check "target card task=binry: did you mean binary?" 'suggested binary "target card task=binry"'
check "scale zscor: did you mean zscore?" 'suggested zscore "scale zscor"'

# runs: a run with a live change of lr, then one with other layers
"$NNWB" -e "$LIN; set epochs=3; step 5; set lr=0.02; wait; model new; add dense 8 tanh; add dense 1; train epochs=2; runs" >"$T/out" 2>&1
check "runs lists each run once, with its layers" \
    '[ "$(grep -c "^run " "$T/out")" -eq 2 ] && grep -q "^run 1: dense 4 relu, dense 1 linear; " "$T/out" &&
     grep -q "^run 2: dense 8 tanh, dense 1 linear; " "$T/out"'
check "runs shows the settings a run ended with, the live lr=0.02 included" \
    'grep "^run 1: " "$T/out" | grep -q " lr=0.02 "'
best=$(grep "^finished after 2 epochs; best val_loss=" "$T/out" | sed -E "s/.*best val_loss=([^ ]+) at epoch ([0-9]+).*/\1 at epoch \2/")
check "runs shows each run's best val figures, as the run reported them ($best)" \
    '[ -n "$best" ] && grep "^run 2: " "$T/out" | grep -Eq "best val_loss=${best%% *} val_mae=[0-9.e-]+ at epoch ${best##* }$"'
"$NNWB" -e "$LIN; train epochs=2; cv folds=2 epochs=2; runs" >"$T/out" 2>&1
check "runs tells cv folds from the session's own run" \
    'grep -q "^run 1: dense 4 relu" "$T/out" && grep -q "^run 2 (cv fold 1/2): " "$T/out" &&
     grep -q "^run 3 (cv fold 2/2): " "$T/out"'
"$NNWB" -e "$LIN; train epochs=5; history last 2" >"$T/out" 2>&1
check "history last 2 prints the last two epochs only, and says so" \
    'grep -Eq "^ +4 " "$T/out" && grep -Eq "^ +5 " "$T/out" && ! grep -Eq "^ +3 " "$T/out" &&
     grep -q "^(the last 2 of 5 epochs)$" "$T/out"'
"$NNWB" -e "load $S/credit_card.csv; target card; add dense 4 relu; add dense 1 sigmoid; train epochs=3; history" >"$T/out" 2>&1
check "the history table fits 80 columns" \
    'sed -n "/^epoch  /,\$p" "$T/out" >"$T/table" && [ "$(wc -l <"$T/table")" -eq 4 ] &&
     [ "$(awk "{ if (length(\$0) > m) m = length(\$0) } END { print m }" "$T/table")" -le 80 ]'

done_testing
