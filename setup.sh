#!/bin/sh
# One-step set-up for a fresh Debian 12 machine:
#   ./setup.sh run     install what is missing, build, and open the workbench
#                      on samples/overfit.nnw (or on the arguments given)
#   ./setup.sh check   install what is missing, build, and run every test
#                      (plain build, then AddressSanitizer+UBSan, then
#                      ThreadSanitizer on the threaded tests, then distcheck)
# Builds are out of tree, in build/, build-asan/ and build-tsan/.
set -u
cd "$(dirname "$0")" || exit 1

# Debian packages needed to build and test (build tools included; numpy,
# onnx and sklearn only check exports and metrics in tests, never nnwb).
PACKAGES="build-essential autoconf automake pkg-config libncurses-dev libreadline-dev
libopenblas-dev libcsv-dev zlib1g-dev locales tmux valgrind clang libclang-rt-14-dev
openmpi-bin libopenmpi-dev
libcairo2-dev poppler-utils python3-numpy libprotobuf-c-dev protobuf-c-compiler python3-onnx
python3-sklearn"

say() { printf 'setup: %s\n' "$*" >&2; }

install_missing() {
    missing=""
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            $missing >/dev/null
}

# build DIR [configure arguments...]
build() {
    dir=$1
    shift
    if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
        autoreconf -fi || return 1
    fi
    mkdir -p "$dir" && (cd "$dir" && { [ -f Makefile ] || ../configure -q "$@"; } && make -s -j2)
}

# check_in DIR [make check arguments...]: runs the tests, records failure.
status=0
check_in() {
    dir=$1
    shift
    say "testing in $dir"
    (cd "$dir" && make -s -j2 check "$@") || status=1
}

# The CSV tests check that numbers are read in the C locale even when the
# user's locale writes decimal commas: they need a German locale to exist.
comma_locale() {
    locale -a 2>/dev/null | grep -qix 'de_DE.utf8' && return 0
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    say "generating the de_DE.UTF-8 locale for the tests"
    $sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8 || say "could not: the locale test will be skipped"
}

sanitized_build() {
    dir=$1 flags=$2
    build "$dir" CFLAGS="-O1 -g -fno-omit-frame-pointer $flags" LDFLAGS="$flags"
}

case "${1:-}" in
run)
    install_missing && build build || exit 1
    shift
    [ $# -gt 0 ] || set -- samples/overfit.nnw # a sample that trains, overfits and is cured
    NNWB_THEMES=$PWD/themes exec build/src/nnwb "$@" # themes, uninstalled
    ;;
check)
    install_missing || exit 1
    comma_locale
    rm -f build*/tests/*.trs build*/tests/*.log
    if build build; then check_in build; else status=1; fi
    if sanitized_build build-asan "-fsanitize=address,undefined -fno-sanitize-recover=all"; then
        ASAN_OPTIONS=detect_leaks=1 check_in build-asan
    else
        status=1
    fi
    if sanitized_build build-tsan "-fsanitize=thread"; then
        TSAN_OPTIONS=halt_on_error=1 check_in build-tsan \
            TESTS="tests/test_control tests/test_job tests/test_training tests/test_csv_load tests/test_csv_corpus \
                tests/test_history tests/test_monitor tests/test_session tests/test_publish \
                tests/test_step tests/test_split_step tests/test_sweep tests/sweep.sh tests/test_seq_learning tests/tui.sh tests/tui_boundary.sh tests/tui_charts.sh tests/tui_grads.sh tests/tui_sweep.sh"
    else
        status=1
    fi
    # every fuzz target for a short, bounded time; a crash fails CI
    say "fuzzing each target for 10 s"
    mkdir -p build-fuzz/tests
    if sh scripts/fuzz 10 >build-fuzz/fuzz.log 2>&1; then
        echo ":test-result: PASS fuzz" >build-fuzz/tests/fuzz.trs
    else
        echo ":test-result: FAIL fuzz" >build-fuzz/tests/fuzz.trs
        tail -30 build-fuzz/fuzz.log
        status=1
    fi
    say "make distcheck"
    (cd build && make -s distcheck >distcheck.log 2>&1) || { tail -30 build/distcheck.log; status=1; }
    sh scripts/test-summary build build-asan build-tsan build-fuzz || status=1
    exit $status
    ;;
*)
    echo "usage: $0 run|check" >&2
    exit 2
    ;;
esac
