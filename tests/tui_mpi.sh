#!/bin/sh
# `train ranks=2` in the workbench, in tmux: the epoch counter advances
# and the loss curve is drawn while the ranks train, a live setting is
# refused with the reason, `stop` ends every rank, and the session then
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
# TMPDIR: the ranks' files under $T, so that the check for ranks left
# behind sees this test's ranks only, not those of a test running beside it
tm new-session -d -s w -x 120 -y 36 "cd '$T' && TMPDIR='$T' '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
type_line "generate spirals; target y; add dense 32 relu; add dense 1 sigmoid; set lr=0.003; train ranks=2 epochs=100000"
epoch() { screen | sed -nE 's/^ running +([0-9]+)\/100000 .*/\1/p'; }
wait_for "^ running +[0-9]+/100000 " 30 || true
a=$(epoch)
sleep 1.5
b=$(epoch)
check "train ranks=2 runs in the background, its epoch counter advancing ($a, then $b)" \
    '[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ]'
# the chart's x axis counts the ranks' epochs (ticks such as "50" or,
# past ten thousand epochs on a fast machine, "1e4"), and its curve has
# points (any braille cell)
check "the loss chart draws the ranks' curve" \
    'screen | grep -q "─ loss  ─ val_loss" && screen | grep -Eq "^│ +0 +[1-9][0-9.]*(e[0-9]+)? +[1-9][0-9.]*(e[0-9]+)? " &&
     screen | grep -Pq "^│[^│]*[\\x{2801}-\\x{28ff}]"'
type_line "set lr=0.01"
check "a live set is refused with the reason, not dropped silently" \
    'wait_for "set: the processes of .train ranks=N. take no live control" 5'
type_line "stop"
check "stop ends every rank and brings back the last checkpoint" \
    'wait_for "stopped after [0-9]+ epochs in 2 processes: the last checkpoint" 20 && wait_for "^ idle " 5 &&
     ! pgrep -f "$T/[n]nwb-ranks-.*train.nnw" >/dev/null'
type_line "evaluate"
check "the session evaluates the ranks' model afterwards" 'wait_for "^│test accuracy=0\.[5-9]" 10'
type_line "quit"
type_line "quit"
done_testing
