"""``train(live=True)``: the loss curve and the fit, redrawn in the cell's output while the job runs.

The job's ``job.progress`` notifications (which ``train`` already receives on its request socket) bring the losses
of the report epochs and, when the worker supports ``"report": ["predictions"]``, the current one-step predictions.
Each notification updates a :class:`~elman.training_figure.TrainingFigure`; the figure is rendered to PNG and put
in the cell's output through an IPython display handle (``display(..., display_id=True)`` once, then
``handle.update``), so it works with the inline backend and needs no ipympl. The final figure stays in the output.

Redraws are throttled: at most one every ``MIN_INTERVAL`` seconds (10 a second) however fast epochs or
notifications come; an update that arrives sooner is drawn at the next notification or after the next quiet
slice of the wait (0.1 s without news), whichever comes first. So a job of ``d`` seconds is drawn at most
``10 d + 1`` times while it runs, plus once at the end. Outside a notebook (a script, a terminal) nothing is drawn
while it runs, and the figure is drawn once at the end: it is the result's ``live_figure``.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from .training_figure import TrainingFigure, first_output, series_of

#: The shortest time between two redraws while a job runs, in seconds.
MIN_INTERVAL = 0.1


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (an IPython shell with a kernel), without importing IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


class LiveTraining:
    """The live figure of one ``train`` call on the wire's ``data`` (``None``: the sine preset), reporting every
    ``report_every`` epochs. ``redraws`` counts the figures rendered (the final one included)."""

    def __init__(self, data: Mapping[str, Any] | None, report_every: int, *, notebook: bool | None = None) -> None:
        self.report_every = report_every
        self.notebook = in_notebook() if notebook is None else notebook
        self.sequences = data is not None and "sequences" in data
        self.view = TrainingFigure(*series_of(data))
        self.redraws = 0
        self._epochs: list[int] = []
        self._losses: list[float] = []
        self._handle: Any = None
        self._pending = False
        self._last_draw = -np.inf

    @property
    def figure(self) -> Any:
        """The ``matplotlib.figure.Figure`` drawn."""
        return self.view.figure

    def progress(self, params: Mapping[str, Any]) -> None:
        """A ``job.progress`` notification: its losses (epochs ``epoch − (n−1)·report_every … epoch``) and, when
        present, its ``predictions``."""
        losses = [float(loss) for loss in params["losses"]]
        first = int(params["epoch"]) - (len(losses) - 1) * self.report_every
        self._epochs.extend(first + index * self.report_every for index in range(len(losses)))
        self._losses.extend(losses)
        self.view.set_losses(self._epochs, self._losses)
        if "predictions" in params:
            self.view.set_predictions(first_output(params["predictions"], self.sequences))
        self._pending = True
        self._draw_if_due()

    def quiet(self) -> None:
        """A slice of the wait without news: draw an update that was held back by the throttle."""
        self._draw_if_due()

    def finish(self, losses: np.ndarray, predictions: np.ndarray | None) -> None:
        """The ended job: every epoch's loss and the final predictions (when known); drawn once more, always."""
        self.view.set_losses(np.arange(len(losses)), losses)
        if predictions is not None:
            self.view.set_predictions(first_output(predictions, self.sequences))
        self._draw()

    def _draw_if_due(self) -> None:
        if self.notebook and self._pending and time.monotonic() - self._last_draw >= MIN_INTERVAL:
            self._draw()

    def _draw(self) -> None:
        """Render the figure and show it: the first time in a new output of the cell, then in that output."""
        self._pending = False
        self._last_draw = time.monotonic()
        self.redraws += 1
        if not self.notebook:
            self.figure.canvas.draw()
            return
        from IPython.display import Image, display

        image = Image(data=self.view.png(), format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)
