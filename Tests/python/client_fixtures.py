"""Fixtures of the client tests: workers started through `elman.Worker`, and the numpy reference of the seed.

Test modules import the fixtures they use from here (`from client_fixtures import client`); `worker_binary` and
`start_worker` (a worker started without the client) come from conftest.py.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Iterator

import pytest

import elman

REPO = Path(__file__).resolve().parents[2]

#: Heartbeat of the workers tests kill or stop: short, so that silence is noticed quickly.
SHORT_HEARTBEAT = 1.0


@pytest.fixture(scope="module")
def client(worker_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[elman.Worker]:
    """One worker per test module, with a models folder, shared by the tests that leave it healthy."""
    with elman.Worker(tmp_path_factory.mktemp("models"), binary=worker_binary) as worker:
        yield worker


@pytest.fixture
def fresh_worker(worker_binary: Path) -> Iterator[elman.Worker]:
    """A worker of its own for a test that kills, stops or shuts it down; short heartbeat, no models folder."""
    worker = elman.Worker(binary=worker_binary, heartbeat=SHORT_HEARTBEAT)
    yield worker
    worker.close()


@pytest.fixture(scope="session")
def reference() -> ModuleType:
    """tools/reference/numpy_elman.py: the seed's network in numpy with hand-derived gradients."""
    path = REPO / "tools" / "reference" / "numpy_elman.py"
    spec = importlib.util.spec_from_file_location("numpy_elman", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: A training that takes many seconds (and does not diverge), for the tests that interrupt, kill or stop the
#: worker during it; the keys are the protocol's parameter names and the client's alike.
LONG_JOB = {"hidden_size": 128, "lr": 0.01, "epochs": 200_000}
