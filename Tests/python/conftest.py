"""Shared fixtures: the elman-worker binary, and real workers started on free loopback ports.

`worker_binary` finds the executable; `start_worker` starts as many workers as a test needs (each in its own temporary
folder, stopped at teardown); `worker` is one worker with a models folder. A started worker binds
`tcp://127.0.0.1:*` for both sockets and the endpoints are read from its connection file, so no port is ever guessed.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 5.0


def find_worker_binary() -> Path | None:
    """ELMAN_WORKER if set, else the repo's release build, else its debug build; None when there is none."""
    if configured := os.environ.get("ELMAN_WORKER"):
        return Path(configured)
    for configuration in ("release", "debug"):
        candidate = REPO / ".build" / configuration / "elman-worker"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def worker_binary() -> Path:
    path = find_worker_binary()
    if path is None:
        pytest.fail("no elman-worker binary: run `swift build --product elman-worker` in the repo, "
                    "or set ELMAN_WORKER to the path of one")
    if not os.access(path, os.X_OK):
        pytest.fail(f"ELMAN_WORKER={path} is not an executable file")
    return path


@dataclass(frozen=True)
class RunningWorker:
    """A worker process and what its connection file says about it."""

    process: subprocess.Popen
    endpoint: str
    events: str | None
    models: Path | None
    connection: dict
    log: Path


@contextmanager
def running_worker(binary: Path, folder: Path, *, models: bool = True,
                   extra_args: tuple[str, ...] = ()) -> Iterator[RunningWorker]:
    """Starts `binary` with its files in `folder`, yields once the connection file is written, stops it on exit.

    The worker gets `--models folder/models` unless `models` is false. Stopping sends SIGTERM (the worker's orderly
    shutdown) and SIGKILL if it is still running after STOP_TIMEOUT_S.
    """
    connection_file = folder / "connection.json"
    models_dir = folder / "models" if models else None
    args = [str(binary), "--endpoint", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
            "--connection-file", str(connection_file)]
    if models_dir is not None:
        models_dir.mkdir()
        args += ["--models", str(models_dir)]
    args += list(extra_args)
    log = folder / "worker.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT)
    try:
        connection = _await_connection_file(process, connection_file, log)
        yield RunningWorker(process, connection["endpoint"], connection.get("events"), models_dir, connection, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _await_connection_file(process: subprocess.Popen, path: Path, log: Path) -> dict:
    """Polls until `path` holds JSON; fails with the worker's output if it exits first or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"elman-worker exited with {process.returncode} before writing {path}:\n{log.read_text()}")
        try:
            return json.loads(path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            time.sleep(0.02)
    pytest.fail(f"elman-worker wrote no connection file within {START_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture
def start_worker(worker_binary: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningWorker]]:
    """A function `start_worker(models=True, extra_args=())` that starts a fresh worker, stopped at teardown."""
    with ExitStack() as stack:
        def start(*, models: bool = True, extra_args: tuple[str, ...] = ()) -> RunningWorker:
            folder = tmp_path_factory.mktemp("worker")
            return stack.enter_context(running_worker(worker_binary, folder, models=models, extra_args=extra_args))
        yield start


@pytest.fixture
def worker(start_worker: Callable[..., RunningWorker]) -> RunningWorker:
    """One fresh worker with an empty models folder."""
    return start_worker()
