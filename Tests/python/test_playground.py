"""The playground retrains and redraws on every change of its controls, driven from Python (no browser)."""
from __future__ import annotations

import statistics
import subprocess
import sys

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from elman.widgets import Playground

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def playground(client: elman.Worker):
    played = Playground(client, data=np.sin(np.linspace(0, 9, 30)))
    assert played.settle()
    yield played
    played.close()


def test_it_draws_the_seed_job_at_once(playground: Playground) -> None:
    assert bytes(playground.image.value).startswith(PNG)
    assert len(playground.latencies) == 1
    assert playground.status.value.startswith("rnn 6, 300 epochs: final loss")


def test_every_change_redraws_and_the_latency_is_measured(playground: Playground) -> None:
    changes = [(playground.lr, lr) for lr in (0.05, 0.08, 0.12, 0.2)] + \
              [(playground.hidden_size, size) for size in (4, 5, 7, 8)] + \
              [(playground.seed, seed) for seed in range(1, 9)] + \
              [(playground.truncation, window) for window in (2, 3, 1)] + \
              [(playground.epochs, epochs) for epochs in (200, 250, 400)]
    before = len(playground.latencies)
    for control, value in changes:
        figure = playground.image.value
        control.value = value
        assert playground.settle()
        assert playground.image.value != figure and bytes(playground.image.value).startswith(PNG)
    drawn = playground.latencies[before:]
    assert len(drawn) == len(changes)
    assert playground.status.value.startswith("rnn 8, 400 epochs")
    print(f"\nplayground: change → redrawn figure, median {statistics.median(drawn) * 1000:.1f} ms, "
          f"min {min(drawn) * 1000:.1f}, max {max(drawn) * 1000:.1f} over {len(drawn)} changes")


def test_a_drag_does_not_queue_a_training_per_value(playground: Playground) -> None:
    before = len(playground.latencies)
    for epochs in range(10, 1010, 20):  # fifty values, as fast as a drag sends them
        playground.epochs.value = epochs
    assert playground.settle()
    assert 1 <= len(playground.latencies) - before < 10  # superseded requests dropped
    assert playground.status.value.startswith("rnn 6, 990 epochs")  # the last value is the one drawn


@pytest.mark.parametrize("series, cell", [("damped sine", "gru"), ("sine and cosine → sine", "lstm"),
                                          ("sine and cosine → sine", "rnn"), ("your array", "rnn")])
def test_every_series_trains_with_every_kind_of_network(playground: Playground, series: str, cell: str) -> None:
    before = len(playground.latencies)
    with playground.widget.hold_sync():
        playground.series.value = series
        playground.cell.value = cell
    assert playground.settle()
    assert len(playground.latencies) > before
    assert playground.status.value.startswith(f"{cell} 6,")


def test_a_series_the_worker_refuses_shows_its_error_and_the_playground_goes_on(client: elman.Worker) -> None:
    played = Playground(client, data=[0.5])  # one point: no training step
    try:
        played.series.value = "your array"
        assert played.settle()
        assert played.status.value.startswith("InvalidParams")
        played.series.value = "the seed's sine"
        assert played.settle()
        assert played.status.value.startswith("rnn 6, 300 epochs")
    finally:
        played.close()


def test_import_elman_imports_neither_ipywidgets_nor_matplotlib_until_the_playground_is_used() -> None:
    code = ("import sys, elman\n"
            "assert 'ipywidgets' not in sys.modules and 'matplotlib' not in sys.modules\n"
            "assert elman.widgets.Playground and 'ipywidgets' in sys.modules\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
