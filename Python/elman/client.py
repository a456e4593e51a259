"""The client: one Python method per protocol method (``a.b`` becomes ``a_b``); what it leaves out, the worker's
defaults (the seed's, reported by ``info``) fill in.

See Protocol/PROTOCOL.md for what each method does; here are the Python types it comes in and goes out as.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from .errors import ElmanError
from .process import ConnectionInfo
from .progress import TrainingReport
from .data import Data, Targets, data_to_wire, is_sequences
from .ensemble import Ensemble, checked_band
from .networks import NetworkSpec
from .optimizers import OptimizerSpec
from .results import Job, ModelInfo, ModelList, TrainResult, Weights
from .series import Sine
from .sweep import Configs, Grid, RunsFollower, runs_frame, sweep_request
from .train_params import train_params
from .validation import flag, integer, positive_integer, real, real_array, refuse
from .wire import CurveKeys, Wire

if TYPE_CHECKING:
    import pandas

#: How long the client waits for a job to end after cancelling it because of Ctrl-C, in seconds.
CANCEL_GRACE = 2.0
#: The default bound, in seconds, on a call the worker answers at once (everything but waiting on a job).
DEFAULT_TIMEOUT = 60.0

#: ``timeout=DEFAULT`` means the client's own ``timeout``; ``None`` means no bound of the call's own.
DEFAULT: Any = object()


class Client:
    """A connection to one elman worker, safe to share between threads.

    ``endpoint`` is the worker's request socket (e.g. ``tcp://127.0.0.1:40123``); everything the client needs,
    the progress of its own jobs included, comes back on it. ``events`` is the worker's notification (PUB) socket,
    or ``None``: the client does not use it, and keeps it only to tell (:attr:`events`) where to subscribe.
    ``curve`` holds the keys for a worker that encrypts (its connection file has them; :func:`elman.connect` reads
    them). Use :func:`elman.connect` to attach to a running worker, or :class:`elman.Worker` to start one.

    No call waits forever. ``timeout`` (seconds, 60 by default; every method takes its own ``timeout`` too)
    bounds each call the worker answers at once: when its reply has not come by then,
    :class:`~elman.WorkerTimeout` is raised even though the worker answers the heartbeat. Calls that wait for a
    job (:meth:`train`, :meth:`job_wait` without a timeout) take as long as the job does; while they wait the
    heartbeat asks ``job.status`` of that job every ``heartbeat / 3`` seconds of quiet, so a job the worker does
    not know (forgotten, or the worker restarted) raises :class:`~elman.UnknownJob` and a job that ended without
    the wait being answered raises :class:`~elman.WorkerTimeout`. ``heartbeat`` is how many seconds without any
    answer make any call raise :class:`~elman.WorkerTimeout`. A request larger than the worker's
    ``max_message_bytes`` (asked from ``info`` once per client) raises :class:`~elman.LimitExceeded` before it is
    sent; parameters are checked before sending too (see :mod:`elman.validation`), and bad ones raise
    :class:`~elman.InvalidParams` naming them.

    Threads: any number of threads may call one client at once. Each calling thread gets its own ZeroMQ sockets,
    so every call gets its own reply; :meth:`close` may come from any thread, and calls still running then raise
    :class:`~elman.errors.ClientClosed` within a tenth of a second.
    """

    def __init__(self, endpoint: str, events: str | None = None, *, heartbeat: float = 10.0,
                 timeout: float = DEFAULT_TIMEOUT, curve: CurveKeys | None = None) -> None:
        self.timeout = real(timeout, "timeout")
        self._events = events
        self._wire = Wire(endpoint, heartbeat=heartbeat, check_alive=self._check_alive, curve=curve)

    @property
    def endpoint(self) -> str:
        """The worker's request (ROUTER) endpoint."""
        return self._wire.endpoint

    @property
    def events(self) -> str | None:
        """The worker's notification (PUB) endpoint, or ``None`` when not known: for subscribers of one's own
        (another process following every job, say). The client itself never subscribes; :meth:`train` follows its
        job on its request socket, so a worker without ``--events`` shows progress just the same."""
        return self._events

    def _check_alive(self) -> None:
        """Raise when the worker is known to be gone; a connected worker is only watched by the heartbeat."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint}>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the sockets, from any thread. A worker this client started is stopped too (see
        :class:`elman.Worker`)."""
        self._wire.close()

    def call(self, method: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = DEFAULT) -> Any:
        """Send any request and return its raw ``result`` (JSON values); errors raise :class:`~elman.ElmanError`.

        ``timeout`` bounds the wait for the reply (default: the client's ``timeout``; ``None``: only the heartbeat
        bounds it — for a request that waits on a job, prefer :meth:`job_wait`, which watches the job).
        """
        return self._wire.call(method, dict(params) if params is not None else None, timeout=self._bound(timeout))

    def _bound(self, timeout: float | None) -> float | None:
        return self.timeout if timeout is DEFAULT else timeout

    # -- the worker ---------------------------------------------------------------------------------------------

    def ping(self, timeout: float | None = DEFAULT) -> float:
        """Check that the worker answers; returns the round trip in seconds."""
        start = time.perf_counter()
        self.call("ping", timeout=timeout)
        return time.perf_counter() - start

    def info(self, timeout: float | None = DEFAULT) -> dict:
        """The worker's protocol version, software version, methods, limits and defaults."""
        return self.call("info", timeout=timeout)

    def shutdown(self, timeout: float | None = DEFAULT) -> None:
        """Ask the worker to stop: it cancels its running jobs and exits."""
        self.call("shutdown", timeout=timeout)

    # -- training -----------------------------------------------------------------------------------------------

    def train(self, model: str | None = None, *, network: NetworkSpec | None = None,
              state_dict: Mapping[str, Any] | None = None, optimizer: OptimizerSpec | None = None,
              loss: str | None = None, clip_grad_norm: float | None = None, hidden_size: int | None = None,
              seed: int | None = None, init_std: tuple[float, float] | None = None,
              weights: Weights | Mapping[str, ArrayLike] | None = None, data: Data | None = None,
              targets: Targets | None = None, epochs: int | None = None, lr: float | None = None,
              truncation: int | None = None, report_every: int | None = None, progress: bool = True,
              verbose: bool = False, timeout: float | None = None) -> TrainResult:
        """Train a new model (or continue training ``model``) and return the ended job.

        A parameter left ``None`` is not sent, so the worker's default applies (``info()["defaults"]`` lists
        them; they are the seed's): with no arguments this is the seed's job. A new network with ``hidden_size``
        context neurons (6), weights drawn from normal(0, 0.4) and normal(0, 0.3) (``init_std``) by the worker's
        generator seeded with ``seed`` (0), or the given ``weights``; the series ``data`` (the sine preset: sin of
        21 points from 2 to 10, as ``Sine()``); ``epochs`` (300) of per-step SGD at learning rate ``lr`` (0.1)
        with back-propagation through windows of ``truncation`` steps (1). With ``model``, ``hidden_size``,
        ``seed``, ``init_std`` and ``weights`` must stay ``None``.

        Beyond the seed (PyTorch's vocabulary, see :mod:`elman.networks`): ``network`` is :class:`~elman.RNN`,
        :class:`~elman.LSTM`, :class:`~elman.GRU` or a dict with ``cell`` (not with ``model``, ``hidden_size``,
        ``init_std`` or ``weights``), initialised as PyTorch does from ``seed`` or from ``state_dict`` (a mapping
        of PyTorch's names to arrays or tensors, ``Net(...).state_dict()`` included; not with ``weights``, ``seed``,
        ``init_std`` or ``model``); ``optimizer`` is :class:`~elman.SGD`, :class:`~elman.Adam`,
        :class:`~elman.AdamW` or a dict with ``name`` (not with ``lr``); ``loss`` ``"sse/2"`` (the seed's) or
        ``"mse"``; ``clip_grad_norm`` a max norm > 0. ``data`` takes every form of :mod:`elman.data` (arrays of
        one or several columns, pandas, several sequences as a batch), and ``targets`` the columns predicted
        (indices, or a DataFrame's column names; default all).

        While it runs: a progress bar (``progress``) over the job's ``epochs`` and, with ``verbose``, the seed's
        ``Epoch: N loss X`` lines every ``report_every`` epochs (10). Ctrl-C (KeyboardInterrupt) cancels the job on
        the worker and re-raises. ``timeout`` bounds the whole job in seconds (``None``: as long as the job takes,
        with the job watched as :class:`Client` says); when it passes, :class:`~elman.WorkerTimeout` naming the job
        is raised and the job goes on on the worker. Parameters are checked before anything is sent (integers must be
        ``int`` or numpy integers).

        Requests: one ``train`` with ``"wait": true, "notify": true``. The worker answers it when the job ends and
        before that sends on the same socket ``job.accepted`` (the job's id, which the heartbeat, a timeout and
        Ctrl-C need) and the job's ``job.progress`` notifications (which move the bar and print the lines).
        """
        params = train_params(dict(model=model, network=network, state_dict=state_dict, optimizer=optimizer,
                                   loss=loss, clip_grad_norm=clip_grad_norm, hidden_size=hidden_size, seed=seed,
                                   init_std=init_std, weights=weights, data=data, targets=targets, epochs=epochs,
                                   lr=lr, truncation=truncation, report_every=report_every))
        bound = None if timeout is None else real(timeout, "timeout")
        every = params["report_every"] if report_every is not None else self._default("report_every")
        follower = _Follower(every, progress=progress, verbose=verbose)
        started = time.perf_counter()
        try:
            reply = self._wire.call("train", {**params, "wait": True, "notify": True}, timeout=bound,
                                    on_notification=follower.notified, on_quiet=follower.quiet)
            ended = TrainResult.from_wire(reply, wall_seconds=time.perf_counter() - started)
            follower.finish(ended)
        except KeyboardInterrupt:
            if follower.job is not None:
                self._cancel_quietly(follower.job)
            raise
        finally:
            follower.close()
        return ended

    def sweep(self, grid: Grid | None = None, configs: Configs | None = None, *, keep_models: bool = False,
              losses: bool = False, progress: bool = True, timeout: float | None = None,
              **base: Any) -> pandas.DataFrame:
        """Train many new models as one ``sweep`` job and return one row per run, as a pandas DataFrame.

        The runs are every point of ``grid`` (train's parameter names, each with a list of values; the cartesian
        product, the last name varying fastest) for each of ``configs`` (partial train params), each on top of
        ``base`` (train's keywords, e.g. ``epochs=100``): ``sweep(grid={"lr": [0.05, 0.1], "seed": range(3)})`` is
        six runs. Each run gives what a separate :meth:`train` with the same params would, bit for bit; runs of one
        shape train side by side on the worker. Values are given and checked as :meth:`train` takes them (a bad
        one raises :class:`~elman.InvalidParams` naming it, e.g. ``grid.lr[1]``, before anything is sent);
        ``model`` is not allowed (every run starts a new model), and the worker bounds the number of runs by its
        ``max_runs`` limit.

        The frame (see :func:`elman.sweep.runs_frame`): a column per swept parameter, ``state``, ``final_loss``,
        ``epochs_run``, with ``losses`` every run's loss per epoch (float32 arrays) and with ``keep_models`` each
        run's ``model`` id (the models stay on the worker until deleted; ``max_models`` bounds them).
        ``frame.attrs["job"]`` is the sweep's job id.

        While it runs: a progress bar over the runs (``progress``); Ctrl-C cancels the sweep on the worker and
        re-raises. ``timeout`` bounds the whole job as for :meth:`train`.
        """
        request = sweep_request(base, grid, configs)
        request.update(keep_models=flag(keep_models, "keep_models"), losses=flag(losses, "losses"))
        bound = None if timeout is None else real(timeout, "timeout")
        follower = RunsFollower(progress=progress)
        try:
            ended = self._wire.call("sweep", {**request, "wait": True, "notify": True}, timeout=bound,
                                    on_notification=follower.notified, on_quiet=follower.quiet)
            follower.finish(ended)
        except KeyboardInterrupt:
            if follower.job is not None:
                self._cancel_quietly(follower.job)
            raise
        finally:
            follower.close()
        return runs_frame(ended)

    def ensemble(self, n: int = 20, *, horizon: int, prime: ArrayLike | Sine | None = None, band: float = 0.8,
                 progress: bool = True, **params: Any) -> Ensemble:
        """Train ``n`` models that differ only in their seed (0 … n − 1) as one sweep, let each forecast ``horizon``
        steps after ``prime`` (as :meth:`generate`), and return the forecasts with their median and central
        ``band`` (80 %: from the 10th to the 90th percentile, step by step). The models are deleted afterwards.

        ``params`` are train's (not ``seed``: the ensemble sweeps it). ``prime`` defaults to the training data
        (the sine preset when ``data`` is not given), so the forecast continues the series the models learnt.
        """
        count = positive_integer(n, "n")
        steps = positive_integer(horizon, "horizon")
        checked_band(band)
        if params.get("seed") is not None:
            raise refuse("seed", "is swept by the ensemble (seeds 0 … n − 1); leave it out")
        primed = prime if prime is not None else params.get("data", Sine())
        values = primed.values if isinstance(primed, Sine) else primed
        frame = self.sweep(grid={"seed": list(range(count))}, keep_models=True, progress=progress, **params)
        try:
            forecasts = np.stack([self.generate(model, values, steps) for model in frame["model"]])
        finally:
            for model in frame["model"]:
                self.model_delete(model)
        return Ensemble.of(forecasts, primed, band=band, runs=frame.drop(columns="model"))

    def _default(self, param: str) -> Any:
        """The worker's default for ``param``, from its ``info`` (asked once per client, with its limits)."""
        return self._wire.worker_info()["defaults"][param]

    def _cancel_quietly(self, job: str) -> None:
        """Cancel ``job`` and give it a moment to end; failures are ignored (an interrupt is on its way up)."""
        try:
            self.call("job.cancel", {"job": job}, timeout=CANCEL_GRACE)
            self.call("job.wait", {"job": job, "timeout_ms": int(CANCEL_GRACE * 1000)}, timeout=2 * CANCEL_GRACE)
        except ElmanError:
            pass

    # -- jobs ---------------------------------------------------------------------------------------------------

    def job_status(self, job: str, timeout: float | None = DEFAULT) -> Job:
        """The job as it is now (``losses`` stays empty until it ends)."""
        return Job.from_wire(self.call("job.status", {"job": job}, timeout=timeout))

    def job_wait(self, job: str, timeout: float | None = None) -> Job:
        """Wait until the job ends; after ``timeout`` seconds raise :class:`~elman.JobWaitTimeout` (it goes on).

        Without ``timeout`` this waits as long as the job runs, watched by ``job.status`` (see :class:`Client`).
        """
        params: dict[str, Any] = {"job": job}
        bound = None
        if timeout is not None:
            seconds = real(timeout, "timeout")
            params["timeout_ms"] = max(0, int(seconds * 1000))
            bound = seconds + self.timeout
        return Job.from_wire(self._wire.call("job.wait", params, timeout=bound, watch_job=job))

    def job_cancel(self, job: str, timeout: float | None = DEFAULT) -> Job:
        """Ask the job to stop before its next epoch; the model keeps its last completed epoch's weights."""
        return Job.from_wire(self.call("job.cancel", {"job": job}, timeout=timeout))

    def job_list(self, timeout: float | None = DEFAULT) -> list[Job]:
        """The jobs the worker remembers, without their losses."""
        return [Job.from_wire(job) for job in self.call("job.list", timeout=timeout)["jobs"]]

    # -- models -------------------------------------------------------------------------------------------------

    def model_get(self, model: str, timeout: float | None = DEFAULT) -> ModelInfo:
        """The model's summary, its ``network`` and its ``state_dict`` (numpy float32 under PyTorch's names and
        shapes: ``elman.torch.to_module(info.state_dict, info.network)`` is the torch module); for the seed's kind
        of network also ``weights`` (the seed's layout)."""
        return ModelInfo.from_wire(self.call("model.get", {"model": model}, timeout=timeout))

    def model_list(self, timeout: float | None = DEFAULT) -> ModelList:
        """The models in memory and the names saved in the worker's models folder."""
        result = self.call("model.list", timeout=timeout)
        return ModelList(models=[ModelInfo.from_wire(m) for m in result["models"]], saved=list(result["saved"]))

    def model_delete(self, model: str, timeout: float | None = DEFAULT) -> None:
        """Forget the model."""
        self.call("model.delete", {"model": model}, timeout=timeout)

    def model_save(self, model: str, name: str, timeout: float | None = DEFAULT) -> None:
        """Store the model as ``name`` in the worker's models folder (replacing a model saved under that name)."""
        self.call("model.save", {"model": model, "name": name}, timeout=timeout)

    def model_load(self, name: str, timeout: float | None = DEFAULT) -> ModelInfo:
        """Make a new model (with a new id) from the one saved as ``name``."""
        return ModelInfo.from_wire(self.call("model.load", {"name": name}, timeout=timeout))

    # -- running a model ----------------------------------------------------------------------------------------

    def predict(self, model: str, data: Data | None = None, *, inputs: ArrayLike | None = None,
                timeout: float | None = DEFAULT) -> np.ndarray:
        """Teacher-forced outputs from a zero state, float32.

        With ``data`` (default ``Sine()``; any form of :mod:`elman.data`, its targets ignored) the inputs are the
        series without its last row, so ``result[t]`` is the model's guess of row ``t + 1``'s target columns; with
        ``inputs`` (numbers, or rows of the model's ``input_size``) every row is an input. Not both.

        The shape: ``(T,)`` for one sequence and one output, ``(T, O)`` for ``O`` outputs, ``(B, T, O)`` for ``B``
        sequences (always three axes, as ``Net``'s output with ``batch_first``).
        """
        params: dict[str, Any] = {"model": model}
        if data is not None:
            params["data"] = data_to_wire(data)
        if inputs is not None:
            params["inputs"] = real_array(inputs, "inputs", ndims=(1, 2)).tolist()
        predictions = np.asarray(self.call("predict", params, timeout=timeout)["predictions"], dtype=np.float32)
        if "data" in params and is_sequences(params["data"]) and predictions.ndim == 2:
            return predictions[:, :, np.newaxis]
        return predictions

    def generate(self, model: str, prime: ArrayLike, steps: int, timeout: float | None = DEFAULT) -> np.ndarray:
        """Run over ``prime`` from a zero state, then feed each output back: ``steps`` values, float32.

        ``prime`` is numbers (one column) or rows of the model's ``input_size``; the model needs as many outputs
        as inputs. ``result[0]`` is the prediction of what follows ``prime[-1]``; the shape is ``(steps,)`` for one
        column, ``(steps, D)`` for ``D``.
        """
        params = {"model": model, "prime": real_array(prime, "prime", ndims=(1, 2)).tolist(),
                  "steps": integer(steps, "steps")}
        return np.asarray(self.call("generate", params, timeout=timeout)["values"], dtype=np.float32)


class _Follower:
    """What :meth:`Client.train` does with its job's notifications: ``job.accepted`` names the job and opens its
    :class:`~elman.progress.TrainingReport` (the bar's length is the job's epochs), ``job.progress`` feeds it."""

    def __init__(self, report_every: int, *, progress: bool, verbose: bool) -> None:
        self.report_every, self.show_bar, self.verbose = report_every, progress, verbose
        self.job: str | None = None
        self.report: TrainingReport | None = None

    def notified(self, method: str, params: dict) -> None:
        if method == "job.accepted":
            self.job = params["job"]
            self._open(self.job, params["epochs"])
        elif method == "job.progress" and self.report is not None:
            self.report.progress(int(params["epoch"]), [float(loss) for loss in params["losses"]])

    def quiet(self) -> None:
        """A slice without news: the job is running, so its bar is shown (once; later calls change nothing)."""
        if self.report is not None:
            self.report.show()

    def finish(self, ended: Job) -> None:
        """Complete the report from the ended job (a refused request's error never gets here)."""
        if self.report is None:  # job.accepted was lost: a ROUTER drops what a peer's full queue cannot take
            self._open(ended.id, ended.epochs)
        self.report.finish(ended)

    def _open(self, job: str, epochs: int) -> None:
        self.report = TrainingReport(job, epochs, self.report_every, progress=self.show_bar, verbose=self.verbose)

    def close(self) -> None:
        if self.report is not None:
            self.report.close()


def connect(target: str | os.PathLike, *, events: str | None = None, heartbeat: float = 10.0,
            timeout: float = DEFAULT_TIMEOUT) -> Client:
    """Attach to a worker already running: ``target`` is its endpoint (``tcp://host:port``, ``ipc://path``) or
    the path of its connection file (which also gives the notification socket and any CURVE key). ``heartbeat``
    and ``timeout`` are the :class:`Client`'s; the client is safe to share between threads.

    The worker must answer a ping within ``heartbeat`` seconds, else :class:`~elman.WorkerTimeout` is raised.
    """
    text = os.fspath(target)
    if "://" in text:
        client = Client(text, events, heartbeat=heartbeat, timeout=timeout)
    else:
        info = ConnectionInfo.read(Path(text))
        client = Client(info.endpoint, events or info.events, heartbeat=heartbeat, timeout=timeout,
                        curve=info.curve)
    try:
        client.ping()
    except BaseException:
        client.close()
        raise
    return client
