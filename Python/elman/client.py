"""The client: one Python method per protocol method (``a.b`` becomes ``a_b``); what it leaves out, the worker's
defaults (the seed's, reported by ``info``) fill in.

See Protocol/PROTOCOL.md for what each method does; here are the Python types it comes in and goes out as.
"""
from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from .errors import ElmanError, InvalidParams
from .introspection import Introspection
from .process import ConnectionInfo
from .progress import FoldsReport, TrainingReport
from .results import Job, ModelInfo, ModelList, TrainResult, Weights
from .data import Data, Targets, data_to_wire, is_sequences, pandas_columns
from .ensemble import Ensemble, checked_band
from .forecasts import BacktestResult, evaluation_frame
from .holdout import EarlyStoppingSpec, Validation, early_stopping_to_wire, scaler_to_wire, validation_to_wire
from .networks import NetworkSpec
from .optimizers import OptimizerSpec
from .series import Sine
from .sweep import Configs, Grid, RunsFollower, runs_frame, sweep_request
from .train_params import train_params
from .validation import at_least_integer, flag, integer, positive_integer, real, real_array, refuse
from .wire import CurveKeys, Wire

if TYPE_CHECKING:  # elman.live imports matplotlib, pandas is imported when a frame is made
    import pandas

    from .live import LiveTraining

#: How long the client waits for a job to end after cancelling it because of Ctrl-C, in seconds.
CANCEL_GRACE = 2.0
#: The default bound, in seconds, on a call the worker answers at once (everything but waiting on a job).
DEFAULT_TIMEOUT = 60.0

#: ``timeout=DEFAULT`` means the client's own ``timeout``; ``None`` means no bound of the call's own.
DEFAULT: Any = object()


class Client(Introspection):
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

    Arrays: with ``binary_frames`` (the default) and a worker that offers them (``info()["binary_frames"]``),
    every array goes to the worker as a raw float32 frame and every float array of a reply comes back as one,
    read as a numpy view of the received frame, without a copy (``array.base`` leads to the frame; an array that
    must not keep the message's memory alive can be ``.copy()``-ed). ``binary_frames=False``, or an older worker, keeps everything JSON; the values are the same
    either way, bit for bit.

    Threads: any number of threads may call one client at once. Each calling thread gets its own ZeroMQ sockets,
    so every call gets its own reply; :meth:`close` may come from any thread, and calls still running then raise
    :class:`~elman.errors.ClientClosed` within a tenth of a second.
    """

    def __init__(self, endpoint: str, events: str | None = None, *, heartbeat: float = 10.0,
                 timeout: float = DEFAULT_TIMEOUT, curve: CurveKeys | None = None,
                 binary_frames: bool = True) -> None:
        self.timeout = real(timeout, "timeout")
        self._events = events
        self._wire = Wire(endpoint, heartbeat=heartbeat, check_alive=self._check_alive, curve=curve,
                          binary=flag(binary_frames, "binary_frames"))

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

    @property
    def binary_frames(self) -> bool:
        """Whether arrays travel as binary frames (asked for with ``binary_frames``, and the worker offers them)."""
        return self._wire.binary

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
        numpy arrays in ``params`` are sent as binary frames when the client uses them (see :class:`Client`); the
        reply's arrays then come back as numpy arrays too, else as lists.
        """
        return self._wire.call(method, dict(params) if params is not None else None, timeout=self._bound(timeout))

    def _ask(self, method: str, params: Mapping[str, Any], timeout: float | None = DEFAULT) -> Any:
        """:meth:`call` for a method whose reply holds arrays: they come back as numpy arrays when the client uses
        binary frames."""
        return self._wire.call(method, dict(params), timeout=self._bound(timeout), arrays_back=True)

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
              truncation: int | None = None, report_every: int | None = None,
              validation: Validation | None = None, early_stopping: EarlyStoppingSpec | None = None,
              scaler: str | None = None, progress: bool = True, verbose: bool = False, live: bool = False,
              record: Sequence[str] | None = None,
              timeout: float | None = None) -> TrainResult:
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

        Real data (see :mod:`elman.holdout`): ``validation`` is a fraction of each sequence held out (``0.2``,
        or ``{"fraction": 0.2}``) or held-out data of ``data``'s columns, its loss measured after every epoch
        (``validation_losses``, ``best_epoch``); ``early_stopping`` (:class:`~elman.EarlyStopping` or a dict; needs
        ``validation``) stops the job when it stops improving (``stopped_epoch``) and by default restores the best
        epoch's weights; ``scaler`` (``"standard"`` or ``"minmax"``, not with ``model``) trains in scaled units
        and keeps the scaler with the model, so every output comes back in the data's units.

        While it runs: a progress bar (``progress``) over the job's ``epochs`` and, with ``verbose``, the seed's
        ``Epoch: N loss X`` lines every ``report_every`` epochs (10; with validation, ``validation Y`` after each).
        With ``live``, the loss curve and the fit (actual against predicted, first sequence and target column) are
        drawn in the cell's output and redrawn from the notifications at most 10 times a second (see
        :mod:`elman.live`); the result's ``live_figure`` is the final figure and ``live_redraws`` how often it was
        drawn (outside a notebook: once, at the end). ``record`` names per-epoch measurements the result's
        ``records`` then holds: ``"grad_norm"`` (the global gradient norm before clipping, one per epoch) and
        ``"spectral_radius"`` (of each layer's recurrent matrix, per gate block: epochs × layers × gates); a worker
        without the member refuses it naming ``record``.
        Ctrl-C (KeyboardInterrupt) cancels the job on the worker and re-raises. ``timeout`` bounds the whole job in
        seconds (``None``: as long as the job takes, with the job watched as :class:`Client` says); when it passes,
        :class:`~elman.WorkerTimeout` naming the job is raised and the job goes on on the worker. Parameters are
        checked before anything is sent (integers must be ``int`` or numpy integers).

        Requests: one ``train`` with ``"wait": true, "notify": true``. The worker answers it when the job ends and
        before that sends on the same socket ``job.accepted`` (the job's id, which the heartbeat, a timeout and
        Ctrl-C need) and the job's ``job.progress`` notifications (which move the bar and print the lines). With
        ``live`` it carries ``"report": ["predictions"]`` (the notifications then bring the current predictions); a
        worker that refuses that parameter gets the request again without it, and one ``predict`` after the job
        gives the final figure its predictions either way.
        """
        params = train_params(dict(model=model, network=network, state_dict=state_dict, optimizer=optimizer,
                                   loss=loss, clip_grad_norm=clip_grad_norm, hidden_size=hidden_size, seed=seed,
                                   init_std=init_std, weights=weights, data=data, targets=targets, epochs=epochs,
                                   lr=lr, truncation=truncation, report_every=report_every))
        if record is not None:
            params["record"] = _records(record)
        if validation is not None:
            params["validation"] = validation_to_wire(validation)
        if early_stopping is not None:
            if validation is None:
                raise refuse("early_stopping", "needs validation (held-out data to watch)")
            params["early_stopping"] = early_stopping_to_wire(early_stopping)
        if scaler is not None:
            if model is not None:
                raise refuse("scaler", "is not allowed with model (a model keeps the scaler it was trained with)")
            params["scaler"] = scaler_to_wire(scaler)
        every = params["report_every"] if report_every is not None else self._default("report_every")
        view = None
        if live:
            from .live import LiveTraining

            view = LiveTraining(params.get("data"), every)
            params["report"] = ["predictions"]
        ended = self._run_job("train", params, _TrainingFollower(every, progress=progress, verbose=verbose, live=view),
                              timeout, lambda reply, wall: TrainResult.from_wire(reply, wall_seconds=wall))
        if view is not None:
            view.finish(ended.losses, self._final_predictions(ended, params.get("data")))
            ended = replace(ended, live_redraws=view.redraws, live_figure=view.figure)
        return ended

    def _run_job(self, method: str, params: dict, follower: _Follower | RunsFollower, timeout: float | None,
                 build: Callable[[dict, float], Any]) -> Any:
        """Send ``method`` with ``wait`` and ``notify``, follow its job with ``follower``, and return ``build(reply,
        wall seconds)`` (the follower finishes from it). Ctrl-C cancels the job on the worker and re-raises."""
        bound = None if timeout is None else real(timeout, "timeout")
        started = time.perf_counter()
        try:
            reply = self._request(method, params, follower, bound)
            ended = build(reply, time.perf_counter() - started)
            follower.finish(ended)
        except KeyboardInterrupt:
            if follower.job is not None:
                self._cancel_quietly(follower.job)
            raise
        finally:
            follower.close()
        return ended

    def _request(self, method: str, params: dict[str, Any], follower: _Follower, bound: float | None) -> Any:
        """``method`` with ``wait`` and ``notify``; a ``report`` the worker refuses (one older than the member) is
        dropped and the request sent again."""
        try:
            return self._wire.call(method, {**params, "wait": True, "notify": True}, timeout=bound,
                                   on_notification=follower.notified, on_quiet=follower.quiet, arrays_back=True)
        except InvalidParams as error:
            if "report" not in params or not isinstance(error.data, Mapping) or error.data.get("param") != "report":
                raise
        del params["report"]
        return self._request(method, params, follower, bound)

    def _final_predictions(self, ended: Job, data: Mapping[str, Any] | None) -> np.ndarray | None:
        """The ended job's model's predictions over its training data, for the live figure; ``None`` when the
        worker cannot give them (a job that failed before its model had weights): the figure then keeps the last
        ones notified."""
        try:
            return np.asarray(self._ask("predict", {"model": ended.model, **({"data": data} if data else {})},
                                        DEFAULT)["predictions"], dtype=np.float32)
        except ElmanError:
            return None

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
        ended = self._run_job("sweep", request, RunsFollower(progress=progress), timeout, lambda reply, _: reply)
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
        return Job.from_wire(self._ask("job.status", {"job": job}, timeout))

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
        return Job.from_wire(self._wire.call("job.wait", params, timeout=bound, watch_job=job, arrays_back=True))

    def job_cancel(self, job: str, timeout: float | None = DEFAULT) -> Job:
        """Ask the job to stop before its next epoch; the model keeps its last completed epoch's weights."""
        return Job.from_wire(self._ask("job.cancel", {"job": job}, timeout))

    def job_list(self, timeout: float | None = DEFAULT) -> list[Job]:
        """The jobs the worker remembers, without their losses."""
        return [Job.from_wire(job) for job in self.call("job.list", timeout=timeout)["jobs"]]

    # -- models -------------------------------------------------------------------------------------------------

    def model_get(self, model: str, timeout: float | None = DEFAULT) -> ModelInfo:
        """The model's summary, its ``network`` and its ``state_dict`` (numpy float32 under PyTorch's names and
        shapes: ``elman.torch.to_module(info.state_dict, info.network)`` is the torch module); for the seed's kind
        of network also ``weights`` (the seed's layout)."""
        return ModelInfo.from_wire(self._ask("model.get", {"model": model}, timeout))

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
            params["inputs"] = real_array(inputs, "inputs", ndims=(1, 2), dtype=np.float32)
        predictions = np.asarray(self._ask("predict", params, timeout)["predictions"], dtype=np.float32)
        if "data" in params and is_sequences(params["data"]) and predictions.ndim == 2:
            return predictions[:, :, np.newaxis]
        return predictions

    def generate(self, model: str, prime: ArrayLike, steps: int, timeout: float | None = DEFAULT) -> np.ndarray:
        """Run over ``prime`` from a zero state, then feed each output back: ``steps`` values, float32.

        ``prime`` is numbers (one column) or rows of the model's ``input_size``; the model needs as many outputs
        as inputs. ``result[0]`` is the prediction of what follows ``prime[-1]``; the shape is ``(steps,)`` for one
        column, ``(steps, D)`` for ``D``.
        """
        params = {"model": model, "prime": real_array(prime, "prime", ndims=(1, 2), dtype=np.float32),
                  "steps": integer(steps, "steps")}
        return np.asarray(self._ask("generate", params, timeout)["values"], dtype=np.float32)

    def evaluate(self, model: str, data: Data | None = None, *, horizon: int, targets: Targets | None = None,
                 timeout: float | None = DEFAULT) -> Any:
        """How good the model's forecasts of ``data`` are (default ``Sine()``; any form of :mod:`elman.data` with
        the model's input columns and the target columns it was trained with, ``targets``), as a pandas DataFrame.

        Rows (``kind``, ``metric``): ``one_step`` scores the teacher-forced forecasts of :meth:`predict`;
        ``free_running`` (for a model whose outputs can be fed back) those of :meth:`generate` primed with rows
        ``0 … t − 1`` for every origin t = 1 … T − ``horizon``, ``horizon`` steps each, pooled over origins and lead
        times. Metrics MAE, RMSE, sMAPE (a fraction) and MASE (against the model's ``naive_mae``; NaN without
        one); a column per target (a DataFrame's column names, else indices). ``frame.attrs`` holds ``horizon``,
        ``origins`` and ``by_lead`` (the same rows per lead time). See :mod:`elman.forecasts`.
        ``horizon`` is an integer from 1 to T − 1 (T rows per sequence), checked before sending.
        """
        wire = data_to_wire(data if data is not None else Sine(), targets)
        _check_horizon(horizon, _rows_per_sequence(wire) - 1, "T − 1 (one origin at least)")
        params: dict[str, Any] = {"model": model, "horizon": horizon}
        if data is not None:
            params["data"] = wire
        result = self._ask("evaluate", params, timeout)
        return evaluation_frame(result, _target_labels(data, wire))

    def backtest(self, data: Data | None = None, *, initial: int, horizon: int, step: int | None = None,
                 window: str | None = None, refit: bool | None = None, progress: bool = True,
                 timeout: float | None = None, **training: Any) -> BacktestResult:
        """Rolling-origin evaluation of forecasts of ``data`` (one sequence, default ``Sine()``; every column is
        forecast, fed back as the next input), as one job.

        The origins are o = ``initial``, ``initial`` + ``step`` (1), … while o + ``horizon`` ≤ T: for each, a
        model trained on the rows before o (``window="expanding"``, the default: rows 0 … o − 1; ``"sliding"``:
        the last ``initial``) forecasts rows o … o + ``horizon`` − 1 free-running. With ``refit`` (default true)
        every fold trains a new model from the same initialisation; with ``refit=False`` one model trained on the
        first ``initial`` rows serves every fold. No fold sees a row at or after its origin. ``training`` takes
        :meth:`train`'s parameters (``network``, ``seed``, ``optimizer``, ``epochs``, ``lr``, ``model`` as the
        starting weights, ``scaler``: each fit fits its own on its training rows, so forecasts and metrics are in
        the data's units, …) but ``targets``, ``validation`` and ``early_stopping`` (the folds hold out their own
        future).

        Returns a :class:`~elman.forecasts.BacktestResult`: ``folds`` (a DataFrame of origin, lead, time, target,
        forecast, actual, error), ``fold_metrics`` and ``mean`` (MAE, RMSE, sMAPE, MASE). While it runs, a bar over
        the folds (``progress``); Ctrl-C cancels the job; ``timeout`` as :meth:`train`'s. One ``backtest`` request
        with ``wait`` and ``notify`` (its ``job.folds`` notifications move the bar).
        """
        for refused in ("targets", "validation", "early_stopping", "wait", "notify", "verbose"):
            if refused in training:
                raise refuse(refused, "is not a parameter of backtest")
        scaler = training.pop("scaler", None)
        params = train_params({"data": data, **training})
        if scaler is not None:
            params["scaler"] = scaler_to_wire(scaler)
        wire = params.setdefault("data", Sine().to_wire())
        if is_sequences(wire):
            raise refuse("data", "a backtest forecasts one sequence, got several")
        series = _rows(wire)
        rows = len(series)
        params["initial"] = at_least_integer(initial, 2, "initial")
        params["horizon"] = _check_horizon(horizon, rows - 2, "T − 2")
        if params["initial"] + params["horizon"] > rows:
            raise refuse("initial", f"leaves no fold: initial + horizon = {params['initial'] + params['horizon']} "
                         f"> the {rows} rows of data")
        if step is not None:
            params["step"] = at_least_integer(step, 1, "step")
        if window is not None:
            if window not in WINDOWS:
                raise refuse("window", f"must be one of {', '.join(WINDOWS)}, got {window!r}")
            params["window"] = window
        if refit is not None:
            params["refit"] = flag(refit, "refit")
        labels = _target_labels(data, wire)
        return self._run_job("backtest", params, _FoldsFollower(progress=progress), timeout,
                             lambda reply, wall: BacktestResult.from_wire(reply, series, labels))

class _Follower:
    """What :meth:`Client._run_job` does with its job's notifications: ``job.accepted`` names the job and opens its
    report (a bar and lines, :mod:`elman.progress`), the job's other notifications move it, the ended job
    completes it."""

    def __init__(self) -> None:
        self.job: str | None = None
        self.report: Any = None
        #: A live figure moved by the notifications too (`train(live=True)`), if any.
        self.live: LiveTraining | None = None

    def notified(self, method: str, params: dict) -> None:
        if method == "job.accepted":
            self.job = params["job"]
            self.report = self._open(self.job, params)
        elif self.report is not None:
            self._moved(method, params)

    def quiet(self) -> None:
        """A slice without news: the job is running, so its bar is shown (once; later calls change nothing)."""
        if self.report is not None:
            self.report.show()
        if self.live is not None:
            self.live.quiet()

    def close(self) -> None:
        if self.report is not None:
            self.report.close()

    def _open(self, job: str, accepted: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def _moved(self, method: str, params: dict) -> None:
        raise NotImplementedError


class _TrainingFollower(_Follower):
    """A training job: a bar over its epochs, moved (and the Epoch lines printed) by ``job.progress``."""

    def __init__(self, report_every: int, *, progress: bool, verbose: bool, live: LiveTraining | None = None) -> None:
        super().__init__()
        self.report_every, self.show_bar, self.verbose, self.live = report_every, progress, verbose, live

    def _open(self, job: str, accepted: Mapping[str, Any]) -> TrainingReport:
        return TrainingReport(job, accepted["epochs"], self.report_every, progress=self.show_bar,
                              verbose=self.verbose)

    def _moved(self, method: str, params: dict) -> None:
        if method == "job.progress":
            losses = [float(loss) for loss in params["losses"]]
            if "validation_losses" in params:
                self.report.progress(int(params["epoch"]), losses, [float(v) for v in params["validation_losses"]])
            else:
                self.report.progress(int(params["epoch"]), losses)
            if self.live is not None:
                self.live.progress(params)

    def finish(self, ended: TrainResult) -> None:
        """Complete the report from the ended job (a refused request's error never gets here)."""
        if self.report is None:  # job.accepted was lost: a ROUTER drops what a peer's full queue cannot take
            self.report = self._open(ended.id, {"epochs": ended.epochs})
        self.report.finish(ended)


class _FoldsFollower(_Follower):
    """A backtest job: a bar over its folds, moved by ``job.folds``."""

    def __init__(self, *, progress: bool) -> None:
        super().__init__()
        self.show_bar = progress

    def _open(self, job: str, accepted: Mapping[str, Any]) -> FoldsReport:
        return FoldsReport(job, accepted["folds"], progress=self.show_bar)

    def _moved(self, method: str, params: dict) -> None:
        if method == "job.folds":
            self.report.completed(int(params["folds_done"]))

    def finish(self, ended: BacktestResult) -> None:
        """Move the bar to the folds that ended and close it."""
        folds = len(ended.fold_epochs)
        if self.report is None:
            self.report = self._open(ended.job.id, {"folds": folds})
        self.report.completed(folds)
        self.report.close()


#: What train can record per epoch (``record``), under these names in the result's ``records``.
RECORDS = ("grad_norm", "spectral_radius")




#: backtest's windows: every row before the origin, or the last ``initial`` of them.
WINDOWS = ("expanding", "sliding")




def _rows(wire: Mapping[str, Any]) -> np.ndarray:
    """The rows of one sequence of the wire's ``data`` (a sine preset computed as the worker does), float64."""
    if "sine" in wire:
        return Sine(**wire["sine"]).values.astype(np.float64)
    return np.asarray(wire["series"], dtype=np.float64)


def _rows_per_sequence(wire: Mapping[str, Any]) -> int:
    """T: the rows of each sequence of the wire's ``data``."""
    return len(wire["sequences"][0]) if is_sequences(wire) else len(_rows(wire))


def _target_labels(data: Any, wire: Mapping[str, Any]) -> list:
    """The labels of the target columns: a DataFrame's column names, else column indices (``data.targets``, or
    every column)."""
    first = np.asarray(wire["sequences"][0]) if is_sequences(wire) else _rows(wire)
    indices = wire.get("targets", list(range(1 if first.ndim == 1 else first.shape[1])))
    columns = pandas_columns(data)
    return [columns[index] for index in indices] if columns is not None else list(indices)


def _check_horizon(horizon: Any, most: int, described: str) -> int:
    """``horizon`` as an integer from 1 to ``most`` (``described`` says what bounds it)."""
    value = at_least_integer(horizon, 1, "horizon")
    if value > most:
        raise refuse("horizon", f"must be at most {described} = {most} for this data, got {value}")
    return value




def _records(value: Any) -> list[str]:
    """train's ``record``: a list of distinct names from ``RECORDS``."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or any(name not in RECORDS for name in names) \
            or len(set(names)) != len(names):
        raise refuse("record", f"must be a list of distinct names from {', '.join(RECORDS)}, got {value!r}")
    return list(names)




def connect(target: str | os.PathLike, *, events: str | None = None, heartbeat: float = 10.0,
            timeout: float = DEFAULT_TIMEOUT, binary_frames: bool = True) -> Client:
    """Attach to a worker already running: ``target`` is its endpoint (``tcp://host:port``, ``ipc://path``) or
    the path of its connection file (which also gives the notification socket and any CURVE key). ``heartbeat``,
    ``timeout`` and ``binary_frames`` are the :class:`Client`'s; the client is safe to share between threads.

    The worker must answer a ping within ``heartbeat`` seconds, else :class:`~elman.WorkerTimeout` is raised.
    """
    text = os.fspath(target)
    if "://" in text:
        client = Client(text, events, heartbeat=heartbeat, timeout=timeout, binary_frames=binary_frames)
    else:
        info = ConnectionInfo.read(Path(text))
        client = Client(info.endpoint, events or info.events, heartbeat=heartbeat, timeout=timeout,
                        curve=info.curve, binary_frames=binary_frames)
    try:
        client.ping()
    except BaseException:
        client.close()
        raise
    return client
