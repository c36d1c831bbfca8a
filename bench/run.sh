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
    "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
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
                          n1[$1] = field($0, "one_thread"); g[$1] = field($0, "gflops")
                          s[$1] = field($0, "sgemm_gflops"); s1[$1] = field($0, "sgemm1_gflops")
                          order[++k] = $1 }
    FILENAME ~ /torch$/ { t[$1] = field($0, "samples_per_sec"); t1[$1] = field($0, "one_thread")
                          tt[$1] = field($0, "threads") "+" ($0 ~ /blas=default/ ? "default" : field($0, "blas"))
                          match($0, /tried=[^ ]*/); tried[$1] = substr($0, RSTART + 6, RLENGTH - 6) }
    FILENAME ~ /fann$/  { f[$1] = field($0, "samples_per_sec") }
    function ratio(a, b) { return b ? sprintf("%.2fx", a / b) : "-" }
    function share(a, b) { return b ? sprintf("%.0f%%", 100 * a / b) : "-" }
    function show(v) { return v == "" ? "-" : v }
    END {
        printf "%-3s %11s %11s %10s %8s %8s %8s %8s %6s %8s %6s\n", "cfg", "nnwb/s", "pytorch/s",
               "fann/s", "vs torch", "vs fann", "GFLOP/s", "sgemm2t", "%", "2x sgemm1", "%"
        for (i = 1; i <= k; i++) {
            c = order[i]
            printf "%-3s %11s %11s %10s %8s %8s %8s %8s %6s %8s %6s\n", c, n[c], show(t[c]),
                   show(f[c]), ratio(n[c], t[c]), ratio(n[c], f[c]), show(g[c]), show(s[c]),
                   share(g[c], s[c]), s1[c] ? 2 * s1[c] : "-", share(g[c], 2 * s1[c])
        }
        print ""
        printf "%-3s %11s %11s %8s   (one thread each: nnwb threads=1, PyTorch omp 1 + OpenBLAS 1)\n",
               "cfg", "nnwb 1t/s", "torch 1t/s", "ratio"
        for (i = 1; i <= k; i++) {
            c = order[i]
            printf "%-3s %11s %11s %8s\n", c, n1[c], show(t1[c]), ratio(n1[c], t1[c])
        }
        print ""
        print "threads of the best: nnwb " nt["A"] "/" nt["B"] "/" nt["C"] \
              ", PyTorch (omp+OpenBLAS) " tt["A"] "/" tt["B"] "/" tt["C"] " for A/B/C"
        for (i = 1; i <= k; i++)
            if (tried[order[i]] != "")
                print "PyTorch " order[i] " samples/s by omp/OpenBLAS threads: " tried[order[i]]
        # (+0: compare as numbers, not strings)
        if ("A" in n) verdict("A: nnwb >= 2x FANN", f["A"] != "" ? n["A"] + 0 >= 2 * f["A"] : "")
        if ("B" in n) verdict("B: nnwb >= 1.5x PyTorch best", t["B"] != "" ? n["B"] + 0 >= 1.5 * t["B"] : "")
        if ("B" in n) verdict("B: >= 75% of 2x one-core sgemm", g["B"] + 0 >= 0.75 * 2 * s1["B"])
        if ("B" in n) verdict("B: one thread >= 1.1x PyTorch 1t", t1["B"] != "" ? n1["B"] + 0 >= 1.1 * t1["B"] : "")
        if ("C" in n) verdict("C: one thread >= 1.1x PyTorch 1t", t1["C"] != "" ? n1["C"] + 0 >= 1.1 * t1["C"] : "")
        if ("C" in n) verdict("C: >= 90% of two-core sgemm", g["C"] + 0 >= 0.9 * (s["C"] + 0 > 2 * s1["C"] ? s["C"] : 2 * s1["C"]))
    }
    function verdict(what, ok) { printf "%-36s %s\n", what, ok == "" ? "n/a" : ok ? "PASS" : "MISS" }
' "$out/nnwb" "$out/torch" "$out/fann"
