"""Plots with matplotlib. Each function draws on ``ax`` (default: the current axes), labels its axes, and returns it.

Importing this module imports matplotlib; ``import elman`` alone does not (``elman.plot`` is imported on first use).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from .series import Data, Sine, following_times, times_and_values


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


def forecast(series: Data, values: ArrayLike, *, primed: int | None = None, ax: Axes | None = None) -> Axes:
    """A free-running forecast: the first ``primed`` points of ``series`` (all by default) that primed the model,
    the generated ``values`` after them, and the rest of ``series`` (the truth) where it overlaps the forecast.

    The forecast continues the series' time axis at its own step.
    """
    ax = ax if ax is not None else plt.gca()
    t, actual = times_and_values(series)
    primed = len(actual) if primed is None else primed
    t_forecast = following_times(t[:primed], len(np.asarray(values)))
    ax.plot(t[:primed], actual[:primed], "o-", label="prime")
    if primed < len(actual):
        ax.plot(t[primed:], actual[primed:], "o", mfc="none", label="actual")
    ax.plot(t_forecast, values, ".-", label="forecast")
    ax.axvline(t[primed - 1], color="grey", lw=0.8, ls=":")
    label_time_and_value(ax, series)
    ax.legend()
    return ax


def label_time_and_value(ax: Axes, series: Data) -> None:
    """Axis labels for a series against time: a :class:`Sine`'s time is the sine's argument, an array's its index."""
    ax.set_xlabel("t (the sine's argument, radians)" if isinstance(series, Sine) else "time step")
    ax.set_ylabel("value")
