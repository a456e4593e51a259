"""Every code block of README.md runs as written, against a real worker.

The blocks are read from README.md, never copied here. Each block is recognised by a line of its own: those in RUN
are run verbatim (Python in a fresh interpreter, the shell block with bash), those in NOT_RUN are named with the
reason, and a block that is in neither fails the first test, so a new block cannot go unchecked.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RUN_TIMEOUT_S = 120
START_TIMEOUT_S = 15
STOP_TIMEOUT_S = 10

# Recognising line of each block → what the block is.
WORKER_PYTHON = "with elman.Worker() as worker:"
WORKER_BY_HAND = ".build/release/elman-worker --endpoint"
PLAIN_PYZMQ = "import zmq"
REAL_DATA_PYTHON = "validation=0.2, early_stopping="
WATCHING = "live=True"
SWEEPS = "elman.dask.sweep(None"
RUN = {WORKER_PYTHON: "the client starting its own worker",
       REAL_DATA_PYTHON: "validation, early stopping, evaluate and backtest",
       WATCHING: "live training, the weights' heatmaps and the playground",
       SWEEPS: "a sweep, an ensemble, and the sweep on a LocalCluster",
       WORKER_BY_HAND: "a worker started by hand (sh)",
       PLAIN_PYZMQ: "talking to the hand-started worker with pyzmq alone"}
NOT_RUN = {"make demo": "make demo/test/bench: `make test` runs this file, so running them here would recurse, and "
                        "they take minutes; CI runs `make test`, and test_demo.py runs what `make demo` runs",
           "Python / Jupyter": "the architecture diagram: a picture, not code"}


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int  # 1-based line of the opening fence in README.md


def readme_blocks() -> list[Block]:
    text = README.read_text()
    return [Block(match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1)
            for match in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)]


def block(marker: str) -> Block:
    """The one block of README.md that contains `marker`."""
    found = [b for b in readme_blocks() if marker in b.text]
    assert len(found) == 1, f"{len(found)} blocks of README.md contain {marker!r}"
    return found[0]


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)


def test_every_block_is_run_or_named_as_not_run() -> None:
    markers = {**RUN, **NOT_RUN}
    for b in readme_blocks():
        matched = [marker for marker in markers if marker in b.text]
        assert len(matched) == 1, (f"README.md line {b.line}: a {b.language or 'plain'} block that this test neither "
                                   f"runs nor names as not run (matches {matched}):\n{b.text}")
    for marker in markers:
        block(marker)  # each marker names exactly one block: a removed block is noticed too


def test_the_client_block_runs_verbatim(worker_binary: Path) -> None:
    code = block(WORKER_PYTHON)
    assert code.language == "python"
    run = run_python(code.text, {**os.environ, "ELMAN_WORKER": str(worker_binary), "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr
    epochs = re.findall(r"^Epoch: (\d+) loss \d", run.stdout, re.M)
    assert epochs == [str(epoch) for epoch in range(0, 300, 10)], run.stdout


def test_the_real_data_block_runs_verbatim(worker_binary: Path) -> None:
    code = block(REAL_DATA_PYTHON)
    run = run_python(code.text, {**os.environ, "ELMAN_WORKER": str(worker_binary)})
    assert run.returncode == 0, run.stderr
    assert "Scaler(kind='standard'" in run.stdout and "forecast" in run.stdout and "smape" in run.stdout


def test_the_watching_block_runs_verbatim(worker_binary: Path) -> None:
    code = block(WATCHING)
    assert code.language == "python"
    run = run_python(code.text, {**os.environ, "ELMAN_WORKER": str(worker_binary), "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("done 1\n")
    assert re.search(r"^rnn 12, 300 epochs: final loss \S+ .* ms from change to figure$", run.stdout, re.M), run.stdout


def test_the_sweeps_block_runs_verbatim(worker_binary: Path) -> None:
    code = block(SWEEPS)
    assert code.language == "python"
    run = run_python(code.text, {**os.environ, "ELMAN_WORKER": str(worker_binary)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("same frame: True"), run.stdout


@pytest.fixture
def hand_started_worker(tmp_path: Path) -> Iterator[Path]:
    """The README's shell block run verbatim with bash, HOME a fresh folder (so ~/elman-models lands in it); yields
    HOME once the worker has written its connection file, stops the worker (SIGTERM, its orderly shutdown) after."""
    shell = block(WORKER_BY_HAND)
    assert shell.language == "sh"
    connection = Path(re.search(r"--connection-file (\S+)", shell.text).group(1))
    connection.unlink(missing_ok=True)  # a file left by an earlier run would look like this worker's
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(["bash", "-c", shell.text], cwd=ROOT, env={**os.environ, "HOME": str(home)},
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not connection.exists():  # written atomically once the sockets are bound
            assert worker.poll() is None, f"the worker exited with {worker.returncode}: {log.read_text()}"
            assert time.monotonic() < deadline, f"no {connection} after {START_TIMEOUT_S} s: {log.read_text()}"
            time.sleep(0.02)
        assert json.loads(connection.read_text())["pid"] == worker.pid
        yield home
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        connection.unlink(missing_ok=True)


def test_the_hand_started_worker_and_the_plain_pyzmq_block_run_verbatim(hand_started_worker: Path) -> None:
    assert (hand_started_worker / "elman-models").is_dir()
    code = block(PLAIN_PYZMQ)
    assert code.language == "python"
    run = run_python(code.text, dict(os.environ))
    assert run.returncode == 0, run.stderr
    *notifications, predictions = run.stdout.splitlines()
    assert len(json.loads(predictions)) == 20  # the sine preset's 21 points give 20 inputs
    heard = [line.split() for line in notifications]
    assert all(method in ("job.progress", "job.finished") for method, _ in heard), notifications
    assert [int(epoch) for _, epoch in heard] == sorted(int(epoch) for _, epoch in heard), notifications
    assert all(epoch == "100000" for method, epoch in heard if method == "job.finished"), notifications
