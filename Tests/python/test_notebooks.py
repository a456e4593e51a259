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
