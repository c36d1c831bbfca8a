#!/bin/sh
# Does drawing cost training anything? The same job (credit_card.csv, a
# 9-256-256-1 MLP, batch 32, one BLAS thread, 60 epochs) runs in batch
# mode and in the workbench (in tmux, 80x24, redrawing ten times a
# second), alternately, N times; samples/s is the mean over epochs 4..60,
# from the epoch lines in batch mode and from `export history` in the
# workbench. Usage: sh bench/tui_overhead.sh BUILDDIR SRCDIR [N]
B=${1:?builddir}; S=${2:?srcdir}; N=${3:-4}
command -v tmux >/dev/null || { echo "tmux is needed"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-tuibench.XXXXXX") || exit 1
trap 'tmux -S "$T/s" kill-server 2>/dev/null; rm -rf "$T"' EXIT
cat >"$T/job.nnw" <<JOB
load $S/samples/credit_card.csv
target card
drop share expenditure
add dense 256 relu
add dense 256 relu
add dense 1 sigmoid
set epochs=60 batch=32 threads=1
train
export history $T/history.csv
JOB
batch() {
    "$B/src/nnwb" --batch "$T/job.nnw" 2>/dev/null |
        awk -F'samples_per_s=' '/^epoch/ { split($2, a, " "); if (++n > 3) { s += a[1]; m++ } } END { printf "%.0f", s / m }'
}
screen() {
    rm -f "$T/history.csv"
    tmux -S "$T/s" new-session -d -s "b$1" -x 80 -y 24 \
        "LANG=C.UTF-8 NNWB_HISTORY=$T/h '$B/src/nnwb' '$T/job.nnw'; sleep 2"
    i=0
    while [ ! -s "$T/history.csv" ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
    sleep 0.3
    tmux -S "$T/s" kill-session -t "b$1" 2>/dev/null
    awk -F, 'NR > 4 { s += $8; n++ } END { printf "%.0f", s / n }' "$T/history.csv"
}
echo "workbench overhead, $(date +%F), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
k=1
while [ $k -le "$N" ]; do
    echo "run $k: batch $(batch) samples/s, workbench $(screen $k) samples/s"
    k=$((k + 1))
done | tee "$T/runs"
awk '{ b += $4; w += $7; n++ } END { printf "mean: batch %.0f, workbench %.0f samples/s: %+.1f%%\n", b / n, w / n, 100 * (w - b) / b }' "$T/runs"
