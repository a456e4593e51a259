"""``Playground``: sliders and pickers that retrain the network and redraw its figure on every change (ipywidgets).

The controls are the cell (rnn, lstm, gru), the hidden size, the learning rate, the epochs, the truncation window,
the seed and the series (the seed's sine, a damped sine, two columns — sine and cosine — predicting the sine, and
the user's own array when one is given). With the rnn cell and a series of one column the playground trains the
seed's own network (no biases, the seed's initialisation); otherwise the chosen ``torch.nn`` cell with a linear
head. Both are trained with SGD at the chosen rate.

Every change becomes a request; one background thread trains, predicts and draws the latest request only. A drag
that moves a slider through fifty values while a training runs leaves one request waiting, not fifty: a request
superseded before it starts is dropped, and so is the figure of one superseded while it trains. The time from a
change to its figure being in the ``Image`` widget is kept (:attr:`Playground.latencies`); the models it trains are
deleted from the worker once drawn, so a long session stays within the worker's ``max_models``.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from .client import Client
from .errors import ElmanError
from .networks import GRU, LSTM, RNN
from .training_figure import TrainingFigure, first_output, series_of

#: The cells of the picker, as their network specifications.
CELLS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


def damped_sine(points: int = 60) -> np.ndarray:
    """``exp(−t/8) sin t`` over ``t`` in [0, 6π]: a series whose amplitude the network must follow down."""
    t = np.linspace(0.0, 6 * np.pi, points)
    return (np.exp(-t / 8) * np.sin(t)).astype(np.float32)


def sine_and_cosine(points: int = 40) -> dict:
    """Two columns, sine and cosine over ``[0, 4π]``, in the wire's form with the sine (column 0) the target."""
    t = np.linspace(0.0, 4 * np.pi, points)
    return {"series": np.stack([np.sin(t), np.cos(t)], axis=1).astype(np.float32).tolist(), "targets": [0]}


@dataclass(frozen=True)
class Settings:
    """One state of the controls: what a training is asked with."""

    cell: str
    hidden_size: int
    lr: float
    epochs: int
    truncation: int
    seed: int
    series: str


class Playground:
    """The widget: ``display(Playground(worker))`` in a notebook (or leave it last in a cell).

    ``data`` (optional) is a series of one's own (1-D: one column), offered as "your array". The controls are
    attributes (``cell``, ``hidden_size``, ``lr``, ``epochs``, ``truncation``, ``seed``, ``series``), so code can
    drive them too; ``image`` holds the figure. :meth:`settle` waits until the figure shows the current settings.
    """

    def __init__(self, worker: Client, data: ArrayLike | None = None) -> None:
        self.worker = worker
        self.series_data: dict[str, dict | None] = {"the seed's sine": None,
                                                    "damped sine": {"series": damped_sine().tolist()},
                                                    "sine and cosine → sine": sine_and_cosine()}
        if data is not None:
            self.series_data["your array"] = {"series": np.asarray(data, dtype=np.float32).tolist()}
        self.cell = widgets.Dropdown(options=list(CELLS), value="rnn", description="cell")
        self.hidden_size = widgets.IntSlider(value=6, min=1, max=64, description="hidden size")
        self.lr = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=0, step=0.05, description="lr")
        self.epochs = widgets.IntSlider(value=300, min=10, max=3000, step=10, description="epochs")
        self.truncation = widgets.IntSlider(value=1, min=1, max=20, description="truncation")
        self.seed = widgets.IntSlider(value=0, min=0, max=99, description="seed")
        self.series = widgets.Dropdown(options=list(self.series_data), value="the seed's sine", description="series")
        self.image = widgets.Image(format="png")
        self.status = widgets.Label()
        controls = [self.cell, self.hidden_size, self.lr, self.epochs, self.truncation, self.seed, self.series]
        columns = widgets.HBox([widgets.VBox(controls[:4]), widgets.VBox(controls[4:])])
        self.widget = widgets.VBox([columns, self.image, self.status])
        self._widgets = [*controls, self.image, self.status, *columns.children, columns, self.widget]
        self.view = TrainingFigure(*series_of(None), size=(8.0, 3.0))
        #: Seconds from each change to its figure in ``image``, oldest first (changes dropped as superseded
        #: have none).
        self.latencies: list[float] = []
        self._shown_series: str | None = None
        self._changed = threading.Condition()
        self._request: tuple[Settings, float] | None = None
        self._busy = False
        self._closed = False
        for control in controls:
            control.observe(self._on_change, names="value")
        self._thread = threading.Thread(target=self._run, name="elman-playground", daemon=True)
        self._thread.start()
        self._on_change(None)

    @property
    def last_latency(self) -> float | None:
        """Seconds from the last drawn change to its figure, or ``None`` before the first."""
        return self.latencies[-1] if self.latencies else None

    def settings(self) -> Settings:
        """The controls' values now."""
        return Settings(cell=self.cell.value, hidden_size=self.hidden_size.value, lr=self.lr.value,
                        epochs=self.epochs.value, truncation=self.truncation.value, seed=self.seed.value,
                        series=self.series.value)

    def settle(self, timeout: float = 30.0) -> bool:
        """Wait until no change is waiting or being trained (the figure shows the last one); ``False`` when
        ``timeout`` seconds pass first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._request is None and not self._busy, timeout)

    def close(self) -> None:
        """Stop the background thread (after the training it may be running) and close the widgets."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._thread.join()
        for widget in self._widgets:
            widget.close()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _on_change(self, _change: Any) -> None:
        """A control moved: this becomes the one waiting request (replacing one not started yet)."""
        with self._changed:
            self._request = (self.settings(), time.perf_counter())
            self._changed.notify_all()

    def _run(self) -> None:
        """The background thread: train and draw the latest request, until closed. A failure is shown in
        ``status`` and the thread goes on (a failure ending it would leave every later change unanswered)."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._request is not None or self._closed)
                if self._closed:
                    return
                (settings, changed_at), self._request = self._request, None
                self._busy = True
            try:
                self._train_and_draw(settings, changed_at)
            except ElmanError as error:
                self.status.value = f"{type(error).__name__}: {error.message}"
            except Exception as error:  # noqa: BLE001 — shown, and the thread serves the next change
                self.status.value = f"{type(error).__name__}: {error}"
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _train_and_draw(self, settings: Settings, changed_at: float) -> None:
        data = self.series_data[settings.series]
        result = self.worker.train(data=data, epochs=settings.epochs, lr=settings.lr, truncation=settings.truncation,
                                   seed=settings.seed, progress=False, **self._network(settings, data))
        try:
            if self._superseded():
                return
            predictions = self.worker.predict(result.model, data)
        finally:
            self.worker.model_delete(result.model)
        if self._superseded():
            return
        if settings.series != self._shown_series:
            self.view.set_series(*series_of(data))
            self._shown_series = settings.series
        self.view.set_losses(np.arange(len(result.losses)), result.losses)
        self.view.set_predictions(first_output(predictions, sequences=False))
        self.image.value = self.view.png()
        self.latencies.append(time.perf_counter() - changed_at)
        ending = f"diverged at epoch {result.diverged_epoch}" if result.state == "diverged" else \
            f"final loss {result.final_loss:.4g}"
        self.status.value = f"{settings.cell} {settings.hidden_size}, {result.epoch} epochs: {ending} " \
                            f"({result.seconds * 1000:.1f} ms in the engine)"

    @staticmethod
    def _network(settings: Settings, data: dict | None) -> dict:
        """train's parameters for the network: the seed's own for an rnn on one column, else the chosen cell."""
        one_column = data is None or np.ndim(data["series"]) == 1
        if settings.cell == "rnn" and one_column:
            return {"hidden_size": settings.hidden_size}
        return {"network": CELLS[settings.cell](hidden_size=settings.hidden_size)}

    def _superseded(self) -> bool:
        with self._changed:
            return self._request is not None or self._closed
