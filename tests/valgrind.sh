#!/bin/sh
# Every sample, run in batch mode under valgrind memcheck: no invalid
# access, no uninitialised read, no definite or indirect leak. Skipped for
# sanitizer builds (they check the same themselves) and without valgrind.
# TAP output; $NNWB, $SRCDIR.
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
for script in samples/*.nnw; do
    n=$((n + 1))
    name=$(basename "$script" .nnw)
    OPENBLAS_NUM_THREADS=1 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=9 "$NNWB" --batch "$script" >/dev/null 2>"$T/$name"
    rc=$?
    if [ $rc -eq 0 ] && ! grep -q "^==[0-9]*==" "$T/$name"; then
        echo "ok $n - $name runs clean under memcheck"
    else
        echo "not ok $n - $name runs clean under memcheck (status $rc)"
        sed 's/^/# /' "$T/$name" | head -40
    fi
done
echo "1..$n"
