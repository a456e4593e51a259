"""No call waits forever: a request too large for the worker is refused before it is sent, a call whose own reply
does not come raises WorkerTimeout within its timeout even though the worker answers the heartbeat, and a wait
on a job the worker does not know is noticed by the heartbeat's job.status."""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

import elman
from client_fixtures import LONG_JOB
from elman.process import WorkerProcess


def test_a_request_larger_than_the_worker_accepts_is_refused_before_sending(worker_binary) -> None:
    with elman.Worker(binary=worker_binary) as worker:
        start = time.monotonic()
        with pytest.raises(elman.LimitExceeded, match=r"train request is \d+ bytes.*max_message_bytes = 67108864"
                           ) as caught:
            # 20 columns of 10⁶ rows: 80 MB even as binary frames of float32
            worker.train(data=np.sin(np.linspace(0, 1000, 20_000_000)).reshape(-1, 20), progress=False)
        assert time.monotonic() - start < 10
        data = caught.value.data
        assert data["limit"] == "max_message_bytes" and data["max"] == 67108864 < data["value"]
        assert worker.job_list() == [] and worker.model_list().models == []  # nothing reached the worker


def test_the_limit_is_the_one_this_worker_reports(worker_binary) -> None:
    with elman.Worker(binary=worker_binary, extra_args=("--limit", "max_message_bytes=2000")) as worker:
        model = worker.train(epochs=3, progress=False).model  # small requests pass
        with pytest.raises(elman.LimitExceeded) as caught:
            worker.predict(model, inputs=np.zeros(1000))
        assert caught.value.data == {"limit": "max_message_bytes", "value": caught.value.data["value"], "max": 2000}
        assert worker.predict(model, inputs=np.zeros(10)).shape == (10,)


def test_a_call_whose_reply_does_not_come_times_out_while_pings_are_answered(worker_binary) -> None:
    with elman.Worker(binary=worker_binary, heartbeat=0.3, timeout=0.6) as worker:
        job = worker.call("train", LONG_JOB)["job"]
        start = time.monotonic()
        with pytest.raises(elman.WorkerTimeout, match=r"no reply to 'job.wait'.* within 0.6 s \(the worker answers"):
            worker.call("job.wait", {"job": job})  # the client's default timeout bounds a raw call
        assert 0.6 <= time.monotonic() - start < 1.5  # about two heartbeats were answered meanwhile
        assert worker.job_cancel(job).id == job


@pytest.fixture
def replaceable_worker(worker_binary) -> Iterator[list[WorkerProcess]]:
    """A list holding one started worker; a test may append another (all are stopped at teardown)."""
    processes = [WorkerProcess(worker_binary, start_timeout=15)]
    yield processes
    for process in processes:
        process.stop()


def test_a_wait_on_a_job_the_worker_does_not_know_is_noticed(worker_binary, replaceable_worker) -> None:
    with elman.connect(replaceable_worker[0].info.endpoint, heartbeat=1.5) as client:
        job = client.call("train", LONG_JOB)["job"]
        with pytest.raises(elman.UnknownJob, match=f"job {job} is unknown to the worker while 'job.wait' waits"):
            while_replaced(worker_binary, replaceable_worker, lambda: client.job_wait(job))


def test_a_training_whose_job_the_worker_does_not_know_is_noticed(worker_binary, replaceable_worker) -> None:
    """train's heartbeat asks job.status of the job its job.accepted named."""
    with elman.connect(replaceable_worker[0].info.endpoint, heartbeat=1.5) as client:
        with pytest.raises(elman.UnknownJob, match=r"job j\d+ is unknown to the worker while 'train' waits"):
            while_replaced(worker_binary, replaceable_worker, lambda: client.train(**LONG_JOB, progress=False))


def while_replaced(worker_binary, replaceable_worker: list[WorkerProcess], wait: Callable[[], object]) -> None:
    """Run ``wait`` while, 0.3 s into it, another worker replaces the first on its endpoint (it answers pings, not
    the wait); ``wait`` must raise within 5 s."""
    first = replaceable_worker[0]

    def replace_the_worker() -> None:
        os.kill(first.pid, signal.SIGKILL)
        first.process.wait()
        replaceable_worker.append(WorkerProcess(worker_binary, start_timeout=15,
                                                extra_args=("--endpoint", first.info.endpoint)))

    timer = threading.Timer(0.3, replace_the_worker)
    timer.start()
    start = time.monotonic()
    try:
        wait()
    finally:
        timer.join()
        assert time.monotonic() - start < 5
