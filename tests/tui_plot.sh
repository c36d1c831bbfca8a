#!/bin/sh
# `plot COL by=KEY` and `plot COL KEY=VALUE` in the workbench, in tmux:
# the Plot pane draws a line per key with the keys in its legend and the
# data's first and last date under it; one key's line is titled by it;
# export plot draws in the theme in use (theme=active) and draws the
# decision boundary while a run trains.
# TAP output; $NNWB, $SRCDIR.
NAME=tui-plot
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 100 -y 30 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
type_line "load samples/stocks.csv; plot price by=symbol"
check "the Plot pane shows a line per symbol, each named in the legend" \
    'wait_for "^│price by symbol +─ AAPL  ─ AMZN  ─ IBM  ─ MSFT  ─ GOOG│" 5'
check "the caption under it is the data's first and last date" \
    'screen | grep -q "^│2000-01-01 ... 2010-03-01 "'
# rows of the data area with braille dots in them
drawn_rows() { screen | perl -CS -ne '$n++ if /^\x{2502} *[0-9.]*[\x{2524}\x{2502}].*[\x{2801}-\x{28FF}]/; END { print $n + 0 }'; }
check "the lines are drawn in the data area, across most of its rows" '[ "$(drawn_rows)" -ge 15 ]'
type_line "plot price symbol=GOOG"
check "plot price symbol=GOOG draws GOOG alone, its dates its own" \
    'wait_for "^│price, symbol = GOOG" 5 && screen | grep -q "^│2004-08-01 ... 2010-03-01 "'
# export plot ... theme=active draws in the theme in use: light.theme's
# background is color255, #eeeeee
type_line "theme light; export plot plot $T/active.svg theme=active"
check "export plot theme=active draws on the background of the theme in use" \
    'wait_for "wrote the plot chart to" 5 &&
     grep -q "<rect x=\"0\" y=\"0\" [^>]*fill:rgb(93.333333%,93.333333%,93.333333%)" "$T/active.svg"'
# the boundary exported while a run trains: from the weights it published
type_line "generate xor rows=200; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=100000 batch=8; train"
wait_for " training +[0-9]+/100000 " 20 || true
sleep 1
type_line "export plot boundary $T/live.png"
check "export plot boundary works while the model trains" \
    'wait_for "wrote the boundary chart to" 10 && [ -s "$T/live.png" ] && screen | grep -q " training "'
tm send-keys -t w C-c
done_testing
