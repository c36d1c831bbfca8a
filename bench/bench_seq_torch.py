#!/usr/bin/python3
"""PyTorch's training throughput on the sequence benchmarks, the same work
as bench_seq.c: D lstm 64 and E gru 64 on 30 steps x 8 channels (batch
64), F two causal conv1d 32 k=5 relu, global average pooling and dense 1
on 64 steps x 8 channels (batch 128); 20,000 windows, inputs uniform in
[-1, 1], target the mean of the first channel over the last five steps
plus a little noise, MSE, Adam lr 0.001, shuffled minibatches.  Best of
torch.set_num_threads(1) and (2), and samples per CPU second of one thread
(what a loaded machine changes least); no torch.compile.  Prints lines like
`D samples_per_sec=... threads=... one_thread_per_cpu_second=...`.  Needs
python3-torch."""
import sys
import time

import torch
import torch.nn.functional as F

CONFIGS = [("D", 30, 8, 64), ("E", 30, 8, 64), ("F", 64, 8, 128)]
ROWS = 20_000


class Recurrent(torch.nn.Module):
    def __init__(self, kind, channels):
        super().__init__()
        self.rnn = (torch.nn.LSTM if kind == "D" else torch.nn.GRU)(channels, 64, batch_first=True)
        self.out = torch.nn.Linear(64, 1)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h[:, -1])


class Conv(torch.nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.c1 = torch.nn.Conv1d(channels, 32, 5)
        self.c2 = torch.nn.Conv1d(32, 32, 5)
        self.out = torch.nn.Linear(32, 1)

    def forward(self, x):  # x: (batch, steps, channels)
        h = x.transpose(1, 2)
        h = F.relu(self.c1(F.pad(h, (4, 0))))  # causal: pad on the left only
        h = F.relu(self.c2(F.pad(h, (4, 0))))
        return self.out(h.mean(dim=2))


def make_data(steps, channels):
    g = torch.Generator().manual_seed(1)
    x = torch.rand(ROWS, steps, channels, generator=g) * 2 - 1
    y = (x[:, -5:, 0].mean(dim=1) + 0.01 * torch.randn(ROWS, generator=g)).unsqueeze(1)
    return x, y


def train(model, opt, x, y, batch, cpu=None):
    start, cpu_start = time.perf_counter(), time.process_time()
    order = torch.randperm(ROWS)
    for first in range(0, ROWS, batch):
        idx = order[first:first + batch]
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    if cpu is not None:
        cpu[0] += time.process_time() - cpu_start
    return time.perf_counter() - start


def samples_per_sec(name, channels, batch, x, y):
    torch.manual_seed(0)
    model = Conv(channels) if name == "F" else Recurrent(name, channels)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    train(model, opt, x, y, batch)  # warm-up
    seconds, samples, cpu = 0.0, 0, [0.0]
    while seconds < 3.0:
        seconds += train(model, opt, x, y, batch, cpu)
        samples += ROWS
    return samples / seconds, samples / cpu[0]


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else None
    for name, steps, channels, batch in CONFIGS:
        if only and name not in only:
            continue
        x, y = make_data(steps, channels)
        best, best_threads, per_cpu = 0.0, 1, 0.0
        for threads in (1, 2):
            torch.set_num_threads(threads)
            sps, cpu_sps = samples_per_sec(name, channels, batch, x, y)
            per_cpu = cpu_sps if threads == 1 else per_cpu
            if sps > best:
                best, best_threads = sps, threads
        print(f"{name} samples_per_sec={best:.0f} threads={best_threads} "
              f"one_thread_per_cpu_second={per_cpu:.0f}", flush=True)


if __name__ == "__main__":
    main()
