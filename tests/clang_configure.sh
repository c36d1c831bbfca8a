#!/bin/sh
# `./configure CC=clang` works: compiler-specific flags (GCC's
# -fvect-cost-model=dynamic) are tested in configure, never passed blindly.
# Configures a scratch build with clang and compiles one engine object with
# the engine's flags (a few seconds). TAP output; $SRCDIR the source tree.
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
done_testing
