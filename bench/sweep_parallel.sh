#!/bin/sh
# samples/sweep.nnw's search (27 trials, halving, 50 epochs) on one lane
# and on two, against nine 50-epoch runs of credit_risk.nnw's 16-unit
# model on the same data: whole `nnwb --batch` processes, loading
# included, run in turn (A B C A B C ...) so that a drifting load hits all
# three alike; wall and CPU (user+sys) seconds, medians of N (default 15).
# Usage, from the source tree after make: bench/sweep_parallel.sh [N]
N=${1:-15}
T=${TMPDIR:-/tmp}/nnwb-sweep-bench.$$
mkdir -p "$T" && trap 'rm -rf "$T"' EXIT
DATA="load samples/credit_card.csv
target card
drop share expenditure
scale zscore"
SWEEP='sweep lr="1e-4..1e-2 log" l2="1e-6..1e-3 log" layer1.units=8,16,32,64 layer2.rate=0..0.5 trials=27 prune=halving epochs=50'
for l in 1 2; do
    printf '%s\nadd dense 16 relu\nadd dropout 0.1\nadd dense 1 sigmoid\n%s lanes=%s\n' "$DATA" "$SWEEP" $l >"$T/lanes$l.nnw"
done
{ printf '%s\nadd dense 16 relu\nadd dense 1 sigmoid\nset epochs=50\n' "$DATA"
  for i in 1 2 3 4 5 6 7 8 9; do printf 'model reset\ntrain\n'; done; } >"$T/nine.nnw"
for r in $(seq "$N"); do
    for f in lanes1 lanes2 nine; do
        /usr/bin/time -f "$f %e %U %S" build/src/nnwb --batch "$T/$f.nnw" 2>&1 >/dev/null | tail -1
    done
done | awk '{ w[$1] = w[$1] " " $2; c[$1] = c[$1] " " ($3 + $4) }
  function med(list,   a, n, i, j, t) { n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)] }
  END { printf "medians of %d, wall/cpu s: sweep on 1 lane %s/%s, on 2 lanes %s/%s; nine full runs %s/%s\n",
        split(w["nine"], x, " "), med(w["lanes1"]), med(c["lanes1"]), med(w["lanes2"]), med(c["lanes2"]), med(w["nine"]), med(c["nine"]) }'
