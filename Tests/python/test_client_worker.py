"""Starting, attaching to and stopping workers with the client."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_worker_binds_free_ports_and_writes_them_to_its_connection_file(client: elman.Worker) -> None:
    connection = json.loads(client.connection_file.read_text())
    assert connection["endpoint"] == client.endpoint and connection["events"] == client.events
    assert connection["pid"] == client.pid
    assert client.endpoint.startswith("tcp://127.0.0.1:") and not client.endpoint.endswith(":*")
    assert client.ping() < 1.0


def test_every_protocol_method_has_a_client_method(client: elman.Worker) -> None:
    methods = client.info()["methods"]
    assert "train" in methods and "job.wait" in methods
    missing = [m for m in methods if not callable(getattr(client, m.replace(".", "_"), None))]
    assert missing == []


def test_the_worker_and_the_package_have_one_version(client: elman.Worker) -> None:
    # Two copies of the version exist: elman.__version__ (pyproject.toml reads it) and ProtocolVersion.software in
    # Sources/ElmanProtocol/RPC/Method.swift, because SwiftPM cannot read the Python package at build time without
    # a build plugin. This test is what keeps them from drifting apart.
    assert client.info()["version"] == elman.__version__


def test_leaving_a_with_block_stops_the_worker(worker_binary) -> None:
    with elman.Worker(binary=worker_binary) as worker:
        pid, folder = worker.pid, worker.connection_file.parent
        assert is_running(pid)
    assert not is_running(pid)
    assert not folder.exists()
    worker.close()  # a second close changes nothing


def test_interpreter_exit_stops_a_worker_never_closed(worker_binary) -> None:
    script = "import elman, sys; w = elman.Worker(binary=sys.argv[1]); print(w.pid)"
    out = subprocess.run([sys.executable, "-c", script, str(worker_binary)], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    assert not is_running(int(out))


def test_two_workers_run_side_by_side(worker_binary) -> None:
    with elman.Worker(binary=worker_binary) as a, elman.Worker(binary=worker_binary) as b:
        assert a.endpoint != b.endpoint
        assert a.ping() >= 0 and b.ping() >= 0


def test_connect_by_connection_file_gets_the_events_socket_too(client: elman.Worker) -> None:
    with elman.connect(client.connection_file) as other:
        assert (other.endpoint, other.events) == (client.endpoint, client.events)
        result = other.train(epochs=3, progress=False)
        assert client.job_status(result.id).state == "done"  # jobs belong to the worker, not the connection


def test_connect_by_endpoint_to_a_worker_started_elsewhere(start_worker, capsys) -> None:
    running = start_worker()
    with elman.connect(running.endpoint) as remote:
        assert remote.events is None
        result = remote.train(epochs=25, report_every=5, verbose=True)  # followed on the request socket alone
        assert (result.state, len(result.losses)) == ("done", 25)
    captured = capsys.readouterr()
    assert "25/25" in captured.err
    # a job shorter than 50 ms has no job.progress: every line comes from the final losses, complete and in order
    assert captured.out.splitlines() == [f"Epoch: {i} loss {float(result.losses[i])}" for i in range(0, 25, 5)]


def test_connecting_to_nothing_is_a_clear_timeout() -> None:
    start = time.monotonic()
    with pytest.raises(elman.WorkerTimeout, match="has not answered"):
        elman.connect("tcp://127.0.0.1:9", heartbeat=0.5)
    assert time.monotonic() - start < 3


def test_a_bad_worker_path_says_how_to_fix_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ELMAN_WORKER", str(tmp_path / "missing"))
    with pytest.raises(elman.WorkerNotFound, match="swift build -c release"):
        elman.Worker()


def test_a_file_that_cannot_run_is_reported_as_such(tmp_path) -> None:
    binary = tmp_path / "not-executable"
    binary.write_text("")
    with pytest.raises(elman.WorkerNotFound, match="cannot run"):
        elman.Worker(binary=binary)


def test_a_binary_that_exits_at_once_is_reported_at_once(tmp_path) -> None:
    script = tmp_path / "fake-worker"
    script.write_text("#!/bin/sh\necho cannot start >&2\nexit 3\n")
    script.chmod(0o755)
    start = time.monotonic()
    with pytest.raises(elman.WorkerDied, match="(?s)exited with status 3.*cannot start"):
        elman.Worker(binary=script)
    assert time.monotonic() - start < 2


def test_connect_to_a_curve_worker_takes_the_key_from_its_connection_file(start_worker) -> None:
    running = start_worker(extra_args=("--curve",))
    assert running.connection["curve"]["server_key"]
    with elman.connect(running.log.parent / "connection.json") as remote:
        result = remote.train(epochs=20, progress=False)
        assert (result.state, len(result.losses)) == ("done", 20)
    with pytest.raises(elman.WorkerTimeout):  # without the key, the worker never hears us
        elman.connect(running.endpoint, heartbeat=0.5)
