#!/bin/sh
# The decision-boundary pane driven for real in tmux: train a small network
# on xor and see the pane take the gradients' place at 80x24 with the
# field shaded on both sides of the boundary, coloured by side, and the
# training points on top; watch it change while training runs; zoom it;
# see it say why when the data has more than two features; and in a plain
# locale, in ASCII. TAP output; $NNWB, $SRCDIR.
NAME=boundary
. "${SRCDIR:-.}/tests/tmux_harness.sh"
# the boundary pane's inside at 80x24: rows 2-8, right of the loss pane's border
field() { screen | sed -n '2,8p' | sed 's/.*││//'; }
field_colours() { tm capture-pane -e -p -t w | sed -n '2,8p' | sed 's/.*││//'; }

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 80 -y 24 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
check "before any data the gradient pane is where the boundary will go" \
    'wait_for "nnwb>" && screen | grep -q "Gradient norms" && ! screen | grep -q "Decision boundary"'

type_line "generate xor rows=400 noise=0.02; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=200; train"
check "training on two features puts the decision boundary in the gradients' place" \
    'wait_for "┌─ Loss ─+┐┌─ Decision boundary ─+┐" 20 && ! screen | grep -q "Gradient norms"'
check "the run finishes" 'wait_for "finished after 200 epochs" 60'
sleep 0.5 # the final field is drawn within a frame or two
check "the field is shaded on both sides: full blocks for class 1, light or blank for class 0" \
    'field | grep -q "[▓█]" && field | grep -q "░\|   "'
check "the training points of both classes are drawn on top" 'field | grep -q "○" && field | grep -q "●"'
check "the legend names the glyphs and the axes" 'wait_for "○ 0  ● 1  x1 → -?[0-9.]+\.\.[0-9.]+  x2"'
# default theme: class 0 in grad_2 (colour 215, orange), class 1 in grad_1 (75, blue)
check "the field is coloured by side, as in TensorFlow Playground" \
    'field_colours | grep -q "38;5;215m[^[]*░" && field_colours | grep -q "38;5;75m[^[]*█"'

type_line "set lr=0.01; train epochs=100000"
check "a long run starts" 'wait_for " training +[0-9]+/100000 " 20'
sleep 1
before=$(field)
sleep 2
check "the field is redrawn live while training runs" '[ "$(field)" != "$before" ] && screen | grep -q " training "'
type_line "pause"
check "a pause keeps the pane" 'wait_for " paused " && screen | grep -q "Decision boundary"'
type_line "zoom boundary"
check "zoom boundary shows the field alone, over the whole screen" \
    'wait_for "┌─ Decision boundary ─{50,}┐" && [ "$(screen | grep -c "[○●]")" -ge 12 ] && ! screen | grep -q "Loss"'
type_line "zoom off"
type_line "stop"
check "stop leaves the final field in place" 'wait_for " stopped " && wait_for "Decision boundary" && field | grep -q "[▓█]"'

type_line "load samples/credit_card.csv; target card; model new; add dense 8 relu; add dense 1 sigmoid; train epochs=3"
check "data with more than two features brings the gradients back" \
    'wait_for "finished after 3 epochs" 30 && wait_for "Gradient norms" && ! screen | grep -q "Decision boundary"'
type_line "zoom boundary"
check "zoomed, the pane says it needs two features and how many there are" \
    'wait_for "the decision boundary needs two input features; this data has [0-9]+"'
type_line "zoom off"
type_line "quit"
type_line "quit"
check "the workbench leaves with status 0" 'wait_for "exited 0" 10'

# ---- a plain locale: ASCII shades and points ----
tm new-session -d -s plain -x 80 -y 24 "cd '$S' && env LANG=C LC_ALL=C NNWB_HISTORY=$T/h2 '$NNWB'; sleep 30"
SESSION=plain
wait_for "nnwb>"
tm send-keys -t plain -l "generate xor rows=400 noise=0.02; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=200; train"
tm send-keys -t plain Enter
wait_for "finished after" 60
sleep 0.5
plain_field() { screen | sed -n '2,8p' | cut -c42-79; } # bytes: all ASCII here
check "in a plain locale the field and points are ASCII" \
    'screen | grep -q "Decision boundary" && plain_field | grep -q "#" && plain_field | grep -q "o" &&
     plain_field | grep -q "x" && ! plain_field | grep -q "[░▒▓█○●]" && screen | grep -q "o 0  x 1  x1 -> "'

# ---- samples/xor.nnw as a classroom would run it ----
tm new-session -d -s xor -x 80 -y 24 "cd '$S' && NNWB_HISTORY=$T/h3 '$NNWB' samples/xor.nnw; sleep 30"
SESSION=xor
# the third model's evaluate ends with the only interval that clears the
# baseline; its accuracy line has scrolled out of the six-row log by then,
# so the log is zoomed to read it
check "nnwb samples/xor.nnw ends on its ReLU model with the boundary drawn around both classes" \
    'wait_for "does not overlap" 60 &&
     screen | grep -q "Decision boundary" && screen | sed -n "2,8p" | grep -q "[▓█]" &&
     screen | sed -n "2,8p" | grep -q "[○●]"'
tm send-keys -t xor -l -- "zoom log"
tm send-keys -t xor Enter
check "its evaluate shows a test accuracy of at least 0.95" 'wait_for "test accuracy=0\.9[5-9]|test accuracy=1 " 20'
done_testing
