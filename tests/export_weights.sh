#!/bin/sh
# `export weights FILE.npz` through the real binary: np.load reads the file
# (a valid zip, every CRC checked), each array has Keras's name, shape and
# float32 type, equals bit for bit the parameters the saved model file
# holds, and a forward pass in numpy from the arrays alone (and, where
# torch is installed, the README's PyTorch loading snippet) gives
# `predict`'s probabilities to 1e-5; refusals name the command and leave
# no file. Needs python3-numpy (else skipped). TAP output.
. "${SRCDIR:-.}/tests/harness.sh"
scratch export_weights
PY=/usr/bin/python3
if ! "$PY" -c "import numpy" 2>/dev/null; then
    echo "1..0 # SKIP python3-numpy not installed"
    exit 0
fi
"$PY" - "$T" <<"PY"
import sys
import numpy as np
t, r, n = sys.argv[1], np.random.default_rng(2), 150
x = r.normal(size=(n, 3))
label = np.where(x[:, 0] > 0.3, "a", np.where(x[:, 1] > x[:, 2], "b", "c"))
with open(f"{t}/cls.csv", "w") as f:
    f.write("x1,x2,x3,y\n" + "".join(f"{a:.6f},{b:.6f},{c:.6f},{l}\n" for (a, b, c), l in zip(x, label)))
with open(f"{t}/bin.csv", "w") as f:
    f.write("x1,x2,x3,y\n" + "".join(f"{a:.6f},{b:.6f},{c:.6f},{int(a * b > 0)}\n" for a, b, c in x))
PY

# the checks in Python: MODEL.npz MODEL.nnwb DATA.csv PREDICTIONS.csv ACTIVATIONS...
cat >"$T/check.py" <<"PY"
import csv, sys, zipfile
import numpy as np
npz, model, data, preds, acts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
assert zipfile.ZipFile(npz).testzip() is None, "a CRC does not match"
w = np.load(npz)
names = [("dense" if i == 0 else f"dense_{i}") + "/" + p for i in range(len(acts)) for p in ("kernel", "bias")]
assert list(w.keys()) == names, f"names {list(w.keys())}"
assert all(w[k].dtype == np.float32 for k in w), "not float32"
for i in range(len(acts)):  # kernel [in, units], bias [units]
    k, b = w[names[2 * i]], w[names[2 * i + 1]]
    assert k.ndim == 2 and b.shape == (k.shape[1],), f"layer {i}: {k.shape} {b.shape}"
# the model file's parameters: "params N\n" then N little-endian float32s
raw = open(model, "rb").read()
at = raw.index(b"\nparams ") + 8
count = int(raw[at:raw.index(b"\n", at)])
flat = np.frombuffer(raw, "<f4", count, raw.index(b"\n", at) + 1)
assert np.array_equal(np.concatenate([w[k].ravel() for k in names]), flat), "arrays differ from the model file"
with open(data, newline="") as f:
    x = np.array([[float(r[c]) for c in ("x1", "x2", "x3")] for r in csv.DictReader(f)])
with open(preds, newline="") as f:
    rows = list(csv.DictReader(f))
want = np.array([[float(r[c]) for c in rows[0] if c.startswith("p_")] for r in rows])
f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
     "softmax": lambda z: np.exp(z - z.max(1, keepdims=True)) / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True)}
h = x
for i, a in enumerate(acts):
    h = f[a](h @ w[names[2 * i]].astype(np.float64) + w[names[2 * i + 1]])
worst = float(np.max(np.abs(h.reshape(want.shape) - want)))
assert worst <= 1e-5, f"numpy forward: worst difference {worst:.3g}"
try:
    import torch
except ImportError:
    print("ok numpy")
    sys.exit(0)
# the README's snippet: nn.Linear keeps its weight as [out, in], the transpose
net = torch.nn.Sequential(*[torch.nn.Linear(*w[f"{n}/kernel"].shape) for n in [m[:-7] for m in names[::2]]])
with torch.no_grad():
    for layer, name in zip(net, [m[:-7] for m in names[::2]]):
        layer.weight.copy_(torch.from_numpy(w[f"{name}/kernel"].T))
        layer.bias.copy_(torch.from_numpy(w[f"{name}/bias"]))
    h = torch.from_numpy(x).float()
    for layer, a in zip(net, acts):
        h = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "softmax": lambda z: torch.softmax(z, 1)}[a](layer(h))
worst = float(np.max(np.abs(h.numpy().reshape(want.shape) - want)))
assert worst <= 1e-5, f"torch forward: worst difference {worst:.3g}"
print("ok torch")
PY

check_model() {
    name=$1 layers=$2 acts=$3 what=$4
    run_nnwb -e "load $T/$name.csv; target y; scale none; $layers; train epochs=3; export weights $T/$name.npz;
        save $T/$name.nnwb; predict $T/$name.csv out=$T/$name.pred.csv"
    result=$("$PY" "$T/check.py" "$T/$name.npz" "$T/$name.nnwb" "$T/$name.csv" "$T/$name.pred.csv" $acts 2>&1)
    check "$what: Keras's names and shapes, the model file's values, \`predict\`'s figures to 1e-5" \
        '[ $rc -eq 0 ] && echo "$out" | grep -q "wrote the model.s weights as NumPy arrays to" &&
         case "$result" in "ok numpy"|"ok torch") true;; *) false;; esac || { echo "# $err $result"; false; }'
}
check_model cls "add dense 8 relu; add dropout 0.3; add dense 5 tanh; add activation linear; add dense 3 softmax" \
    "relu tanh softmax" "three classes, dropout and an activation layer between the dense ones"
check_model bin "add dense 6 tanh; add dense 1 sigmoid" "tanh sigmoid" "binary, one sigmoid output"

# the sequence kinds: Keras's names and shapes, and each array, put in
# ONNX's layout and gate order (ONNX LSTM i o f c from Keras's i f c o, GRU
# z r h as Keras), equals the ONNX graph's, which export_onnx.sh checks
# against `predict`; so the arrays are the parameters predict uses
if "$PY" -c "import onnx" 2>/dev/null; then
    "$PY" -c "
import numpy as np, sys
t = np.arange(120); open(sys.argv[1], 'w').write('a,y' + chr(10) + ''.join(
    f'{np.sin(i / 5):.6f},{np.cos(i / 4):.6f}' + chr(10) for i in t))" "$T/seq.csv"
    run_nnwb -e "load $T/seq.csv; target y; window 5 on=a,y; add conv1d 4 2 relu; add batchnorm; add lstm 3 return=all;
        add gru 2; add layernorm; add dense 1; train epochs=3; export weights $T/seq.npz; export onnx $T/seq.onnx"
    result=$("$PY" - "$T/seq.npz" "$T/seq.onnx" <<"PY" 2>&1
import sys
import numpy as np, onnx
from onnx import numpy_helper
w, g = np.load(sys.argv[1]), onnx.load(sys.argv[2]).graph
init = {t.name.rsplit("_", 1)[0]: numpy_helper.to_array(t) for t in g.initializer}  # one of each prefix here
shapes = {k: w[k].shape for k in w}
want = {"conv1d/kernel": (2, 2, 4), "conv1d/bias": (4,), "batch_normalization/gamma": (4,),
        "batch_normalization/beta": (4,), "batch_normalization/moving_mean": (4,),
        "batch_normalization/moving_variance": (4,), "lstm/kernel": (4, 12), "lstm/recurrent_kernel": (3, 12),
        "lstm/bias": (12,), "gru/kernel": (3, 6), "gru/recurrent_kernel": (2, 6), "gru/bias": (2, 6),
        "layer_normalization/gamma": (2,), "layer_normalization/beta": (2,), "dense/kernel": (2, 1), "dense/bias": (1,)}
assert shapes == want, f"names and shapes {shapes}"
lstm = lambda a: np.concatenate([a[..., 0:3], a[..., 9:12], a[..., 3:6], a[..., 6:9]], axis=-1)  # i f c o -> i o f c
ws = [numpy_helper.to_array(t) for t in g.initializer if t.name.startswith("rnn_")]  # lstm w r b, then gru's
pairs = [(w["conv1d/kernel"].transpose(2, 1, 0), init["conv_w"]), (w["conv1d/bias"], init["conv_b"]),
         (w["batch_normalization/moving_mean"], init["bn_mean"]),
         (w["batch_normalization/moving_variance"], init["bn_var"]),
         (lstm(w["lstm/kernel"]).T, ws[0][0]), (lstm(w["lstm/recurrent_kernel"]).T, ws[1][0]),
         (lstm(w["lstm/bias"]), ws[2][0, :12]), (w["gru/kernel"].T, ws[3][0]),
         (w["gru/recurrent_kernel"].T, ws[4][0]), (w["gru/bias"].ravel(), ws[5][0]),
         (w["layer_normalization/gamma"], init["ln_gamma"])]
for i, (a, b) in enumerate(pairs):
    assert np.array_equal(a, b), f"pair {i} differs"
print("ok")
PY
)
    check "sequence kinds: Keras's names, shapes and gate orders, the arrays the checked ONNX graph holds" \
        '[ $rc -eq 0 ] && [ "$result" = ok ] || { echo "# $err $result"; false; }'
fi

run_nnwb -e "generate xor; export weights $T/none.npz"
check "no trained model: refused, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export weights: no trained model" && [ ! -e "$T/none.npz" ]'
run_nnwb -e "load $T/bin.csv; target y; add dense 1 sigmoid; train epochs=1; export weights $T/w.zip"
check "a file not ending in .npz: refused by its name, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export weights: .*w.zip: the file must end in .npz" && [ ! -e "$T/w.zip" ]'
done_testing
