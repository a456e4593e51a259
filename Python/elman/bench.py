"""``python -m elman.bench``: the seed job and small requests timed end to end from Python.

Each line reads like the engine's: the median and 90th percentile of ``--runs`` repetitions after a warm-up.
The worker is started once; models made by the runs are deleted between them (outside the timed part).

Then the client's own overhead, measured side by side in this one run: ``elman.Worker().train()`` with its progress
bar (drawn to a null stream) against a raw pyzmq DEALER sending ``train`` with ``"wait": true`` and reading the
reply — nothing but the wire. The target (shared/DESIGN.md) is a ratio of at most 1.3.

Then issue 12's sweeps: 1,000 seed-job configurations (10 learning rates × 100 seeds) as one ``sweep`` against the
same 1,000 as separate ``train`` calls through the same worker, rounds interleaved, jobs/s and their ratio (target
≥ 5×); and, when ``distributed`` imports, the same sweep on a LocalCluster of 2 worker processes (1 thread each)
and the Dask overhead per chunk: the wall time of a sweep of one-epoch runs cut into one-run chunks, less that of
the same sweep on one worker, per chunk; and 1,000 series × one seed model each (``fit_many``) on one worker
(``elman.dask.fit_on``) and on that LocalCluster, models per second.

Then issue 11's binary frames, on a worker started with limits that let a 10⁶-point series through: ``predict`` of
a 10⁶-point series by the seed's network, round trip from Python, with binary frames (the default) and with JSON
(``binary_frames=False``), rounds interleaved, medians and their ratio (target ≥ 5×; the float32 results are
asserted bit-identical); and ``train`` on that series (the seed's network, a few epochs) both ways: the wall time,
the engine's ``seconds`` and the share of the wall time spent outside the engine (transfer, parsing, the client).
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

from .client import connect
from .sweep import configurations
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
    parser.add_argument("--sweep-rounds", type=int, default=5, help="timed rounds of each sweep measurement")
    parser.add_argument("--big-rounds", type=int, default=5, help="timed rounds of each 10⁶-point measurement")
    parser.add_argument("--big-epochs", type=int, default=3, help="epochs of the training on 10⁶ points")
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
        print(sweep_against_trains(worker, rounds=args.sweep_rounds))
        limits = worker.info()["limits"]
    print(*dask_lines(rounds=args.sweep_rounds), sep="\n")
    print(*binary_frames_lines(limits, rounds=args.big_rounds, epochs=args.big_epochs), sep="\n")


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


#: Issue 12's workload: the seed's job at 10 learning rates × 100 seeds.
SWEEP_GRID = {"lr": [0.01 * (k + 1) for k in range(10)], "seed": list(range(100))}


def sweep_against_trains(worker: Worker, rounds: int) -> str:
    """The 1,000 configurations as one sweep and as 1,000 ``train`` calls (each model deleted, untimed), rounds
    interleaved; the median round's jobs/s of each and their ratio."""
    configs = configurations(SWEEP_GRID)
    worker.sweep(grid=SWEEP_GRID, progress=False)  # warm-up, untimed
    sweep_times, train_times = np.empty(rounds), np.zeros(rounds)
    for i in range(rounds):
        start = time.perf_counter()
        worker.sweep(grid=SWEEP_GRID, progress=False)
        sweep_times[i] = time.perf_counter() - start
        for config in configs:
            start = time.perf_counter()
            model = worker.train(progress=False, **config).model
            train_times[i] += time.perf_counter() - start
            worker.model_delete(model)
    runs = len(configs)
    one, separate = runs / np.median(sweep_times), runs / np.median(train_times)
    return (f"python  {runs} seed jobs (10 lr x 100 seeds): one sweep {one:,.0f} jobs/s  {runs} train calls "
            f"{separate:,.0f} jobs/s  ratio {one / separate:.1f}x (target >= 5x)  rounds={rounds}")


#: Series of the fit_many line: one seed-shaped model each.
FIT_SERIES = 1000


def dask_lines(rounds: int) -> list[str]:
    """The 1,000-configuration sweep on a LocalCluster of 2 processes, and the overhead per chunk; nothing when
    ``distributed`` is not installed (it is the ``dask`` extra)."""
    try:
        import distributed

        from . import dask as elman_dask
    except ModuleNotFoundError:
        return ["python  dask: not installed (pip install -e 'Python[dask]'), skipped"]
    tiny = {"grid": {"seed": list(range(40))}, "epochs": 1}
    runs = len(configurations(SWEEP_GRID))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as client, Worker() as worker:
        elman_dask.sweep(client, grid=SWEEP_GRID, progress=False)  # warm-up: the plugin starts its workers
        cluster = measure(lambda: elman_dask.sweep(client, grid=SWEEP_GRID, chunk_size=100, progress=False), rounds)
        alone = measure(lambda: worker.sweep(progress=False, **tiny), rounds)
        chunked = measure(lambda: elman_dask.sweep(client, chunk_size=1, progress=False, **tiny), rounds)
        series = [np.sin(np.linspace(phase, phase + 2 * np.pi, 21)) for phase in np.linspace(0, 6, FIT_SERIES)]
        # chunks of 100 on one worker as on the cluster (a chunk's models must fit the worker's max_models)
        fit_alone = measure(lambda: [elman_dask.fit_on(worker, series[start:start + 100], {})
                                     for start in range(0, FIT_SERIES, 100)], rounds)
        fit_cluster = measure(lambda: elman_dask.fit_many(client, series, chunk_size=100, progress=False), rounds)
    per_chunk = (np.median(chunked) - np.median(alone)) / len(tiny["grid"]["seed"])
    return [f"python  {runs} seed jobs on a LocalCluster (2 processes, 10 chunks) {runs / np.median(cluster):,.0f} "
            f"jobs/s  rounds={rounds}",
            f"python  {FIT_SERIES} series x one seed model each (fit_many): one worker "
            f"{FIT_SERIES / np.median(fit_alone):,.0f} models/s  LocalCluster (2 processes, 10 chunks) "
            f"{FIT_SERIES / np.median(fit_cluster):,.0f} models/s  rounds={rounds}",
            f"python  dask overhead per chunk (40 one-run chunks, 2 processes)  median {per_chunk * 1e3:.3f} ms  "
            f"n={rounds}"]


#: Issue 11's series length, and the limits a worker needs for it (raised only where its defaults are lower).
BIG_POINTS = 1_000_000
BIG_LIMITS = {"max_series_length": BIG_POINTS, "max_message_bytes": 200_000_000,
              "max_inference_work": 10**12, "max_work": 10**12}


def big_limits(defaults: dict) -> list[str]:
    """``--limit`` arguments raising the worker's ``defaults`` (its ``info()["limits"]``) to ``BIG_LIMITS``."""
    return [argument for name, value in BIG_LIMITS.items() if defaults.get(name, value) < value
            for argument in ("--limit", f"{name}={value}")]


def binary_frames_lines(defaults: dict, rounds: int, epochs: int) -> list[str]:
    """``predict`` of a 10⁶-point series with binary frames and with JSON, rounds interleaved (bit-identical
    float32 results asserted), and ``train`` on it both ways with the share of the wall time outside the engine."""
    series = np.sin(np.linspace(0, 4000, BIG_POINTS)).astype(np.float32)
    with Worker(extra_args=big_limits(defaults)) as binary, connect(binary.endpoint, binary_frames=False) as text:
        if not binary.binary_frames:
            return ["python  binary frames: this worker does not offer them (info has no binary_frames), skipped"]
        clients = {"binary frames": binary, "JSON": text}
        model = binary.train(progress=False).model
        expected = text.predict(model, series)  # warm-up, untimed
        times = {name: np.empty(rounds) for name in clients}
        for i in range(rounds):
            for name, client in clients.items():
                start = time.perf_counter()
                predictions = client.predict(model, series)
                times[name][i] = time.perf_counter() - start
                assert predictions.tobytes() == expected.tobytes(), f"{name} predictions differ from JSON's"
        trained = {name: client.train(data=series, epochs=epochs, progress=False) for name, client in clients.items()}
        first, second = trained.values()
        assert first.losses.tobytes() == second.losses.tobytes(), "training losses differ between binary and JSON"
    ratio = np.median(times["JSON"]) / np.median(times["binary frames"])
    lines = [line(f"predict {BIG_POINTS:,} points round trip, {name}", times[name]) for name in clients]
    lines.append(f"python  predict of {BIG_POINTS:,} points from Python: JSON {np.median(times['JSON']) * 1e3:.1f} ms"
                 f"  binary frames {np.median(times['binary frames']) * 1e3:.1f} ms  ratio {ratio:.1f}x (target >= 5x)"
                 f", float32 results bit-identical  rounds={rounds}")
    for name, result in trained.items():
        outside = 1 - result.seconds / result.wall_seconds
        lines.append(f"python  train on {BIG_POINTS:,} points (seed network, {epochs} epochs), {name}: wall "
                     f"{result.wall_seconds:.2f} s  engine {result.seconds:.2f} s  outside the engine "
                     f"{outside:.0%} of the wall time")
    return lines


if __name__ == "__main__":
    main()
