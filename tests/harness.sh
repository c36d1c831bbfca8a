# The harness the shell tests share (sourced, not run). A test is a list of
# `check DESCRIPTION CONDITION` lines about the real program ($NNWB) run from
# the source tree ($SRCDIR), both set by `make check`; its output is TAP:
#
#     . "${SRCDIR:-.}/tests/harness.sh"
#     scratch NAME                          # a private directory $T
#     run_nnwb -e "load ..."                # sets $out, $err and $rc
#     check "load says the rows" '[ $rc -eq 0 ] && echo "$out" | grep -q rows'
#     done_testing
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# What a failed check shows beside its line; a test may redefine it (the
# tmux tests print the screen).
on_failure() { :; }
check() {
    if eval "$2"; then
        ok "$1"
    else
        not_ok "$1"
        on_failure
    fi
}
# scratch NAME: a private temporary directory $T, removed at exit.
scratch() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-$1.XXXXXX") || exit 1
    trap 'rm -rf "$T"' EXIT
}
# run_nnwb ARGS...: the program's standard output in $out, its standard
# error in $err, its status in $rc; no standard input. Needs scratch.
run_nnwb() {
    out=$("$NNWB" "$@" 2>"$T/.stderr" </dev/null)
    rc=$?
    err=$(cat "$T/.stderr")
}
# The plan line, last: the number of checks run.
done_testing() {
    echo "1..$n"
    exit 0
}
