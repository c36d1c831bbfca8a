#!/bin/sh
# The command line contract: --help, --version, the demo, bad arguments.
# TAP output; $NNWB is the program under test.
. "${SRCDIR:-.}/tests/harness.sh"

out=$("$NNWB" --help); rc=$?
check "--help exits 0" '[ $rc -eq 0 ]'
check "--help shows usage and every option" \
    'echo "$out" | grep -q "^Usage: nnwb" && echo "$out" | grep -q -- "--version" && echo "$out" | grep -q -- "--demo"'

out=$("$NNWB" --version); rc=$?
check "--version exits 0 and names the version" \
    '[ $rc -eq 0 ] && echo "$out" | head -1 | grep -Eq "^nnwb [0-9]+\.[0-9]+\.[0-9]+$"'

err=$("$NNWB" --bogus 2>&1 >/dev/null); rc=$?
check "an unknown option exits 2 and names it" \
    '[ $rc -eq 2 ] && echo "$err" | grep -q -- "--bogus" && echo "$err" | grep -q "nnwb --help"'

out=$("$NNWB" --demo); rc=$?
first=$(echo "$out" | awk '/^epoch +1\//{print $4}')
last=$(echo "$out" | awk '/^epoch 100\//{print $4}')
check "the demo trains the Keras example for 100 epochs" \
    '[ $rc -eq 0 ] && [ -n "$first" ] && [ -n "$last" ] && echo "$out" | grep -q "finished 100 epochs"'
check "the demo loss falls (epoch 1: $first, epoch 100: $last)" \
    'awk -v a="$first" -v b="$last" "BEGIN { exit !(b < 0.8 * a) }"'

# the man page documents every command of the table
man="${SRCDIR:-.}/doc/nnwb.1"
missing=""
for c in $("$NNWB" -e help | awk '/^  [a-z]/ { print $1 }'); do
    grep -q "^\.B $c\|^\.BR .*\b$c\b\|^\.B $c " "$man" || grep -Eq "\b$c\b" "$man" || missing="$missing $c"
done
check "the man page names every command (missing:$missing)" '[ -z "$missing" ]'
check "the man page formats without warnings" \
    '! command -v groff >/dev/null || [ -z "$(groff -man -Tutf8 -ww "$man" 2>&1 >/dev/null)" ]'

done_testing
