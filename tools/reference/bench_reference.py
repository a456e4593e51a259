"""Reference timings in the format of `elman-bench engine`: the seed job and one training step at hidden 256, in
numpy (hand gradients) and, when torch imports, PyTorch (autograd, one thread), both float32; and, in the format of
`elman-bench networks`, one training step of each general cell (rnn tanh, lstm, gru) with torch_networks' Net and
training loop: issue 10's lines (hidden 6, 64 and 256, k = 1) and issue 11's (hidden 512 with full back-propagation
through time, hidden 1024 with k = 1 and full: `--network-samples`, which tools/reference/bench_big_networks.py runs
in rounds alternating with elman-bench's).

Run: /tmp/torchenv/bin/python tools/reference/bench_reference.py [--runs N]
"""
import argparse
import statistics
import time

import numpy as np

import numpy_elman

SERIES = numpy_elman.sine()
STEPS = len(SERIES) - 1


def samples(job, runs):
    job()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times


def line(prefix, label, times, unit, per_run=1):
    scale = {"ms": 1e3, "µs": 1e6}[unit] / per_run
    ordered = sorted(times)
    p90 = ordered[max(0, int(np.ceil(0.9 * len(ordered))) - 1)]
    return (f"{prefix}  {label}  median {statistics.median(times) * scale:.3f} {unit}  "
            f"p90 {p90 * scale:.3f} {unit}  n={len(times)}")


def bench(prefix, module, runs):
    w1, w2 = numpy_elman.initial_weights(6, 0)
    seed_job = samples(lambda: module.train(w1, w2, SERIES, 300, 0.1, 1), runs)
    print(line(prefix, f"seed job (300 epochs x {STEPS} steps, hidden 6)", seed_job, "ms"))
    hidden = 256
    w1, w2 = numpy_elman.initial_weights(hidden, 0, 1 / np.sqrt(hidden), 1 / np.sqrt(hidden))
    epoch = samples(lambda: module.train(w1, w2, SERIES, 1, 0.1, 1), runs)
    print(line(prefix, f"step (hidden {hidden}, k=1)", epoch, "µs", per_run=STEPS))


def adaptive_samples(job, seconds=3.0, min_runs=5, max_runs=200):
    """`samples` with as many runs as fill about `seconds` (from one timed warm-up), within min_runs…max_runs."""
    start = time.perf_counter()
    job()
    once = time.perf_counter() - start
    return samples(job, min(max_runs, max(min_runs, int(seconds / max(once, 1e-9)))))


CELL_LABELS = {"rnn": "rnn tanh", "lstm": "lstm", "gru": "gru"}


def network_job(cell, hidden, truncation, points=201, epochs=2, learning_rate=0.01):
    """One run of `bench_networks`' job and its steps: Net(cell, 1, hidden, 1 layer, 1, bias) trained `epochs`
    epochs of a `points`-point sine (batch 1, windows of `truncation` steps, "full": the whole series; sse/2, plain
    SGD, no clipping) from the same initial weights each run."""
    import torch
    import torch_networks

    torch.set_num_threads(1)
    data = {"sequences": [[[float(v)] for v in numpy_elman.sine(points=points)]], "targets": [0]}
    steps = points - 1
    training = {"epochs": epochs, "truncation": steps if truncation == "full" else int(truncation), "loss": "sse/2",
                "clip_grad_norm": None,
                "optimizer": {"name": "sgd", "lr": learning_rate, "momentum": 0.0, "nesterov": False,
                              "weight_decay": 0.0}}
    torch.manual_seed(0)
    net = torch_networks.Net(cell, 1, hidden, 1, 1, True)
    initial = {name: value.clone() for name, value in net.state_dict().items()}

    def job():
        net.load_state_dict(initial)
        torch_networks.train(net, data, training)

    return job, epochs * steps


def bench_networks(hidden_sizes, truncation, points=201, epochs=2, seconds=3.0, min_runs=5):
    """One training step of each cell at each hidden size, as `elman-bench networks` times it: each sample is a
    run's time (`network_job`) over its steps."""
    for cell, label in CELL_LABELS.items():
        for hidden in hidden_sizes:
            job, steps = network_job(cell, hidden, truncation, points, epochs)
            times = adaptive_samples(job, seconds=seconds, min_runs=min_runs)
            print(line("torch", f"step ({label}, hidden {hidden}, k={truncation})", times, "µs", per_run=steps),
                  flush=True)


def network_samples(cell, hidden, truncation, seconds, min_runs):
    """`samples  torch  step (…)  µs  <t> <t> …`: one line's samples (µs per step, one epoch of a 200-step series),
    as `elman-bench networks --samples` lists its own, for tools/reference/bench_big_networks.py to pool."""
    job, steps = network_job(cell, hidden, truncation, epochs=1)
    times = adaptive_samples(job, seconds=seconds, min_runs=min_runs)
    values = " ".join(f"{t * 1e6 / steps:.3f}" for t in times)
    print(f"samples  torch  step ({CELL_LABELS[cell]}, hidden {hidden}, k={truncation})  µs  {values}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--network-samples", nargs=3, metavar=("CELL", "HIDDEN", "K"),
                        help="only list one general-network line's samples (one epoch of a 200-step series)")
    parser.add_argument("--seconds", type=float, default=4.0, help="with --network-samples: seconds of runs")
    parser.add_argument("--min-runs", type=int, default=2, help="with --network-samples: fewest runs")
    arguments = parser.parse_args()
    if arguments.network_samples:
        cell, hidden, truncation = arguments.network_samples
        network_samples(cell, int(hidden), truncation, arguments.seconds, arguments.min_runs)
        return
    runs = arguments.runs
    bench("numpy", numpy_elman, runs)
    try:
        import torch_elman
    except ImportError:
        print("torch  not installed: skipped")
        return
    bench("torch", torch_elman, runs)
    bench_networks((6, 64, 256), "1")
    # Issue 11's big networks: bench_big_networks.py, in rounds alternating with Elman's.


if __name__ == "__main__":
    main()
