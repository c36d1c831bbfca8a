#!/bin/sh
# Runs the three trainers side by side and prints a comparison table.
#   sh bench/run.sh BUILDDIR SRCDIR [CONFIGS]     (make bench does this)
# CONFIGS is a subset of "ABC".  A program that is missing (FANN not
# installed, no python3-torch) is skipped and said so.
build=${1:-.}
src=${2:-.}
only=${3:-ABC}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "nnwb benchmark, $(date -u +%Y-%m-%d), $(nproc) cores," \
    "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p')"
echo "running nnwb..." >&2
"$build/bench/bench_nnwb" "$only" >"$out/nnwb" || exit 1
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "running PyTorch..." >&2
    /usr/bin/python3 "$src/bench/bench_torch.py" "$only" >"$out/torch"
else
    echo "PyTorch skipped: install python3-torch" >&2
    : >"$out/torch"
fi
if [ -x "$build/bench/bench_fann" ]; then
    echo "running FANN..." >&2
    "$build/bench/bench_fann" "$only" >"$out/fann"
else
    echo "FANN skipped: install libfann-dev and re-run configure" >&2
    : >"$out/fann"
fi

awk '
    function field(line, key,    m) {
        return match(line, key "=[0-9.]+") ? substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1) : ""
    }
    FILENAME ~ /nnwb$/  { n[$1] = field($0, "samples_per_sec"); nt[$1] = field($0, "threads")
                          g[$1] = field($0, "gflops"); s[$1] = field($0, "sgemm_gflops"); order[++k] = $1 }
    FILENAME ~ /torch$/ { t[$1] = field($0, "samples_per_sec"); tt[$1] = field($0, "threads") }
    FILENAME ~ /fann$/  { f[$1] = field($0, "samples_per_sec") }
    function ratio(a, b) { return b ? sprintf("%.2fx", a / b) : "-" }
    function show(v) { return v == "" ? "-" : v }
    END {
        printf "%-3s %12s %12s %12s %9s %9s %8s %8s %6s\n", "cfg", "nnwb/s", "pytorch/s", "fann/s",
               "vs torch", "vs fann", "GFLOP/s", "sgemm", "%"
        for (i = 1; i <= k; i++) {
            c = order[i]
            pct = s[c] ? sprintf("%.0f%%", 100 * g[c] / s[c]) : "-"
            printf "%-3s %12s %12s %12s %9s %9s %8s %8s %6s\n", c, n[c], show(t[c]), show(f[c]),
                   ratio(n[c], t[c]), ratio(n[c], f[c]), show(g[c]), show(s[c]), pct
        }
        print ""
        print "threads used (best of 1 and 2): nnwb " nt["A"] "/" nt["B"] "/" nt["C"] \
              ", PyTorch " tt["A"] "/" tt["B"] "/" tt["C"] " for A/B/C"
        # (+0: compare as numbers, not strings)
        if ("A" in n) verdict("A: nnwb >= FANN", f["A"] != "" ? n["A"] + 0 >= f["A"] + 0 : "")
        if ("B" in n) verdict("B: nnwb >= 2x PyTorch", t["B"] != "" ? n["B"] + 0 >= 2 * t["B"] : "")
        if ("C" in n) verdict("C: nnwb >= 1.0x PyTorch", t["C"] != "" ? n["C"] + 0 >= t["C"] + 0 : "")
        if ("C" in n) verdict("C: nnwb >= 70% of sgemm GFLOP/s", g["C"] + 0 >= 0.7 * s["C"])
    }
    function verdict(what, ok) { printf "%-36s %s\n", what, ok == "" ? "n/a" : ok ? "PASS" : "MISS" }
' "$out/nnwb" "$out/torch" "$out/fann"
