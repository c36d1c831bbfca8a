#!/bin/sh
# Echoed values read as the user typed them: a fraction worked out from
# the user's (1 - 0.8 split evenly) and a float setting (dropout's rate,
# stored as a float) are printed in their shortest decimal form, not in
# binary rounding noise; the confusion matrix's columns line up; summary
# shows shapes and parameter counts before `train`.
# TAP output; $NNWB, $SRCDIR.
. "${SRCDIR:-.}/tests/harness.sh"

out=$("$NNWB" -e "generate xor rows=200; split train=0.8" 2>&1)
check "split train=0.8 echoes val=0.1 test=0.1" \
    'echo "$out" | grep -q "split train=0.8 val=0.1 test=0.1 "'
out=$("$NNWB" -e "generate xor rows=200; split train=0.7 test=0.1" 2>&1)
check "split train=0.7 test=0.1 echoes val=0.2" \
    'echo "$out" | grep -q "split train=0.7 val=0.2 test=0.1 "'
out=$("$NNWB" -e "add dropout 0.3" 2>&1)
check "dropout 0.3 echoes rate=0.3" 'echo "$out" | grep -Eq "dropout rate=0\.3$"'

out=$("$NNWB" -e "generate xor rows=200; target y; add dense 4 relu; add dense 1 sigmoid; train epochs=2; evaluate" 2>&1)
# the first matrix: its heading and two rows, every line as long, so
# right-aligned counts sit under their class names
widths=$(echo "$out" | grep "^confusion" | head -3 | awk '{ print length($0) }' | sort -u | wc -l)
check "the confusion matrix is aligned: heading and rows are equally wide" \
    '[ "$(echo "$out" | grep -c "^confusion")" -ge 3 ] && [ "$widths" -eq 1 ] &&
     echo "$out" | grep "^confusion" | sed -n 2p | grep -Eq "^confusion 0 {10}( +[0-9]+){2}$"'

out=$("$NNWB" -e "load ${SRCDIR:-.}/samples/credit_card.csv; target card; add dense 8 relu; add dense 1 sigmoid; summary" 2>&1)
# 11 features: 11*8+8 = 96 and 8*1+1 = 9 parameters, by hand
check "summary before train shows shapes and parameter counts once there is data and a target" \
    'echo "$out" | grep -Eq "^1 +dense 8 relu +\(8\) +96$" && echo "$out" | grep -Eq "^2 +dense 1 sigmoid +\(1\) +9$" &&
     echo "$out" | grep -q "^total params: 105 (input width 11)"'

done_testing
