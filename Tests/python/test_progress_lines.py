"""The seed's ``Epoch: N loss X`` lines from throttled notifications: live, complete and in order.

The worker sends at most 20 ``job.progress`` a second per job, the first 50 ms into it, each carrying the losses of
the report epochs it skipped (PROTOCOL.md, "Notifications"); ``Client.train`` gets them on its request socket.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from elman.process import WorkerProcess
from elman.progress import TrainingReport
from elman.results import Job


def _job(losses: list[float]) -> Job:
    return Job(id="j1", model="m1", state="done", epoch=len(losses), epochs=len(losses),
               losses=np.asarray(losses, dtype=np.float32), seconds=0.0)


def test_lines_come_live_from_the_losses_a_notification_carries(capsys) -> None:
    losses = [float(100 - epoch) for epoch in range(30)]
    report = TrainingReport("j1", epochs=30, report_every=5, progress=False, verbose=True)
    report.progress(0, [losses[0]])
    report.progress(15, [losses[5], losses[10], losses[15]])  # epochs 5, 10 and 15 in one notification
    live = capsys.readouterr().out.splitlines()
    assert live == [elman.epoch_line(epoch, losses[epoch]) for epoch in (0, 5, 10, 15)]
    report.finish(_job(losses))
    assert capsys.readouterr().out.splitlines() == [elman.epoch_line(epoch, losses[epoch]) for epoch in (20, 25)]


def test_after_a_missed_notification_lines_wait_for_the_end_and_keep_their_order(capsys) -> None:
    losses = [float(epoch) / 7 for epoch in range(20)]
    report = TrainingReport("j1", epochs=20, report_every=2, progress=False, verbose=True)
    # The notification for epochs 0–4 was lost; the next one carries 6 and 8 only.
    report.progress(8, [losses[6], losses[8]])
    assert capsys.readouterr().out == ""
    report.finish(_job(losses))
    assert capsys.readouterr().out.splitlines() == [elman.epoch_line(epoch, losses[epoch]) for epoch in range(0, 20, 2)]


def test_a_long_verbose_job_prints_every_line_once_in_order(client: elman.Worker, capsys) -> None:
    result = client.train(hidden_size=32, lr=0.01, epochs=3000, report_every=7, verbose=True, progress=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [elman.epoch_line(epoch, result.losses[epoch]) for epoch in range(0, 3000, 7)]


@pytest.fixture
def printed_before_the_end(capsys, monkeypatch) -> list[int]:
    """A list that gets, as each training's report is finished, how many lines had been printed by then."""
    counts: list[int] = []
    finish = TrainingReport.finish

    def counting_finish(report: TrainingReport, job: Job) -> None:
        counts.append(len(capsys.readouterr().out.splitlines()))
        finish(report, job)

    monkeypatch.setattr(TrainingReport, "finish", counting_finish)
    return counts


def lines_come_live(client: elman.Client, capsys, printed_before_the_end: list[int]) -> None:
    """The first notification comes 50 ms into the job and carries the report epochs from 0 on: so the lines before
    the last notification are printed live, not at the end."""
    result = client.train(hidden_size=64, lr=0.01, epochs=60_000, report_every=300, verbose=True, progress=False)
    assert result.wall_seconds > 0.2, "the job must outlast a few notification intervals to show anything"
    assert printed_before_the_end[0] > 0, "no line was printed before the job ended"
    assert printed_before_the_end[0] + len(capsys.readouterr().out.splitlines()) == 200


def test_a_long_verbose_job_prints_its_lines_while_it_runs(client: elman.Worker, capsys,
                                                           printed_before_the_end: list[int]) -> None:
    lines_come_live(client, capsys, printed_before_the_end)


def test_a_worker_without_a_pub_socket_shows_the_lines_live_too(worker_binary, capsys,
                                                                printed_before_the_end: list[int]) -> None:
    """The client follows its job on its request socket, so the worker's --events is not needed."""
    process = WorkerProcess(worker_binary, events=False, start_timeout=15)
    try:
        assert json.loads(process.connection_file.read_text())["events"] is None
        with elman.connect(process.connection_file) as remote:
            assert remote.events is None
            lines_come_live(remote, capsys, printed_before_the_end)
    finally:
        process.stop()
