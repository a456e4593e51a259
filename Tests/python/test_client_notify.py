"""`Client.train` follows its job in one round trip: one `train` with `wait` and `notify`, whose `job.accepted` and
`job.progress` notifications come back on the request socket before the reply (PROTOCOL.md, `train`), and
notifications of a job given up earlier never reach a later call. (Lines without a PUB socket: test_progress_lines.)"""
from __future__ import annotations

import json

import numpy as np
import pytest

import elman
from client_fixtures import LONG_JOB, client  # noqa: F401  (fixture)
from elman.channel import Channel
from elman.progress import TrainingReport


@pytest.fixture
def sent_requests(monkeypatch) -> list[dict]:
    """Every request any channel sends from now on, decoded (the real send, observed)."""
    sent: list[dict] = []
    try_send = Channel.try_send

    def observed(channel: Channel, frames: list) -> bool:
        sent.append(json.loads(frames[0]))
        return try_send(channel, frames)

    monkeypatch.setattr(Channel, "try_send", observed)
    return sent


def test_train_with_its_bar_and_lines_is_one_request(client: elman.Worker, sent_requests: list[dict], capsys) -> None:
    client.train(epochs=1, progress=False)  # the client's one `info` (limits, defaults) is asked here
    sent_requests.clear()
    result = client.train(epochs=50, report_every=5, verbose=True, progress=True)
    assert [(r["method"], r["params"]) for r in sent_requests] == [
        ("train", {"epochs": 50, "report_every": 5, "wait": True, "notify": True, "binary": True})]
    assert capsys.readouterr().out.splitlines() == [elman.epoch_line(i, result.losses[i]) for i in range(0, 50, 5)]


def test_a_job_given_up_earlier_does_not_show_in_the_next_training(client: elman.Worker, monkeypatch) -> None:
    with pytest.raises(elman.WorkerTimeout) as caught:
        client.train(**LONG_JOB, report_every=1, progress=False, timeout=0.3)
    (running,) = [job for job in client.job_list() if job.state in ("queued", "running")]
    assert f"job {running.id} has not ended" in str(caught.value)
    received: list[tuple[int, list[float]]] = []
    progress = TrainingReport.progress

    def observed(report: TrainingReport, epoch: int, losses: list[float]) -> None:
        received.append((epoch, list(losses)))
        progress(report, epoch, losses)

    monkeypatch.setattr(TrainingReport, "progress", observed)
    try:
        # the given-up job goes on sending job.progress to this thread's socket meanwhile
        result = client.train(hidden_size=32, lr=0.01, epochs=20_000, report_every=100, progress=False)
    finally:
        client.job_cancel(running.id)
    assert client.job_wait(running.id, timeout=5).state == "cancelled"
    assert received, "the job must outlast a notification interval"
    for epoch, losses in received:  # each notification the report got is this job's: its losses are the result's
        epochs = range(epoch - (len(losses) - 1) * 100, epoch + 1, 100)
        assert np.float32(losses).tolist() == result.losses[list(epochs)].tolist()
