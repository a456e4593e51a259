"""Plots with matplotlib. Each function draws on ``ax`` (default: the current axes), labels its axes, and returns it.

Importing this module imports matplotlib; ``import elman`` alone does not (``elman.plot`` is imported on first use).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from numpy.typing import ArrayLike

from .ensemble import Ensemble

from .series import Data, Sine, following_times, times_and_values

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


def loss_curve(losses: ArrayLike, *, label: str | None = None, log: bool = True, diverged_epoch: int | None = None,
               loss: str = "sse/2", ax: Axes | None = None) -> Axes:
    """The loss of each epoch (``loss`` as train's: the seed's total Σ_t (y_t − target_t)²/2, or ``"mse"``), on a
    log scale by default; call it again on the same ``ax`` to compare.

    When the y-limits of ``ax`` are fixed (``ax.set_ylim`` before this call), a loss above the top is drawn on the
    top edge, so a run that leaves the panel still shows. ``diverged_epoch`` (a diverged job's
    :attr:`~elman.Job.diverged_epoch`: the epoch whose loss was not finite, just after the last of ``losses``) puts
    a marker on the top edge at that epoch, labelled "diverged at epoch N", in the curve's colour.
    """
    ax = ax if ax is not None else plt.gca()
    losses = np.asarray(losses, dtype=np.float64)
    top = np.inf if ax.get_autoscaley_on() else ax.get_ylim()[1]
    # A curve on the top edge is drawn unclipped, else the axes would cut half its width away.
    (line,) = ax.plot(np.arange(len(losses)), np.minimum(losses, top), label=label, clip_on=not np.any(losses > top))
    if diverged_epoch is not None:
        mark_divergence(ax, diverged_epoch, line.get_color())
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(LOSS_LABELS[loss])
    if label is not None:
        ax.legend()
    return ax


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
