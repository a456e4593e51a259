"""One figure that follows a training: the loss curve beside the seed's actual-vs-predicted picture, redrawn in place.

:class:`TrainingFigure` is shared by ``train(live=True)`` (:mod:`elman.live`) and the playground
(:mod:`elman.widgets`). It is a plain ``matplotlib.figure.Figure`` with the Agg canvas, not a pyplot figure, so no
backend shows it behind its owner's back (the inline backend would print it again at the end of the cell); it is
rendered to PNG bytes on request. Redrawing changes the data of the artists it already holds, never makes new ones.

Rendering is what costs (drawing the axes, ticks and labels takes tens of milliseconds; the data a millisecond), so
the limits move in steps and the rest is blitted: the loss panel's x-limit is the next 1, 2 or 5 × 10ⁿ above the
last epoch and its y-limits whole decades around the losses, which only widen while the series and the x-limit stay
(so trainings of one series side by side keep one scale); the fit panel's limits hold the actual series with a
margin (predictions beyond them are clipped). While the limits stay, :meth:`TrainingFigure.png` copies the axes
drawn last time and draws only the data on them; when they move, everything is drawn once more.

The fit panel shows what the network predicts for its first sequence and first target column: the actual values
at ``t[:-1]`` and the one-step predictions at ``t[1:]`` (``prediction[i]`` guesses ``actual[i + 1]``), as
:func:`elman.plot.seed_figure` draws them.
"""
from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator
from numpy.typing import ArrayLike
from PIL import Image

from .series import Sine

#: Rendering resolution, dots per inch: small enough that a redraw stays well under the playground's 50 ms.
DPI = 72


def series_of(wire: Mapping[str, Any] | None) -> tuple[np.ndarray, np.ndarray]:
    """Times and values of the first target column of the first sequence of the wire's ``data`` (``None``: the
    sine preset, the worker's default): a sine's own times, else the row index."""
    if wire is None or "sine" in wire:
        sine = Sine(**wire["sine"]) if wire is not None else Sine()
        return sine.t, sine.values
    rows = np.asarray(wire["series"] if "series" in wire else wire["sequences"][0], dtype=np.float32)
    if rows.ndim == 2:
        rows = rows[:, wire.get("targets", [0])[0]]
    return np.arange(len(rows), dtype=np.float64), rows


def first_output(predictions: ArrayLike, sequences: bool) -> np.ndarray:
    """The predictions of the first sequence's first output, as in :func:`series_of`: the wire sends ``(T,)``,
    ``(T, O)``, ``(B, T)`` or ``(B, T, O)``; ``sequences`` tells ``(T, O)`` from ``(B, T)``."""
    values = np.asarray(predictions, dtype=np.float32)
    if sequences:
        values = values[0]
    return values if values.ndim == 1 else values[:, 0]


class TrainingFigure:
    """The loss of each reported epoch (log scale) and the fit of the series ``(t, actual)``."""

    def __init__(self, t: np.ndarray, actual: np.ndarray, *, size: tuple[float, float] = (9.0, 3.2)) -> None:
        self.figure = Figure(figsize=size, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.25)
        self.loss_axes, self.fit_axes = self.figure.subplots(1, 2)
        (self._loss,) = self.loss_axes.plot([], [])
        self.loss_axes.set_yscale("log")
        self.loss_axes.yaxis.set_minor_locator(NullLocator())
        self.loss_axes.set_xlabel("epoch")
        self.loss_axes.set_ylabel("loss")
        self._actual = self.fit_axes.scatter([], [], s=40, label="Actual")
        self._predicted = self.fit_axes.scatter([], [], s=20, label="Predicted")
        self.fit_axes.set_xlabel("time")
        self.fit_axes.set_ylabel("value")
        self.fit_axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        self._data = (self._loss, self._predicted)
        self._loss_decades: tuple[int, int] | None = None  # the loss panel's y-limits, as powers of ten
        self._background: Any = None
        self._drawn_limits: tuple = ()
        self._t = np.zeros(0)
        self.set_series(t, actual)

    def set_series(self, t: np.ndarray, actual: np.ndarray) -> None:
        """Show a new series (and no predictions until :meth:`set_predictions`)."""
        self._t = np.asarray(t, dtype=np.float64)
        actual = np.asarray(actual, dtype=np.float64)
        self._actual.set_offsets(np.column_stack([self._t[:-1], actual[:-1]]))
        self._predicted.set_offsets(np.zeros((0, 2)))
        self._loss_decades = None
        low, high = float(np.min(actual)), float(np.max(actual))
        margin = 0.15 * (high - low) or 0.5
        self.fit_axes.set_ylim(low - margin, high + margin)
        span = 0.03 * (self._t[-1] - self._t[0]) or 0.5
        self.fit_axes.set_xlim(self._t[0] - span, self._t[-1] + span)

    def set_losses(self, epochs: Sequence[int] | np.ndarray, losses: Sequence[float] | np.ndarray) -> None:
        """The loss curve: ``losses[i]`` of epoch ``epochs[i]``; losses that are not positive and finite are left out
        (a log scale cannot show them)."""
        epochs, losses = np.asarray(epochs, dtype=np.float64), np.asarray(losses, dtype=np.float64)
        shown = np.isfinite(losses) & (losses > 0)
        self._loss.set_data(epochs[shown], losses[shown])
        if not shown.any():
            return
        right = round_up(float(np.max(epochs[shown])) + 1)
        if right != self.loss_axes.get_xlim()[1]:
            self.loss_axes.set_xlim(0, right)
            self._loss_decades = None
        low = math.floor(math.log10(np.min(losses[shown])))
        high = math.ceil(math.log10(np.max(losses[shown])) + 1e-9)
        if self._loss_decades is not None:
            low, high = min(low, self._loss_decades[0]), max(high, self._loss_decades[1])
        self._loss_decades = (low, high)
        self.loss_axes.set_ylim(10.0 ** low, 10.0 ** high)

    def set_predictions(self, predictions: np.ndarray) -> None:
        """The one-step predictions, drawn at the times of the values they predict (``t[1:]``)."""
        values = np.asarray(predictions, dtype=np.float64)[: len(self._t) - 1]
        self._predicted.set_offsets(np.column_stack([self._t[1 : len(values) + 1], values]))

    def png(self) -> bytes:
        """The figure as PNG bytes: the axes drawn afresh only when their limits have moved (see the module)."""
        limits = tuple(limit for axes in (self.loss_axes, self.fit_axes) for limit in (*axes.get_xlim(),
                                                                                          *axes.get_ylim()))
        if limits != self._drawn_limits:
            for artist in self._data:
                artist.set_animated(True)  # left out of the full draw: the background is the axes alone
            self.canvas.draw()
            for artist in self._data:
                artist.set_animated(False)  # so that savefig and a notebook's own display show them
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._drawn_limits = limits
        else:
            self.canvas.restore_region(self._background)
        for artist in self._data:
            artist.axes.draw_artist(artist)
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def round_up(value: float) -> float:
    """The smallest of 1, 2 or 5 × 10ⁿ at least ``value`` (> 0)."""
    decade = 10.0 ** math.floor(math.log10(value))
    return next(step * decade for step in (1, 2, 5, 10) if step * decade >= value)
