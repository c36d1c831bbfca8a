#!/bin/sh
# Words among numbers and repeated headers, through the real binary: a
# few words become missing cells with a warning naming FILE:LINE:COLUMN,
# too many make a text column with a warning naming the first, types=
# forces numeric, a repeated header line is dropped, and describe repeats
# a column's notes. Expected lines and counts follow from the files
# written here. TAP output; $NNWB is the program.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-words.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# 1,000 rows; row i on line i + 2; "12*" at row 10, "#N/A" at row 700
awk 'BEGIN { print "id,v"; for (i = 0; i < 1000; i++) print i "," (i == 10 ? "12*" : i == 700 ? "#N/A" : i + 0.5) }' >"$T/two.csv"
out=$("$NNWB" -e "load $T/two.csv; describe v" 2>"$T/err"); rc=$?
check "2 words in 1,000 numbers: the column stays numeric with 2 missing" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  v +numeric +missing=2$"'
check "batch mode warns, naming the column, the count and both cells" \
    'grep -Fq "warning: $T/two.csv:12:2: column \"v\": 2 cells are not numbers" "$T/err" &&
     grep -Fq "$T/two.csv:12:2 \"12*\", $T/two.csv:702:2 \"#N/A\"" "$T/err"'
check "describe shows the note under the column" \
    'echo "$out" | grep -A1 -E "^  v +numeric +count=998 missing=2" | grep -Fq "note: $T/two.csv:12:2: column \"v\""'

# two files joined: the header again on line 502
awk 'BEGIN { print "id,v"; for (i = 0; i < 1000; i++) { if (i == 500) print "id,v"; print i "," 2 * i } }' >"$T/joined.csv"
out=$("$NNWB" -e "load $T/joined.csv" 2>"$T/err"); rc=$?
check "a repeated header line is dropped: 1000 rows, v numeric" \
    '[ $rc -eq 0 ] && echo "$out" | grep -qx "loaded joined.csv: 1000 rows, 2 columns" &&
     echo "$out" | grep -Eq "^  v +numeric +missing=0$"'
check "and a warning names its line" \
    'grep -Fq "warning: $T/joined.csv:502: this line repeats the header" "$T/err"'

# a word every 20 rows, the first on line 5: too many to be missing
awk 'BEGIN { print "id,v"; for (i = 0; i < 1000; i++) print i "," (i % 20 == 3 ? "bad" : i) }' >"$T/many.csv"
out=$("$NNWB" -e "load $T/many.csv" 2>"$T/err"); rc=$?
check "50 words in 1,000: the column is text, and the warning names the first" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  v +text " &&
     grep -Fq "warning: $T/many.csv:5:2: column \"v\": 50 of its 1000 values are not numbers, such as \"bad\"" "$T/err"'
out=$("$NNWB" -e "load $T/many.csv types=v:numeric" 2>"$T/err"); rc=$?
check "types=v:numeric forces it numeric, the words missing, with the note" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  v +numeric +missing=50$" &&
     grep -Fq "$T/many.csv:5:2: column \"v\": 50 cells are not numbers" "$T/err"'
"$NNWB" -e "load $T/many.csv types=w:numeric" 2>"$T/err" >/dev/null; rc=$?
check "types= naming no column is an error naming the argument" \
    '[ $rc -eq 1 ] && grep -Fq "types=w:numeric: the file has no column \"w\"" "$T/err"'
echo "1..$n"
