#!/bin/sh
# The loss chart scales honestly, in tmux: its y range follows the epoch
# curves (the per-batch trace clipped to it), `view outliers=hide` leaves
# a huge first epoch out, an earlier run is overlaid only when it trained
# on the same data and loss, named in the legend, and `compare` chooses
# the runs; a continued run is drawn at the epochs its weights trained.
# TAP output; $NNWB, $SRCDIR.
NAME=tui-charts
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 100 -y 30 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
wait_for "nnwb>" || true
# the Loss pane is the top left one: its y labels, x labels and legend
y_labels() { screen | sed -n '2,12p' | sed -nE 's/^│ *([0-9.e-]+)┤.*/\1/p'; }
x_labels() { screen | sed -n '2,13p' | grep -E '^│ +[0-9]+ +[0-9]' | head -1 | cut -c1-50 | tr -cs '0-9' ' '; }
legend() { screen | sed -n 2p | cut -c1-50; }
# the span of the exported epochs' loss and val_loss: "min max"
span() { awk -F, 'NR > 1 { for (i = 2; i <= 3; i++) { if (lo == "" || $i < lo) lo = $i; if ($i > hi) hi = $i } }
                  END { print lo, hi }' "$T/h.csv"; }
# every y label lies within the span plus a margin of $1 of it
labels_within() {
    set -- "$1" $(span)
    for v in $(y_labels); do
        awk -v v="$v" -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN { d = (hi - lo) * m; exit !(v >= lo - d && v <= hi + d) }' ||
            return 1
    done
    [ -n "$(y_labels)" ]
}

CREDIT="load samples/credit_card.csv; target card; drop share expenditure; add dense 16 relu; add dense 1 sigmoid"
type_line "$CREDIT; set patience=0; train epochs=40"
wait_for "finished after 40 epochs" 60 || true
type_line "export history $T/h.csv"
wait_for "wrote history" 5 || true
# per-batch losses of batches of 32 spread from 0.1 to 0.9; the epochs' from 0.34 to 0.7
check "the y range follows the epoch curves, not the per-batch trace: every y label within their span" \
    'labels_within 0.06'
top() { y_labels | sort -g | tail -1; }
type_line "view outliers=hide"
check "view outliers=hide leaves the first epochs' loss out: the top label is below it" \
    'wait_for "range leaves out the top and bottom 5%" 5 &&
     awk -v t="$(top)" -v hi="$(span | cut -d" " -f2)" "BEGIN { exit !(t + 0.05 < hi) }"'
type_line "view outliers=show"
wait_for "range holds every point" 5 || true

type_line "model reset; train epochs=20"
check "a second fresh run on the same data and loss overlays the first, named in the legend" \
    'wait_for "finished after 20 epochs" 60 && wait_for "─ run 1 +─ loss +─ val_loss" 5'
check "the x range follows the current run: 20 epochs, not the 40 of run 1" \
    'x=$(x_labels) && [ -n "$x" ] && [ "$(echo $x | tr " " "\n" | sort -n | tail -1)" -le 20 ]'
type_line "compare off"
check "compare off hides it" 'wait_for "shows the current run alone" 5 && ! legend | grep -q "run 1"'
type_line "compare previous"
wait_for "overlays the last earlier run" 5 || true
type_line "drop age; train epochs=10"
check "a run on other data overlays nothing: its loss does not compare" \
    'wait_for "finished after 10 epochs" 60 && ! legend | grep -q "run [0-9]"'
type_line "compare 1 2"
check "compare 1 2 overlays both, named, and warns that they trained on other data" \
    'wait_for "─ run 1 +─ run 2" 5 && wait_for "run 1 trained on other data" 5'
type_line "compare off; train epochs=12"
check "a train that continues says from which epoch, and the x axis starts there" \
    'wait_for "continuing from epoch [0-9]+" 30 && from=$(screen | sed -nE "s/.*continuing from epoch ([0-9]+).*/\1/p" | tail -1) &&
     wait_for "finished after 12 epochs" 60 && x=$(x_labels) &&
     [ "$(echo $x | tr " " "\n" | sort -n | head -1)" -ge "$from" ]'
type_line "compare 99"
check "compare of a run that does not exist is refused, naming the range" \
    'wait_for "error: compare: .99. is not a run: give run numbers from 1" 5 && screen | grep -q "^│  to 4 as .runs. lists them"'

# LANG=C with NO_COLOR: no colour tells the lines apart, their marks do
tm new-session -d -s plain -x 80 -y 24 "cd '$S' && LANG=C LC_ALL=C NO_COLOR=1 NNWB_HISTORY='$T/h2' '$NNWB'; sleep 60"
SESSION=plain
wait_for "nnwb>" || true
tm send-keys -t plain -l "generate xor rows=200; target y; add dense 8 relu; add dense 1 sigmoid; train epochs=60"
tm send-keys -t plain Enter
check "in LANG=C with NO_COLOR, training and validation loss are drawn with different marks, named in the legend" \
    'wait_for "finished after 60 epochs" 30 && screen | sed -n 2p | grep -q "[*] loss  [+] val_loss" &&
     screen | sed -n "3,7p" | cut -c1-40 | grep -q "[*]" && screen | sed -n "3,7p" | cut -c1-40 | grep -q "[+]"'
SESSION=

done_testing
