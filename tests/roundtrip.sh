#!/bin/sh
# Save, open, predict: identical, always.  A model that predicts a file in
# the session that trained it, and again in a new process after save/open
# (or after an earlier small predict), must write byte-identical files.
# OpenBLAS rounds a row by its position inside an sgemm call and picks its
# kernel by CPU, so every round trip runs under each kernel this CPU can
# run, and two round trips run at once to load the machine.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
S=${SRCDIR:-.}/samples
scratch roundtrip

# the OpenBLAS kernels this CPU can run
kernels="Prescott"
grep -qw avx /proc/cpuinfo 2>/dev/null && kernels="$kernels Sandybridge"
grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && kernels="$kernels Haswell Zen"
grep -qw avx512f /proc/cpuinfo 2>/dev/null && kernels="$kernels SkylakeX"

# trip K KERNEL: train (settings vary with K), predict, save; then open in a
# new process and predict again.  Prints the number of differing rows.
trip() {
    t=$1 d="$T/$1.$2"
    mkdir -p "$d"
    case $((t % 4)) in
    0) setup="target card; add dense 16 relu; add dense 1 sigmoid" ;;
    1) setup="target card; scale zscore; add dense 12 tanh; add dense 1 sigmoid" ;;
    2) setup="target income; add dense 8 relu; add dense 1" ;;
    3) setup="target card; split train=1; add dense 16 relu; add dense 1 sigmoid" ;;
    esac
    OPENBLAS_CORETYPE=$2 "$NNWB" -e "load $S/credit_card.csv; $setup; set epochs=2 seed=$t batch=$((t * 5 + 3)) threads=$((t % 2 + 1));
        train; predict $S/credit_card.csv out=$d/live.csv; save $d/m.nnwb" >/dev/null 2>"$d/err1"
    OPENBLAS_CORETYPE=$2 "$NNWB" -e "open $d/m.nnwb; predict $S/credit_card.csv out=$d/open.csv" \
        >/dev/null 2>"$d/err2"
    diff "$d/live.csv" "$d/open.csv" 2>/dev/null | grep -c '^>'
}

for kernel in $kernels; do
    bad=0 trips=0
    k=0
    while [ $k -lt 20 ]; do # two at once: a loaded machine
        trip $k "$kernel" >"$T/r.$k" &
        trip $((k + 1)) "$kernel" >"$T/r.$((k + 1))"
        wait
        for j in $k $((k + 1)); do
            trips=$((trips + 1))
            [ "$(cat "$T/r.$j")" = 0 ] && [ -s "$T/$j.$kernel/open.csv" ] || bad=$((bad + 1))
        done
        k=$((k + 2))
    done
    check "OPENBLAS_CORETYPE=$kernel: $trips save/open/predict round trips on credit_card.csv are byte-identical ($bad differ)" \
        '[ $bad -eq 0 ]'
done

# an earlier small predict must not change how a later one rounds (a model
# saved under the last kernel: Haswell exists only on a CPU with AVX2 and FMA)
head -4 "$S/credit_card.csv" >"$T/three.csv"
"$NNWB" -e "open $T/0.$kernel/m.nnwb; predict $T/three.csv out=$T/small.csv; predict $S/credit_card.csv out=$T/after.csv" \
    >/dev/null 2>&1
"$NNWB" -e "open $T/0.$kernel/m.nnwb; predict $S/credit_card.csv out=$T/plain.csv" >/dev/null 2>&1
check "a predict of three rows first leaves the next predict of the whole file unchanged" \
    '[ -s "$T/plain.csv" ] && cmp -s "$T/after.csv" "$T/plain.csv"'
check "the three rows predicted alone match the same rows of the whole file in the printed digits" \
    '[ -s "$T/small.csv" ] && [ "$(sed -n 2,4p "$T/small.csv" | cut -d, -f1-12)" = "$(sed -n 2,4p "$T/plain.csv" | cut -d, -f1-12)" ]'

done_testing
