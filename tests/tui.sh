#!/bin/sh
# The workbench driven for real in tmux: start it, load a sample, define a
# model, train in the background and watch the epoch counter and the loss
# chart, run commands and change lr while it trains, pause, resume, stop,
# resize, switch themes, complete with Tab, see the overfitting warning,
# and leave with the terminal restored. TAP output; $NNWB, $SRCDIR.
NAME=tui
. "${SRCDIR:-.}/tests/tmux_harness.sh"

export NNWB_HISTORY="$T/history" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
tm new-session -d -s w -x 80 -y 24 "cd '$S' && '$NNWB' 2>>'$T/stderr'; echo exited \$?; sleep 300"
check "the workbench opens at 80x24 with its panes, status line and prompt" \
    'wait_for "nnwb>" && screen | grep -q "Loss" && screen | grep -q "Gradient norms" && screen | grep -q " idle "'

type_line "load samples/credit_card.csv; target card; drop share expenditure"
check "commands print into the log" 'wait_for "step 2: drop share expenditure"'
type_line "add dense 32 relu; add dense 1 sigmoid; set epochs=100000 batch=8"
# at a classroom's pace: on a fast machine an uncapped run reaches, within
# these checks, the epochs where it overfits and diverges, and its
# warnings scroll what the checks read out of 80x24's five log rows
type_line "pace 10"
type_line "train"
epoch_now() { screen | sed -nE "s/.* ([0-9]+)\/100000 .*/\1/p"; }
# waits up to 10 s for the epoch counter to pass $1
advances() {
    i=0
    while [ $i -lt 100 ]; do
        b=$(epoch_now)
        [ -n "$b" ] && [ "$b" -gt "$1" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
check "train returns the prompt at once and the epoch counter advances" \
    'wait_for " training +[0-9]+/100000 " && advances "$(epoch_now)"'
check "the loss chart is drawn with its axes and legend" \
    'screen | grep -q "val_loss" && screen | grep -Eq "┤|\+" && screen | grep -q "epoch"'
type_line "describe income"
check "a command runs during training and prints its output" 'wait_for "income +numeric +count=1319"'
type_line "set lr=0.0005"
check "lr changed during training shows in the status line" 'wait_for "lr=0.0005 " 5'
type_line "add dense 4"
check "a model edit during training is refused, saying to stop first" 'wait_for "error: add: training is running; .stop."'
type_line "pause"
check "pause holds the epoch counter" \
    'wait_for " paused " && a=$(screen | sed -nE "s/.* ([0-9]+)\/100000 .*/\1/p") && sleep 0.6 &&
     b=$(screen | sed -nE "s/.* ([0-9]+)\/100000 .*/\1/p") && [ "$a" = "$b" ]'
type_line "resume"
check "resume continues it" 'wait_for " training " 3'
tm resize-window -t w -x 100 -y 30
check "a resize during training redraws the screen at the new size" \
    'sleep 0.5 && [ "$(screen | wc -l)" -eq 30 ] && screen | grep -q "Data and model" && wait_for " training "'
tm resize-window -t w -x 80 -y 24
tm send-keys -t w C-c
check "Ctrl-C stops training, not the program" 'wait_for " stopped " && wait_for "nnwb>"'
type_line "theme light"
check "theme NAME switches the theme live" 'wait_for "theme changed: light"'
tm send-keys -t w F5
last_theme() { screen | grep -o "theme changed: [a-z0-9_-]*" | tail -n 1; }
i=0
while [ $i -lt 50 ] && [ "$(screen | grep -c "theme changed: ")" -lt 2 ]; do sleep 0.1; i=$((i + 1)); done
check "F5 switches to the next theme and says it as theme NAME does ($(last_theme))" \
    '[ "$(screen | grep -c "theme changed: ")" -ge 2 ] && [ "$(last_theme)" != "theme changed: light" ]'
type_line "theme light"
type_line "theme nosuch"
check "an unknown theme is refused and the theme stays" 'wait_for "error: .*nosuch"'
tm send-keys -t w -l "summ"
tm send-keys -t w Tab
check "Tab completes a command" 'wait_for "nnwb> summary" 3'
tm send-keys -t w C-u
printf 'v\n1\n2\nx\n4\n' >"$T/w.csv"
type_line "zoom log; load $T/w.csv"
check "a load's note (a word read as missing) reaches the log" 'wait_for "warning: .*w\\.csv:4:1: column .v." 5'
printf 'v\n1\n2\nv\n4\n' >"$T/j.csv" # two files joined: the header again on line 4
type_line "load $T/j.csv"
check "a load's note (a repeated header dropped) reaches the log" 'wait_for "warning: .*j\\.csv:4: this line repeats" 5'
type_line "zoom off"
sed '/^evaluate/q' "$S/samples/overfit.nnw" >"$T/overfit.nnw" # its first part: the model that overfits
type_line "pace off"
type_line "source $T/overfit.nnw"
# its own run (150 epochs) on the status line first: the pane shows the
# current run's warnings
check "samples/overfit.nnw's big model raises the overfitting warning, with its remedy, in the pane" \
    'wait_for " [0-9]+/150 " 60 && wait_for "│overfitting: at epoch [0-9]+" 60 && wait_for "-> add dropout" 5'
type_line "zoom log; log warnings"
check "log warnings shows the warnings alone" \
    'wait_for "warnings only" 5 && screen | grep -q "warning: overfitting" && ! screen | grep -q "> source"'
type_line "log commands"
check "log commands shows the commands and hides the warnings" \
    'wait_for "no warnings " 5 && screen | grep -q "> log commands" && ! screen | grep -q "warning: overfitting"'
# the log stays zoomed (`zoom log` toggles, and it is zoomed already: unzoom
# first), and quit waits for the script's `evaluate`, which runs once the
# stopped run has ended: its lines coming after quit's question pushed the
# question out of view (the SkylakeX kernel's timing, and any loaded machine)
type_line "log; zoom off; zoom log"
type_line "stop"
wait_for "kind=training_mean" 30
type_line "quit"
check "quit with a trained, unsaved model asks once" 'wait_for "not saved" 5'
type_line "quit"
check "the second quit leaves, with status 0, and the terminal is restored" 'wait_for "exited 0" 10'
check "history is kept across sessions" 'grep -q "^theme light$" "$T/history"'

# ---- other terminals: a plain locale, no colour, 8 colours ----
BRAILLE=$(printf '\342[\240-\243]') # the UTF-8 lead bytes of U+2800..U+28FF
other() { # $1: environment, $2: session name; trains the xor set briefly
    tm new-session -d -s "$2" -x 80 -y 24 "cd '$S' && env $1 '$NNWB'; sleep 30"
    sleep 0.5
    tm send-keys -t "$2" -l "generate xor rows=200; target y; add dense 8 relu; add dense 1 sigmoid; train epochs=40"
    tm send-keys -t "$2" Enter
    i=0
    while [ $i -lt 100 ] && ! tm capture-pane -p -t "$2" | grep -q "finished after"; do sleep 0.1; i=$((i + 1)); done
}
other "LANG=C LC_ALL=C NNWB_HISTORY=$T/h2" plain
check "in a plain non-UTF-8 locale the charts are ASCII" \
    'tm capture-pane -p -t plain | grep -q "finished after" && ! tm capture-pane -p -t plain | LC_ALL=C grep -q "$BRAILLE" &&
     tm capture-pane -p -t plain | grep -Eq "\|.*[*.]"'
other "NO_COLOR=1 NNWB_HISTORY=$T/h3" nocolor
check "NO_COLOR draws no colours, only attributes" \
    'tm capture-pane -p -t nocolor | grep -q "finished after" && ! tm capture-pane -e -p -t nocolor | grep -Eq "\[(3[0-7]|38;5|4[0-7]|48;5)[;m]"'
other "TERM=screen NNWB_HISTORY=$T/h4" eight
check "an 8-colour terminal gets the 8 basic colours, not 256" \
    'tm capture-pane -p -t eight | grep -q "finished after" && tm capture-pane -e -p -t eight | grep -Eq "\[3[0-7]m|;3[0-7]m" &&
     ! tm capture-pane -e -p -t eight | grep -q "38;5;"'

# ---- stop, and a crash that still restores the terminal ----
tm new-session -d -s crash -x 80 -y 24 "cd '$S' && NNWB_HISTORY=$T/h5 '$NNWB'; echo crashed with \$?; sleep 30"
sleep 0.5
tm send-keys -t crash -l "generate xor rows=500; target y; add dense 8 relu; add dense 1 sigmoid; train epochs=1000000"
tm send-keys -t crash Enter
i=0
while [ $i -lt 100 ] && ! tm capture-pane -p -t crash | grep -q " training "; do sleep 0.1; i=$((i + 1)); done
tm send-keys -t crash -l "stop"
tm send-keys -t crash Enter
i=0
while [ $i -lt 50 ] && ! tm capture-pane -p -t crash | grep -q " stopped "; do sleep 0.1; i=$((i + 1)); done
check "stop ends training within a batch and keeps the prompt" \
    'tm capture-pane -p -t crash | grep -q " stopped " && tm capture-pane -p -t crash | grep -q "stopped after" ||
     { tm capture-pane -p -t crash | sed "s/^/# /"; false; }'
tm send-keys -t crash -l "train epochs=1000000"
tm send-keys -t crash Enter
i=0
while [ $i -lt 100 ] && ! tm capture-pane -p -t crash | grep -q " training "; do sleep 0.1; i=$((i + 1)); done
pkill -INT -P "$(tm display -p -t crash '#{pane_pid}')"
i=0
while [ $i -lt 50 ] && ! tm capture-pane -p -t crash | grep -q " stopped "; do sleep 0.1; i=$((i + 1)); done
# the zoomed log: a warning the run raised in its last epochs is logged
# before its "stopped after" line, and 80x24's five log rows may lose the
# message above it
tm send-keys -t crash -l "zoom log"
tm send-keys -t crash Enter
check "a SIGINT stops training, not the program" \
    'SESSION=crash wait_for "stopping training \(Ctrl-C stops training, not the program\)" 5 &&
     tm capture-pane -p -t crash | grep -q " stopped "'
tm send-keys -t crash -l "zoom off" # the panes back, so that their going away shows
tm send-keys -t crash Enter
SESSION=crash wait_for "─ Loss " 5
pkill -ABRT -P "$(tm display -p -t crash '#{pane_pid}')" # an abort, as from a failed assertion
i=0
while [ $i -lt 50 ] && ! tm capture-pane -p -t crash | grep -q "crashed with 134"; do sleep 0.1; i=$((i + 1)); done
check "a crash restores the terminal (the screen is the shell's again)" \
    'tm capture-pane -p -t crash | grep -q "crashed with 134" && ! tm capture-pane -p -t crash | grep -q "Loss"'

# ---- text that wraps, a status line that drops fields, not digits ----
tm new-session -d -s wrap -x 80 -y 24 "cd '$S' && NNWB_HISTORY=$T/h6 '$NNWB' 2>>'$T/stderr'; sleep 60"
SESSION=wrap
sleep 0.5
tm send-keys -t wrap -l "load samples/credit_card.csv; describe income"
tm send-keys -t wrap Enter
# the line ends "... q3=4 max=13.5": past column 80, it was cut
check "at 80x24 a long log line wraps: describe shows every statistic, the continuation indented" \
    'wait_for "^│ +min=0\.21 .*max=13\.5 +│" 5 && screen | grep -Eq "^│  income +numeric +count=1319 "'
tm send-keys -t wrap -l "zoom loss; describe income"
tm send-keys -t wrap Enter
check "output while another pane is zoomed shows on its border" \
    'wait_for "^└─ log: +income +numeric +count=1319" 5 && ! screen | grep -q "─ Log ─"'
tm send-keys -t wrap -l "describe nosuch"
tm send-keys -t wrap Enter
check "a failing command while a pane is zoomed brings the log back with its error" \
    'wait_for "─ Log ─" 5 && screen | grep -q "error: describe: .*nosuch"'
tm send-keys -t wrap -l "generate xor rows=200; target y; add dense 8 relu; add dense 1 sigmoid; set l2=0.0001; train epochs=300"
tm send-keys -t wrap Enter
best_epoch() { screen | sed -nE "s/.*best val_loss=[0-9.e-]+ at epoch ([0-9]+).*/\1/p" | tail -1; }
check "at 80 columns the status line shows the best epoch's every digit, dropping other fields" \
    'wait_for "finished after 300 epochs" 30 && b=$(best_epoch) && [ -n "$b" ] && [ "$b" -ge 100 ] &&
     screen | grep -Eq "^ finished .* best [0-9.e-]+@$b( |\$)"'
SESSION=

done_testing
