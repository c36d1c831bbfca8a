#!/bin/sh
# `./configure CC=clang` works: compiler-specific flags (GCC's
# -fvect-cost-model=dynamic) are tested in configure, never passed blindly.
# Configures a scratch build with clang, compiles two engine objects with
# the engine's flags and links a program that calls one of the engine's
# vectorised functions from another file, as every caller does (clang 14
# once left such a function undefined: GCC-only function clones). A few
# seconds. TAP output; $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
if ! command -v clang >/dev/null 2>&1; then
    skip "configure CC=clang and compile an engine object" "no clang"
    done_testing
fi
scratch clang
(cd "$T" && "$SRCDIR/configure" -q CC=clang >configure.log 2>&1 &&
    make -s src/engine/libnnengine_a-tensor.o >make.log 2>&1); rc=$?
check "configure CC=clang, then the engine's flags compile an engine object with clang" \
    '[ $rc -eq 0 ] && [ -s "$T/src/engine/libnnengine_a-tensor.o" ] || { tail -n 5 "$T"/*.log | sed "s/^/# /"; false; }'
cat >"$T/norm.c" <<'END'
#include "engine/tensor.h"
int main(void)
{
    float x[36]; /* 36 ones: norm 6 */
    for (int i = 0; i < 36; i++)
        x[i] = 1;
    return nn_norm2(x, 36) == 6.0 ? 0 : 1;
}
END
(cd "$T" && make -s src/engine/libnnengine_a-error.o >>make.log 2>&1 &&
    clang -I"$SRCDIR/src" norm.c src/engine/libnnengine_a-tensor.o src/engine/libnnengine_a-error.o \
        -lm -o norm >>make.log 2>&1 && ./norm); rc=$?
check "a program built with clang links and calls the engine's vectorised nn_norm2" \
    '[ $rc -eq 0 ] || { tail -n 5 "$T/make.log" | sed "s/^/# /"; false; }'
done_testing
