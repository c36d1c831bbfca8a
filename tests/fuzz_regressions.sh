#!/bin/sh
# Inputs the fuzzers once crashed on, kept as regressions: each must be
# loaded or refused with a message, never crash (the ASan build runs this
# too). TAP output; $NNWB, $SRCDIR.
n=0
for f in "${SRCDIR:-.}"/tests/fuzz_regressions/csv/*; do
    n=$((n + 1))
    "$NNWB" -e "load $f" >/dev/null 2>&1
    rc=$?
    if [ $rc -le 1 ]; then
        echo "ok $n - $(basename "$f") loads or is refused (status $rc)"
    else
        echo "not ok $n - $(basename "$f") crashed (status $rc)"
    fi
done
echo "1..$n"
