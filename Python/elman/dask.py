"""Sweeps across a Dask cluster: one elman-worker beside each Dask worker, chunks of runs sent where they run.

>>> import elman.dask
>>> frame = elman.dask.sweep(None, grid={"lr": [0.05, 0.1, 0.2], "seed": range(100)}, epochs=100)

:class:`ElmanPlugin` is a ``distributed`` worker plugin: registered with ``client.register_plugin`` (as
:func:`register` does), it starts an ``elman-worker`` in each Dask worker's setup — on free loopback ports, with
``--parent-pid`` the Dask worker's process, so it stops by itself if that process is killed — and stops it in
teardown; a Dask worker that joins later gets one too. Tasks reach theirs with :func:`local_worker`.

:func:`sweep` lists the runs of a sweep in the worker's run order (:func:`elman.sweep.configurations`), cuts them
into chunks of explicit configs, and runs each chunk as one ``sweep`` on the elman-worker beside the Dask worker
that runs the task; the chunks' frames are put back together in run order, so the result equals the same sweep on
one worker. A chunk lost with its Dask worker is run again elsewhere by the scheduler, whole: every run is present
once. :func:`fit_many` trains one model per series the same way and returns their state_dicts.

``client=None`` starts a ``LocalCluster`` (worker processes, the dashboard on a free port) for the call and closes it
after; any ``distributed.Client`` — of a LocalCluster or of a scheduler at an address — is used as it is.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import distributed
import pandas

from .client import Client
from .progress import CountReport
from .state_dict import StateDict
from .sweep import Configs, Grid, configurations, sweep_request
from .validation import positive_integer, refuse
from .worker import Worker

#: The name the plugin is registered under on every Dask worker.
PLUGIN = "elman"
#: Chunks per Dask worker thread when ``chunk_size`` is not given: enough to balance uneven chunks.
CHUNKS_PER_THREAD = 4

Item = TypeVar("Item")


class ElmanPlugin(distributed.WorkerPlugin):
    """Starts an ``elman-worker`` beside each Dask worker and stops it with it.

    ``binary`` is the worker binary as the Dask worker finds it (``None``: ``$ELMAN_WORKER``, the repository's
    build, ``PATH``, as :class:`elman.Worker` looks); ``extra_args`` go to its command line. Registering it again
    under the same name changes nothing (``idempotent``).
    """

    name = PLUGIN
    idempotent = True

    def __init__(self, binary: str | None = None, extra_args: Sequence[str] = ()) -> None:
        self.binary, self.extra_args = binary, tuple(extra_args)
        self.worker: Worker | None = None

    def setup(self, worker: distributed.Worker) -> None:
        self.worker = Worker(binary=self.binary, extra_args=self.extra_args)

    def teardown(self, worker: distributed.Worker) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def register(client: distributed.Client, plugin: ElmanPlugin | None = None) -> None:
    """Register ``plugin`` (default: :class:`ElmanPlugin()`) on every Dask worker of ``client``, now and later."""
    client.register_plugin(plugin if plugin is not None else ElmanPlugin(), name=PLUGIN)


def local_worker(dask_worker: distributed.Worker | None = None) -> Worker:
    """The elman-worker beside ``dask_worker``, by default the Dask worker running the calling task (the plugin must
    be registered). ``client.run(lambda dask_worker: local_worker(dask_worker).pid)`` asks each one."""
    dask_worker = dask_worker if dask_worker is not None else distributed.get_worker()
    plugin = dask_worker.plugins.get(PLUGIN)
    if plugin is None or plugin.worker is None:
        raise RuntimeError("no elman-worker beside this Dask worker: register the plugin first "
                           "(elman.dask.register(client))")
    return plugin.worker


def sweep(client: distributed.Client | None = None, grid: Grid | None = None, configs: Configs | None = None, *,
          chunk_size: int | None = None, losses: bool = False, progress: bool = True,
          **base: Any) -> pandas.DataFrame:
    """:meth:`elman.Client.sweep` across a Dask cluster: the same runs, the same frame (without ``keep_models``:
    the models would be scattered over the cluster), ``chunk_size`` runs per task (default: about
    ``CHUNKS_PER_THREAD`` chunks per Dask worker thread), a progress bar over the chunks. Every parameter is
    checked before any task is sent."""
    sweep_request(base, grid, configs)
    runs = configurations(grid, configs)
    with _connected(client) as dask:
        frames = _map_chunks(dask, _sweep_chunk, runs, chunk_size, progress, "sweep", base=base, losses=losses)
    return pandas.concat(frames, ignore_index=True)


def fit_many(client: distributed.Client | None, series_list: Sequence[Any], *, chunk_size: int | None = None,
             progress: bool = True, **params: Any) -> list[StateDict]:
    """One model per series (train's ``data``, any form :meth:`elman.Client.train` takes), trained with
    ``params`` across the cluster; returns their state_dicts (numpy float32 under PyTorch's names), in the order of
    ``series_list``. The models are deleted from the workers once read."""
    if params.get("data") is not None:
        raise refuse("data", "is given by series_list (one model per series)")
    sweep_request(params, None, [{"data": series} for series in series_list])
    with _connected(client) as dask:
        parts = _map_chunks(dask, _fit_chunk, list(series_list), chunk_size, progress, "fit_many", params=params)
    return [state_dict for part in parts for state_dict in part]


def _sweep_chunk(chunk: list[dict], base: dict, losses: bool) -> pandas.DataFrame:
    """One task: ``chunk``'s runs as one sweep on the elman-worker beside this Dask worker."""
    return local_worker().sweep(configs=chunk, losses=losses, progress=False, **base)


def _fit_chunk(chunk: list[Any], params: dict) -> list[StateDict]:
    """One task: :func:`fit_on` the elman-worker beside this Dask worker."""
    return fit_on(local_worker(), chunk, params)


def fit_on(worker: Client, chunk: Sequence[Any], params: Mapping[str, Any]) -> list[StateDict]:
    """A model per series of ``chunk`` on ``worker``, as one sweep keeping the models; their state_dicts, in order,
    the models deleted."""
    models = worker.sweep(configs=[{"data": series} for series in chunk], keep_models=True, progress=False,
                          **params)["model"]
    try:
        return [worker.model_get(model).state_dict for model in models]
    finally:
        for model in models:
            worker.model_delete(model)


@contextlib.contextmanager
def _connected(client: distributed.Client | None) -> Iterator[distributed.Client]:
    """``client`` with the plugin registered; for ``None``, a LocalCluster's client, closed on leaving."""
    if client is not None:
        register(client)
        yield client
        return
    with distributed.LocalCluster(processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as local:
        register(local)
        yield local


def _map_chunks(client: distributed.Client, task: Callable[..., Item], items: list, chunk_size: int | None,
                progress: bool, desc: str, **arguments: Any) -> list[Item]:
    """``task(chunk, **arguments)`` for consecutive chunks of ``items``, as Dask tasks; the results in chunk order,
    with a bar over the chunks. When the caller is interrupted or a task fails, the chunks not done are
    cancelled."""
    if chunk_size is None:
        threads = max(1, sum(client.nthreads().values()))
        size = max(1, math.ceil(len(items) / (CHUNKS_PER_THREAD * threads)))
    else:
        size = positive_integer(chunk_size, "chunk_size")
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    futures = [client.submit(task, chunk, **arguments, pure=False) for chunk in chunks]
    order = {future.key: index for index, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    report = CountReport(len(futures), f"{desc} over {len(futures)} chunks", "chunk", progress=progress)
    try:
        for done, (future, result) in enumerate(distributed.as_completed(futures, with_results=True), start=1):
            results[order[future.key]] = result
            report.completed(done)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        report.close()
    return results
