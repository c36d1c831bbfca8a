"""Checks an ONNX file that `export onnx` wrote against `predict`, from
the ONNX file alone: onnx.checker accepts it (shapes inferred too), then a
small numpy interpreter of the operators nnwb writes (Debian 12's onnx,
1.12, has no reference evaluator) runs it on the raw columns of a CSV, and
each output must match the prediction file's columns to 1e-5.

usage: onnx_eval.py MODEL.onnx DATA.csv PREDICTIONS.csv
prints "ok N" (N rows compared) or the first mismatch, exit status 1."""
import csv
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


OPS = {
    "Identity": lambda a, x: x,
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
}


def run(model, feeds):
    values = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        a = attrs(node)
        for k in a:
            assert node.op_type in ("LeakyRelu", "Elu", "Softmax"), f"{node.op_type} has attribute {k}"
        out = OPS[node.op_type](a, *[values[i] for i in node.input])
        values[node.output[0]] = out
    return {o.name: values[o.name] for o in model.graph.output}


def main(model_path, data_path, pred_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    columns = meta["columns"].split("\n")
    with open(data_path, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(pred_path, newline="") as f:
        preds = list(csv.DictReader(f))
    x = np.array([[float(r[c]) if r[c] != "" else math.nan for c in columns] for r in rows])
    out = run(model, {model.graph.input[0].name: x})
    if meta["task"] == "regression":
        # one target: "prediction"; several: "prediction_NAME" each, in the outputs' order
        names = [c for c in preds[0] if c == "prediction" or c.startswith("prediction_")]
        got, want = out["prediction"], np.array([[float(p[c]) for c in names] for p in preds])
    else:
        classes = meta["classes"].split("\n")
        got = out["probabilities"]
        names = classes[1:] if got.shape[1] == 1 else classes  # binary: the second class's
        want = np.array([[float(p["p_" + c]) for c in names] for p in preds])
    worst = float(np.max(np.abs(got.reshape(want.shape) - want)))
    if not worst <= 1e-5:
        print(f"worst difference {worst:.3g} > 1e-5")
        return 1
    print(f"ok {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
