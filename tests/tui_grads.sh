#!/bin/sh
# The gradient-norms pane names its lines by layer ("1 dense", not "L1",
# which reads as the l1 setting), draws every layer and, when the names do
# not fit, shows those that do and "+N more"; a recurrent layer has a
# second line for its recurrent kernel ("1 lstm rec"). At 120x40 and
# 80x24, in tmux. TAP output; $NNWB, $SRCDIR.
NAME=tui-grads
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
# the second pane of row 2: its columns between the first pane's end and the third's start
pane2_row2() { screen | sed -n 2p | awk -v RS='││' 'NR == 2'; }

tm new-session -d -s w -x 120 -y 40 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
# nine layers of vanishing.nnw's first model, a few epochs
type_line "generate spirals seed=42; target y; set epochs=6"
for i in 1 2 3 4 5 6 7 8; do type_line "add dense 16 sigmoid init=glorot"; done
type_line "add dense 1 sigmoid; train"
wait_for "finished after 6 epochs" 60 || true
check "120x40: the grads pane names lines by layer and kind, whole, then +N more for the nine layers" \
    'pane2_row2 | grep -Eq "─ 1 dense  ─ 2 dense  \+7 more" && ! screen | grep -q "─ L1"'
type_line "zoom grads"
check "zoomed, all nine layers are named" \
    'wait_for "─ 1 dense  ─ 2 dense  ─ 3 dense  ─ 4 dense  ─ 5 dense  ─ 6 dense  ─ 7 dense  ─ 8 dense  ─ 9 dense" 5 &&
     ! screen | grep -q "more"'
type_line "zoom off"
tm resize-window -t w -x 80 -y 24 2>/dev/null || tm resize-pane -t w -x 80 -y 24
type_line "zoom grads" # (at 80x24 a two-input model shows its decision boundary in the pane's place)
check "80x24: the names that fit, whole, and +N more" \
    'wait_for "─ 1 dense  ─ 2 dense  ─ 3 dense  ─ 4 dense  ─ 5 dense  ─ 6 dense  \+3 more" 5'
type_line "zoom off"
# an lstm: its recurrent kernel's line beside the layer's
tm resize-window -t w -x 120 -y 40 2>/dev/null || tm resize-pane -t w -x 120 -y 40
type_line "model new; load samples/stocks.csv; target price; window 12 on=price as=logreturn horizon=1 by=symbol"
type_line "add lstm 8; add dense 1; train epochs=4"
check "an lstm has a second line, its recurrent kernel's" \
    'wait_for "finished after 4 epochs" 60 && wait_for "─ 1 lstm  ─ 1 lstm rec  ─ 2 dense" 5'
done_testing
