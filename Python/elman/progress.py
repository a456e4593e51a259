"""How a running training job is shown: a ``tqdm.auto`` bar and the seed's ``Epoch: N loss X`` lines.

The bar is a widget in Jupyter and text on stderr in a terminal. It is first drawn once the job has run for a
tenth of a second (:meth:`TrainingReport.show` after a quiet slice of the wait, or tqdm's own ``update`` after its
``mininterval``, whichever comes first), or at the end for a job that ends sooner: a 0 % frame overwritten within
the millisecond would never be seen, and a draw costs tens of microseconds (several percent of the seed job's round
trip).

The lines go to stdout exactly as the seed prints them, for every epoch index ``i`` with ``i % report_every == 0``,
always complete and in order: they are printed from ``job.progress`` notifications as these arrive, and those never
received (a job's first 50 ms bring none; a lost notification) are filled in from the job's final losses, which
hold the same float32 values. A job with validation adds its validation loss to each line (``Epoch: N loss X
validation Y``) and to the bar.

A backtest shows a bar over its folds (:class:`FoldsReport`), moved by its ``job.folds`` notifications.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from .results import Job


def epoch_line(epoch: int, loss: float, validation: float | None = None) -> str:
    """The seed's line: the float32 loss printed as the Python float it widens to (as ``tensor.item()`` gives);
    with a ``validation`` loss, `` validation Y`` after it, printed the same way."""
    line = f"Epoch: {epoch} loss {float(np.float32(loss))}"
    return line if validation is None else f"{line} validation {float(np.float32(validation))}"


class _QuietStart(tqdm):
    """A ``tqdm.auto`` bar whose constructor does not draw it: it shows at its first ``refresh()``, at an
    ``update()`` after ``mininterval`` or at ``close()``, whichever comes first — in a terminal, or as a notebook
    widget (whose container the constructor still displays, empty until then). Drawing is all it changes:
    ``display`` is tqdm's hook for it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._quiet = True
        try:
            super().__init__(*args, **kwargs)
        finally:
            self._quiet = False

    def display(self, *args: Any, **kwargs: Any) -> Any:
        return True if self._quiet else super().display(*args, **kwargs)


class CountReport:
    """A bar over ``total`` things that end one by one (a training job's epochs, a backtest's folds, a sweep's runs,
    a Dask sweep's chunks), or nothing when not ``progress``; drawn first by :meth:`show` or as :class:`_QuietStart`
    says."""

    def __init__(self, total: int, desc: str, unit: str, *, progress: bool) -> None:
        self._bar = _QuietStart(total=total, desc=desc, unit=unit) if progress else None
        self._shown = False

    def show(self) -> None:
        """Draw the bar if it has not been drawn yet (the work is under way)."""
        if self._bar is not None and not self._shown:
            self._shown = True
            self._bar.refresh()

    def completed(self, done: int, postfix: str | None = None) -> None:
        """Move the bar to ``done`` completed (it never goes back), with ``postfix`` after the count if given."""
        if self._bar is None or done < self._bar.n:
            return
        if postfix is not None:
            self._bar.set_postfix_str(postfix, refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class TrainingReport(CountReport):
    """The bar (over epochs) and lines for one job of ``epochs`` epochs reporting every ``report_every`` epochs."""

    def __init__(self, job: str, epochs: int, report_every: int, *, progress: bool, verbose: bool) -> None:
        super().__init__(epochs, f"training {job}", "epoch", progress=progress)
        self.report_every, self.verbose = report_every, verbose
        self._next_line = 0  # the next epoch index whose line is due; lines are printed in this order only

    def progress(self, epoch: int, losses: Sequence[float], validation: Sequence[float] | None = None) -> None:
        """A ``job.progress`` notification: report epoch ``epoch`` (0-based) ended; ``losses`` are the total losses
        of the report epochs since the job's previous notification, ``epoch``'s last (so the first of them is
        epoch ``epoch - (len(losses) - 1) * report_every``), and ``validation`` their validation losses (a job with
        validation). A line is printed only for the next epoch due, so the lines stay in order even after a missed
        notification; ``finish`` prints the rest."""
        first = epoch - (len(losses) - 1) * self.report_every
        for index, loss in enumerate(losses):
            if self.verbose and first + index * self.report_every == self._next_line:
                self._print(epoch_line(self._next_line, loss, None if validation is None else validation[index]))
                self._next_line += self.report_every
        if losses:
            self.completed(epoch + 1, _loss_postfix(losses[-1], None if validation is None else validation[-1]))

    def finish(self, job: Job) -> None:
        """Print the lines not printed yet from the job's final losses, complete the bar and close it."""
        validation = job.validation_losses
        if self.verbose:
            for epoch in range(self._next_line, len(job.losses), self.report_every):
                self._print(epoch_line(epoch, job.losses[epoch], None if validation is None else validation[epoch]))
        last = len(job.losses) - 1
        held = validation[last] if validation is not None and 0 <= last < len(validation) else None
        self.completed(job.epoch, _loss_postfix(job.losses[last], held) if last >= 0 else None)
        self.close()

    def _print(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)


class FoldsReport(CountReport):
    """The bar of one backtest job of ``folds`` folds, moved by its ``job.folds`` notifications."""

    def __init__(self, job: str, folds: int, *, progress: bool) -> None:
        super().__init__(folds, f"backtest {job}", "fold", progress=progress)


def _loss_postfix(loss: float, validation: float | None = None) -> str:
    """The bar's loss (as ``set_postfix(loss=…)`` shows it) and, for a job with validation, its validation loss."""
    shown = f"loss={float(loss):.6g}"
    return shown if validation is None else f"{shown}, validation={float(validation):.6g}"
