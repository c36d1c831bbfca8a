#!/bin/sh
# Inputs the fuzzers once crashed on, kept as regressions: each must be
# loaded or refused with a message, never crash (the ASan build runs this
# too). Model files are crafted with a valid CRC and parts that disagree:
# each must be refused by `open`, naming the file, before `predict` runs.
# TAP output; $NNWB, $SRCDIR.
n=0
for f in "${SRCDIR:-.}"/tests/fuzz_regressions/csv/*; do
    n=$((n + 1))
    [ -f "$f" ] || { echo "not ok $n - no regression inputs at $f"; continue; }
    "$NNWB" -e "load $f" >/dev/null 2>&1
    rc=$?
    if [ $rc -le 1 ]; then
        echo "ok $n - $(basename "$f") loads or is refused (status $rc)"
    else
        echo "not ok $n - $(basename "$f") crashed (status $rc)"
    fi
done
table=$(mktemp "${TMPDIR:-/tmp}/nnwb-regress-XXXXXX.csv") || exit 1
printf 'x1,x2\n2,4\n-1,0\n' >"$table"
for f in "${SRCDIR:-.}"/tests/fuzz_regressions/model_file/*; do
    n=$((n + 1))
    [ -f "$f" ] || { echo "not ok $n - no regression inputs at $f"; continue; }
    err=$("$NNWB" -e "open $f; predict $table" 2>&1 >/dev/null)
    rc=$?
    if [ $rc -eq 1 ] && echo "$err" | grep -qF "$f"; then
        echo "ok $n - $(basename "$f") is refused naming it"
    else
        echo "not ok $n - $(basename "$f") gave status $rc: $err"
    fi
done
rm -f "$table"
echo "1..$n"
