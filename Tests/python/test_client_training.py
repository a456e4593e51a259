"""Training through the client: the seed's defaults, other settings, the verbose lines and the progress bar,
checked against the numpy reference (tools/reference/numpy_elman.py) from the worker's own initial weights."""
from __future__ import annotations

import numpy as np
import pytest

import elman
from client_fixtures import LONG_JOB, client, reference  # noqa: F401  (fixtures)


def initial_weights(client: elman.Worker, **params) -> elman.Weights:
    """The weights a new model starts from, made by the worker (a training of 0 epochs)."""
    model = client.train(epochs=0, progress=False, **params).model
    return client.model_get(model).weights


def test_defaults_reproduce_the_seed(client: elman.Worker, reference) -> None:
    start = initial_weights(client)
    assert start.w1.shape == (7, 6) and start.w2.shape == (6, 1)

    result = client.train(progress=False)

    losses, w1, w2 = reference.train(start.w1, start.w2, reference.sine(), epochs=300, lr=0.1, truncation=1)
    assert (result.state, result.epoch, result.epochs) == ("done", 300, 300)
    assert result.losses.dtype == np.float32 and result.losses.shape == (300,)
    np.testing.assert_allclose(result.losses, losses, atol=1e-4)
    assert result.losses[-1] < result.losses[0] / 10
    trained = client.model_get(result.model)
    assert trained.epochs_trained == 300 and trained.hidden_size == 6
    np.testing.assert_allclose(trained.weights.w1, w1, atol=1e-4)
    np.testing.assert_allclose(trained.weights.w2, w2, atol=1e-4)
    assert 0 < result.seconds < result.wall_seconds


def test_other_sizes_windows_and_series_follow_the_reference(client: elman.Worker, reference) -> None:
    series = elman.Sine(start=0, stop=6, points=31)
    start = initial_weights(client, hidden_size=4, seed=7)
    result = client.train(weights=start, data=series, epochs=40, lr=0.05, truncation=5, progress=False)
    losses, _, _ = reference.train(start.w1, start.w2, series.values, epochs=40, lr=0.05, truncation=5)
    np.testing.assert_allclose(result.losses, losses, atol=1e-4)


def test_a_series_of_ones_own_and_continued_training(client: elman.Worker, reference) -> None:
    t = np.linspace(0, 12, 40)
    series = (np.exp(-0.1 * t) * np.sin(t)).astype(np.float32)
    start = initial_weights(client, hidden_size=5, seed=3)
    first = client.train(weights=start, data=series, epochs=30, progress=False)
    second = client.train(first.model, data=series, epochs=20, progress=False)
    losses, _, _ = reference.train(start.w1, start.w2, series, epochs=50, lr=0.1, truncation=1)
    np.testing.assert_allclose(np.concatenate([first.losses, second.losses]), losses, atol=1e-4)
    assert second.model == first.model and client.model_get(first.model).epochs_trained == 50


def test_explicit_weights_come_back_exactly(client: elman.Worker) -> None:
    rng = np.random.default_rng(1)
    weights = {"w1": rng.normal(size=(4, 3)).astype(np.float32), "w2": rng.normal(size=(3, 1)).astype(np.float32)}
    model = client.train(weights=weights, epochs=0, progress=False).model
    got = client.model_get(model).weights
    assert got.w1.dtype == np.float32 and np.array_equal(got.w1, weights["w1"])
    assert np.array_equal(got.w2, weights["w2"])


def test_verbose_prints_the_seed_lines_every_report(client: elman.Worker, capsys) -> None:
    result = client.train(verbose=True, progress=False)
    lines = capsys.readouterr().out.splitlines()
    expected = [f"Epoch: {i} loss {float(result.losses[i])}" for i in range(0, 300, 10)]
    assert lines == expected
    assert lines[0].startswith("Epoch: 0 loss ") and lines[-1].startswith("Epoch: 290 loss ")


def test_what_train_is_not_given_is_not_sent_so_the_workers_defaults_apply(client: elman.Worker, capsys,
                                                                          monkeypatch) -> None:
    sent: list[dict | None] = []
    call = client._wire.call

    def recording(method: str, params: dict | None = None, **options):
        if method == "train":
            sent.append(params)
        return call(method, params, **options)

    monkeypatch.setattr(client._wire, "call", recording)
    defaults = client.info()["defaults"]
    epochs, every = defaults["epochs"], defaults["report_every"]

    seed = client.train(verbose=True)
    assert sent == [{"wait": True, "notify": True}]
    assert (seed.epochs, len(seed.losses)) == (epochs, epochs)
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [elman.epoch_line(i, seed.losses[i]) for i in range(0, epochs, every)]
    assert f"{epochs}/{epochs}" in captured.err  # the bar's length is the job's epochs

    short = client.train(epochs=25, verbose=True, progress=False)
    assert sent[1] == {"epochs": 25, "wait": True, "notify": True}
    assert capsys.readouterr().out.splitlines() == [elman.epoch_line(i, short.losses[i]) for i in range(0, 25, every)]


@pytest.mark.parametrize("report_every", [1, 7])
def test_verbose_lines_follow_report_every_with_a_bar(client: elman.Worker, capsys, report_every: int) -> None:
    result = client.train(epochs=50, report_every=report_every, verbose=True, progress=True)
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [elman.epoch_line(i, result.losses[i]) for i in range(0, 50, report_every)]
    assert "50/50" in captured.err  # the text bar, in a terminal, ended complete


def test_a_diverging_job_ends_diverged_with_its_finite_losses(client: elman.Worker) -> None:
    result = client.train(lr=1e6, epochs=50, progress=False)
    assert result.state == "diverged"
    assert result.diverged_epoch is not None and len(result.losses) == result.diverged_epoch
    assert np.all(np.isfinite(result.losses))


def test_a_training_timeout_leaves_the_job_running(client: elman.Worker) -> None:
    with pytest.raises(elman.WorkerTimeout, match="job_cancel"):
        client.train(**LONG_JOB, progress=False, timeout=0.3)
    running = [job for job in client.job_list() if job.state in ("queued", "running")]
    assert len(running) == 1
    assert client.job_cancel(running[0].id).id == running[0].id
    assert client.job_wait(running[0].id, timeout=5).state == "cancelled"
