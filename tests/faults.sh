#!/bin/sh
# Faults tried on the real binary: a full disk while saving, a model or a
# dataset too large, an empty split, a batch larger than the data, a
# constant column, NaN, SIGTERM during training, kill -9 during saves
# and during a checkpointed run. Each must end in a clear message (or go
# on), never a crash, and never leave a half-written file.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch faults
MNT="$T/small"
trap 'umount "$MNT" 2>/dev/null; rm -rf "$T"' EXIT
MODEL="generate linear rows=200 features=3 seed=5; target y; add dense 8 relu; add dense 1"

# ---- a full disk while saving ----
mkdir "$MNT"
if mount -t tmpfs -o size=64k tmpfs "$MNT" 2>/dev/null; then
    "$NNWB" -e "$MODEL; train epochs=1; save $MNT/m.nnwb" >/dev/null 2>&1
    cp "$MNT/m.nnwb" "$T/before.nnwb"
    dd if=/dev/zero of="$MNT/fill" bs=1k 2>/dev/null # fills the disk
    err=$("$NNWB" -e "generate linear rows=200 features=3 seed=5; target y; add dense 400 relu; add dense 1;
                      train epochs=1; save $MNT/m.nnwb" 2>&1 >/dev/null); rc=$?
    check "a full disk: save fails with status 1 and names the file and the cause" \
        '[ $rc -eq 1 ] && echo "$err" | grep -q "^error: .*$MNT/m.nnwb: cannot write: No space left on device; the previous file is unchanged"'
    check "a full disk: the previous file is intact and still opens" \
        'cmp -s "$T/before.nnwb" "$MNT/m.nnwb" && "$NNWB" -e "open $MNT/m.nnwb" >/dev/null 2>&1'
    check "a full disk: no temporary file is left behind" \
        '[ $(ls "$MNT" | wc -l) -eq 2 ]'
    umount "$MNT"
else
    for what in "save fails naming the file" "the previous file is intact" "no temporary file is left"; do
        skip "a full disk: $what" "cannot mount a small tmpfs here (needs root)"
    done
fi
err=$("$NNWB" -e "$MODEL; train epochs=1; save $T/no/such/dir/m.nnwb" 2>&1 >/dev/null); rc=$?
check "saving into a missing directory names the file and the cause" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "$T/no/such/dir/m.nnwb: .*No such file or directory"'

# ---- too large ----
err=$("$NNWB" -e "generate random rows=10000000 features=1000" 2>&1); rc=$?
check "a dataset too large to generate: the error names the size asked for" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "rows=10000000 features=1000: too large (at most 100000000 values)"'
# under a 4 GB address-space limit, so that the allocation fails the same
# way whatever the machine's memory and overcommit policy
if (ulimit -v 4194304 && "$NNWB" --version >/dev/null && echo yes) 2>/dev/null | grep -q yes; then
    err=$(ulimit -v 4194304; "$NNWB" -e "$MODEL; add dense 100000; add dense 100000; add dense 1; train epochs=1" 2>&1 >/dev/null); rc=$?
    check "a model too large for memory: out of memory, naming the megabytes asked for" \
        '[ $rc -eq 1 ] && echo "$err" | grep -Eq "^error: .*out of memory allocating 4000[0-9.]+ MB$"'
else
    skip "a model too large for memory names the megabytes asked for" "cannot run under ulimit -v (a sanitizer build?)"
fi
err=$("$NNWB" -e "$MODEL; add dense 1000000; add dense 1000000; add dense 1; train epochs=1" 2>&1 >/dev/null); rc=$?
check "a model with 10^12 weights: refused, naming the parameters and bytes" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "would need 1000001000000 parameters (4000.0 GB): too many"'
err=$("$NNWB" -e "$MODEL; add dense 2000000000" 2>&1 >/dev/null); rc=$?
check "a layer wider than the limit is refused when added" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "units: expected a whole number from 1 to 1000000"'

# ---- training faults ----
out=$("$NNWB" -e "$MODEL; split train=1 val=0 test=0; train epochs=2; evaluate" 2>"$T/err"); rc=$?
check "no validation or test rows: training and evaluate work on the training rows" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^finished after 2 epochs$" && echo "$out" | grep -q "^train rmse=.* n=200$"'
err=$("$NNWB" -e "$MODEL; split train=0 val=0.5 test=0.5; train epochs=2" 2>&1 >/dev/null); rc=$?
check "no training rows: split refuses them" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "split: train must be more than 0"'
out=$("$NNWB" -e "$MODEL; split train=1 val=0 test=0; train epochs=1; evaluate val" 2>&1); rc=$?
check "evaluate on an empty split gives a clear message" \
    '[ $rc -eq 1 ] && echo "$out" | grep -q "evaluate: the val split is empty"'

out=$("$NNWB" -e "$MODEL; set batch=100000; train epochs=3; evaluate test" 2>"$T/err"); rc=$?
check "a batch larger than the data: one batch of all the rows, then evaluate" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^finished after 3 epochs" && echo "$out" | grep -q "^test rmse="'

{ echo "a,b,y"; i=1; while [ $i -le 60 ]; do echo "$i,5,$((i * 2))"; i=$((i + 1)); done; } >"$T/const.csv"
printf 'a,b\n10,5\n20,7\n' >"$T/const_new.csv"
out=$("$NNWB" -e "load $T/const.csv; target y; add dense 4 relu; add dense 1; train epochs=3;
                  predict $T/const_new.csv" 2>"$T/err"); rc=$?
check "a constant column: training runs with a finite loss and finite predictions" \
    '[ $rc -eq 0 ] && [ $(echo "$out" | grep -Ec "^epoch [0-9]/3 loss=[0-9.e+-]+ ") -eq 3 ] &&
     ! echo "$out" | grep -qi "nan\|inf" && [ $(echo "$out" | grep -Ec "^(10,5|20,7),-?[0-9]") -eq 2 ]'

out=$("$NNWB" -e "$MODEL; optimizer sgd lr=5; train epochs=5; evaluate test" 2>"$T/err"); rc=$?
check "NaN: training stops with the NaN warning and a remedy" \
    '[ $rc -eq 0 ] && grep -q "^warning: NaN/Inf: .*the weights of the last finite step are kept; try .set lr=" "$T/err" &&
     echo "$out" | grep -q "^stopped: not a number"'
check "NaN: evaluate then works on the last finite weights (finite metrics)" \
    'echo "$out" | grep -Eq "^test rmse=[0-9.e+]+ \[[0-9.e+-]+,[0-9.e+-]+\] mae=[0-9.e+]+ \[[0-9.e+-]+,[0-9.e+-]+\] "'

# ---- signals ----
# waits up to $2 tenths of a second for file $1 to hold a line matching $3
wait_line() {
    i=0
    while [ $i -lt "$2" ]; do
        grep -q "$3" "$1" 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
LONG="generate linear rows=20000 features=5 seed=1; target y; add dense 128 relu; add dense 128 relu; add dense 1"
"$NNWB" -e "$LONG; train epochs=100000" >"$T/term.out" 2>&1 &
pid=$!
wait_line "$T/term.out" 300 "^epoch 2/"
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
wait $pid; rc=$?
check "SIGTERM during a batch train ends the process within 2 s (status $rc)" '[ $i -lt 20 ] && [ $rc -ne 0 ]'

# kill -9 while a big model (4 MB) is being saved again and again: the file
# is always whole, as saves go to a temporary that is renamed.
BIG="generate linear rows=100 features=3 seed=2; target y; add dense 1000 relu; add dense 1000 relu; add dense 1; train epochs=1"
"$NNWB" -e "$BIG; save $T/big.nnwb" >/dev/null 2>&1
saves=$(i=0; while [ $i -lt 300 ]; do printf '; save %s' "$T/big.nnwb"; i=$((i + 1)); done)
good=0
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    "$NNWB" -e "$BIG$saves" >"$T/saves.out" 2>&1 &
    pid=$!
    wait_line "$T/saves.out" 100 "^saved" # the saves have begun
    sleep "$(awk "BEGIN { print 0.01 * $k }")"
    kill -9 $pid
    wait $pid 2>/dev/null
    "$NNWB" -e "open $T/big.nnwb" >/dev/null 2>&1 && good=$((good + 1))
done
left=$(ls "$T" | grep -c "^big.nnwb.tmp.")
check "kill -9 in the middle of saves, 20 times: the file always opens ($good/20; $left kills landed mid-write, leaving FILE.tmp.XXXXXX)" \
    '[ $good -eq 20 ]'
err=$("$NNWB" -e "$BIG; save $T/big.nnwb" 2>&1 >/dev/null)
noted=$(echo "$err" | grep -c "^warning: $T/big.nnwb.tmp.[A-Za-z0-9]*: a temporary file left by an interrupted save")
check "the next save names each temporary the kills left ($noted of $left) and leaves them" \
    '[ $noted -eq $left ] && [ $(ls "$T" | grep -c "^big.nnwb.tmp.") -eq $left ]'

# ---- checkpoints ----
if "$NNWB" -e "help train" 2>/dev/null | grep -q "checkpoint"; then
    # no validation rows, so every epoch is a checkpoint
    "$NNWB" -e "$LONG; split train=0.9 val=0 test=0.1; train epochs=100000 checkpoint=$T/ck.nnwb" >"$T/ck.out" 2>&1 &
    pid=$!
    wait_line "$T/ck.out" 300 "^checkpoint epoch=4 "
    kill -9 $pid
    wait $pid 2>/dev/null
    last=$(sed -nE 's|^epoch ([0-9]+)/.*|\1|p' "$T/ck.out" | tail -1)
    saved=$(sed -nE 's|^checkpoint epoch=([0-9]+) file=.*|\1|p' "$T/ck.out" | tail -1)
    check "kill -9 during a checkpointed run loses at most one epoch (last epoch $last, checkpoint $saved)" \
        '[ -n "$saved" ] && [ $((last - saved)) -le 1 ] && [ "$saved" -ge 4 ]'
    printf 'x1,x2,x3,x4,x5\n0.1,0.2,0.3,0.4,0.5\n1,-1,0.5,0,2\n' >"$T/new.csv"
    out=$("$NNWB" -e "open $T/ck.nnwb; predict $T/new.csv" 2>&1); rc=$?
    check "open recovers the checkpoint and predicts with it" \
        '[ $rc -eq 0 ] && echo "$out" | grep -q "^opened .*: 3 layers, input width 5" &&
         [ $(echo "$out" | grep -Ec "^(0.1|1),.*,-?[0-9.]+(e-?[0-9]+)?$") -eq 2 ]'
    out=$("$NNWB" -e "$MODEL; train epochs=6 checkpoint=$T/ck2.nnwb" 2>&1); rc=$?
    best=$(echo "$out" | sed -nE 's/^finished .*best val_loss=.* at epoch ([0-9]+).*/\1/p')
    check "with validation, the last checkpoint is the best epoch ($best)" \
        '[ $rc -eq 0 ] && [ -n "$best" ] && echo "$out" | grep "^checkpoint" | tail -1 | grep -q "^checkpoint epoch=$best "'
    err=$("$NNWB" -e "$MODEL; train epochs=2 checkpoint=$T/no/dir/ck.nnwb" 2>&1 >/dev/null); rc=$?
    check "a checkpoint that cannot be written warns once and training goes on" \
        '[ $rc -eq 0 ] && [ $(echo "$err" | grep -c "^warning: checkpoint: $T/no/dir/ck.nnwb: ") -eq 1 ]'
else
    for what in "kill -9 loses at most one epoch" "open recovers the checkpoint" "the last checkpoint is the best" \
                "a failing checkpoint warns once"; do
        skip "checkpoint: $what" "train has no checkpoint= argument in this build"
    done
fi

done_testing
