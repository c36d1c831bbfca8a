#!/bin/sh
# Words among numbers and repeated headers, through the real binary: a
# few words become missing cells with a warning naming FILE:LINE:COLUMN,
# too many make a text column with a warning naming the first, types=
# forces numeric, a repeated header line is dropped, and describe repeats
# a column's notes; dates in two forms, a word among dates, numbers too
# small for float32 and "1 000" are read with a warning naming the cell. Expected lines and counts follow from the files
# written here. TAP output; $NNWB is the program.
. "${SRCDIR:-.}/tests/harness.sh"
scratch words

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
out=$("$NNWB" -e "load $T/joined.csv; describe" 2>/dev/null)
check "describe repeats the dropped header's note, under the table's row count" \
    'echo "$out" | grep -A1 -x "joined.csv: 1000 rows" | grep -Eq "^ +note: $T/joined.csv:502: this line repeats the header"'

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
# dates in two forms: ISO with one day-first date on line 5; a day-first
# date (line 4) among month-first ones; a word among 24 dates on line 22
printf 'd\n2024-01-31\n2024-02-01\n2024-02-02\n31/01/2024\n2024-02-03\n' >"$T/dates.csv"
out=$("$NNWB" -e "load $T/dates.csv" 2>"$T/err"); rc=$?
check "ISO dates with one 31/01/2024: a date column, that cell read, and a warning says so" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  d +date +missing=0 format=iso$" &&
     grep -Fq "warning: $T/dates.csv:5:1: column \"d\": 1 date not in the column'"'"'s form (iso" "$T/err" &&
     grep -Fq "$T/dates.csv:5:1 \"31/01/2024\" as 2024-01-31" "$T/err"'
printf 'd\n02/13/2024\n03/14/2024\n13/02/2024\n04/15/2024\n' >"$T/mdy.csv"
out=$("$NNWB" -e "load $T/mdy.csv" 2>"$T/err"); rc=$?
check "13/02/2024 among month-first dates: read day first, with a warning naming it" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  d +date +missing=0 format=mdy$" &&
     grep -Fq "$T/mdy.csv:4:1 \"13/02/2024\" as 2024-02-13" "$T/err"'
awk 'BEGIN { print "d"; for (i = 0; i < 25; i++) print (i == 20 ? "soon" : "2001-03-04") }' >"$T/soon.csv"
out=$("$NNWB" -e "load $T/soon.csv" 2>"$T/err"); rc=$?
check "a word among 24 dates: missing, with a warning naming its cell" \
    '[ $rc -eq 0 ] && echo "$out" | grep -Eq "^  d +date +missing=1 " &&
     grep -Fq "warning: $T/soon.csv:22:1: column \"d\": 1 cell is not a date" "$T/err"'

# numbers float32 cannot hold, and thousands grouped by a space
printf 'x,y\n1,"1 000"\n1e-50,2\n1e-320,3\n' >"$T/small.csv"
out=$("$NNWB" -e "load $T/small.csv" 2>"$T/err"); rc=$?
check "1e-50 and 1e-320 are read as 0 with a warning: first cell, count, value" \
    '[ $rc -eq 0 ] && grep -Fq "warning: $T/small.csv:3:1: column \"x\": 2 values too small for float32" "$T/err" &&
     grep -Fq "\"1e-50\" as 0" "$T/err"'
check "\"1 000\" is read as 1000 with a warning naming its cell" \
    'grep -Fq "warning: $T/small.csv:2:2: column \"y\": 1 value with spaces (or apostrophes) between thousands was read as one number: \"1 000\" as 1000" "$T/err"'
done_testing
