"""Reference timings in the format of `elman-bench engine`: the seed job and one training step at hidden 256, in
numpy (hand gradients) and, when torch imports, PyTorch (autograd, one thread), both float32.

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    bench("numpy", numpy_elman, runs)
    try:
        import torch_elman
    except ImportError:
        print("torch  not installed: skipped")
        return
    bench("torch", torch_elman, runs)


if __name__ == "__main__":
    main()
