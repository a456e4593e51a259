"""The notebooks run top to bottom on a real Jupyter kernel (nbclient) and show what they promise."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "Notebooks"


def run_notebook(name: str, worker_binary: Path, folder: Path, monkeypatch: pytest.MonkeyPatch):
    """Executes a committed notebook (which must carry no outputs) in `folder`; returns it with its outputs."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert [cell.outputs for cell in notebook.cells if cell.cell_type == "code"] == \
        [[] for cell in notebook.cells if cell.cell_type == "code"], f"{name} is committed with outputs"
    monkeypatch.setenv("ELMAN_WORKER", str(worker_binary))  # the kernel inherits the environment
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def outputs(notebook, kind: str) -> list[str]:
    """Every stdout text (kind 'stdout') or every PNG (kind 'image/png') the notebook showed, in order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if kind == "stdout" and output.output_type == "stream" and output.name == "stdout":
                found.append(output.text)
            elif kind in output.get("data", {}):
                found.append(output.data[kind])
    return found


def assert_pngs(notebook, count: int) -> None:
    pngs = outputs(notebook, "image/png")
    assert len(pngs) == count
    assert all(base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n" for png in pngs)


def test_sine_wave_prints_the_seed_lines_and_draws_the_figure(worker_binary, tmp_path, monkeypatch) -> None:
    notebook = run_notebook("SineWave.ipynb", worker_binary, tmp_path, monkeypatch)
    lines = "".join(outputs(notebook, "stdout")).splitlines()
    epochs = [int(m.group(1)) for m in map(re.compile(r"Epoch: (\d+) loss \d\.\d+(?:e-\d+)?$").match, lines) if m]
    assert epochs == list(range(0, 300, 10))
    assert any(line.startswith("done: ") for line in lines)
    assert_pngs(notebook, 2)  # the seed's figure and the loss curve


def test_explore_compares_settings_and_forecasts(worker_binary, tmp_path, monkeypatch) -> None:
    notebook = run_notebook("Explore.ipynb", worker_binary, tmp_path, monkeypatch)
    finals = re.findall(r"final loss (\S+)", "".join(outputs(notebook, "stdout")))
    assert len(finals) == 4 + 4 + 3 + 2
    assert_pngs(notebook, 3)


def test_networks_compares_the_cells_and_predicts_one_column_of_two(worker_binary, tmp_path, monkeypatch) -> None:
    notebook = run_notebook("Networks.ipynb", worker_binary, tmp_path, monkeypatch)
    text = "".join(outputs(notebook, "stdout"))
    finals = dict(re.findall(r"(.+?): final loss (\S+) in", text))
    assert [label.strip() for label in finals] == ["rnn (the seed)", "lstm, Adam 0.01", "gru, Adam 0.01",
                                                   "two columns -> sine"]
    assert all(float(loss) < 1e-2 for loss in finals.values())  # each learnt its series
    shapes = dict(re.findall(r"^\s*(\S+)\s+(\(.*?\))\s+float32$", text, re.M))
    assert shapes == {"rnn.weight_ih_l0": "(32, 2)", "rnn.weight_hh_l0": "(32, 8)", "rnn.bias_ih_l0": "(32,)",
                      "rnn.bias_hh_l0": "(32,)", "head.weight": "(1, 8)", "head.bias": "(1,)"}
    assert_pngs(notebook, 2)  # the cells side by side, the two-column series


def test_real_data_compares_two_networks_with_the_naive_forecasts(worker_binary, tmp_path, monkeypatch) -> None:
    notebook = run_notebook("RealData.ipynb", worker_binary, tmp_path, monkeypatch)
    text = "".join(outputs(notebook, "stdout"))
    assert len(re.findall(r"best epoch \d+, stopped after \d+", text)) == 2
    scores = dict(re.findall(r"(\S[^:\n]*): backtest MAE +(\d+\.\d)", text))
    assert set(scores) == {"Elman", "LSTM", "naive", "seasonal naive (11 years)"}
    assert float(scores["LSTM"]) < float(scores["naive"])
    assert_pngs(notebook, 3)  # the loss curves, two backtests


def test_sweeps_sweeps_forecasts_an_ensemble_and_repeats_the_sweep_on_dask(worker_binary, tmp_path,
                                                                           monkeypatch) -> None:
    notebook = run_notebook("Sweeps.ipynb", worker_binary, tmp_path, monkeypatch)
    text = "".join(outputs(notebook, "stdout"))
    assert re.search(r"^108 runs in \d+ ms", text, re.M), text
    assert re.search(r"^20 models: the 80% band is \S+ wide", text, re.M), text
    assert "108 runs on a LocalCluster" in text and "the same frame as on one worker: True" in text
    assert_pngs(notebook, 2)  # the heatmap beside the sweep plot, the ensemble's band


def test_inside_shows_hidden_states_gradient_flow_spectral_radii_memory_and_the_playground(worker_binary, tmp_path,
                                                                                            monkeypatch) -> None:
    notebook = run_notebook("Inside.ipynb", worker_binary, tmp_path, monkeypatch)
    text = "".join(outputs(notebook, "stdout"))
    assert "hidden states (20, 1, 6)" in text
    flows = dict(re.findall(r"truncation +(\d+): .*?100 steps back (\S+)$", text, re.M))
    assert list(flows) == ["1", "5", "20"]
    assert all(float(norm) < 0.5 for norm in flows.values())  # the gradient fades with distance
    assert re.search(r"^rnn: spectral radius \d\.\d{3} -> \d\.\d{3}$", text, re.M), text
    assert re.search(r"^lstm: spectral radius per gate \[.*\] -> \[.*\]$", text, re.M), text
    finals = dict(re.findall(r"^(Elman \(rnn\)|LSTM): final loss (\S+),", text, re.M))
    assert float(finals["LSTM"]) < float(finals["Elman (rnn)"])  # long memory is the LSTM's
    assert re.search(r"^playground: Settings\(cell='rnn'.*first figure in \d+ ms$", text, re.M), text
    widget_views = [output for cell in notebook.cells for output in cell.get("outputs", [])
                    if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    assert len(widget_views) == 1
    assert_pngs(notebook, 4)  # the context neurons, the gradient flow, the spectral radii, the pulse
