"""Issue 14's rolling-origin backtest as a plain PyTorch loop (torch_elman: autograd, one thread), for `make bench`.

`backtest` is the worker's `backtest` with refit and an expanding window on the seed's network (PROTOCOL.md): for
every origin o = initial, initial + step, … with o + horizon ≤ T, train the same initial weights on rows 0 … o − 1,
run over them from a zero context and feed the outputs back `horizon` times. The full target (99 folds × 300 epochs
over 500–990 rows) takes PyTorch close to an hour, so `main` times the loop on a few folds and epochs and
scales the time by the share of the target's epoch-steps they trained (training is all but a sliver of the work),
printing one line in `elman-bench`'s format.

Run: /work/torchenv/bin/python tools/reference/torch_backtest.py [--folds N] [--epochs E]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from seeded_generator import SeededGenerator

#: The target of issue 14, as `elman-bench backtest` runs it.
SERIES = np.sin(np.linspace(0.0, 100.0, 1000)).astype(np.float32)
INITIAL, STEP, HORIZON, EPOCHS, HIDDEN = 500, 5, 10, 300, 6


def initial_weights(hidden: int = HIDDEN, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The worker's seeded initialisation (ElmanWeights.random: std 0.4 and 0.3, W1 row-major, then W2)."""
    generator = SeededGenerator(seed)
    w1 = [generator.normal(0, 0.4) for _ in range((hidden + 1) * hidden)]
    w2 = [generator.normal(0, 0.3) for _ in range(hidden)]
    return (np.array(w1, dtype=np.float32).reshape(hidden + 1, hidden),
            np.array(w2, dtype=np.float32).reshape(hidden, 1))


def origins(rows: int = len(SERIES), initial: int = INITIAL, step: int = STEP, horizon: int = HORIZON) -> list[int]:
    return list(range(initial, rows - horizon + 1, step))


def backtest(series: np.ndarray, fold_origins: list[int], horizon: int, epochs: int,
             lr: float = 0.1) -> list[list[float]]:
    """Each fold's `horizon` forecasts: train from the same weights on series[:o], then generate from series[:o]."""
    import torch_elman

    w1, w2 = initial_weights()
    forecasts = []
    for origin in fold_origins:
        _, trained_w1, trained_w2 = torch_elman.train(w1, w2, series[:origin], epochs, lr, 1)
        forecasts.append(torch_elman.generate(trained_w1, trained_w2, series[:origin], horizon))
    return forecasts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2, help="folds timed (spread over the target's origins)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per timed fold")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch  not installed: backtest skipped")
        return
    every = origins()
    timed = every[:: max(1, len(every) // arguments.folds)][: arguments.folds]
    total_units = sum((o - 1) * EPOCHS for o in every)
    timed_units = sum((o - 1) * arguments.epochs for o in timed)
    backtest(SERIES, timed[:1], HORIZON, 1)  # warm-up
    times = []
    for _ in range(arguments.runs):
        start = time.perf_counter()
        backtest(SERIES, timed, HORIZON, arguments.epochs)
        times.append((time.perf_counter() - start) * total_units / timed_units)
    times.sort()
    median, p90 = times[len(times) // 2], times[max(0, int(np.ceil(0.9 * len(times))) - 1)]
    print(f"torch  backtest ({len(every)} folds x {EPOCHS} epochs, 1000 points, initial {INITIAL}, step {STEP}, "
          f"horizon {HORIZON}, refit, seed network; scaled from {len(timed)} folds x {arguments.epochs} epochs)  "
          f"median {median * 1e3:.3f} ms  p90 {p90 * 1e3:.3f} ms  n={len(times)}", flush=True)


if __name__ == "__main__":
    main()
