#!/bin/sh
# Control and statistics that are true: what a stopped or stepped run
# says, "did you mean" for argument values, and the record of runs.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
S=${SRCDIR:-.}/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-control.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
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

# suggested VALUE COMMANDS: status 1 and "did you mean VALUE?"
suggested() {
    "$NNWB" -e "load $S/credit_card.csv; $2" >/dev/null 2>"$T/err" && return 1
    grep -q "(did you mean $1?)" "$T/err"
}
check "evaluate tst: did you mean test?" 'suggested test "evaluate tst"'
check "target card task=binry: did you mean binary?" 'suggested binary "target card task=binry"'
check "scale zscor: did you mean zscore?" 'suggested zscore "scale zscor"'

echo "1..$n"
