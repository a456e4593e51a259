"""``python -m elman.bench``: the seed job and small requests timed end to end from Python.

Each line reads like the engine's: the median and 90th percentile of ``--runs`` repetitions after a warm-up.
The worker is started once; models made by the runs are deleted between them (outside the timed part).

The last line is the client's own overhead, measured side by side in this one run: ``elman.Worker().train()``
with its progress bar (drawn to a null stream) against a raw pyzmq DEALER sending ``train`` with ``"wait": true``
and reading the reply — nothing but the wire. The target (shared/DESIGN.md) is a ratio of at most 1.3.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import time
from collections.abc import Callable

import numpy as np
import zmq

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
        print(overhead(worker, args.runs))


def overhead(worker: Worker, runs: int) -> str:
    """The seed job from a raw DEALER (``train`` with ``wait``) and from ``worker.train()`` with its bar,
    interleaved run by run so that both see the same machine; one line with both medians and their ratio."""
    context = zmq.Context.instance()
    dealer = context.socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.connect(worker.endpoint)
    ids = itertools.count(1)

    def raw() -> dict:
        dealer.send(json.dumps({"jsonrpc": "2.0", "id": next(ids), "method": "train",
                                "params": {"wait": True}}).encode())
        return json.loads(dealer.recv())["result"]

    def client() -> object:
        with contextlib.redirect_stderr(io.StringIO()):
            return worker.train(progress=True)

    try:
        for _ in range(5):  # warm-up, untimed
            worker.model_delete(raw()["model"])
            worker.model_delete(client().model)
        raw_times, client_times = np.empty(runs), np.empty(runs)
        for i in range(runs):
            pair = ((raw_times, raw, lambda r: r["model"]), (client_times, client, lambda r: r.model))
            for times, run, model in pair:
                start = time.perf_counter()
                result = run()
                times[i] = time.perf_counter() - start
                worker.model_delete(model(result))
    finally:
        dealer.close()
    ratio = np.median(client_times) / np.median(raw_times)
    return (f"python  client overhead: Worker().train() with its bar  median {np.median(client_times) * 1e3:.3f} ms"
            f"  raw DEALER train+wait {np.median(raw_times) * 1e3:.3f} ms  ratio {ratio:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
