"""Checks an ONNX file that `export onnx` wrote against `predict`, from
the ONNX file alone: onnx.checker accepts it (shapes inferred too), then a
small numpy interpreter of the operators nnwb writes (Debian 12's onnx,
1.12, has no reference evaluator) runs it on the raw columns of a CSV
(numbers in "columns", the cells of levelled columns as strings in
"categories", as the metadata names them), and
each output must match the prediction file's columns to 1e-5 in the
network's own units: a probability, or a regression output before it is
scaled back by the target's scale (where that passes 1), since nnwb
computes in float32: a price of spread 100 is known to 1e-5 x 100 only.
A graph whose input is "features" (a recipe the graph does not carry) is
fed the features prepared here from the recipe JSON written beside it
(FILE.recipe.json, which must agree with the recipe in its metadata), for the
sources value, boolean, onehot and lag (a window's series in the file's
order), scaled by each feature's centre and scale; one with others
(calendar parts, clips, a sort) prints "unsupported ..." and exits with
status 2. Rows without a prediction (too little history, a missing value
the recipe does not fill) are left out, and must be those without features.

usage: onnx_eval.py MODEL.onnx DATA.csv PREDICTIONS.csv
prints "ok N" (N rows compared) or the first mismatch, exit status 1."""
import csv
import json
import math
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def conv(a, x, w, b):
    """1-D Conv over x [batch, channels, steps], w [filters, channels, kernel]."""
    left, right = a.get("pads", [0, 0])
    s, d, k = a.get("strides", [1])[0], a.get("dilations", [1])[0], w.shape[2]
    x = np.pad(x, ((0, 0), (0, 0), (left, right)))
    out = (x.shape[2] - d * (k - 1) - 1) // s + 1
    y = np.stack([sum(x[:, :, t * s + j * d] @ w[:, :, j].T for j in range(k)) for t in range(out)], axis=2)
    return y + b[None, :, None]


def pool(a, x, reduce):
    """MaxPool or AveragePool over the steps of x [batch, channels, steps], no padding."""
    (k,), (s,) = a["kernel_shape"], a.get("strides", [1])
    out = (x.shape[2] - k) // s + 1
    return np.stack([reduce(x[:, :, t * s:t * s + k], axis=2) for t in range(out)], axis=2)


def batchnorm(a, x, scale, bias, mean, var):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    c = lambda v: v.reshape(shape)
    return (x - c(mean)) / np.sqrt(c(var) + a.get("epsilon", 1e-5)) * c(scale) + c(bias)


def lstm(a, x, w, r, b):
    """ONNX LSTM, one direction, gates i o f c, no initial state: (Y, Y_h, Y_c)."""
    n = a["hidden_size"]
    h = c = np.zeros((x.shape[1], n))
    ys = []
    for xt in x:
        g = xt @ w[0].T + h @ r[0].T + b[0, :4 * n] + b[0, 4 * n:]
        i, o, f, cand = sigmoid(g[:, :n]), sigmoid(g[:, n:2 * n]), sigmoid(g[:, 2 * n:3 * n]), np.tanh(g[:, 3 * n:])
        c = f * c + i * cand
        h = o * np.tanh(c)
        ys.append(h)
    return np.stack(ys)[:, None], h[None], c[None]


def gru(a, x, w, r, b):
    """ONNX GRU, one direction, gates z r h, linear_before_reset=1, no initial state: (Y, Y_h)."""
    assert a.get("linear_before_reset") == 1, "nnwb writes linear_before_reset=1"
    n = a["hidden_size"]
    h = np.zeros((x.shape[1], n))
    ys = []
    for xt in x:
        xw, hr = xt @ w[0].T + b[0, :3 * n], h @ r[0].T + b[0, 3 * n:]
        z, rr = sigmoid(xw[:, :n] + hr[:, :n]), sigmoid(xw[:, n:2 * n] + hr[:, n:2 * n])
        cand = np.tanh(xw[:, 2 * n:] + rr * hr[:, 2 * n:])
        h = (1 - z) * cand + z * h
        ys.append(h)
    return np.stack(ys)[:, None], h[None]


def tfidf(a, x):
    """TfIdfVectorizer as nnwb writes it: 1-grams of the strings of each
    row counted against the pool (mode TF)."""
    assert (a["min_gram_length"], a["max_gram_length"], a["max_skip_count"], a["mode"], list(a["ngram_counts"])) \
        == (1, 1, 0, b"TF", [0]), "nnwb writes 1-gram counts"
    pool, at = [p.decode() for p in a["pool_strings"]], list(a["ngram_indexes"])
    out = np.zeros((x.shape[0], max(at) + 1))
    for i, row in enumerate(x):
        for token in row:
            for p, j in zip(pool, at):
                out[i, j] += token == p
    return out


def lower(a, x):
    assert a["case_change_action"] == b"LOWER" and x.ndim == 1, "nnwb lowers a vector"
    return np.array([s.lower() for s in x], dtype=object)


OPS = {
    "Identity": lambda a, x: x,
    "TfIdfVectorizer": tfidf,
    "StringNormalizer": lower,
    "Concat": lambda a, *x: np.concatenate(x, axis=a["axis"]),
    "MatMul": lambda a, x, y: x @ y,
    "Greater": lambda a, x, y: x > y,
    "IsNaN": lambda a, x: np.isnan(x),
    "Where": lambda a, c, x, y: np.where(c, x, y),
    "Add": lambda a, x, y: x + y,
    "Sub": lambda a, x, y: x - y,
    "Mul": lambda a, x, y: x * y,
    "Div": lambda a, x, y: x / y,
    "Gemm": lambda a, x, w, b: x @ w + b,  # nnwb writes no transposes or scales
    "Relu": lambda a, x: np.maximum(x, 0),
    "LeakyRelu": lambda a, x: np.where(x > 0, x, a.get("alpha", 0.01) * x),
    "Elu": lambda a, x: np.where(x > 0, x, a.get("alpha", 1.0) * (np.exp(x) - 1)),
    "Sigmoid": lambda a, x: 1 / (1 + np.exp(-x)),
    "Tanh": lambda a, x: np.tanh(x),
    "Softmax": lambda a, x: softmax(x, a.get("axis", -1)),
    "Erf": lambda a, x: np.vectorize(math.erf)(x),
    "Sqrt": lambda a, x: np.sqrt(x),
    "ReduceMean": lambda a, x: x.mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1))),
    "Transpose": lambda a, x: np.transpose(x, a["perm"]),
    "Flatten": lambda a, x: x.reshape(int(np.prod(x.shape[:a.get("axis", 1)])), -1),
    "Gather": lambda a, x, i: np.take(x, i.astype(np.int64), axis=a.get("axis", 0)),
    "Reshape": lambda a, x, shape: x.reshape([int(d) for d in shape]),  # nnwb writes no 0s
    "Squeeze": lambda a, x, axes: np.squeeze(x, axis=tuple(int(i) for i in axes)),
    "Conv": conv,
    "MaxPool": lambda a, x: pool(a, x, np.max),
    "AveragePool": lambda a, x: pool(a, x, np.mean),
    "GlobalAveragePool": lambda a, x: x.mean(axis=tuple(range(2, x.ndim)), keepdims=True),
    "BatchNormalization": batchnorm,
    "LSTM": lstm,
    "GRU": gru,
}

# the attributes each operator may carry here: any other would be ignored
ATTRIBUTES = {"TfIdfVectorizer": {"min_gram_length", "max_gram_length", "max_skip_count", "mode", "ngram_counts",
                                  "ngram_indexes", "pool_strings"},
              "StringNormalizer": {"case_change_action"}, "Concat": {"axis"}, "LeakyRelu": {"alpha"}, "Elu": {"alpha"}, "Softmax": {"axis"}, "ReduceMean": {"axes", "keepdims"},
              "Transpose": {"perm"}, "Flatten": {"axis"}, "Gather": {"axis"},
              "Conv": {"pads", "strides", "dilations", "kernel_shape"}, "MaxPool": {"kernel_shape", "strides"},
              "AveragePool": {"kernel_shape", "strides"}, "BatchNormalization": {"epsilon"},
              "LSTM": {"hidden_size"}, "GRU": {"hidden_size", "linear_before_reset"}}


def run(model, feeds):
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values = {k: v.astype(np.float64) if v.dtype == np.float32 else v for k, v in values.items()}
    values.update(feeds)
    for node in model.graph.node:
        a = attrs(node)
        for k in a:
            assert k in ATTRIBUTES.get(node.op_type, ()), f"{node.op_type} has attribute {k}"
        out = OPS[node.op_type](a, *[values[i] for i in node.input])
        for name, v in zip(node.output, out if isinstance(out, tuple) else (out,)):
            if name:
                values[name] = v
    return {o.name: values[o.name] for o in model.graph.output}


LAGS = {"level": lambda v, before: v, "diff": lambda v, before: v - before,
        "return": lambda v, before: v / before - 1 if before != 0 else math.nan,
        "logreturn": lambda v, before: math.log(v / before) if v > 0 and before > 0 else math.nan}


def number(cell):
    return float(cell) if cell != "" else math.nan


def positions(recipe, rows):
    """Each row's series and its place in it: the window step's `by=`
    groups, in the file's order (a recipe that sorts is not rebuilt)."""
    by = None
    for line in recipe.split("\n"):
        if line.startswith("step sort"):
            raise ValueError("unsupported step sort")
        if line.startswith("step window"):
            by = next((w[3:] for w in line.split(" ") if w.startswith("by=")), None)
    series, place = {}, []
    for r in rows:
        key = r[by] if by else None
        series.setdefault(key, []).append(r)
        place.append((series[key], len(series[key]) - 1))
    return place


def sources_of_text(recipe):
    """The sources of the recipe's text (the metadata's nnwb_recipe), each
    feature as (source, its place among the source's, centre, scale)."""
    cols, source = [], None
    for line in recipe.split("\n"):
        w = line.split(" ")
        if w[0] == "clip":
            raise ValueError("unsupported clip")
        if w[0] == "source":
            source = {"kind": w[1], "column": w[2], "lag": int(w[3]), "as": w[4], "fill": float(w[5]),
                      "levels": [], "n": 0}
        elif w[0] == "level":
            source["levels"].append(w[1])
        elif w[0] == "feature":
            cols.append((source, source["n"], float(w[2]), float(w[3])))
            source["n"] += 1
    return cols


def sources_of_json(recipe):
    """The same from the JSON that `export onnx` writes next to a graph
    whose input is "features" (FILE.recipe.json): its steps as the text's
    step lines, for positions()."""
    if recipe["clips"]:
        raise ValueError("unsupported clip")
    cols = []
    for src in recipe["sources"]:
        source = {"kind": src["kind"], "column": src["column"], "lag": src.get("lag", 0), "as": src.get("as"),
                  "fill": math.nan if src["fill"] is None else src["fill"], "levels": src["levels"]}
        cols += [(source, k, f["center"], f["scale"]) for k, f in enumerate(src["features"])]
    return cols, "\n".join("step " + step for step in recipe["steps"])


def prepared(cols, steps, rows):
    """The features nnwb prepares from the raw rows (NaN where unknown):
    value, boolean, onehot and lag sources, each feature scaled by its
    centre and scale; other sources raise ValueError("unsupported ...")."""
    for src, _, _, _ in cols:
        if src["kind"] not in ("value", "boolean", "onehot", "lag"):
            raise ValueError(f"unsupported source {src['kind']}")
    place = positions(steps, rows)

    def value(src, k, i):
        if src["kind"] == "lag":
            rs, q = place[i]
            q -= src["lag"]
            if q < 0 or (q < 1 and src["as"] != "level"):
                return math.nan
            return LAGS[src["as"]](number(rs[q][src["column"]]), number(rs[q - 1][src["column"]]) if q else 0)
        cell = rows[i][src["column"]]
        if src["kind"] == "value":
            return number(cell) if cell != "" else src["fill"]
        j = src["levels"].index(cell) if cell != "" else src["fill"]
        return float(j == k) if src["kind"] == "onehot" else float(j)

    return np.array([[(value(src, k, i) - c) / sc for src, k, c, sc in cols] for i in range(len(rows))])


def units(meta):
    """What 1 in the network's output is in the prediction's units: each
    regression target's fitted scale (at least 1), else 1."""
    if meta["task"] != "regression":
        return 1.0
    fit = next(line for line in meta["nnwb_recipe"].split("\n") if line.startswith("fit regression"))
    return np.maximum(1, np.array([float(v) for v in fit.split(" ")[3::2]]))


def main(model_path, data_path, pred_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    with open(data_path, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(pred_path, newline="") as f:
        preds = list(csv.DictReader(f))
    if model.graph.input[0].name == "features":
        # the features from the recipe JSON beside the graph, and from the
        # metadata's recipe text: both must give the same
        stem = model_path[:-5] if model_path.endswith(".onnx") else model_path
        try:
            with open(stem + ".recipe.json") as f:
                cols, steps = sources_of_json(json.load(f))
            x = prepared(cols, steps, rows)
            text = meta["nnwb_recipe"]
            if not np.array_equal(x, prepared(sources_of_text(text), text, rows), equal_nan=True):
                print("the recipe JSON and the metadata's recipe prepare different features")
                return 1
        except ValueError as e:
            print(e)
            return 2
        feeds = {"features": x}
    else:  # the raw columns: numbers in "columns", the strings of levels in "categories"
        feeds = {}
        if "columns" in meta:
            columns = meta["columns"].split("\n")
            feeds["columns"] = np.array([[number(r[c]) for c in columns] for r in rows])
        if "categories" in meta:
            categories = meta["categories"].split("\n")
            feeds["categories"] = np.array([[r[c] for c in categories] for r in rows], dtype=object)
        assert sorted(feeds) == sorted(i.name for i in model.graph.input), "the inputs are the columns named"
    out = run(model, feeds)
    if meta["task"] == "regression":
        # one target: "prediction"; several: "prediction_NAME" each, in the outputs' order
        names = [c for c in preds[0] if c == "prediction" or c.startswith("prediction_")]
        got, want = out["prediction"], np.array([[number(p[c]) for c in names] for p in preds])
    else:
        classes = meta["classes"].split("\n")
        got = out["probabilities"]
        names = classes[1:] if got.shape[1] == 1 else classes  # binary: the second class's
        want = np.array([[number(p["p_" + c]) for c in names] for p in preds])
    predicted = ~np.isnan(want).any(axis=1)
    if model.graph.input[0].name == "features" and not np.array_equal(predicted, ~np.isnan(x).any(axis=1)):
        print("the rows without a prediction are not those without features")
        return 1
    if model.graph.input[0].name != "features" and not np.array_equal(predicted, ~np.isnan(got).reshape(
            len(want), -1).any(axis=1)):
        print("the rows the graph gives NaN for are not those without a prediction")
        return 1
    got, want = got.reshape(want.shape)[predicted], want[predicted]
    worst = float(np.max(np.abs(got - want) / units(meta)))
    if not worst <= 1e-5:
        print(f"worst difference {worst:.3g} > 1e-5 (in the network's units)")
        return 1
    print(f"ok {int(predicted.sum())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
