"""Shared fixtures: the elman-worker binary, and real workers started on free loopback ports.

`worker_binary` finds the executable as the client does; `start_worker` starts as many workers as a test needs (each
in its own temporary folder, stopped at teardown); `worker` is one worker with a models folder. A started worker binds
`tcp://127.0.0.1:*` for both sockets and the endpoints are read from its connection file, so no port is ever guessed.
"""
from __future__ import annotations

import json
import subprocess
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from elman import WorkerNotFound, find_worker_binary
from elman.process import WorkerProcess

START_TIMEOUT_S = 15.0


@pytest.fixture(scope="session")
def worker_binary() -> Path:
    """The binary the client would start: $ELMAN_WORKER (set by `make test`), else .build/release, else PATH."""
    try:
        return find_worker_binary()
    except WorkerNotFound as error:
        pytest.fail(f"{error}: run `swift build -c release` in the repo, or set ELMAN_WORKER to one")


@dataclass(frozen=True)
class RunningWorker:
    """A worker process and what its connection file says about it."""

    process: subprocess.Popen
    endpoint: str
    events: str | None
    models: Path | None
    connection: dict
    log: Path


@pytest.fixture
def start_worker(worker_binary: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningWorker]]:
    """A function `start_worker(models=True, extra_args=())` that starts a fresh worker, stopped at teardown.

    The worker is started as the client starts one (`elman.process.WorkerProcess`: free loopback ports read from its
    connection file), with `--models` an empty folder of its own (`<fresh folder>/models`) unless `models` is false,
    and `extra_args` after the rest.
    Teardown sends SIGTERM (the worker's orderly shutdown), then SIGKILL if it has not exited.
    """
    with ExitStack() as stack:
        def start(*, models: bool = True, extra_args: tuple[str, ...] = ()) -> RunningWorker:
            models_dir = tmp_path_factory.mktemp("worker") / "models" if models else None
            process = WorkerProcess(worker_binary, models=models_dir, start_timeout=START_TIMEOUT_S,
                                    extra_args=extra_args)
            stack.callback(process.stop)
            return RunningWorker(process.process, process.info.endpoint, process.info.events, models_dir,
                                 json.loads(process.connection_file.read_text()), process.log)
        yield start


@pytest.fixture
def worker(start_worker: Callable[..., RunningWorker]) -> RunningWorker:
    """One fresh worker with an empty models folder."""
    return start_worker()
