#!/bin/sh
# Whether a sweep should run two trials at once (one BLAS thread each) or
# one after the other (BLAS default, or threads=2: the two-core batch split).
# Usage, from the source tree: bench/sweep_parallel.sh UNITS EPOCHS [BATCH]
# two trials: one after the other (threads=0: BLAS default; threads=2: the
# two-core batch split) or both at once (threads=1 each); wall and CPU
# seconds (user+sys), medians of 5
U=$1 E=$2 B=${3:-32}
export U E B
cat >"${TMPDIR:-/tmp}/nnwb-sweep-mode.sh" <<'EOS'
N=build/src/nnwb
D="load samples/credit_card.csv; target card; drop share expenditure"
M="model new; add dense $U relu; add dense 1 sigmoid; set epochs=$E batch=$B"
one() { $N -e "$D; $M; set threads=$1; train" >/dev/null 2>&1; }
case $1 in seq0) one 0; one 0;; seq2) one 2; one 2;; par) one 1 & one 1; wait;; esac
EOS
for r in 1 2 3 4 5; do for m in seq0 seq2 par; do /usr/bin/time -f "%e %U %S" sh "${TMPDIR:-/tmp}/nnwb-sweep-mode.sh" $m 2>&1 | awk '{printf "%s %s ", $1, $2 + $3}'; done; echo; done |
awk -v u=$U -v e=$E -v b=$B '{ for (i = 1; i <= 6; i++) v[i, NR] = $i }
 function med(i,   a, k, j, t) { for (k = 1; k <= NR; k++) a[k] = v[i, k]
   for (k = 1; k <= NR; k++) for (j = k + 1; j <= NR; j++) if (a[j] < a[k]) { t = a[k]; a[k] = a[j]; a[j] = t }
   return a[int((NR + 1) / 2)] }
 END { printf "units=%s epochs=%s batch=%s wall/cpu s: sequential blas-default %s/%s, sequential split-2 %s/%s, parallel 1-each %s/%s\n",
   u, e, b, med(1), med(2), med(3), med(4), med(5), med(6) }'
