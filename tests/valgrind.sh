#!/bin/sh
# Batch runs under valgrind memcheck: no invalid access, no uninitialised
# read, no definite or indirect leak.  The sanitizer builds check every
# sample for invalid accesses and leaks; what memcheck adds is uninitialised
# reads, and it runs a hundred times slower, so it covers a representative
# subset: credit_risk (CSV loading, a recipe, classification training,
# evaluate, importance, explain), stock_returns (windows over a series,
# regression, forecast baselines) and a round trip of its own (dense and
# dropout training, save, open, predict).  Skipped for sanitizer builds
# (valgrind cannot run them) and without valgrind.  TAP output; $NNWB,
# $SRCDIR.
n=0
if ! command -v valgrind >/dev/null; then
    echo "1..0 # SKIP valgrind is not installed"
    exit 0
fi
if grep -qa "__asan_init\|__tsan_init" "$NNWB"; then
    echo "1..0 # SKIP a sanitizer build: valgrind cannot run it"
    exit 0
fi
cd "${SRCDIR:-.}" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# memcheck NAME SCRIPT: one TAP line for a batch run of SCRIPT.
memcheck() {
    n=$((n + 1))
    OPENBLAS_NUM_THREADS=1 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=9 "$NNWB" --batch "$2" >/dev/null 2>"$T/$1"
    rc=$?
    if [ $rc -eq 0 ] && ! grep -q "^==[0-9]*==" "$T/$1"; then
        echo "ok $n - $1 runs clean under memcheck"
    else
        echo "not ok $n - $1 runs clean under memcheck (status $rc)"
        sed 's/^/# /' "$T/$1" | head -40
    fi
}

memcheck credit_risk samples/credit_risk.nnw
memcheck stock_returns samples/stock_returns.nnw
cat >"$T/roundtrip.nnw" <<END
load samples/credit_card.csv
target card
drop share expenditure
add dense 16 relu
add dropout 0.3
add dense 1 sigmoid
set epochs=5 seed=7
train
save $T/model.nnwb
open $T/model.nnwb
predict samples/credit_card.csv out=$T/predictions.csv
END
memcheck "dropout training, save, open and predict" "$T/roundtrip.nnw"
echo "1..$n"
