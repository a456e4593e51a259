"""The training bar (tqdm, text on stderr here): drawn once a job has run for a tenth of a second, and only once,
complete, for a job that ends sooner — never an unseen 0 % frame first."""
from __future__ import annotations

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from elman.progress import TrainingReport
from elman.results import Job


def frames(err: str) -> list[str]:
    """The bar's frames in what was written to stderr (each starts with a carriage return)."""
    return [frame.strip() for frame in err.split("\r") if frame.strip()]


def test_a_bar_opened_for_an_ended_job_is_drawn_once_complete(capsys) -> None:
    losses = np.linspace(2, 1, 30, dtype=np.float32)
    report = TrainingReport("j1", epochs=30, report_every=5, progress=True, verbose=False)
    report.finish(Job(id="j1", model="m1", state="done", epoch=30, epochs=30, losses=losses, seconds=0.0))
    err = capsys.readouterr().err
    (frame,) = frames(err)
    assert frame.startswith("training j1: 100%") and "| 30/30 [" in frame and f"loss={losses[-1]:.6g}" in frame
    assert err.endswith("\n")  # left on screen


def test_show_draws_the_bar_of_a_running_job_once(capsys) -> None:
    report = TrainingReport("j2", epochs=40, report_every=5, progress=True, verbose=False)
    assert capsys.readouterr().err == ""
    report.show()
    report.show()
    (frame,) = frames(capsys.readouterr().err)
    assert frame.startswith("training j2:   0%") and "| 0/40 [" in frame
    report.close()


@pytest.fixture
def err_at_the_end(capsys, monkeypatch) -> list[str]:
    """A list that gets, as each training's report is finished, what stderr had received by then."""
    seen: list[str] = []
    finish = TrainingReport.finish

    def observed_finish(report: TrainingReport, job: Job) -> None:
        seen.append(capsys.readouterr().err)
        finish(report, job)

    monkeypatch.setattr(TrainingReport, "finish", observed_finish)
    return seen


def test_a_running_jobs_bar_shows_before_any_progress_comes(client: elman.Worker, err_at_the_end: list[str],
                                                             capsys) -> None:
    # report_every = epochs: epoch 0 ends within the first 50 ms, so the job sends no job.progress at all
    result = client.train(hidden_size=64, lr=0.01, epochs=60_000, report_every=60_000, progress=True)
    assert result.wall_seconds > 0.3, "the job must outlast a few of the client's quiet slices (0.1 s)"
    assert "| 0/60000 [" in frames(err_at_the_end[0])[0]
    assert "| 60000/60000 [" in frames(capsys.readouterr().err)[-1]
