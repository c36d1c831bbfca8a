#!/bin/sh
# The 1M-row load benchmark: nnwb's CSV loader with 1 and 2 threads and
# pandas.read_csv on the same file, then the ratio and the targets.
#   sh bench/run_load.sh BUILDDIR SRCDIR [FILE]     (make bench-load does this)
# FILE (default $TMPDIR/nnwb_load_1m.csv) is written by make_load_data.py
# when missing: 1,000,000 rows x 20 numeric columns, about 204 MB.
build=${1:-.}
src=${2:-.}
file=${3:-${TMPDIR:-/tmp}/nnwb_load_1m.csv}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -f "$file" ]; then
    echo "writing $file..." >&2
    /usr/bin/python3 "$src/bench/make_load_data.py" "$file" || exit 1
fi
echo "CSV load benchmark, $(date -u +%Y-%m-%d), $(nproc) cores," \
    "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1 /proc/loadavg)"
echo "file: $file ($(($(stat -c %s "$file") / 1000000)) MB)"
"$build/bench/bench_load" "$file" 3 | tee "$out/nnwb" || exit 1
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    /usr/bin/python3 "$src/bench/bench_load_pandas.py" "$file" 3 | tee "$out/pandas"
else
    echo "pandas skipped: install python3-pandas" >&2
    : >"$out/pandas"
fi

awk '
    function rate(line) { match(line, /[0-9]+ rows\/s/); return substr(line, RSTART, RLENGTH - 7) + 0 }
    function peak(line) { match(line, /peak RSS [0-9]+ MB/); return substr(line, RSTART + 9, RLENGTH - 12) + 0 }
    function data(line) { match(line, /float32 data [0-9]+ MB/); return substr(line, RSTART + 13, RLENGTH - 16) + 0 }
    FILENAME ~ /nnwb$/ && /thread/ { n++; r[n] = rate($0); p[n] = peak($0); d = data($0) }
    FILENAME ~ /pandas$/ { pr = rate($0) }
    END {
        best = (r[1] > r[2]) ? 1 : 2
        if (pr) {
            printf "nnwb / pandas: %.2fx with 1 thread, %.2fx with 2 threads\n", r[1] / pr, r[2] / pr
            fast = (r[best] >= 1.5 * pr)
            printf "%-48s %s\n", "speed >= 1.5x pandas (best of 1 and 2 threads)", fast ? "PASS" : "MISS"
        }
        small = (p[1] <= 1.5 * d && p[2] <= 1.5 * d)
        printf "%-48s %s\n", "peak RSS <= 1.5x float32 data (1 and 2 threads)", small ? "PASS" : "MISS"
    }
' "$out/nnwb" "$out/pandas"
