"""What happens when things go wrong during a call: Ctrl-C, a worker that dies, a worker that goes silent.
Nothing may hang: each failure must surface within about a heartbeat (SHORT_HEARTBEAT here)."""
from __future__ import annotations

import _thread
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator

import pytest

import elman
from client_fixtures import LONG_JOB, SHORT_HEARTBEAT, fresh_worker  # noqa: F401  (fixture)


@pytest.fixture
def later() -> Iterator[Callable[[float, Callable[[], None]], None]]:
    """`later(seconds, action)` runs `action` on a timer thread; pending timers are cancelled at teardown."""
    timers: list[threading.Timer] = []

    def schedule(seconds: float, action: Callable[[], None]) -> None:
        timers.append(threading.Timer(seconds, action))
        timers[-1].start()

    yield schedule
    for timer in timers:
        timer.cancel()
        timer.join()


def test_ctrl_c_cancels_the_job_on_the_worker(fresh_worker: elman.Worker, later) -> None:
    later(0.5, _thread.interrupt_main)
    with pytest.raises(KeyboardInterrupt):
        fresh_worker.train(**LONG_JOB, progress=False)
    (job,) = fresh_worker.job_list()
    assert job.state == "cancelled" and 0 < job.epoch < LONG_JOB["epochs"]
    assert fresh_worker.ping() < 1  # the worker carries on


def test_a_worker_that_dies_during_training_is_reported_at_once(fresh_worker: elman.Worker, later) -> None:
    later(0.5, lambda: os.kill(fresh_worker.pid, signal.SIGKILL))
    start = time.monotonic()
    with pytest.raises(elman.WorkerDied, match=f"pid {fresh_worker.pid}.*status -9"):
        fresh_worker.train(**LONG_JOB, progress=False)
    assert time.monotonic() - start < 0.5 + SHORT_HEARTBEAT / 2
    with pytest.raises(elman.WorkerDied):  # and stays reported
        fresh_worker.ping()


def test_a_silent_worker_is_a_timeout_not_a_hang(fresh_worker: elman.Worker, later) -> None:
    later(0.5, lambda: os.kill(fresh_worker.pid, signal.SIGSTOP))
    start = time.monotonic()
    try:
        with pytest.raises(elman.WorkerTimeout, match="has not answered"):
            fresh_worker.train(**LONG_JOB, progress=False)
    finally:
        os.kill(fresh_worker.pid, signal.SIGCONT)
    assert time.monotonic() - start < 0.5 + 2 * SHORT_HEARTBEAT


def test_a_connected_worker_that_dies_is_noticed_by_the_heartbeat(fresh_worker: elman.Worker, later) -> None:
    with elman.connect(fresh_worker.connection_file, heartbeat=SHORT_HEARTBEAT) as remote:
        later(0.5, lambda: os.kill(fresh_worker.pid, signal.SIGKILL))
        start = time.monotonic()
        with pytest.raises(elman.WorkerTimeout):
            remote.train(**LONG_JOB, progress=False)
        assert time.monotonic() - start < 0.5 + 2 * SHORT_HEARTBEAT


def test_a_worker_stopped_during_training_answers_with_the_job_cancelled(fresh_worker: elman.Worker, later) -> None:
    later(0.5, lambda: os.kill(fresh_worker.pid, signal.SIGTERM))  # what the shutdown method does too
    result = fresh_worker.train(**LONG_JOB, progress=False)
    assert result.state == "cancelled" and 0 < len(result.losses) < LONG_JOB["epochs"]


def test_shutdown_stops_the_worker(fresh_worker: elman.Worker) -> None:
    fresh_worker.shutdown()
    with pytest.raises(elman.WorkerDied, match="exited with status 0"):
        for _ in range(50):
            try:
                fresh_worker.ping()
            except elman.ShuttingDown:
                time.sleep(0.1)
