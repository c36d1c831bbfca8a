#!/bin/sh
# The panes say what they draw, in tmux: the Loss pane's title names log
# scale (F3) and smoothing with its weight (F4, `set smooth=W`, `view
# smoothing=W`), the norms pane's whether it shows gradient or weight norms
# (F6); at 80x24 the loss chart keeps 8 rows. TAP output; $NNWB, $SRCDIR.
NAME=tui-views
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 80 -y 24 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
key() { tm send-keys -t w "$1"; }
title() { screen | sed -n 1p; }

# rows inside the Loss pane: from under its top border to its bottom one
loss_rows() { screen | awk 'NR > 1 && /^└/ { print NR - 2; exit }'; }
check "the workbench opens at 80x24" 'wait_for "nnwb>" 5'
type_line "load samples/credit_card.csv; target card; drop share expenditure; add dense 16 relu; add dense 1 sigmoid"
type_line "train epochs=20"
check "the titles name the plain charts" \
    'wait_for "finished after 20 epochs" 60 && title | grep -q "┌─ Loss ─.*┌─ Gradient norms ─"'
check "at 80x24 the loss chart keeps 8 rows, the log shrinking first" \
    '[ "$(loss_rows)" -ge 8 ] && screen | grep -q "┌─ Log ─"'
key F3
check "F3: the Loss pane's title says log y" 'wait_for "┌─ Loss \(log y\) ─" 5'
key F4
check "F4: and smoothed, with the weight" 'wait_for "┌─ Loss \(log y, smoothed 0\.6\) ─" 5'
key F3
type_line "set smooth=0.85"
check "set smooth=0.85 changes the weight, said in the log and the title" \
    'wait_for "smoothed with weight 0\.85" 5 && wait_for "┌─ Loss \(smoothed 0\.85\) ─" 5'
type_line "set smooth=1"
check "set smooth=1 is refused, naming the argument and the range; the weight stays" \
    'wait_for "error: set: smooth=1: expected a number from 0 to 0\.999" 5 && title | grep -q "smoothed 0\.85"'
type_line "view smoothing=0"
check "view smoothing=0 draws the raw curves: the title says nothing more" \
    'wait_for "draws the raw curves" 5 && wait_for "┌─ Loss ─" 5'
key F4
check "F4 brings back the last weight" 'wait_for "┌─ Loss \(smoothed 0\.85\) ─" 5'
key F6
check "F6: the norms pane's title says weight norms" \
    'wait_for "┌─ Weight norms ─" 5 && ! screen | grep -q "Gradient norms"'
key F6
check "F6 again: gradient norms" 'wait_for "┌─ Gradient norms ─" 5'

done_testing
