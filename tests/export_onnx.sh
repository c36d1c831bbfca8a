#!/bin/sh
# `export onnx FILE` through the real binary: for a regression (with an
# imputed column), one of two targets, a binary and a three-class model that between them use
# every layer kind and activation, onnx.checker accepts the file and the
# graph, run from the file alone (tests/onnx_eval.py), gives `predict`'s
# figures to 1e-5 on the raw columns; refusals name the command.
# Needs Debian's python3-onnx and python3-numpy (else skipped).
# TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch export_onnx
PY=/usr/bin/python3
if ! "$PY" -c "import onnx, numpy" 2>/dev/null; then
    echo "1..0 # SKIP python3-onnx or python3-numpy not installed"
    exit 0
fi
"$PY" - "$T" <<"PY"
import sys
import numpy as np
t, r, n = sys.argv[1], np.random.default_rng(1), 200
def write(name, header, rows):
    with open(f"{t}/{name}", "w") as f:
        f.write(header + "\n" + "".join(",".join(row) + "\n" for row in rows))
x = r.uniform(-1, 1, size=(n, 3))
y = 2 * x[:, 0] - x[:, 1] + 0.5 * x[:, 2] ** 2 + 3 + 0.1 * r.normal(size=n)
write("reg.csv", "x1,x2,x3,y", [[f"{x[i,0]:.6f}", "" if i % 17 == 3 else f"{x[i,1]:.6f}", f"{x[i,2]:.6f}",
                                 f"{y[i]:.6f}"] for i in range(n)])
x = r.uniform(-1, 1, size=(n, 2))
write("bin.csv", "x1,x2,y", [[f"{x[i,0]:.6f}", f"{x[i,1]:.6f}", str(int(x[i, 0] * x[i, 1] > 0))] for i in range(n)])
x = r.normal(size=(n, 2))
label = np.where(x[:, 0] > 0.3, "a", np.where(x[:, 1] > 0, "b", "c"))
write("cls.csv", "x1,x2,y", [[f"{x[i,0]:.6f}", f"{x[i,1]:.6f}", label[i]] for i in range(n)])
x = r.uniform(-1, 1, size=(n, 2))  # two targets of their own centre and spread
y1, y2 = x[:, 0] + x[:, 1] + 1, 0.2 * x[:, 0] - 2
write("multi.csv", "x1,x2,y1,y2", [[f"{x[i,0]:.6f}", f"{x[i,1]:.6f}", f"{y1[i]:.6f}", f"{y2[i]:.6f}"] for i in range(n)])
PY

# each model: its data, its layers; train, export, predict, compare
check_model() {
    name=$1 layers=$2 what=$3
    run_nnwb -e "load $T/$name.csv; target y; impute median; $layers; train epochs=4; export onnx $T/$name.onnx;
        predict $T/$name.csv out=$T/$name.pred.csv"
    result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/$name.onnx" "$T/$name.csv" "$T/$name.pred.csv" 2>&1)
    check "$what: onnx.checker accepts it and it predicts as \`predict\` to 1e-5" \
        '[ $rc -eq 0 ] && [ "$result" = "ok 200" ] || { echo "# $err $result"; false; }'
}
check_model reg "add dense 8 gelu; add dropout 0.2; add dense 6 elu; add activation tanh; add dense 1" \
    "regression, a column imputed, gelu, elu, tanh, dropout"
check_model bin "add dense 8 leaky_relu; add dense 4 relu; add activation linear; add dense 1 sigmoid" \
    "binary, leaky_relu, relu, linear, sigmoid"
check_model cls "add dense 8 tanh; add dense 3 softmax" "three classes, softmax"

# several regression targets: each output unscaled to its own target's units
run_nnwb -e "load $T/multi.csv; target y1 y2; add dense 8 tanh; add dense 2; train epochs=4; export onnx $T/multi.onnx;
    predict $T/multi.csv out=$T/multi.pred.csv"
result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/multi.onnx" "$T/multi.csv" "$T/multi.pred.csv" 2>&1)
check "two regression targets: each output predicts as \`predict\` to 1e-5 in its own units" \
    '[ $rc -eq 0 ] && [ "$result" = "ok 200" ] || { echo "# $err $result"; false; }'

meta=$("$PY" -c "
import onnx, sys
m = onnx.load(sys.argv[1])
print(m.opset_import[0].version, m.graph.input[0].name, m.graph.output[0].name,
      dict((p.key, p.value) for p in m.metadata_props)['classes'].replace(chr(10), ','))" "$T/cls.onnx")
check "the graph says its opset, input, output and class labels" '[ "$meta" = "13 columns probabilities a,b,c" ]'

run_nnwb -e "generate xor; export onnx $T/none.onnx"
check "no trained model: refused, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export onnx: no trained model" && [ ! -e "$T/none.onnx" ]'
done_testing
