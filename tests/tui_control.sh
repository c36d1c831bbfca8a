#!/bin/sh
# The workbench's controls in tmux: extra Tab presses do not list the
# candidates again, `load` lists data files first, Ctrl-C never quits
# over a trained model left unsaved, and a terminal that cannot place the
# cursor gets batch-style output. TAP output; $NNWB, $SRCDIR.
NAME=tui-control
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir "$T/d" "$T/d/adir" && : >"$T/d/a.nnw" && : >"$T/d/b.csv" && : >"$T/d/c.txt"
tm new-session -d -s w -x 100 -y 30 "cd '$T/d' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
tm send-keys -t w -l "load "
tm send-keys -t w Tab
tm send-keys -t w Tab
sleep 0.5
tm send-keys -t w Tab
sleep 0.3
tm send-keys -t w Tab
sleep 0.5
check "load + Tab lists the data file first" 'wait_for "│ *b\.csv +a\.nnw +adir/ +c\.txt" 3'
check "extra Tab presses do not list the candidates again" \
    '[ "$(screen | grep -Ec "b\.csv +a\.nnw")" -eq 1 ]'
tm send-keys -t w C-u
type_line "generate xor rows=200; target y; add dense 4 tanh; add dense 1 sigmoid; train epochs=2"
wait_for "finished after 2 epochs" 20 || true
tm send-keys -t w C-c
sleep 0.3
tm send-keys -t w C-c
sleep 0.5
tm send-keys -t w C-c
check "Ctrl-C pressed quickly three times over an unsaved model does not quit; it says how" \
    'wait_for "model not saved: .save FILE. keeps it, .quit. leaves" 3 && sleep 0.5 && ! screen | grep -q "^exited"'
type_line "train epochs=100000"
wait_for " training +[0-9]+/100000 " 10 || true
sleep 1
type_line "pause"
wait_for " paused +[0-9]+/100000 " 5 || true
eta_rate() { screen | sed -nE "s/.* paused .* ETA ([0-9:]+) ([0-9.]+[kM]?)\/s.*/\1 \2/p"; }
sleep 0.5
a=$(eta_rate)
sleep 2
check "while paused, the ETA and samples/s stand still ($a)" '[ -n "$a" ] && [ "$a" = "$(eta_rate)" ]'
type_line "stop"
type_line "quit"
type_line "quit"
wait_for "exited 0" 10 || true

# a script's pause: it waits for Enter or resume while the prompt stays free
printf 'generate xor rows=100\npause\nrecipe\npause\nsummary\n' >"$T/stages.nnw"
tm new-session -d -s pz -x 100 -y 30 "cd '$T' && NNWB_HISTORY='$T/h2' '$NNWB' stages.nnw 2>>'$T/stderr'; sleep 300"
SESSION=pz
# a typed command's output comes after the loop's turns: had the script
# gone on, its `recipe` would have printed before it
wait_for "the script is paused: press Enter" 10 || true
tm send-keys -t pz -l "columns"
tm send-keys -t pz Enter
check "pause in a script holds it, and typed commands still run" \
    'wait_for "^│ +y +boolean" 5 && ! screen | grep -q "no preparation steps"'
tm send-keys -t pz Enter
check "Enter on an empty line lets it go on to the next pause" \
    'wait_for "the script goes on" 5 && wait_for "no preparation steps" 5 && wait_for "the script is paused" 5 && screen | grep -A3 "no preparation steps" | grep -q "the script is paused"'
tm send-keys -t pz -l "resume"
tm send-keys -t pz Enter
check "resume lets it go on too, to its end" 'wait_for "no layers yet" 5'
SESSION=

tm new-session -d -s dumb -x 80 -y 24 "cd '$S' && TERM=dumb '$NNWB' 2>&1; echo exited \$?; sleep 300"
SESSION=dumb
wait_for "^nnwb>" 5 || true
tm send-keys -t dumb -l "generate xor rows=100; columns"
tm send-keys -t dumb Enter
wait_for "^ *y +boolean" 5 || true
tm send-keys -t dumb C-d
check "TERM=dumb gets a note and batch-style output, line by line, and Ctrl-D leaves with 0" \
    'screen | grep -q "cannot place the cursor, so no workbench screen" && screen | grep -Eq "^ *y +boolean" &&
     wait_for "exited 0" 5'

done_testing
