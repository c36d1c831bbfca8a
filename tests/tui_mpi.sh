#!/bin/sh
# `train ranks=2` in the workbench, in tmux: the epoch counter advances
# and the loss curve is drawn while the ranks train, the status line says
# ranks=2, a live `set lr`, `pause`, `step` and `resume` reach every rank,
# `stop` ends them all with the best epoch's weights, and the session then
# evaluates the ranks' model. Skips without MPI or mpirun. TAP; $NNWB, $SRCDIR.
NAME=tui-mpi
. "${SRCDIR:-.}/tests/tmux_harness.sh"

if "$NNWB" --version | grep -q "under mpirun: no" || ! command -v mpirun >/dev/null 2>&1; then
    echo "1..0 # SKIP this build has no MPI, or mpirun is not on the PATH"
    exit 0
fi
export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
# Open MPI's own variables: loopback only, two ranks whatever the cores
export OMPI_MCA_btl=self,vader,tcp OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo \
    OMPI_MCA_rmaps_base_oversubscribe=1
# under AddressSanitizer, as in tests/mpi.sh: Open MPI's own leaks at
# MPI_Finalize would fail the ranks (tests/test_job_mpi checks the
# workbench side's leaks)
if grep -qa "__asan_init" "$NNWB"; then
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    export ASAN_OPTIONS
fi
# the ranks' temporary files in $T: their processes are told from others' by it
tm new-session -d -s w -x 120 -y 36 "cd '$T' && TMPDIR='$T' '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
type_line "generate spirals; target y; add dense 32 relu; add dense 1 sigmoid; set lr=0.003; train ranks=2 epochs=100000"
epoch() { screen | sed -nE 's/^ (running|paused) +ranks=2 +([0-9]+)\/100000 .*/\2/p'; }
ranks() { pgrep -f "$T/nnwb-ranks-.*/train.nnw"; } # mpirun and the ranks
wait_for "^ running +ranks=2 +[0-9]+/100000 " 30 || true
a=$(epoch)
sleep 1.5
b=$(epoch)
check "train ranks=2 runs in the background, its epoch counter advancing ($a, then $b)" \
    '[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ]'
# (a chart row: the pane's border, a y tick's label or none, the y axis
# as │ or ┤, then the data area)
# the chart's x axis counts the ranks' epochs (ticks such as "50" or,
# past ten thousand epochs on a fast machine, "1e4"), and its curve has
# points (any braille cell)
check "the loss chart draws the ranks' curve" \
    'screen | grep -q "─ loss  ─ val_loss" && screen | grep -Eq "^│ +0 +[1-9][0-9.]*(e[0-9]+)? +[1-9][0-9.]*(e[0-9]+)? " &&
     screen | grep -Pq "^│[^│]{0,8}[│┤][^│]*[\\x{2801}-\\x{28ff}]"'
check "the status line says the job trains in 2 processes" 'screen | grep -Eq "^ running +ranks=2 "'
type_line "set lr=0.01"
check "a live set reaches the ranks: their epochs train with lr=0.01 (status line), marked on the curve" \
    'wait_for "^ running .* lr=0\.01 " 10 && wait_for "^│[^│]{0,8}[│┤][^│]*(┊lr=0\.01|lr=0\.01┊)" 5'
type_line "pause"
check "pause holds every rank: the epoch counter stands still" \
    'wait_for "^ paused +ranks=2 " 5 && sleep 1 && a=$(epoch) && sleep 1 && b=$(epoch) && [ -n "$a" ] && [ "$a" = "$b" ]'
pids=$(ranks)
ticks() { for p in $pids; do cut -d" " -f14,15 /proc/$p/stat; done | awk '{t += $1 + $2} END {print t + 0}'; }
t0=$(ticks); sleep 1; t1=$(ticks)
check "paused ranks do not spin: under 0.2 s of CPU in 1 s for both ($((t1 - t0)) ticks)" \
    '[ -n "$pids" ] && [ $((t1 - t0)) -lt $(( $(getconf CLK_TCK) / 5 )) ]'
a=$(epoch)
type_line "step 1 epoch"
check "step 1 epoch trains the ranks to the end of one epoch and pauses again" \
    'wait_for "^ paused +ranks=2 +$((a + 1))/100000 " 10 && sleep 1 && [ "$(epoch)" = "$((a + 1))" ]'
type_line "resume"
check "resume starts the epoch counter again" \
    'wait_for "^ running +ranks=2 " 5 && sleep 1 && b=$(epoch) && [ -n "$b" ] && [ "$b" -gt "$((a + 1))" ]'
type_line "stop"
check "stop ends every rank at the next batch, with the best epoch's weights as a local run" \
    'wait_for "stopped after [0-9]+ epochs(, in epoch [0-9]+)?; best val_loss=" 20 && wait_for "weights restored" 5 &&
     wait_for "the weights of epoch [0-9]+ .the best val_loss. are the" 5 && wait_for "^ idle " 5 && ! ranks >/dev/null'
type_line "runs"
# what the log says after `> runs`, its wrapped lines joined: where they
# wrap depends on the epoch count's width
runs_text() { screen | sed -n '/> runs/,$p' | sed -E 's/^│ *//; s/ *│.*//' | tr '\n' ' ' | tr -s ' '; }
check "runs lists the ranks' run once, with its settings (lr as last set) and how it ended" \
    'wait_for "^│run 1 .ranks=2.: dense 32 relu, dense 1 sigmoid; loss=bce" 5 &&
     runs_text | grep -Eq "run 1 .ranks=2.: dense 32 relu, dense 1 sigmoid; loss=bce optimizer=adam lr=0\.01 batch=32 epochs=100000; [0-9]+ epochs, stopped; best val_loss=" &&
     [ "$(screen | grep -c "run [0-9]")" -eq 1 ]'
type_line "evaluate"
check "the session evaluates the ranks' model afterwards" 'wait_for "^│test accuracy=0\.[5-9]" 10'
type_line "quit"
type_line "quit"
done_testing
