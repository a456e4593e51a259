"""train(live=True): the loss curve and the fit, drawn from the job's notifications, in a real kernel's cell output."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

import elman  # noqa: E402
from client_fixtures import client  # noqa: E402,F401  (fixture)

#: A job of about a second on these machines: its notifications come 20 a second, its redraws at most 10.
LIVE_CELL = """
import elman
with elman.Worker() as worker:
    result = worker.train(network=elman.RNN(hidden_size=64), epochs=6000, live=True, progress=False)
print(f"redraws {result.live_redraws} wall {result.wall_seconds} state {result.state}")
"""


def test_outside_a_notebook_the_figure_is_drawn_once_at_the_end(client: elman.Worker) -> None:
    result = client.train(live=True, progress=False)
    assert result.state == "done" and result.live_redraws == 1
    loss_axes, fit_axes = result.live_figure.axes
    np.testing.assert_allclose(loss_axes.lines[0].get_ydata(), result.losses, rtol=1e-6)
    actual, predicted = fit_axes.collections
    sine = elman.Sine()
    np.testing.assert_allclose(actual.get_offsets(), np.column_stack([sine.t[:-1], sine.values[:-1]]))
    np.testing.assert_allclose(predicted.get_offsets(), np.column_stack([sine.t[1:], client.predict(result.model)]))


def test_the_fit_shows_the_first_target_column(client: elman.Worker) -> None:
    t = np.linspace(0, 6, 30)
    columns = np.stack([np.sin(t), np.cos(t)], axis=1)
    result = client.train(network=elman.GRU(hidden_size=4), data=columns, targets=[1], epochs=20, live=True,
                          progress=False)
    actual, predicted = result.live_figure.axes[1].collections
    np.testing.assert_allclose(actual.get_offsets()[:, 1], columns[:-1, 1].astype(np.float32))
    np.testing.assert_allclose(predicted.get_offsets()[:, 1], client.predict(result.model, columns, ))


def test_without_live_nothing_is_drawn(client: elman.Worker) -> None:
    result = client.train(progress=False)
    assert result.live_redraws == 0 and result.live_figure is None


def test_a_bad_parameter_is_still_refused_with_live(client: elman.Worker) -> None:
    with pytest.raises(elman.InvalidParams) as refused:
        client.train(lr=-1.0, live=True, progress=False)
    assert refused.value.data["param"] == "lr"


def test_in_a_kernel_the_cell_keeps_one_final_png_redrawn_at_most_ten_times_a_second(
        worker_binary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(LIVE_CELL)])
    monkeypatch.setenv("ELMAN_WORKER", str(worker_binary))
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[0].outputs
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) == 1, outputs  # every redraw replaced the same output
    assert base64.b64decode(images[0].data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    text = "".join(output.text for output in outputs if output.output_type == "stream")
    redraws, wall, state = re.search(r"redraws (\d+) wall (\S+) state (\w+)", text).groups()
    print(f"\nlive: {redraws} redraws in {float(wall):.2f} s")
    assert state == "done"
    assert 2 <= int(redraws) <= 10 * float(wall) + 2  # drawn while it ran, never faster than 10 a second
