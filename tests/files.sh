#!/bin/sh
# Writing files never damages what is there, through the real binary:
# saves onto a FIFO, a character device, a directory, a symbolic link and
# a hard link; the modes a save gives; temporaries left by kill -9 noted;
# SIGTERM, SIGHUP and SIGINT in the middle of a save leave no temporary;
# standard output that cannot be written (/dev/full, a closed pipe); a
# directory or a script with a UTF-8 BOM given as a script.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch files
MODEL="generate linear rows=60 features=2 seed=3; target y; add dense 4 relu; add dense 1; train epochs=1"
# the type letter ls gives a path: - d l p c s
kind() { ls -ld "$1" 2>/dev/null | cut -c1; }
perms() { ls -ld "$1" 2>/dev/null | cut -c2-10; }

# ---- special files ----
mkfifo "$T/fifo"
(exec cat <"$T/fifo" >"$T/from_fifo") &
reader=$!
# the save must find its reader: wait until the reader is in the FIFO's
# open (the kernel counts it as a reader there, waiting for a writer), at
# most 20 s; otherwise the race would be the test's, not nnwb's
i=0
while [ "$(cat "/proc/$reader/wchan" 2>/dev/null)" != wait_for_partner ] &&
    [ "$(readlink "/proc/$reader/fd/0" 2>/dev/null)" != "$T/fifo" ] && [ $i -lt 400 ]; do
    sleep 0.05
    i=$((i + 1))
done
(sleep 20; kill $reader 2>/dev/null) & # only if the save never opens the FIFO
watchdog=$!
out=$(timeout 20 "$NNWB" -e "$MODEL; save $T/fifo" 2>&1); rc=$?
wait $reader 2>/dev/null
kill $watchdog 2>/dev/null
check "save onto a FIFO with a reader writes through it; the FIFO stays a FIFO" \
    '[ $rc -eq 0 ] && [ "$(kind "$T/fifo")" = p ] && head -1 "$T/from_fifo" | grep -q "^nnwb-model 1$" &&
     cp "$T/from_fifo" "$T/from_fifo.nnwb" && "$NNWB" -e "open $T/from_fifo.nnwb" >/dev/null 2>&1'
err=$(timeout 20 "$NNWB" -e "$MODEL; save $T/fifo" 2>&1 >/dev/null); rc=$?
check "save onto a FIFO with no reader fails at once, neither hangs nor replaces it" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "fifo: cannot open: a FIFO with no reader" && [ "$(kind "$T/fifo")" = p ]'

# a character device of our own when root may make one: as root, a
# regression would replace the system's /dev/null
if mknod "$T/null" c 1 3 2>/dev/null; then
    DEVNULL="$T/null"
elif [ ! -w /dev ]; then
    DEVNULL=/dev/null
fi
if [ -n "$DEVNULL" ]; then
    out=$("$NNWB" -e "$MODEL; save $DEVNULL; export history $DEVNULL" 2>&1); rc=$?
    check "save and export onto a character device write into it; it stays a device" \
        '[ $rc -eq 0 ] && [ "$(kind "$DEVNULL")" = c ] && ! ls "$(dirname "$DEVNULL")" | grep -q "^null.tmp."'
else
    skip "save onto a character device writes into it" "cannot make a device here, and /dev is writable"
fi
mkdir "$T/dir"
err=$("$NNWB" -e "$MODEL; save $T/dir" 2>&1 >/dev/null); rc=$?
check "save onto a directory is refused with a clear error" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "dir: is a directory; only a regular file, a character device or a FIFO can be written" &&
     [ "$(kind "$T/dir")" = d ] && [ -z "$(ls "$T/dir")" ]'

# ---- links ----
"$NNWB" -e "$MODEL; save $T/real.nnwb" >/dev/null 2>&1
chmod 640 "$T/real.nnwb"
ln -s real.nnwb "$T/link.nnwb"
out=$("$NNWB" -e "generate linear rows=60 features=5 seed=3; target y; add dense 4 relu; add dense 1; train epochs=1;
                  save $T/link.nnwb" 2>&1); rc=$?
check "save through a symbolic link replaces its target; the link stays a link" \
    '[ $rc -eq 0 ] && [ "$(kind "$T/link.nnwb")" = l ] && [ "$(readlink "$T/link.nnwb")" = real.nnwb ] &&
     "$NNWB" -e "open $T/real.nnwb" 2>&1 | grep -q "input width 5"'
check "the target keeps its mode (rw-r-----)" '[ "$(perms "$T/real.nnwb")" = "rw-r-----" ]'

ln "$T/real.nnwb" "$T/other.nnwb"
cp "$T/real.nnwb" "$T/before.nnwb"
err=$("$NNWB" -e "$MODEL; save $T/real.nnwb" 2>&1 >/dev/null); rc=$?
check "save onto a hard-linked file warns that the other name keeps the previous content" \
    '[ $rc -eq 0 ] && echo "$err" | grep -q "^warning: $T/real.nnwb: the file has 1 other name (hard links); saving replaces this name only"'
check "the other name is byte-identical to before; this name has the new model" \
    'cmp -s "$T/before.nnwb" "$T/other.nnwb" && ! cmp -s "$T/before.nnwb" "$T/real.nnwb" &&
     "$NNWB" -e "open $T/real.nnwb" 2>&1 | grep -q "input width 2"'

# ---- modes ----
(umask 077 && "$NNWB" -e "$MODEL; save $T/private.nnwb; export history $T/private.csv" >/dev/null 2>&1)
(umask 022 && "$NNWB" -e "$MODEL; save $T/shared.nnwb" >/dev/null 2>&1)
check "a new file follows the umask: 077 gives rw-------, 022 gives rw-r--r--" \
    '[ "$(perms "$T/private.nnwb")" = "rw-------" ] && [ "$(perms "$T/private.csv")" = "rw-------" ] &&
     [ "$(perms "$T/shared.nnwb")" = "rw-r--r--" ]'
chmod 600 "$T/shared.nnwb"
(umask 022 && "$NNWB" -e "$MODEL; save $T/shared.nnwb" >/dev/null 2>&1)
check "a replaced file keeps its mode, not the umask's (rw-------)" '[ "$(perms "$T/shared.nnwb")" = "rw-------" ]'

# ---- temporaries ----
echo "half a model" >"$T/shared.nnwb.tmp.k9Left" # what kill -9 mid-save leaves
err=$("$NNWB" -e "$MODEL; save $T/shared.nnwb" 2>&1 >/dev/null); rc=$?
check "a stale FILE.tmp.XXXXXX is named at the next save of that file, and left alone" \
    '[ $rc -eq 0 ] && echo "$err" | grep -q "^warning: $T/shared.nnwb.tmp.k9Left: a temporary file left by an interrupted save" &&
     [ -f "$T/shared.nnwb.tmp.k9Left" ]'

# Signals in the middle of a save: the process is stopped (SIGSTOP) until
# a temporary of a save in progress is there, then sent the signal and
# continued, so the signal lands mid-save whatever the machine's speed.
S="$T/sig"
mkdir "$S"
BIG="generate linear rows=100 features=3 seed=2; target y; add dense 1000 relu; add dense 1000 relu; add dense 1; train epochs=1"
saves=$(i=0; while [ $i -lt 300 ]; do printf '; save %s' "$S/big.nnwb"; i=$((i + 1)); done)
stopped() { [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = T ]; }
# stops $1 with a temporary present; fails if that did not happen in 300 tries
stop_mid_save() {
    tries=0
    while [ $tries -lt 300 ]; do
        kill -STOP "$1" 2>/dev/null || return 1
        w=0
        while ! stopped "$1" && [ $w -lt 100 ]; do sleep 0.01; w=$((w + 1)); done
        ls "$S" | grep -q "^big.nnwb.tmp." && return 0
        kill -CONT "$1"
        sleep 0.01
        tries=$((tries + 1))
    done
    return 1
}
# signal_mid_save NAME STATUS: sends SIG$1 (twice for INT: the first only
# stops training) in the middle of a save
signal_mid_save() {
    want=$2
    rm -f "$S"/*
    "$NNWB" -e "$BIG$saves" >"$S.out" 2>&1 &
    pid=$!
    landed=yes
    for k in $( [ "$1" = INT ] && echo 1 2 || echo 1); do
        if stop_mid_save $pid; then kill -"$1" $pid; else landed=no; fi
        kill -CONT $pid
    done
    [ $landed = yes ] || kill -9 $pid
    wait $pid; rc=$?
    left=$(ls "$S" | grep -c "^big.nnwb.tmp.")
    if [ $landed = no ]; then
        skip "SIG$1 in the middle of a save" "never caught a save in progress"
    else
        check "SIG$1 in the middle of a save: status $want and no temporary left (status $rc, $left left)" \
            '[ $rc -eq $want ] && [ $left -eq 0 ]'
    fi
}
signal_mid_save TERM 143
signal_mid_save HUP 129
signal_mid_save INT 130

# ---- standard output ----
err=$("$NNWB" -e "$MODEL; columns; save $T/full.nnwb" 2>&1 >/dev/full); rc=$?
check "output to /dev/full: status 1, one message on stderr, the rest of the script still runs" \
    '[ $rc -eq 1 ] && [ $(echo "$err" | grep -c "^nnwb: cannot write standard output: No space left on device; the script goes on without its output$") -eq 1 ] &&
     "$NNWB" -e "open $T/full.nnwb" >/dev/null 2>&1'
err=$("$NNWB" --help 2>&1 >/dev/full); rc=$?
check "--help to /dev/full: status 1 and a message" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "^nnwb: cannot write standard output: No space left on device$"'
# far more output than a pipe holds, so that writes fail once head has left
{ "$NNWB" -e "generate linear rows=20000 features=3; head 20000; $MODEL; save $T/piped.nnwb" 2>"$T/pipe.err"
  echo $? >"$T/pipe.rc"; } | head -1 >/dev/null
check "a closed pipe (| head -1): status 1, a message, and the commands after it still run" \
    '[ "$(cat "$T/pipe.rc")" = 1 ] && grep -q "^nnwb: cannot write standard output: Broken pipe; the script goes on without its output$" "$T/pipe.err" &&
     "$NNWB" -e "open $T/piped.nnwb" >/dev/null 2>&1'

printf 'generate linear rows=30 features=2\ncolumns\n' >"$T/prints.nnw"
err=$("$NNWB" --batch "$T/prints.nnw" 2>&1 >&-); rc=$?
check "a closed standard output (>&-): status 1 and the message once" \
    '[ $rc -eq 1 ] && [ $(echo "$err" | grep -c "cannot write standard output") -eq 1 ]'
# Were fd 1 left closed, the script (the next file opened) would take it,
# and the script's `load /proc/self/fd/1` would read the script itself.
printf 'load /proc/self/fd/1\n' >"$T/fd1.nnw"
err=$("$NNWB" --batch "$T/fd1.nnw" 2>&1 >&-); rc=$?
check "a closed standard output gets /dev/null at start-up: no file nnwb opens becomes fd 1" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "^error: $T/fd1.nnw:1: /proc/self/fd/1: is a device, not a regular file$"'

# ---- what is given as a script ----
mkdir "$T/scripts"
for arg in "$T/scripts" "$T/scripts/"; do
    err=$(timeout 20 "$NNWB" --batch "$arg" 2>&1); rc=$?
    check "--batch on a directory ($arg): status 1 and a clear error" \
        '[ $rc -eq 1 ] && echo "$err" | grep -q "^error: $arg: is a directory, not a regular file$"'
done
err=$("$NNWB" -e "source $T/scripts" 2>&1); rc=$?
check "source on a directory: status 1 and a clear error" \
    '[ $rc -eq 1 ] && echo "$err" | grep -q "^error: $T/scripts: is a directory, not a regular file$"'
printf '\357\273\277generate linear rows=30 features=2\r\ncolumns\r\n' >"$T/notepad.nnw"
out=$("$NNWB" --batch "$T/notepad.nnw" 2>&1); rc=$?
check "a script with a UTF-8 BOM (Windows Notepad): its first command runs" \
    '[ $rc -eq 0 ] && [ $(echo "$out" | grep -c "^generated linear: 30 rows, 3 columns$") -eq 1 ] &&
     [ $(echo "$out" | grep -c "^  x1 ") -eq 2 ]'

done_testing
