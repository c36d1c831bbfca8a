#!/bin/sh
# `export onnx` for every model of every sample script that trains one:
# each script runs with few epochs (and few sweep trials), every model it
# trains is exported, and the graph, run from the file alone
# (tests/onnx_eval.py), gives `predict`'s figures to 1e-5: on the raw
# columns, or, for a recipe the graph does not carry (credit_risk's
# yes/no columns), on the features prepared from the recipe in its
# metadata. A windowed series (stock_returns) is skipped with the reason:
# the harness does not rebuild lags. Needs python3-onnx and python3-numpy.
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch export_onnx_samples
PY=/usr/bin/python3
if ! "$PY" -c "import onnx, numpy" 2>/dev/null; then
    echo "1..0 # SKIP python3-onnx or python3-numpy not installed"
    exit 0
fi
# the generated samples' features are x1..xN: rows to predict over the range they cover
"$PY" -c "
import numpy as np, sys
x = np.random.default_rng(3).uniform(-1.5, 1.5, size=(200, 10))
open(sys.argv[1], 'w').write(','.join(f'x{j + 1}' for j in range(10)) + chr(10) +
    ''.join(','.join(f'{v:.6f}' for v in row) + chr(10) for row in x))" "$T/generated.csv"

SRCDIR=$(cd "$SRCDIR" && pwd) && NNWB=$(cd "$(dirname "$NNWB")" && pwd)/$(basename "$NNWB") || exit 1
cd "$SRCDIR" || exit 1 # the samples load their data by paths from the source tree
for script in samples/*.nnw; do
    name=$(basename "$script" .nnw)
    data=$(sed -n 's/^load \([^ ]*\).*/\1/p' "$script" | tail -n 1)
    [ -n "$data" ] || data=$T/generated.csv
    # after each training (train, fit, sweep best): export the model and predict $data
    awk -v t="$T/$name" -v data="$data" '
        { sub(/epochs=[0-9]+/, "epochs=2"); sub(/trials=[0-9]+/, "trials=3"); print }
        /^(train|fit)( |$)/ || /^sweep best/ {
            k++; printf "export onnx %s.%d.onnx\npredict %s out=%s.%d.csv\n", t, k, data, t, k }
    ' "$script" >"$T/$name.nnw"
    run_nnwb --batch "$T/$name.nnw"
    models=$(ls "$T/$name".*.onnx 2>/dev/null | wc -l)
    check "$name: the script runs with every model exported ($models)" \
        '[ $rc -eq 0 ] && [ "$models" -gt 0 ] || { echo "# $err" | tail -n 3; false; }'
    k=1
    while [ -e "$T/$name.$k.onnx" ]; do
        result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/$name.$k.onnx" "$data" "$T/$name.$k.csv" 2>&1)
        case $result in
        unsupported*) skip "$name, model $k: the graph predicts as \`predict\` to 1e-5" "harness: $result" ;;
        *) check "$name, model $k: the graph predicts as \`predict\` to 1e-5" \
            '[ "$(echo "$result" | cut -d" " -f1)" = ok ] || { echo "# $result"; false; }' ;;
        esac
        k=$((k + 1))
    done
done
done_testing
