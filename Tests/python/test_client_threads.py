"""One client shared by threads: every call gets its own reply (compared with the same calls made from one
thread, which are deterministic: same seeds, same losses, predictions and weights), and close() from another thread
ends the calls in flight with a clear error."""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest

import elman
from client_fixtures import LONG_JOB

THREADS = 8
CALLS_PER_THREAD = 4


@pytest.fixture
def shared(worker_binary) -> Iterator[elman.Worker]:
    with elman.Worker(binary=worker_binary) as worker:
        yield worker


def mixed_calls(client: elman.Worker, thread: int) -> list:
    """A deterministic sequence of calls of every kind; returns what each answered (model and job ids left out,
    as they depend on the order in which threads reach the worker)."""
    answers: list = []
    for i in range(CALLS_PER_THREAD):
        seed = 100 * thread + i
        result = client.train(seed=seed, hidden_size=3 + seed % 5, epochs=20 + seed % 13, report_every=3,
                              progress=i % 2 == 0)
        answers.append((result.state, result.losses.tolist()))
        answers.append(client.predict(result.model, elman.Sine(0, 3, 10 + thread)).tolist())
        weights = client.model_get(result.model).weights
        answers.append((weights.w1.tolist(), weights.w2.tolist()))
        answers.append(client.generate(result.model, prime=[0.1 * thread, 0.2], steps=5).tolist())
        status = client.job_status(result.id)
        answers.append((status.state, status.epoch, status.model == result.model))
        answers.append(client.info()["limits"]["max_models"])
        client.model_delete(result.model)
    return answers


def test_threads_sharing_a_client_each_get_their_own_answers(shared: elman.Worker) -> None:
    expected = [mixed_calls(shared, thread) for thread in range(THREADS)]
    for _ in range(3):
        with ThreadPoolExecutor(THREADS) as pool:
            got = list(pool.map(lambda thread: mixed_calls(shared, thread), range(THREADS)))
        assert got == expected
    assert shared.model_list().models == []


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_the_sockets_of_threads_that_ended_are_closed(shared: elman.Worker) -> None:
    shared.ping()
    before = open_descriptors()
    for _ in range(20):
        thread = threading.Thread(target=shared.ping)
        thread.start()
        thread.join()
    # each new thread's channel closes those of the threads that ended before it: one thread's worth stays open
    assert open_descriptors() - before <= 4


def test_close_from_another_thread_ends_the_calls_in_flight(worker_binary) -> None:
    worker = elman.Worker(binary=worker_binary)
    outcomes: list[BaseException | None] = [None] * 4
    waiting = threading.Barrier(len(outcomes) + 1)

    def train(index: int) -> None:
        waiting.wait()
        try:
            worker.train(**LONG_JOB, progress=index % 2 == 0)
        except BaseException as error:  # noqa: BLE001 - recorded for the assertions below
            outcomes[index] = error

    threads = [threading.Thread(target=train, args=(i,)) for i in range(len(outcomes))]
    for thread in threads:
        thread.start()
    waiting.wait()
    while sum(job.state in ("queued", "running") for job in worker.job_list()) < len(outcomes):
        time.sleep(0.01)  # polling a condition: every thread's job has reached the worker
    start = time.monotonic()
    worker.close()
    for thread in threads:
        thread.join(timeout=5)
    assert not any(thread.is_alive() for thread in threads)
    assert time.monotonic() - start < 5
    assert all(isinstance(outcome, elman.errors.ClientClosed) for outcome in outcomes), outcomes
    with pytest.raises(elman.errors.ClientClosed):
        worker.ping()
