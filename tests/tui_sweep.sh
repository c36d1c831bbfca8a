#!/bin/sh
# The Sweep pane in tmux: a sweep takes the charts' place, two trials
# train side by side, `sweep pause` and `resume` hold and free both, its
# table fills as trials end (ranked, the running trials marked), the
# importance ranking and the chart of the figure against a setting appear,
# `compare trial:N` overlays trials on the loss chart that F8 brings back,
# and `sweep best` then `evaluate test` work from the prompt.
# TAP output; $NNWB, $SRCDIR.
NAME=tui-sweep
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 110 -y 34 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
type_line "load samples/credit_card.csv; target card; drop share expenditure; add dense 16 relu; add dropout 0.1; add dense 1 sigmoid"
wait_for "3 dense 1 sigmoid" 5 || true
type_line 'sweep lr="1e-4..1e-2 log" layer1.units=8,16,32 layer2.rate=0..0.5 trials=6 epochs=100000'
check "a sweep puts the Sweep pane in the charts' place, its running trial in the table" \
    'wait_for "─ Sweep ─" 5 && wait_for "│ +1 +(0|[0-9.e-]+) .* running" 5 && ! screen | grep -q "─ Loss ─"'
check "two trials train side by side, each a running row of the table" \
    'wait_for "│ +2 +(0|[0-9.e-]+) .* running" 10 && [ $(screen | grep -Ec "│ +[12] +(0|[0-9.e-]+) .* running") -eq 2 ]'
type_line "sweep pause"
check "sweep pause holds both: the status line says paused" 'wait_for "sweep paused" 5 && wait_for "paused " 5'
type_line "step"
check "step is refused while the trials train side by side" 'wait_for "step: a sweep.s trials train side by side" 5'
type_line "sweep resume"
check "sweep resume runs them on" 'wait_for "sweep resumed" 5 && wait_for "running " 5'
type_line "sweep stop"
# stopping ends the sweep at its first trials: rerun with short trials
type_line 'sweep lr="1e-4..1e-2 log" layer1.units=8,16,32 layer2.rate=0..0.5 trials=6 epochs=200'
check "trials fill the table as they end: six ranked rows, the best first" \
    'wait_for "sweep ended: 6 of 6 trials ran" 60 && [ $(screen | grep -Ec "│ +[1-6] +[1-6] .* done") -eq 6 ]'
check "the importance ranking lists the three settings, and the chart its axis" \
    'screen | grep -q "importance: rho^2 | eta^2 of ranks" && screen | grep -Eq "(lr|layer2.rate|layer1.units) +[0-9.]+ " &&
     screen | grep -Eq "┤|·"'
type_line "compare trial:1 trial:2"
check "compare trial:N overlays trials without a warning" \
    'wait_for "the loss chart overlays the runs named" 5 && ! screen | grep -q "does not compare"'
tm send-keys -t w F8
# the first sweep's two stopped trials are runs 1 and 2: trials 1 and 2 of this one are runs 3 and 4
check "F8 brings the charts back in its place, the loss chart with the trials overlaid" \
    'wait_for "─ Loss ─" 3 && ! screen | grep -q "─ Sweep ─" && wait_for "─ run 3 +─ run 4 +─ loss" 3'
tm send-keys -t w F8
wait_for "─ Sweep ─" 3 || true
type_line "sweep best"
check "sweep best hands the best trial over" 'wait_for "sweep best: trial=" 5'
type_line "evaluate test"
check "evaluate test then scores it" 'wait_for "baseline accuracy=" 10'
type_line "train epochs=2"
check "a train afterwards brings the charts back" 'wait_for "─ Loss ─" 10 && ! screen | grep -q "─ Sweep ─"'
done_testing
