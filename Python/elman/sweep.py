"""Sweeps: many ``train`` runs as one ``sweep`` job, and their results as one pandas DataFrame.

The runs of a sweep (PROTOCOL.md, ``sweep``): for each config (``configs[c]``, or one empty config without
``configs``), for each point of the grid's cartesian product, the params ``base`` ← config ← point. Grid points come
in the order the grid's members are given, the last varying fastest: ``{"lr": [a, b], "seed": [0, 1]}`` gives
(a, 0), (a, 1), (b, 0), (b, 1). :func:`configurations` lists the same runs in the same order, so a sweep cut into
chunks of explicit configs (``elman.dask``) gives the runs, and the frame, of one sweep.

pandas is imported by :func:`runs_frame` when first called, so ``import elman`` does not import it.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

from .progress import CountReport
from .train_params import CONVERTERS, refuse_conflicts, train_param, train_params
from .validation import refuse

if TYPE_CHECKING:
    import pandas

#: A sweep's grid: train's parameter names, each with the values it takes.
Grid = Mapping[str, Sequence[Any]]
#: A sweep's configs: partial train params, one mapping per configuration.
Configs = Sequence[Mapping[str, Any]]

#: What a run may not set: every run starts a new model.
NOT_PER_RUN = ("model",)


def configurations(grid: Grid | None = None, configs: Configs | None = None) -> list[dict[str, Any]]:
    """Every run's own parameters (its config's members, then its grid point's), in the worker's run order."""
    grid = grid or {}
    points = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    return [{**config, **point} for config in (configs or [{}]) for point in points]


def sweep_request(base: Mapping[str, Any], grid: Grid | None, configs: Configs | None) -> dict[str, Any]:
    """sweep's ``base``, ``grid`` and ``configs`` in the wire's form, each value checked as train checks it.

    A refusal names the parameter where it was given: a keyword of ``base`` by its name (``lr``), a grid value as
    ``grid.lr[3]``, a config's member as ``configs[2].seed``, as the worker names them.
    """
    for name in NOT_PER_RUN:
        if base.get(name) is not None:
            raise refuse(name, "is not allowed in a sweep (every run starts a new model)")
    request: dict[str, Any] = {"base": train_params(base)}
    if grid is not None:
        request["grid"] = _grid(grid)
    if configs is not None:
        request["configs"] = _configs(configs, request.get("grid", {}))
    swept = set(request.get("grid", {}))
    for index, config in enumerate(request.get("configs") or [{}]):
        refuse_conflicts(dict.fromkeys([*request["base"], *config, *swept]),
                         prefix=f"configs[{index}]." if "configs" in request else "")
    return request


def _grid(grid: Grid) -> dict[str, list]:
    if not isinstance(grid, Mapping):
        raise refuse("grid", f"must be a dict of train parameters to lists of values, got {type(grid).__name__}")
    wire: dict[str, list] = {}
    for name, values in grid.items():
        if name in NOT_PER_RUN:
            raise refuse(f"grid.{name}", "cannot be swept (every run starts a new model)")
        if name not in CONVERTERS:
            raise refuse(f"grid.{name}", f"is not a train parameter (known: {', '.join(CONVERTERS)})")
        if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, (Sequence, np.ndarray, range)) \
                or len(values) == 0:
            raise refuse(f"grid.{name}", f"must be a non-empty list of values, got {values!r}")
        wire[name] = [train_param(name, value, f"grid.{name}[{index}]") for index, value in enumerate(values)]
    return wire


def _configs(configs: Configs, grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    if isinstance(configs, (str, bytes, Mapping)) or not isinstance(configs, Sequence):
        raise refuse("configs", f"must be a list of dicts (partial train params), got {type(configs).__name__}")
    wire = []
    for index, config in enumerate(configs):
        place = f"configs[{index}]"
        if not isinstance(config, Mapping):
            raise refuse(place, f"must be a dict (partial train params), got {type(config).__name__}")
        for name in config:
            if name in NOT_PER_RUN:
                raise refuse(f"{place}.{name}", "is not allowed in a sweep (every run starts a new model)")
            if name in grid:
                raise refuse(f"{place}.{name}", f"is also swept by grid.{name}")
        wire.append({name: train_param(name, value, f"{place}.{name}") for name, value in config.items()})
    return wire


def runs_frame(job: Mapping[str, Any]) -> pandas.DataFrame:
    """An ended sweep job as a DataFrame, one row per run in run order: a column per swept parameter (as the
    worker echoes it), ``state``, ``final_loss`` (float, NaN when no epoch completed), ``epochs_run``, then
    ``losses`` (float32 arrays) and ``model`` when the runs carry them. ``frame.attrs["job"]`` is the job's id."""
    import pandas

    runs = job["result"]["runs"]
    swept = list(dict.fromkeys(name for run in runs for name in run["params"]))
    columns: dict[str, list] = {name: [run["params"].get(name) for run in runs] for name in swept}
    columns["state"] = [run["state"] for run in runs]
    columns["final_loss"] = [np.nan if run["final_loss"] is None else float(np.float32(run["final_loss"]))
                             for run in runs]
    columns["epochs_run"] = [run["epochs_run"] for run in runs]
    if any("losses" in run for run in runs):
        columns["losses"] = [np.asarray(run.get("losses", []), dtype=np.float32) for run in runs]
    if any("model" in run for run in runs):
        columns["model"] = [run.get("model") for run in runs]
    frame = pandas.DataFrame(columns)
    frame.attrs["job"] = job["job"]
    return frame


class RunsFollower:
    """What :meth:`~elman.Client.sweep` does with its job's notifications: ``job.accepted`` opens a bar over the
    job's ``runs``, each ``job.runs`` moves it to ``runs_done`` (at most 20 a second, none for a sweep shorter
    than 50 ms: the bar is then drawn once, complete, by :meth:`finish`)."""

    def __init__(self, *, progress: bool) -> None:
        self.progress = progress
        self.job: str | None = None
        self.report: CountReport | None = None

    def notified(self, method: str, params: dict) -> None:
        if method == "job.accepted":
            self.job = params["job"]
            self._open(self.job, params["runs"])
        elif method == "job.runs" and self.report is not None:
            self.report.completed(int(params["runs_done"]))

    def quiet(self) -> None:
        """A slice without news: the sweep is running, so its bar is shown."""
        if self.report is not None:
            self.report.show()

    def finish(self, ended: Mapping[str, Any]) -> None:
        """Complete the bar from the ended job."""
        if self.report is None:  # job.accepted was lost (see the train follower)
            self._open(ended["job"], ended["runs"])
        self.report.completed(ended["runs_done"])
        self.close()

    def _open(self, job: str, runs: int) -> None:
        self.report = CountReport(runs, f"sweep {job}", "run", progress=self.progress)

    def close(self) -> None:
        if self.report is not None:
            self.report.close()
