#!/bin/sh
# Paths that are not regular files, given where a file is read: load (CSV),
# open (a model file), source and --batch (scripts). /dev/zero never ends,
# a FIFO with no writer blocks open(), a directory opens and fails later:
# each must end at once in a message naming the path, never hang or fill
# memory. Every run is under `timeout`, so a hang fails a check instead of
# blocking the suite. Also scripts that load ';' files.
# TAP output; $NNWB is the program.
. "${SRCDIR:-.}/tests/harness.sh"
scratch special
mkfifo "$T/fifo" || exit 1
mkdir "$T/dir"
# 124 is timeout's status: a hang
run() { err=$(timeout 20 "$NNWB" "$@" 2>&1 </dev/null >/dev/null); rc=$?; }

for what in "/dev/zero:is a device" "$T/fifo:is a named pipe (FIFO)" "$T/dir:is a directory"; do
    path=${what%%:*} kind=${what#*:}
    for cmd in load open; do
        run -e "$cmd $path"
        check "$cmd $path: refused at once ($kind)" \
            '[ $rc -eq 1 ] && echo "$err" | grep -qF "$path: $kind, not a regular file"'
    done
done
for what in "/dev/zero:is a device, not a regular file" "$T/dir:is a directory, not a regular file" \
            "$T/fifo:the pipe gave nothing to read"; do
    path=${what%%:*} words=${what#*:}
    run -e "source $path"
    check "source $path: refused at once ($words)" \
        '[ $rc -eq 1 ] && echo "$err" | grep -qF "$path: $words"'
    run --batch "$path"
    check "--batch $path: refused at once ($words)" \
        '[ $rc -eq 1 ] && echo "$err" | grep -qF "$path: $words"'
done
if [ -r /proc/self/status ]; then
    run -e "open /proc/self/status"
    check "open /proc/self/status: refused for what it is, a file that says 0 bytes and holds more" \
        '[ $rc -eq 1 ] && echo "$err" | grep -qF "/proc/self/status: the file says it is empty (0 bytes) but holds data"'
else
    skip "open /proc/self/status" "no /proc"
fi
err=$(timeout 20 "$NNWB" --batch - 2>&1 </dev/zero >/dev/null); rc=$?
check "--batch - reading /dev/zero stops at the NUL byte" \
    '[ $rc -eq 1 ] && echo "$err" | grep -qF "<stdin>:1: binary data (a NUL byte)"'
head -c 2000000 /dev/zero | tr '\0' x >"$T/long.nnw"
run --batch "$T/long.nnw"
check "a script line longer than 1 MiB is refused, naming the line" \
    '[ $rc -eq 1 ] && echo "$err" | grep -qF "$T/long.nnw:1: a line longer than 1 MiB"'

# a pipe with a writer is a script like any other (as are <(...) and FIFOs)
out=$(echo "generate xor rows=7" | timeout 20 "$NNWB" --batch /dev/stdin 2>&1); rc=$?
check "--batch /dev/stdin from a pipe runs its commands" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^generated xor: 7 rows"'

# ';' files from a script: sep=";" quoted, and Excel's sep= line
printf 'a;b\n1,5;2\n3;4\n' >"$T/semi.csv"
printf 'load %s sep=";"\ndescribe a\n' "$T/semi.csv" >"$T/semi.nnw"
out=$(timeout 20 "$NNWB" --batch "$T/semi.nnw" 2>&1); rc=$?
check 'load FILE sep=";" in a script reads a ";" file (mean of 1,5 and 3 is 2.25)' \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^loaded .*semi.csv: 2 rows, 2 columns" &&
     echo "$out" | grep -Eq "mean=2.25 "'
printf 'load %s sep=;\n' "$T/semi.csv" >"$T/bare.nnw"
run --batch "$T/bare.nnw"
check 'load FILE sep=; (unquoted) says how to quote it' \
    '[ $rc -eq 1 ] && echo "$err" | grep -qF "a bare ; ends the command: write sep=\";\""'
printf 'sep=;\r\na;b\r\n1,5;2\r\n3;4\r\n' >"$T/excel.csv"
out=$(timeout 20 "$NNWB" -e "load $T/excel.csv; describe a" 2>&1); rc=$?
check 'a first line sep=; is skipped with a note and sets the delimiter' \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^loaded .*excel.csv: 2 rows, 2 columns" &&
     echo "$out" | grep -qF "excel.csv:1: the line \"sep=;\" (as Excel writes) is skipped" &&
     echo "$out" | grep -Eq "mean=2.25 "'

# a file written to while it is loaded: a writer appends all along, so the
# file's size and time differ between the start and the end of the read
awk 'BEGIN { print "a,b,c"; for (i = 0; i < 300000; i++) print i ",w" i % 7 "," 3 * i }' >"$T/grow.csv"
(while :; do echo "1,w,2" >>"$T/grow.csv"; done) &
writer=$!
sleep 0.2
out=$(timeout 20 "$NNWB" -e "load $T/grow.csv" 2>&1); rc=$?
kill $writer; wait $writer 2>/dev/null
check "a CSV that grows while it is loaded is loaded as it was, with a note" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^warning: $T/grow.csv: the file changed while it was being read (it had [0-9]* bytes at the start)"'

done_testing
