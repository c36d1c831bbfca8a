#!/usr/bin/python3
"""PyTorch's training throughput on the benchmark MLPs, the same work as
bench_nnwb.c: inputs uniform in [-1, 1], target a fixed linear function of
them plus a little noise, MSE, Adam lr 0.001, shuffled minibatches, relu
hidden layers, linear output.

PyTorch has two thread pools: its own (OpenMP, torch.set_num_threads) and
OpenBLAS's, which does the matrix products.  Each configuration runs with
every combination of 1 and 2 threads in each pool (OpenBLAS's set through
threadpoolctl, Debian's python3-threadpoolctl; without it OpenBLAS keeps
its default and the line says so), with OMP_WAIT_POLICY=PASSIVE so idle
OpenMP threads sleep instead of spinning against OpenBLAS's.  Prints one
line per configuration, the best combination and the one-thread one:
  B samples_per_sec=... threads=1 blas=2 one_thread=... tried=1/1:...,1/2:...

Needs Debian's python3-torch (hence /usr/bin/python3)."""
import math
import os
import sys
import time

# read by libgomp when torch loads it: set before the import
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

CONFIGS = [
    # name, layer sizes, batch, rows, epochs per timed run, seconds to measure
    ("A", [10, 10, 1], 10, 100, 100, 1.0),
    ("B", [64, 256, 256, 1], 256, 200_000, 2, 3.0),
    ("C", [512, 1024, 1024, 1], 512, 100_000, 1, 3.0),
]


# (torch threads, OpenBLAS threads); 0: OpenBLAS's default (no threadpoolctl)
COMBINATIONS = [(1, 1), (1, 2), (2, 1), (2, 2)] if threadpool_limits else [(1, 0), (2, 0)]


def make_data(sizes, rows):
    g = torch.Generator().manual_seed(1)
    x = torch.rand(rows, sizes[0], generator=g) * 2 - 1
    w = torch.tensor([math.sin(j + 1.0) for j in range(sizes[0])])
    y = (x @ w / math.sqrt(sizes[0]) + 0.01 * torch.randn(rows, generator=g)).unsqueeze(1)
    return x, y


def make_model(sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def train(model, opt, x, y, batch, epochs):
    loss_fn = torch.nn.MSELoss()
    rows = x.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(rows)
        for first in range(0, rows, batch):
            idx = order[first:first + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return time.perf_counter() - start


def samples_per_sec(sizes, batch, rows, epochs, min_seconds, x, y):
    torch.manual_seed(0)
    model = make_model(sizes)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    train(model, opt, x, y, batch, 1)  # warm-up
    seconds, samples = 0.0, 0
    while seconds < min_seconds:
        seconds += train(model, opt, x, y, batch, epochs)
        samples += rows * epochs
    return samples / seconds


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else None
    for name, sizes, batch, rows, epochs, min_seconds in CONFIGS:
        if only and name not in only:
            continue
        x, y = make_data(sizes, rows)
        tried = {}
        for threads, blas in COMBINATIONS:
            torch.set_num_threads(threads)
            if not blas:
                tried[(threads, blas)] = samples_per_sec(sizes, batch, rows, epochs, min_seconds,
                                                         x, y)
                continue
            with threadpool_limits(limits=blas, user_api="blas"):
                tried[(threads, blas)] = samples_per_sec(sizes, batch, rows, epochs, min_seconds,
                                                         x, y)
        (threads, blas), best = max(tried.items(), key=lambda kv: kv[1])
        one = tried.get((1, 1), tried.get((1, 0)))
        listed = ",".join(f"{t}/{b or 'default'}:{v:.0f}" for (t, b), v in tried.items())
        print(f"{name} samples_per_sec={best:.0f} threads={threads} blas={blas or 'default'}"
              f" one_thread={one:.0f} tried={listed}", flush=True)


if __name__ == "__main__":
    main()
