"""Faults against the real elman-worker: signals, SIGKILL, restarts on the same models folder, damaged model files,
clients that vanish mid-job, and trainings that diverge.

The policies under test are those of Protocol/PROTOCOL.md: SIGTERM and SIGINT (like `shutdown`) cancel the running
jobs, answer the requests waiting on them and exit 0; jobs belong to the worker, so a client that goes away does not
cancel its job; saving is atomic, so a SIGKILL leaves the old file or the new one; a model file that cannot be read
is a storage error (-32005) on `model.load`, never a reason not to start; an epoch whose loss is not finite ends the
job `diverged` with `diverged_epoch`, and the model keeps the weights of the last finite epoch.
"""
from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import numpy as np
import pytest
import zmq

import elman
from client_fixtures import LONG_JOB

if TYPE_CHECKING:
    from conftest import RunningWorker

#: How long a stopped worker may take to exit.
EXIT_TIMEOUT_S = 5.0
#: How long a reply to a request that does no work may take.
REPLY_TIMEOUT_S = 10.0
#: Of a job meant to be interrupted by a disconnect: its training time, measured on this machine and build.
DISCONNECT_JOB_S = 1.0


class Peer:
    """A plain pyzmq DEALER on a worker's endpoint: requests written by hand, replies read as they come."""

    def __init__(self, context: zmq.Context, endpoint: str) -> None:
        self.socket = context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)

    def send(self, request_id: int, method: str, params: dict | None = None) -> None:
        self.socket.send(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method,
                                     "params": params or {}}).encode())

    def reply(self, timeout_s: float = REPLY_TIMEOUT_S) -> dict:
        assert self.socket.poll(timeout_s * 1000), f"no reply within {timeout_s} s"
        return json.loads(self.socket.recv())

    def call(self, request_id: int, method: str, params: dict | None = None) -> Any:
        """Sends one request and returns its result; the socket must have no other reply pending."""
        self.send(request_id, method, params)
        response = self.reply()
        assert response["id"] == request_id and "result" in response, response
        return response["result"]

    def close(self) -> None:
        self.socket.close(linger=0)


@pytest.fixture
def context() -> Iterator[zmq.Context]:
    context = zmq.Context()
    yield context
    context.destroy(linger=0)


@pytest.fixture
def client_of() -> Iterator[Callable[[RunningWorker], elman.Client]]:
    """`client_of(worker)`: an `elman` client connected to a worker started by `start_worker`, closed at teardown."""
    clients: list[elman.Client] = []

    def connect(worker: RunningWorker) -> elman.Client:
        clients.append(elman.connect(worker.endpoint, events=worker.events))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()


def restart_on(start_worker: Callable[..., RunningWorker], models: Path) -> RunningWorker:
    """A new worker on an existing models folder."""
    return start_worker(models=False, extra_args=("--models", str(models)))


def kill(worker: RunningWorker) -> None:
    worker.process.kill()
    assert worker.process.wait(EXIT_TIMEOUT_S) == -signal.SIGKILL


def same_bits(a: elman.Weights, b: elman.Weights) -> bool:
    return a.w1.tobytes() == b.w1.tobytes() and a.w2.tobytes() == b.w2.tobytes()


def wait_until(condition: Callable[[], Any], timeout_s: float = REPLY_TIMEOUT_S) -> Any:
    """Polls `condition` until it returns something true, which is returned; fails after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not (value := condition()):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s"
        time.sleep(0.01)
    return value


def epochs_lasting(client: elman.Client, seconds: float, **job: Any) -> int:
    """How many epochs of `job` the engine trains in about `seconds` here (from a timed 20-epoch run)."""
    probe = client.train(epochs=20, progress=False, **job)
    assert probe.state == "done", probe
    return max(20, min(1_000_000, math.ceil(20 * seconds / probe.seconds)))


# -- signals ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_cancels_the_running_job_answers_its_waiter_and_exits_0(
        signum: int, start_worker: Callable[..., RunningWorker], context: zmq.Context) -> None:
    worker = start_worker()
    peer = Peer(context, worker.endpoint)
    job = peer.call(1, "train", {key: LONG_JOB[key] for key in ("hidden_size", "lr", "epochs")})
    peer.send(2, "job.wait", {"job": job["job"]})
    assert peer.call(3, "ping") == {"pong": True}  # job.wait came first: it is parked on the worker now
    wait_until(lambda: peer.call(4, "job.status", {"job": job["job"]})["epoch"] > 0)

    worker.process.send_signal(signum)
    assert worker.process.wait(EXIT_TIMEOUT_S) == 0, worker.log.read_text()
    waited = peer.reply()
    assert waited["id"] == 2, waited
    ended = waited["result"]
    assert ended["state"] == "cancelled" and 0 < ended["epoch"] < LONG_JOB["epochs"], ended
    assert len(ended["losses"]) == ended["epoch"]


# -- SIGKILL, restarts and the models folder ----------------------------------------------------------------------


def test_a_model_saved_before_sigkill_loads_bit_identical_in_a_new_worker(
        start_worker: Callable[..., RunningWorker], client_of) -> None:
    first = start_worker()
    client = client_of(first)
    trained = client.train(seed=11, hidden_size=9, epochs=120, progress=False)
    client.model_save(trained.model, "kept")
    before = client.model_get(trained.model)
    kill(first)

    second = restart_on(start_worker, first.models)
    loaded = client_of(second).model_load("kept")
    after = client_of(second).model_get(loaded.model)
    assert (after.hidden_size, after.epochs_trained) == (9, 120)
    assert same_bits(after.weights, before.weights)
    assert sorted(os.listdir(first.models)) == ["kept.json"]


def test_sigkill_during_saves_leaves_the_old_model_or_the_new_one(
        start_worker: Callable[..., RunningWorker], client_of, context: zmq.Context) -> None:
    first = start_worker()
    client = client_of(first)
    models = [client.train(seed=seed, hidden_size=64, epochs=1, progress=False).model for seed in (1, 2)]
    versions = [client.model_get(model).weights for model in models]
    peer = Peer(context, first.endpoint)
    saves = 200
    for n in range(saves):
        peer.send(n, "model.save", {"model": models[n % 2], "name": "contested"})
    for _ in range(saves // 2):  # the kill lands while the second half of the saves is being written
        assert "result" in peer.reply()
    kill(first)

    second = restart_on(start_worker, first.models)
    restarted = client_of(second)
    assert restarted.model_list().saved == ["contested"]
    loaded = restarted.model_get(restarted.model_load("contested").model).weights
    assert same_bits(loaded, versions[0]) or same_bits(loaded, versions[1])


def overflowing(saved: bytes) -> bytes:
    """The saved model with its first weight replaced by 1e999, a number float32 and float64 cannot hold."""
    document = json.loads(saved)
    document["weights"]["w1"][0][0] = "OVERFLOW"
    return json.dumps(document).replace('"OVERFLOW"', "1e999").encode()


def test_damaged_model_files_give_storage_errors_and_do_not_stop_a_worker_from_starting(
        start_worker: Callable[..., RunningWorker], client_of) -> None:
    first = start_worker()
    client = client_of(first)
    trained = client.train(seed=5, epochs=30, progress=False)
    client.model_save(trained.model, "good")
    good = client.model_get(trained.model).weights
    kill(first)
    saved = (first.models / "good.json").read_bytes()
    damaged = {
        "truncated": saved[: len(saved) // 2],
        "empty": b"",
        "garbage": bytes(range(256)) * 8,
        "not-a-model": b'{"hello": "world"}',
        "wrong-shape": json.dumps({"format": "elman-model", "version": 1, "hidden_size": 2, "epochs_trained": 0,
                                   "weights": {"w1": [[1.0]], "w2": [[1.0]]}}).encode(),
        "overflowing": overflowing(saved),
    }
    for name, data in damaged.items():
        (first.models / f"{name}.json").write_bytes(data)

    second = restart_on(start_worker, first.models)
    restarted = client_of(second)
    for name in damaged:
        with pytest.raises(elman.StorageError) as refused:
            restarted.model_load(name)
        assert refused.value.data["name"] == name and refused.value.data["reason"], refused.value
    loaded = restarted.model_get(restarted.model_load("good").model).weights
    assert same_bits(loaded, good)
    assert restarted.ping() < 1


# -- clients that go away -----------------------------------------------------------------------------------------


def test_a_client_that_disconnects_mid_job_leaves_the_job_to_finish(
        start_worker: Callable[..., RunningWorker], client_of, context: zmq.Context) -> None:
    worker = start_worker()
    observer = client_of(worker)
    job = {"hidden_size": LONG_JOB["hidden_size"], "lr": LONG_JOB["lr"]}
    epochs = epochs_lasting(observer, DISCONNECT_JOB_S, **job)
    leaving = Peer(context, worker.endpoint)
    leaving.send(1, "train", {**job, "epochs": epochs, "wait": True})
    running = wait_until(lambda: [j for j in observer.job_list() if j.state == "running" and j.epochs == epochs])
    leaving.close()

    ended = observer.job_wait(running[0].id, timeout=30 * DISCONNECT_JOB_S)
    assert ended.state == "done" and ended.epoch == epochs and len(ended.losses) == epochs
    assert observer.model_get(ended.model).epochs_trained == epochs
    assert observer.ping() < 1


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_clients_that_come_and_go_mid_job_leak_no_descriptors(
        start_worker: Callable[..., RunningWorker], client_of, context: zmq.Context) -> None:
    worker = start_worker()
    observer = client_of(worker)

    def visit() -> None:
        peer = Peer(context, worker.endpoint)
        peer.send(1, "train", {"epochs": 2000, "wait": True})
        assert peer.call(2, "ping") == {"pong": True}  # connected and heard; the train reply is still owed
        peer.close()

    def settled() -> int:
        """The worker's open descriptors once every job has ended and closed connections are gone."""
        for job in observer.job_list():
            observer.job_wait(job.id)
        time.sleep(0.3)
        return open_descriptors(worker.process.pid)

    visit()
    baseline = settled()
    for _ in range(40):
        visit()
    assert settled() <= baseline + 2, f"descriptors grew from {baseline}"
    assert {job.state for job in observer.job_list()} == {"done"}


# -- divergence ---------------------------------------------------------------------------------------------------


def test_a_diverging_training_ends_diverged_with_the_last_finite_weights(
        start_worker: Callable[..., RunningWorker], client_of) -> None:
    client = client_of(start_worker())
    settings = {"seed": 3, "hidden_size": 32, "lr": 0.1}
    diverged = client.train(epochs=300, progress=False, **settings)
    assert diverged.state == "diverged" and diverged.diverged_epoch is not None, diverged
    epoch = diverged.diverged_epoch
    assert 0 < epoch < 300 and len(diverged.losses) == epoch and np.isfinite(diverged.losses).all()
    kept = client.model_get(diverged.model)
    assert kept.epochs_trained == epoch
    assert np.isfinite(kept.weights.w1).all() and np.isfinite(kept.weights.w2).all()
    assert np.isfinite(client.predict(diverged.model)).all()

    replayed = client.train(epochs=epoch, progress=False, **settings)
    assert replayed.state == "done"
    assert same_bits(client.model_get(replayed.model).weights, kept.weights)


# -- SIGKILL seen from the Python client --------------------------------------------------------------------------


def kill_later(pid: int, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (pid, signal.SIGKILL))
    timer.start()
    return timer


def test_sigkill_of_a_worker_the_client_started_raises_worker_died_within_a_second(worker_binary: Path) -> None:
    with elman.Worker(binary=worker_binary) as worker:  # the default 10 s heartbeat: the process watch must act
        timer = kill_later(worker.pid, 0.5)
        started = time.monotonic()
        try:
            with pytest.raises(elman.WorkerDied, match="status -9"):
                worker.train(**LONG_JOB, progress=False)
        finally:
            timer.cancel()
        assert time.monotonic() - started < 0.5 + 1.0


def test_sigkill_of_a_worker_the_client_connected_to_raises_within_its_heartbeat(
        start_worker: Callable[..., RunningWorker]) -> None:
    worker = start_worker()
    heartbeat = 1.0
    with elman.connect(worker.endpoint, events=worker.events, heartbeat=heartbeat) as client:
        timer = kill_later(worker.process.pid, 0.5)
        started = time.monotonic()
        try:
            with pytest.raises(elman.WorkerTimeout, match="has not answered"):
                client.train(**LONG_JOB, progress=False)
        finally:
            timer.cancel()
        assert time.monotonic() - started < 0.5 + heartbeat + 0.5


def _has_exited(pid: int) -> bool:
    """True once `pid` is gone or a zombie (an orphan whose new parent has not reaped it yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_a_worker_started_by_a_process_that_is_killed_stops_by_itself(worker_binary: Path, tmp_path: Path) -> None:
    """A notebook kernel killed hard cannot stop its worker; the worker (started with --parent-pid) notices and
    shuts down by itself instead of running on as an orphan."""
    script = ("import sys, time, elman\n"
              f"worker = elman.Worker(binary={str(worker_binary)!r})\n"
              "print(worker.pid, flush=True)\n"
              "time.sleep(60)\n")
    kernel = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    worker_pid = None
    try:
        worker_pid = int(kernel.stdout.readline())
        assert not _has_exited(worker_pid)
        kernel.kill()
        kernel.wait()
        deadline = time.monotonic() + 5
        while not _has_exited(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _has_exited(worker_pid), "the worker outlived the process that started it"
    finally:
        kernel.kill()
        if worker_pid is not None and not _has_exited(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
