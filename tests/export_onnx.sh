#!/bin/sh
# `export onnx FILE` through the real binary: for a regression (with an
# imputed column), one of two targets, a binary and a three-class model
# that between them use every activation, and models on windowed rows that
# use every sequence kind, and for models of one-hot, ordinal and yes/no
# columns (read raw as strings), onnx.checker accepts the file and the
# graph, run from the file alone (tests/onnx_eval.py), gives `predict`'s
# figures to 1e-5 on the raw columns (the windows prepared from the
# recipe); refusals name the command.
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
t_ = np.arange(n)  # three series, windowed into (steps, channels) samples
a, b = np.sin(t_ / 5) + 0.1 * r.normal(size=n), np.cos(t_ / 7) + 0.1 * r.normal(size=n)
write("seq.csv", "a,b,y", [[f"{a[i]:.6f}", f"{b[i]:.6f}", f"{a[i] + 0.5 * b[i - 1]:.6f}"] for i in range(n)])
write("multi.csv", "x1,x2,y1,y2", [[f"{x[i,0]:.6f}", f"{x[i,1]:.6f}", f"{y1[i]:.6f}", f"{y2[i]:.6f}"] for i in range(n)])
# levels: colour one-hot (some cells missing, as "" or NA), size ordinal, owner yes/no
x = r.uniform(-1, 1, n)
colour, size, owner = r.choice(["red", "green", "blue"], n), r.choice(["S", "M", "L"], n), r.choice(["yes", "no"], n)
y = (x + 0.8 * (colour == "red") - 0.5 * (size == "L") + 0.3 * (owner == "yes") > 0.2).astype(int)
cell = lambda i, v: "" if i % 23 == 5 else "NA" if i % 29 == 7 else v
rows = [[f"{x[i]:.6f}", cell(i, colour[i]), size[i], owner[i], str(y[i])] for i in range(n)]
write("levels.csv", "x1,colour,size,owner,y", rows)
write("levels_clean.csv", "x1,colour,size,owner,y", [row for row in rows if row[1] not in ("", "NA")])
# new rows: levels unseen in training (purple, XL) and every missing-value word, in any case
words = ["red", "green", "blue", "purple", "", "NA", "na", "N/A", "null", "-", "None", "nan"]
write("levels_new.csv", "x1,colour,size,owner,y", [[f"{x[i]:.6f}", v, ["S", "M", "L", "XL"][i % 4],
      ["yes", "no"][i % 2], str(y[i])] for i, v in enumerate(words * 3)])
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

# the sequence kinds, on rows windowed into 6 steps of 3 channels (the
# graph gathers each row's newest-first blocks into oldest-first steps)
check_seq() {
    name=$1 layers=$2 what=$3
    run_nnwb -e "load $T/seq.csv; target y; window 6 on=a,b,y; $layers; train epochs=4; export onnx $T/$name.onnx;
        predict $T/seq.csv out=$T/$name.pred.csv"
    result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/$name.onnx" "$T/seq.csv" "$T/$name.pred.csv" 2>&1)
    check "$what: onnx.checker accepts it and it predicts as \`predict\` to 1e-5" \
        '[ $rc -eq 0 ] && [ "$result" = "ok 195" ] || { echo "# $err $result"; false; }'
}
check_seq conv "add conv1d 4 3 relu; add globalavgpool1d; add dense 1" "conv1d causal, globalavgpool1d"
check_seq convs "add conv1d 3 2 tanh padding=same stride=2; add maxpool1d 2 stride=1; add batchnorm; add layernorm;
    add dense 1" "conv1d same with a stride, maxpool1d, batchnorm and layernorm over steps"
check_seq convv "add conv1d 3 2 dilation=2 padding=valid; add avgpool1d 2 stride=1; add dense 4 relu; add batchnorm;
    add layernorm; add dense 1" "conv1d valid dilated, avgpool1d, batchnorm and layernorm over features"
check_seq lstm "add lstm 5; add dense 1" "lstm, the last step"
check_seq gru "add gru 5; add dense 1" "gru, the last step"
check_seq rnns "add lstm 4 return=all; add gru 3 return=all; add dense 1" "lstm and gru, every step"

# a graph that reads prepared features has the recipe as JSON beside it
# (onnx_eval.py prepared the windows above from it, and checked it against
# the metadata's recipe); one that reads the raw columns needs none
check "a windowed model's recipe is written beside its graph as JSON, a raw-column model's is not" \
    '"$PY" -c "import json, sys; d = json.load(open(sys.argv[1])); assert d[\"sources\"][0][\"kind\"] == \"lag\"" \
         "$T/lstm.recipe.json" && [ ! -e "$T/reg.recipe.json" ] && [ ! -e "$T/cls.recipe.json" ]'

# several regression targets: each output unscaled to its own target's units
run_nnwb -e "load $T/multi.csv; target y1 y2; add dense 8 tanh; add dense 2; train epochs=4; export onnx $T/multi.onnx;
    predict $T/multi.csv out=$T/multi.pred.csv"
result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/multi.onnx" "$T/multi.csv" "$T/multi.pred.csv" 2>&1)
check "two regression targets: each output predicts as \`predict\` to 1e-5 in its own units" \
    '[ $rc -eq 0 ] && [ "$result" = "ok 200" ] || { echo "# $err $result"; false; }'

# levelled columns read raw: one-hot (a missing cell filled with the
# mode), ordinal and yes/no, on the training rows and on rows with
# unseen levels and every missing-value word
check_levels() {
    train=$1 steps=$2 new_rows=$3 what=$4
    run_nnwb -e "load $T/$train.csv; target y; $steps; add dense 8 tanh; add dense 1 sigmoid; train epochs=4;
        export onnx $T/$train.onnx; predict $T/$train.csv out=$T/$train.pred.csv;
        predict $T/levels_new.csv out=$T/$train.new.csv"
    input=$("$PY" -c "import onnx, sys; print(' '.join(i.name for i in onnx.load(sys.argv[1]).graph.input))" \
        "$T/$train.onnx" 2>&1)
    result=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/$train.onnx" "$T/$train.csv" "$T/$train.pred.csv" 2>&1)
    result_new=$("$PY" "$SRCDIR/tests/onnx_eval.py" "$T/$train.onnx" "$T/levels_new.csv" "$T/$train.new.csv" 2>&1)
    check "$what: the graph reads the raw columns and predicts as \`predict\` to 1e-5" \
        '[ $rc -eq 0 ] && [ "$input" = "columns categories" ] && [ "$result" = "ok $(($(wc -l <"$T/$train.csv") - 1))" ] &&
         [ "$result_new" = "ok $new_rows" ] || { echo "# $err $input $result $result_new"; false; }'
}
check_levels levels "encode onehot colour; encode ordinal size; impute mode" 36 \
    "one-hot with the missing cells imputed, ordinal, yes/no; unseen levels and missing words in new rows"
# without a fill, a row missing a level has no prediction: the graph gives NaN there
check_levels levels_clean "encode onehot colour size" 12 \
    "one-hot, nothing filled: the 24 new rows missing a colour have no prediction, and NaN from the graph"

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
