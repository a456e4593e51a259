"""``python -m elman.bench``: the seed job and small requests timed end to end from Python.

Each line reads like the engine's: the median and 90th percentile of ``--runs`` repetitions after a warm-up.
The worker is started once; models made by the runs are deleted between them (outside the timed part).
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from .worker import Worker


def measure(run: Callable[[], object], runs: int, after: Callable[[object], None] = lambda _: None) -> np.ndarray:
    """Seconds taken by each of ``runs`` calls of ``run`` (after 5 untimed ones); ``after`` gets each result."""
    for _ in range(5):
        after(run())
    times = np.empty(runs)
    for i in range(runs):
        start = time.perf_counter()
        result = run()
        times[i] = time.perf_counter() - start
        after(result)
    return times


def line(what: str, times: np.ndarray) -> str:
    median, p90 = np.median(times) * 1e3, np.percentile(times, 90) * 1e3
    return f"python  {what:<44}  median {median:.3f} ms  p90 {p90:.3f} ms  n={len(times)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m elman.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed repetitions of each measurement")
    args = parser.parse_args(argv)

    with Worker() as worker:
        print(line("ping round trip", measure(worker.ping, args.runs)))
        print(line("seed job end to end (train, wait: true)",
                   measure(lambda: worker.call("train", {"wait": True}), args.runs,
                           lambda job: worker.model_delete(job["model"]))))
        print(line("seed job end to end (client.train)",
                   measure(lambda: worker.train(progress=False), args.runs,
                           lambda result: worker.model_delete(result.model))))
        model = worker.train(progress=False).model
        print(line("predict the seed series", measure(lambda: worker.predict(model), args.runs)))


if __name__ == "__main__":
    main()
