#!/bin/sh
# The panes say what they draw, in tmux: the Loss pane's title names log
# scale (F3) and smoothing with its weight (F4, `set smooth=W`, `view
# smoothing=W`), the norms pane's whether it shows gradient or weight norms
# (F6); at 80x24 the loss chart keeps 8 rows. With two inputs the
# gradient norms and the decision boundary are both at hand: side by side
# at 120x40, F9 (or `view beside=`) swaps them at 80x24, named in the
# footer, and samples/vanishing.nnw shows its gradient norms. Generated
# data regenerates in place (recipe, model and settings kept), and `view
# test=show` draws the test rows' points. The tour names its sample files
# from anywhere and waits for each step. TAP output; $NNWB, $SRCDIR.
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


# ---- two inputs: the boundary and the gradient norms ----
# paced to 10 epochs a second, so a run lasts long enough to be seen
tm new-session -d -s van -x 80 -y 24 "cd '$S' && NNWB_HISTORY=$T/h2 '$NNWB' 2>>'$T/stderr'; sleep 300"
SESSION=van
footer() { screen | tail -1; }
wait_for "nnwb>" 5 || true
tm send-keys -t van -l "pace 10; source samples/vanishing.nnw"
tm send-keys -t van Enter
check "at 80x24 samples/vanishing.nnw trains with the gradient norms beside the loss, F9 named in the footer" \
    'wait_for "^ training +[0-9]+/30 " 20 && title | grep -q "┌─ Loss .*┌─ Gradient norms ─" && footer | grep -q "F9 boundary"'
check "its vanishing-gradient warning comes while the gradient norms are on screen" \
    'wait_for "vanishing gradients" 60 && title | grep -q "Gradient norms"'
wait_for "does not overlap" 60 || true # the script's end
tm send-keys -t van F9
check "F9 brings the decision boundary, and the footer offers the norms back" \
    'wait_for "┌─ Decision boundary ─" 5 && ! title | grep -q "Gradient norms" && footer | grep -q "F9 grads"'
tm send-keys -t van -l "view beside=grads"
tm send-keys -t van Enter
check "view beside=grads brings the norms back" 'wait_for "┌─ Gradient norms ─" 5 && ! title | grep -q "Decision"'
tm new-session -d -s wide -x 120 -y 40 "cd '$S' && NNWB_HISTORY=$T/h3 '$NNWB' 2>>'$T/stderr'; sleep 300"
SESSION=wide
wait_for "nnwb>" 5 || true
tm send-keys -t wide -l "pace 10; source samples/vanishing.nnw"
tm send-keys -t wide Enter
check "at 120x40 the loss, the gradient norms and the boundary share the top while it trains; no F9" \
    'wait_for "^ training +[0-9]+/30 " 20 && title | grep -q "┌─ Loss .*┌─ Gradient norms .*┌─ Decision boundary ─" &&
     ! footer | grep -q F9'

# ---- the playground: regenerate in place, test points ----
tm new-session -d -s play -x 80 -y 24 "cd '$S' && NNWB_HISTORY=$T/h4 '$NNWB' 2>>'$T/stderr'; sleep 300"
SESSION=play
wait_for "nnwb>" 5 || true
play() { tm send-keys -t play -l "$1"; tm send-keys -t play Enter; }
play "generate xor rows=400; target y; add dense 8 tanh; add dense 1 sigmoid; set lr=0.02; train epochs=60"
wait_for "finished after 60 epochs" 30 || true
# the boundary's inside: right of the loss pane, above the legend
field() { screen | sed -n '2,8p' | sed 's/.*││//'; }
play "view test=show"
check "view test=show draws the test rows' points as diamonds, named in the title" \
    'wait_for "┌─ Decision boundary \(test ◇ ◆\) ─" 5 && field | grep -q "[◇◆]"'
play "view test=hide"
check "view test=hide takes them away" 'wait_for "┌─ Decision boundary ─" 5 && ! field | grep -q "[◇◆]"'
play "generate xor rows=400 noise=0.3"
check "generate of the same kind regenerates in place, saying what it keeps" \
    'wait_for "weights and the settings are kept; .train. continues" 5'
play "train epochs=5"
check "and train goes on at once with the same target, model and settings" \
    'wait_for "continuing from epoch [0-9]+" 10 && wait_for "finished after 5 epochs" 20 && screen | grep -q "lr=0.02"'

# ---- the tour, started outside the source tree ----
tm new-session -d -s tour -x 80 -y 24 "cd / && NNWB_SAMPLES='$(cd "$S" && pwd)/samples' NNWB_HISTORY=$T/h5 '$NNWB' 2>>'$T/stderr'; sleep 300"
SESSION=tour
wait_for "nnwb>" 5 || true
play() { tm send-keys -t tour -l "$1"; tm send-keys -t tour Enter; }
play "tour"
check "tour names the sample file where NNWB_SAMPLES says" 'wait_for "type .load /[^ ]*/samples/credit_card.csv." 5'
play "tour"
check "tour waits for the step's command" 'wait_for "error: tour: step 1 \(loading data\) waits for .load" 5'
play "load /no/such.csv"
check "a failed step is reported, the tour staying on it" 'wait_for "tour: step 1 waits for its command to succeed" 5'
tm send-keys -t tour -l "load $(cd "$S" && pwd)/samples/credit_card.csv"
tm send-keys -t tour Enter
check "the step's command succeeding lets the tour move on" \
    'wait_for "tour: step 1 done" 10 && play "tour" && wait_for "tour 2/[0-9]+: looking at the data" 5'

# ---- batch ----
run_nnwb -e "generate spirals; target y; set lr=0.05; generate spirals noise=0.2; recipe; set"
check "batch: spirals regenerated in place keep the target step and lr, with a note" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^note: spirals regenerated in place" &&
     echo "$out" | grep -q "^step 1: target y" && echo "$out" | grep -Eq "^  lr +0.05 "'
run_nnwb -e "generate spirals; target y; generate xor; recipe"
check "batch: another kind is new data: no note, a new recipe" \
    '[ $rc -eq 0 ] && ! echo "$out" | grep -q "regenerated" && echo "$out" | grep -q "no preparation steps yet"'
run_nnwb -e "view beside=grads test=show"
check "batch: the screen's view options say they are for the screen, and the script goes on" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "view: beside=grads is for the workbench screen"'
run_nnwb -e "view test=maybe"
check "batch: a bad value is refused naming the argument" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "view: test=maybe"'
SESSION=

done_testing
