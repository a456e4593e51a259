"""The client: one Python method per protocol method (``a.b`` becomes ``a_b``), with the seed's defaults.

See Protocol/PROTOCOL.md for what each method does; here are the Python types it comes in and goes out as.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from .errors import ElmanError, JobWaitTimeout, WorkerTimeout
from .process import ConnectionInfo
from .progress import TrainingReport
from .results import Job, ModelInfo, ModelList, TrainResult, Weights, as_weights
from .series import Data, as_float_list, data_to_wire
from .wire import CurveKeys, Wire

#: Without a notification socket, a followed job is waited for in ``job.wait`` slices of this many ms, and the
#: progress bar is moved from ``job.status`` between them.
WAIT_SLICE_MS = 250
#: How long the client waits for a job to end after cancelling it because of Ctrl-C, in seconds.
CANCEL_GRACE = 2.0


class Client:
    """A connection to one elman worker.

    ``endpoint`` is the worker's request socket (e.g. ``tcp://127.0.0.1:40123``), ``events`` its notification
    socket or ``None`` (then the progress bar follows ``job.status`` instead, and verbose lines come at the end).
    ``heartbeat`` is how many seconds without any answer make a call raise :class:`~elman.WorkerTimeout`.
    ``curve`` holds the keys for a worker that encrypts (its connection file has them; :func:`elman.connect` reads
    them). Use :func:`elman.connect` to attach to a running worker, or :class:`elman.Worker` to start one.
    """

    def __init__(self, endpoint: str, events: str | None = None, *, heartbeat: float = 10.0,
                 curve: CurveKeys | None = None) -> None:
        self._wire = Wire(endpoint, events, heartbeat=heartbeat, check_alive=self._check_alive, curve=curve)

    @property
    def endpoint(self) -> str:
        """The worker's request (ROUTER) endpoint."""
        return self._wire.endpoint

    @property
    def events(self) -> str | None:
        """The worker's notification (PUB) endpoint this client subscribes to, or ``None``."""
        return self._wire.events

    def _check_alive(self) -> None:
        """Raise when the worker is known to be gone; a connected worker is only watched by the heartbeat."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint}>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the sockets. A worker this client started is stopped too (see :class:`elman.Worker`)."""
        self._wire.close()

    def call(self, method: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """Send any request and return its raw ``result`` (JSON values); errors raise :class:`~elman.ElmanError`."""
        return self._wire.call(method, dict(params) if params is not None else None, timeout=timeout)

    # -- the worker ---------------------------------------------------------------------------------------------

    def ping(self, timeout: float | None = None) -> float:
        """Check that the worker answers; returns the round trip in seconds."""
        start = time.perf_counter()
        self.call("ping", timeout=timeout)
        return time.perf_counter() - start

    def info(self) -> dict:
        """The worker's protocol version, software version, methods, limits and defaults."""
        return self.call("info")

    def shutdown(self) -> None:
        """Ask the worker to stop: it cancels its running jobs and exits."""
        self.call("shutdown")

    # -- training -----------------------------------------------------------------------------------------------

    def train(self, model: str | None = None, *, hidden_size: int | None = None, seed: int | None = None,
              init_std: tuple[float, float] | None = None, weights: Weights | Mapping[str, ArrayLike] | None = None,
              data: Data | None = None, epochs: int = 300, lr: float = 0.1, truncation: int = 1,
              report_every: int = 10, progress: bool = True, verbose: bool = False,
              timeout: float | None = None) -> TrainResult:
        """Train a new model (or continue training ``model``) and return the ended job.

        With no arguments this is the seed's job: a new network with 6 context neurons (``hidden_size``), weights
        drawn from normal(0, 0.4) and normal(0, 0.3) (``init_std``) by the worker's generator seeded with
        ``seed`` (0), or the given ``weights``; the series ``data`` (default ``Sine()``: sin of 21 points from 2
        to 10); ``epochs`` of per-step SGD at learning rate ``lr`` with back-propagation through windows of
        ``truncation`` steps (1, as the seed). ``None`` leaves a parameter to the worker's default; with
        ``model``, ``hidden_size``, ``seed``, ``init_std`` and ``weights`` must stay ``None``.

        While it runs: a progress bar (``progress``) and, with ``verbose``, the seed's ``Epoch: N loss X`` lines
        every ``report_every`` epochs. Ctrl-C (KeyboardInterrupt) cancels the job on the worker and re-raises.
        ``timeout`` bounds the whole job in seconds; when it passes, :class:`~elman.WorkerTimeout` is raised and
        the job goes on on the worker.
        """
        params: dict[str, Any] = {"epochs": int(epochs), "lr": float(lr), "truncation": int(truncation),
                                  "report_every": int(report_every)}
        if model is not None:
            params["model"] = model
        if hidden_size is not None:
            params["hidden_size"] = int(hidden_size)
        if seed is not None:
            params["seed"] = int(seed)
        if init_std is not None:
            params["init_std"] = {"w1": float(init_std[0]), "w2": float(init_std[1])}
        if weights is not None:
            params["weights"] = as_weights(weights).to_wire()
        if data is not None:
            params["data"] = data_to_wire(data)
        started = time.perf_counter()
        job = Job.from_wire(self.call("train", params))
        report = TrainingReport(job.job, job.epochs, int(report_every), progress=progress, verbose=verbose)
        try:
            ended = self._follow(job.job, report, None if timeout is None else started + timeout)
            report.finish(ended)
        except KeyboardInterrupt:
            self._cancel_quietly(job.job)
            raise
        finally:
            report.close()
        return TrainResult(**vars(ended), wall_seconds=time.perf_counter() - started)

    def _follow(self, job: str, report: TrainingReport, deadline: float | None) -> Job:
        """Wait for ``job`` to end, feeding ``report`` from notifications, or from job.status between slices.

        With notifications, one ``job.wait`` stays pending on the worker (the wire's heartbeat watches it), so a
        worker that shuts down answers it with the cancelled job.
        """

        def on_notification(method: str, params: dict) -> None:
            if method == "job.progress" and params.get("job") == job:
                report.progress(int(params["epoch"]), float(params["loss"]))

        slice_ms = None if self._wire.has_events else WAIT_SLICE_MS
        while True:
            wait_ms = slice_ms
            if deadline is not None:
                left_ms = max(0, int((deadline - time.perf_counter()) * 1000))
                wait_ms = left_ms if wait_ms is None else min(wait_ms, left_ms)
            params = {"job": job} if wait_ms is None else {"job": job, "timeout_ms": wait_ms}
            try:
                return Job.from_wire(self._wire.call("job.wait", params, on_notification=on_notification))
            except JobWaitTimeout:
                pass
            if not self._wire.has_events:
                report.completed(self.job_status(job).epoch)
            if deadline is not None and time.perf_counter() >= deadline:
                raise WorkerTimeout(f"training job {job} has not ended in time; it goes on on the worker: "
                                    f"job_wait({job!r}) waits for it again, job_cancel({job!r}) stops it")

    def _cancel_quietly(self, job: str) -> None:
        """Cancel ``job`` and give it a moment to end; failures are ignored (an interrupt is on its way up)."""
        try:
            self.call("job.cancel", {"job": job}, timeout=CANCEL_GRACE)
            self.call("job.wait", {"job": job, "timeout_ms": int(CANCEL_GRACE * 1000)}, timeout=2 * CANCEL_GRACE)
        except ElmanError:
            pass

    # -- jobs ---------------------------------------------------------------------------------------------------

    def job_status(self, job: str) -> Job:
        """The job as it is now (``losses`` stays empty until it ends)."""
        return Job.from_wire(self.call("job.status", {"job": job}))

    def job_wait(self, job: str, timeout: float | None = None) -> Job:
        """Wait until the job ends; after ``timeout`` seconds raise :class:`~elman.JobWaitTimeout` (it goes on)."""
        params: dict[str, Any] = {"job": job}
        if timeout is not None:
            params["timeout_ms"] = max(0, int(timeout * 1000))
        return Job.from_wire(self.call("job.wait", params))

    def job_cancel(self, job: str) -> Job:
        """Ask the job to stop before its next epoch; the model keeps its last completed epoch's weights."""
        return Job.from_wire(self.call("job.cancel", {"job": job}))

    def job_list(self) -> list[Job]:
        """The jobs the worker remembers, without their losses."""
        return [Job.from_wire(job) for job in self.call("job.list")["jobs"]]

    # -- models -------------------------------------------------------------------------------------------------

    def model_get(self, model: str) -> ModelInfo:
        """The model's summary and weights (numpy float32, PyTorch's layout)."""
        return ModelInfo.from_wire(self.call("model.get", {"model": model}))

    def model_list(self) -> ModelList:
        """The models in memory and the names saved in the worker's models folder."""
        result = self.call("model.list")
        return ModelList(models=[ModelInfo.from_wire(m) for m in result["models"]], saved=list(result["saved"]))

    def model_delete(self, model: str) -> None:
        """Forget the model."""
        self.call("model.delete", {"model": model})

    def model_save(self, model: str, name: str) -> None:
        """Store the model as ``name`` in the worker's models folder (replacing a model saved under that name)."""
        self.call("model.save", {"model": model, "name": name})

    def model_load(self, name: str) -> ModelInfo:
        """Make a new model (with a new id) from the one saved as ``name``."""
        return ModelInfo.from_wire(self.call("model.load", {"name": name}))

    # -- running a model ----------------------------------------------------------------------------------------

    def predict(self, model: str, data: Data | None = None, *, inputs: ArrayLike | None = None) -> np.ndarray:
        """Teacher-forced outputs from a zero context, float32.

        With ``data`` (default ``Sine()``) the inputs are the series without its last value, so ``result[i]``
        is the model's guess of ``series[i + 1]``; with ``inputs`` every value is an input. Not both.
        """
        params: dict[str, Any] = {"model": model}
        if data is not None:
            params["data"] = data_to_wire(data)
        if inputs is not None:
            params["inputs"] = as_float_list(inputs, "inputs")
        return np.asarray(self.call("predict", params)["predictions"], dtype=np.float32)

    def generate(self, model: str, prime: ArrayLike, steps: int) -> np.ndarray:
        """Run over ``prime`` from a zero context, then feed each output back: ``steps`` values, float32.

        ``result[0]`` is the prediction of what follows ``prime[-1]``.
        """
        params = {"model": model, "prime": as_float_list(prime, "prime"), "steps": int(steps)}
        return np.asarray(self.call("generate", params)["values"], dtype=np.float32)


def connect(target: str | os.PathLike, *, events: str | None = None, heartbeat: float = 10.0) -> Client:
    """Attach to a worker already running: ``target`` is its endpoint (``tcp://host:port``, ``ipc://path``) or
    the path of its connection file (which also gives the notification socket and any CURVE key).

    The worker must answer a ping within ``heartbeat`` seconds, else :class:`~elman.WorkerTimeout` is raised.
    """
    text = os.fspath(target)
    if "://" in text:
        client = Client(text, events, heartbeat=heartbeat)
    else:
        info = ConnectionInfo.read(Path(text))
        client = Client(info.endpoint, events or info.events, heartbeat=heartbeat,
                        curve=info.curve)
    try:
        client.ping()
    except BaseException:
        client.close()
        raise
    return client
