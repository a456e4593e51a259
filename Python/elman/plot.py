"""Plots with matplotlib. Each function draws on ``ax`` (default: the current axes), labels its axes, and returns it;
:func:`weights` draws several axes on ``fig`` (default: a new figure) and returns the figure.

Importing this module imports matplotlib; ``import elman`` alone does not (``elman.plot`` is imported on first use).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from .ensemble import Ensemble
from .forecasts import BacktestResult
from .results import Job, Weights
from .series import Data, Sine, following_times, times_and_values
from .validation import refuse

if TYPE_CHECKING:
    import pandas


def seed_figure(predictions: ArrayLike, series: Data = Sine(), *, ax: Axes | None = None) -> Axes:
    """The seed's figure: the actual series at ``t[:-1]`` (dots of size 90) and the predictions at ``t[1:]``.

    ``predictions[i]`` is the model's guess of ``series[i + 1]`` (what :meth:`Client.predict` returns for
    ``data=series``), so each prediction is drawn at the time of the value it predicts.
    """
    ax = ax if ax is not None else plt.gca()
    t, values = times_and_values(series)
    ax.scatter(t[:-1], values[:-1], s=90, label="Actual")
    ax.scatter(t[1:], np.asarray(predictions), label="Predicted")
    label_time_and_value(ax, series)
    ax.legend()
    return ax


#: The y-axis label of :func:`loss_curve` for each of train's ``loss`` values.
LOSS_LABELS = {"sse/2": "total loss of the epoch, Σ (y − target)² / 2",
               "mse": "loss of the epoch, Σ of windows' mean (y − target)²"}


def loss_curve(losses: ArrayLike | Job, *, label: str | None = None, log: bool = True,
               diverged_epoch: int | None = None, loss: str = "sse/2", ax: Axes | None = None) -> Axes:
    """The loss of each epoch (``loss`` as train's: the seed's total Σ_t (y_t − target_t)²/2, or ``"mse"``), on a
    log scale by default; call it again on the same ``ax`` to compare.

    ``losses`` is an array or a job (:class:`~elman.TrainResult`): a job trained with ``validation`` also has its
    validation curve drawn beside the training curve (dashed, the same colour) and its best epoch marked on it
    (a ring labelled "best epoch N"); a diverged job gives its own ``diverged_epoch``.

    When the y-limits of ``ax`` are fixed (``ax.set_ylim`` before this call), a loss above the top is drawn on the
    top edge, so a run that leaves the panel still shows. ``diverged_epoch`` (a diverged job's
    :attr:`~elman.Job.diverged_epoch`: the epoch whose loss was not finite, just after the last of ``losses``) puts
    a marker on the top edge at that epoch, labelled "diverged at epoch N", in the curve's colour.
    """
    ax = ax if ax is not None else plt.gca()
    job = losses if isinstance(losses, Job) else None
    if job is not None:
        losses = job.losses
        diverged_epoch = job.diverged_epoch if diverged_epoch is None else diverged_epoch
    validation = job.validation_losses if job is not None else None
    if validation is not None and label is None:
        label = "training"
    line = _epoch_curve(ax, losses, label)
    if validation is not None and len(validation):
        _epoch_curve(ax, validation, "validation" if label == "training" else f"{label} (validation)",
                     color=line.get_color(), ls="--")
        if job.best_epoch is not None:
            mark_best_epoch(ax, job.best_epoch, float(validation[job.best_epoch]), line.get_color())
    if diverged_epoch is not None:
        mark_divergence(ax, diverged_epoch, line.get_color())
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(LOSS_LABELS[loss])
    if label is not None:
        ax.legend()
    return ax


def _epoch_curve(ax: Axes, values: ArrayLike, label: str | None, **style: object) -> Line2D:
    """One value per epoch against the epoch index, drawn on the top edge where above fixed y-limits."""
    values = np.asarray(values, dtype=np.float64)
    top = np.inf if ax.get_autoscaley_on() else ax.get_ylim()[1]
    # A curve on the top edge is drawn unclipped, else the axes would cut half its width away.
    (line,) = ax.plot(np.arange(len(values)), np.minimum(values, top), label=label,
                      clip_on=not np.any(values > top), **style)
    return line


def mark_best_epoch(ax: Axes, epoch: int, value: float, color: str) -> None:
    """A ring at (``epoch``, ``value``) on the validation curve, labelled "best epoch N"."""
    ax.plot([epoch], [value], marker="o", markersize=10, mfc="none", mew=1.5, color=color)
    ax.annotate(f"best epoch {epoch}", (epoch, value), xytext=(6, 8), textcoords="offset points", color=color)


def mark_divergence(ax: Axes, epoch: int, color: str) -> None:
    """An ✕ on the top edge of ``ax`` at ``epoch`` (x in data units, y in axes units, so it stays on the edge
    whatever the y-limits), labelled "diverged at epoch N"."""
    on_top_edge = ax.get_xaxis_transform()
    ax.plot([epoch], [1.0], marker="X", markersize=10, color=color, transform=on_top_edge, clip_on=False)
    ax.annotate(f"diverged at epoch {epoch}", (epoch, 1.0), xycoords=on_top_edge, xytext=(8, -14),
                textcoords="offset points", color=color)


def forecast(series: Data | Ensemble, values: ArrayLike | None = None, *, primed: int | None = None,
             actual: ArrayLike | None = None, ax: Axes | None = None) -> Axes:
    """A free-running forecast: the first ``primed`` points of ``series`` (all by default) that primed the model,
    the generated ``values`` after them, and the rest of ``series`` (the truth) where it overlaps the forecast.
    The forecast continues the series' time axis at its own step.

    Given an :class:`~elman.ensemble.Ensemble` (what :meth:`~elman.Client.ensemble` returns) instead, it draws the
    prime, the ensemble's band (shaded) and median, and ``actual``, the true values that followed the prime, at
    the forecast's times (as many as given, up to the horizon).
    """
    ax = ax if ax is not None else plt.gca()
    if isinstance(series, Ensemble):
        if values is not None or primed is not None:
            raise TypeError("an ensemble's forecast takes no values or primed: it holds both")
        return _ensemble_forecast(series, actual, ax)
    if actual is not None:
        raise TypeError("actual is for an ensemble; with a series the truth is the series after primed")
    t, truth = times_and_values(series)
    primed = len(truth) if primed is None else primed
    t_forecast = following_times(t[:primed], len(np.asarray(values)))
    ax.plot(t[:primed], truth[:primed], "o-", label="prime")
    if primed < len(truth):
        ax.plot(t[primed:], truth[primed:], "o", mfc="none", label="actual")
    ax.plot(t_forecast, values, ".-", label="forecast")
    ax.axvline(t[primed - 1], color="grey", lw=0.8, ls=":")
    label_time_and_value(ax, series)
    ax.legend()
    return ax


def _ensemble_forecast(ensemble: Ensemble, actual: ArrayLike | None, ax: Axes) -> Axes:
    prime_times, prime = times_and_values(ensemble.primed)
    ax.plot(prime_times, prime, "o-", label="prime")
    (median,) = ax.plot(ensemble.times, ensemble.median, ".-", label=f"median of {len(ensemble.forecasts)}")
    ax.fill_between(ensemble.times, ensemble.low, ensemble.high, color=median.get_color(), alpha=0.25, lw=0,
                    label=f"{ensemble.band:.0%} band")
    if actual is not None:
        truth = np.asarray(actual, dtype=np.float64)[:len(ensemble.times)]
        ax.plot(ensemble.times[:len(truth)], truth, "o", mfc="none", color="black", label="actual")
    ax.axvline(prime_times[-1], color="grey", lw=0.8, ls=":")
    label_time_and_value(ax, ensemble.primed)
    ax.legend()
    return ax


def sweep(frame: pandas.DataFrame, x: str = "lr", y: str = "final_loss", hue: str | None = None, *,
          logx: bool | None = None, logy: bool | None = None, ax: Axes | None = None) -> Axes:
    """``y`` against ``x`` from a sweep's frame (:meth:`~elman.Client.sweep`), one line per value of ``hue``.

    Rows that share ``x`` (and ``hue``) — several seeds, say — are drawn as their median, with a vertical bar from
    their smallest to their largest value. An axis is logarithmic when asked (``logx``/``logy``), or by default when
    all its values are positive and span at least a factor of 20 (learning rates, losses). Runs whose ``y`` is NaN
    (no epoch completed) are left out.
    """
    ax = ax if ax is not None else plt.gca()
    rows = frame[frame[y].notna()] if y in frame else frame
    groups = [(None, rows)] if hue is None else list(rows.groupby(hue, sort=True))
    for value, group in groups:
        stats = group.groupby(x, sort=True)[y].agg(["median", "min", "max"])
        xs = stats.index.to_numpy(dtype=np.float64)
        label = None if hue is None else f"{hue} = {value}"
        (line,) = ax.plot(xs, stats["median"], "o-", label=label)
        if (stats["min"] < stats["max"]).any():
            ax.vlines(xs, stats["min"], stats["max"], color=line.get_color(), lw=1)
    if _wide_and_positive(rows[x], logx):
        ax.set_xscale("log")
    if _wide_and_positive(rows[y], logy):
        ax.set_yscale("log")
    ax.set_xlabel(x)
    ax.set_ylabel(y.replace("_", " "))
    if hue is not None:
        ax.legend()
    return ax


def heatmap(frame: pandas.DataFrame, x: str = "lr", y: str = "hidden_size", value: str = "final_loss", *,
            log: bool = True, ax: Axes | None = None) -> Axes:
    """A sweep's ``value`` (the median over rows that share a cell) on the grid of ``x`` × ``y``, one cell per
    pair of values, colour on a log scale by default (losses span decades), each cell labelled with its value.
    A cell no run reached, or whose runs have no ``value``, is left blank."""
    ax = ax if ax is not None else plt.gca()
    table = frame.pivot_table(index=y, columns=x, values=value, aggfunc="median", dropna=False)
    cells = table.to_numpy(dtype=np.float64)
    norm = LogNorm() if log and np.nanmin(cells) > 0 else None
    image = ax.imshow(cells, origin="lower", aspect="auto", norm=norm, cmap="viridis")
    for (row, column), cell in np.ndenumerate(cells):
        if np.isfinite(cell):
            red, green, blue, _ = image.cmap(image.norm(cell))
            light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5  # the cell's luma: dark text on light cells
            ax.text(column, row, f"{cell:.2g}", ha="center", va="center", fontsize=8,
                    color="black" if light else "white")
    ax.set_xticks(range(len(table.columns)), [f"{c:g}" if isinstance(c, float) else str(c) for c in table.columns])
    ax.set_yticks(range(len(table.index)), [str(r) for r in table.index])
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.figure.colorbar(image, ax=ax, label=value.replace("_", " "))
    return ax


def _wide_and_positive(values: pandas.Series, asked: bool | None) -> bool:
    """``asked``, or when not given: whether every value is a positive number and they span a factor ≥ 20."""
    if asked is not None:
        return asked
    numbers = np.asarray(values, dtype=np.float64)
    return bool(len(numbers) and np.all(numbers > 0) and numbers.max() >= 20 * numbers.min())


def label_time_and_value(ax: Axes, series: Data) -> None:
    """Axis labels for a series against time: a :class:`Sine`'s time is the sine's argument, an array's its index."""
    ax.set_xlabel("t (the sine's argument, radians)" if isinstance(series, Sine) else "time step")
    ax.set_ylabel("value")


def backtest(result: BacktestResult, *, target: object = None, axes: tuple[Axes, Axes] | None = None,
             ) -> tuple[Axes, Axes]:
    """A backtest of one target column (the first by default; ``target`` is its label): on the upper axes the series
    (grey) and each fold's forecast from its origin (a line per fold, a dot at the origin's first forecast); on the
    lower axes, sharing the time axis, each forecast's error (actual − forecast) at the row it forecast, a stem
    per forecast, coloured by fold. ``axes`` (upper, lower) default to a new figure's two rows. Returns the axes.
    """
    if axes is None:
        _, axes = plt.subplots(2, 1, sharex=True, figsize=(9, 5.5), gridspec_kw={"height_ratios": [2, 1]})
    upper, lower = axes
    label = result.targets[0] if target is None else target
    column = result.targets.index(label)
    actual = result.series.reshape(len(result.series), -1)[:, column]
    upper.plot(np.arange(len(actual)), actual, color="grey", lw=1, label="series")
    folds = result.folds[result.folds["target"] == label]
    colors = plt.get_cmap("viridis")(np.linspace(0, 0.9, max(1, folds["origin"].nunique())))
    for color, (origin, fold) in zip(colors, folds.groupby("origin")):
        upper.plot(fold["time"], fold["forecast"], color=color, lw=1.5)
        upper.plot(fold["time"].iloc[:1], fold["forecast"].iloc[:1], "o", color=color, ms=3)
        lower.vlines(fold["time"], 0, fold["error"], color=color, lw=1.5)
    upper.plot([], [], color=colors[0], label=f"forecasts ({result.horizon} steps from each origin)")
    upper.set_ylabel("value" if len(result.targets) == 1 else f"value of {label}")
    upper.legend(loc="best")
    lower.axhline(0, color="grey", lw=0.8)
    lower.set_ylabel("actual − forecast")
    lower.set_xlabel("row (time step)")
    return upper, lower


def hidden_states(states: ArrayLike, *, layer: int = -1, heatmap: bool = False, t: ArrayLike | None = None,
                  ax: Axes | None = None) -> Axes:
    """What each context neuron does over time: ``states`` is ``(T, H)`` or, as ``predict`` returns them per
    sequence with ``return=["hidden"]``, ``(T, layers, H)`` (then ``layer`` picks one, the last by default).

    One line per neuron (``h0``, ``h1``, …) against ``t`` (default the step index), or with ``heatmap`` an image of
    neurons × steps on a diverging scale symmetric about 0 (tanh's range is (−1, 1)), with a colour bar.
    """
    ax = ax if ax is not None else plt.gca()
    values = np.asarray(states, dtype=np.float64)
    if values.ndim == 3:
        values = values[:, layer, :]
    if values.ndim != 2:
        raise refuse("states", f"must be (steps, hidden) or (steps, layers, hidden), got shape {np.shape(states)}")
    steps = np.arange(len(values)) if t is None else np.asarray(t, dtype=np.float64)
    if heatmap:
        bound = float(np.max(np.abs(values))) or 1.0
        extent = (steps[0] - 0.5, steps[-1] + 0.5, values.shape[1] - 0.5, -0.5) if len(steps) > 1 else None
        image = ax.imshow(values.T, aspect="auto", cmap="RdBu_r", vmin=-bound, vmax=bound, extent=extent,
                          interpolation="nearest")
        ax.figure.colorbar(image, ax=ax, label="h")
        ax.set_ylabel("context neuron")
    else:
        for neuron in range(values.shape[1]):
            ax.plot(steps, values[:, neuron], label=f"h{neuron}")
        ax.set_ylabel("hidden state h")
        if values.shape[1] <= 12:
            ax.legend(ncols=2, fontsize="small")
    ax.set_xlabel("step" if t is None else "t")
    return ax


def gradient_flow(norms: ArrayLike | Mapping[str, ArrayLike], *, labels: Sequence[str] | None = None,
                  from_end: bool = False, ax: Axes | None = None) -> Axes:
    """How far gradients reach back: ‖∂L/∂h_s‖ against the step ``s``, on a log scale, one curve per row.

    ``norms`` is one curve (1-D), one row per layer as ``gradient_flow`` answers (``[[per step] per layer]``,
    labelled "layer 0", …), or a mapping label → curve (one per window length, per epoch, …); ``labels`` names the
    rows instead. With ``from_end`` the x-axis is the distance from the last step (``T − 1 − s``), so curves of
    different lengths decay from one origin. Norms that are 0 cannot sit on a log scale and are left out.
    """
    ax = ax if ax is not None else plt.gca()
    if isinstance(norms, Mapping):
        names, rows = [str(name) for name in norms], [np.asarray(row, dtype=np.float64) for row in norms.values()]
    else:
        array = np.asarray(norms, dtype=np.float64)
        rows = [array] if array.ndim == 1 else list(array)
        names = [f"layer {index}" for index in range(len(rows))] if array.ndim == 2 else [None]
    if labels is not None:
        if len(labels) != len(rows):
            raise refuse("labels", f"must name each of the {len(rows)} curves, got {len(labels)}")
        names = list(labels)
    for name, row in zip(names, rows):
        steps = np.arange(len(row))
        ax.plot(len(row) - 1 - steps if from_end else steps, np.where(row > 0, row, np.nan), marker="o",
                markersize=3, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("distance from the last step, T − 1 − s" if from_end else "step s")
    ax.set_ylabel("gradient norm ‖∂L/∂h_s‖")
    if any(name is not None for name in names):
        ax.legend()
    return ax


def weights(state_dict: Mapping[str, ArrayLike] | Weights, *, fig: Figure | None = None) -> Figure:
    """One heatmap per parameter of ``state_dict`` (PyTorch's names, as ``model_get(m).state_dict``; or the seed's
    :class:`~elman.Weights`), titled with its name and shape: rows × columns as stored (a vector is one row), each on
    a diverging scale symmetric about 0 with its own colour bar. Up to three panels a row."""
    arrays = {"w1": state_dict.w1, "w2": state_dict.w2} if isinstance(state_dict, Weights) else dict(state_dict)
    if not arrays:
        raise refuse("state_dict", "has no parameters to draw")
    columns = min(3, len(arrays))
    rows = -(-len(arrays) // columns)
    fig = fig if fig is not None else plt.figure(figsize=(4.2 * columns, 3.2 * rows), layout="constrained")
    for index, (name, value) in enumerate(arrays.items()):
        matrix = np.atleast_2d(np.asarray(value, dtype=np.float64))
        ax = fig.add_subplot(rows, columns, index + 1)
        bound = float(np.max(np.abs(matrix))) or 1.0
        image = ax.imshow(matrix, aspect="auto", cmap="RdBu_r", vmin=-bound, vmax=bound, interpolation="nearest")
        fig.colorbar(image, ax=ax)
        ax.set_title(f"{name} {tuple(np.shape(value))}", fontsize="medium")
        _index_ticks(ax.xaxis, matrix.shape[1])
        _index_ticks(ax.yaxis, matrix.shape[0])
        ax.set_xlabel("column" if np.ndim(value) == 2 else "index")
        if np.ndim(value) == 2:
            ax.set_ylabel("row")
        else:
            ax.set_yticks([])
    return fig


def _index_ticks(axis: Any, count: int) -> None:
    """Ticks on whole indices of an image's ``count`` rows or columns: every one when few, else a few integers."""
    if count <= 12:
        axis.set_ticks(range(count))
    else:
        axis.set_major_locator(MaxNLocator(integer=True))
