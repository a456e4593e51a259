"""Rich display in notebooks: the HTML that ``Job``, ``TrainResult`` and ``ModelInfo`` show through ``_repr_html_``.

A small table of what matters at a glance (state, epochs, final loss, times; a model's network) and, for a job with
losses, a loss sparkline drawn as inline SVG (no matplotlib, no image file). Every text taken from the worker or the
user (ids, names, states) is escaped. The markup is also well-formed XML, which the tests check by parsing it.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .results import Job, ModelInfo

#: The sparkline's size in pixels, and the most points it draws (longer runs are strided down to about this many).
SPARK_WIDTH, SPARK_HEIGHT, SPARK_POINTS = 160, 28, 200


def sparkline(losses: np.ndarray) -> str:
    """An inline SVG polyline of ``losses`` over the epochs, on a log scale when every loss is positive; ``""``
    when fewer than two losses are finite. The first finite value is at the left edge, the last at the right; the
    lowest at the bottom."""
    values = np.asarray(losses, dtype=np.float64)
    values = values[np.isfinite(values)]
    if len(values) < 2:
        return ""
    values = values[:: max(1, len(values) // SPARK_POINTS)]
    if np.all(values > 0):
        values = np.log10(values)
    low, high = float(values.min()), float(values.max())
    x = np.linspace(0, SPARK_WIDTH, len(values))
    y = SPARK_HEIGHT - 1 - (values - low) / ((high - low) or 1.0) * (SPARK_HEIGHT - 2)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
            f'role="img" aria-label="loss per epoch"><polyline fill="none" stroke="currentColor" stroke-width="1.2" '
            f'points="{points}"/></svg>')


def job_html(job: Job, extra: Iterable[tuple[str, Any]] = ()) -> str:
    """A job: id, model, state, epochs, final loss, engine time, ``extra`` rows, and its loss sparkline."""
    final = f"{float(job.losses[-1]):.6g}" if len(job.losses) else "—"
    rows = [("model", job.model), ("state", job.state), ("epochs", f"{job.epoch} / {job.epochs}"),
            ("final loss", final), ("seconds (engine)", f"{job.seconds:.4g}")]
    if job.diverged_epoch is not None:
        rows.append(("diverged at epoch", job.diverged_epoch))
    return _table(f"{type(job).__name__} {job.id}", [*rows, *extra], sparkline(job.losses))


def model_html(info: ModelInfo) -> str:
    """A model: id, name, network, epochs trained, the job training it."""
    network = info.network
    shape = (f"{network.cell}, hidden {network.hidden_size}, {network.num_layers} layer(s)" if network is not None
             else f"hidden {info.hidden_size}")
    rows = [("name", info.name), ("network", shape), ("epochs trained", info.epochs_trained),
            ("training job", info.job)]
    return _table(f"ModelInfo {info.model}", [(key, value) for key, value in rows if value is not None], "")


def _table(title: str, rows: list[tuple[str, Any]], picture: str) -> str:
    """A captioned two-column table, escaped, with ``picture`` (trusted markup made here) in a last row."""
    body = "".join(f"<tr><th style=\"text-align:left\">{html.escape(str(key))}</th>"
                   f"<td style=\"text-align:left\">{html.escape(str(value))}</td></tr>" for key, value in rows)
    if picture:
        body += f'<tr><th style="text-align:left">loss</th><td>{picture}</td></tr>'
    return f"<table><caption style=\"text-align:left\"><b>{html.escape(title)}</b></caption>{body}</table>"
