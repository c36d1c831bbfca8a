# The harness the tmux tests share (sourced, not run): tests/harness.sh, a
# private tmux server, and waiting on what the screen shows. The caller
# sets NAME (for the temporary directory); afterwards $T is that
# directory, $S the source tree, and `check` prints the screen and nnwb's
# stderr ($T/stderr) when a check fails.
. "${SRCDIR:-.}/tests/harness.sh"
if ! command -v tmux >/dev/null; then
    echo "1..0 # SKIP tmux is not installed"
    exit 0
fi
S=${SRCDIR:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-$NAME.XXXXXX") || exit 1
SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
# the screen of session $SESSION (default w)
screen() { tm capture-pane -p -t "${SESSION:-w}"; }
# waits up to $2 seconds for the screen to match the extended regex $1
wait_for() {
    i=0
    while [ $i -lt $((${2:-10} * 10)) ]; do
        screen | grep -Eq -- "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
on_failure() {
    screen | sed 's/^/# /'
    [ -s "$T/stderr" ] && sed 's/^/# stderr: /' "$T/stderr" | head -40
}
type_line() { tm send-keys -t w -l -- "$1"; tm send-keys -t w Enter; }
