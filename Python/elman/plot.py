"""Plots with matplotlib. Each function draws on ``ax`` (default: the current axes) and returns it."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from .series import Data, Sine, times_and_values


def seed_figure(predictions: ArrayLike, series: Data = Sine(), *, ax: Axes | None = None) -> Axes:
    """The seed's figure: the actual series at ``t[:-1]`` (dots of size 90) and the predictions at ``t[1:]``.

    ``predictions[i]`` is the model's guess of ``series[i + 1]`` (what :meth:`Client.predict` returns for
    ``data=series``), so each prediction is drawn at the time of the value it predicts.
    """
    ax = ax if ax is not None else plt.gca()
    t, values = times_and_values(series)
    ax.scatter(t[:-1], values[:-1], s=90, label="Actual")
    ax.scatter(t[1:], np.asarray(predictions), label="Predicted")
    ax.legend()
    return ax


def loss_curve(losses: ArrayLike, *, label: str | None = None, log: bool = True, ax: Axes | None = None) -> Axes:
    """The total loss of each epoch, on a log scale by default; call it again on the same ``ax`` to compare."""
    ax = ax if ax is not None else plt.gca()
    ax.plot(np.arange(len(np.asarray(losses))), losses, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if label is not None:
        ax.legend()
    return ax


def forecast(series: Data, values: ArrayLike, *, primed: int | None = None, ax: Axes | None = None) -> Axes:
    """A free-running forecast: the first ``primed`` points of ``series`` (all by default) that primed the model,
    the generated ``values`` after them, and the rest of ``series`` (the truth) where it overlaps the forecast.

    The forecast continues the series' time axis at its own step.
    """
    ax = ax if ax is not None else plt.gca()
    t, actual = times_and_values(series)
    primed = len(actual) if primed is None else primed
    step = t[1] - t[0]
    t_forecast = t[primed - 1] + step * np.arange(1, len(np.asarray(values)) + 1)
    ax.plot(t[:primed], actual[:primed], "o-", label="prime")
    if primed < len(actual):
        ax.plot(t[primed:], actual[primed:], "o", mfc="none", label="actual")
    ax.plot(t_forecast, values, ".-", label="forecast")
    ax.axvline(t[primed - 1], color="grey", lw=0.8, ls=":")
    ax.legend()
    return ax
