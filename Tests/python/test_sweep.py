"""worker.sweep and worker.ensemble against the real worker: every run is what a separate train gives, bit for
bit, in the documented order; the frame's columns; kept models; the bar over runs; the worker's max_runs."""
from __future__ import annotations

import _thread
import io
import re
import threading
import time
from contextlib import redirect_stderr

import numpy as np
import pytest

import elman
from client_fixtures import LONG_JOB, client  # noqa: F401  (fixture)

SHORT = {"epochs": 40, "data": elman.Sine(points=15)}


def test_a_grid_gives_one_row_per_run_each_what_a_separate_train_gives(client: elman.Worker) -> None:
    frame = client.sweep(grid={"lr": [0.05, 0.2], "seed": range(3)}, losses=True, progress=False, **SHORT)
    assert list(frame.columns) == ["lr", "seed", "state", "final_loss", "epochs_run", "losses"]
    assert list(zip(frame.lr, frame.seed)) == [(lr, seed) for lr in (0.05, 0.2) for seed in range(3)]
    assert (frame.state == "done").all() and (frame.epochs_run == 40).all()
    for row in frame.itertuples():
        alone = client.train(lr=row.lr, seed=row.seed, progress=False, **SHORT)
        client.model_delete(alone.model)
        assert np.array_equal(row.losses, alone.losses), row
        assert row.final_loss == alone.final_loss
    assert client.job_status(frame.attrs["job"]).state == "done"
    assert client.model_list().models == []  # without keep_models no model is left behind


def test_configs_times_the_grid_in_the_workers_order(client: elman.Worker) -> None:
    frame = client.sweep(configs=[{"hidden_size": 3}, {"hidden_size": 5, "epochs": 7}], grid={"seed": [4, 1]},
                         progress=False, epochs=20)
    assert frame[["hidden_size", "seed", "epochs_run"]].values.tolist() == [[3, 4, 20], [3, 1, 20], [5, 4, 7],
                                                                            [5, 1, 7]]
    assert list(frame.columns) == ["hidden_size", "seed", "epochs", "state", "final_loss", "epochs_run"]
    assert frame.epochs.isna().tolist() == [True, True, False, False]  # swept by the second config only


def test_kept_models_predict_as_separately_trained_ones(client: elman.Worker) -> None:
    frame = client.sweep(grid={"network": [elman.GRU(4), elman.LSTM(3)]}, keep_models=True, progress=False,
                         seed=2, **SHORT)
    assert list(frame.network) == [elman.GRU(4).to_wire(), elman.LSTM(3).to_wire()]  # as sent
    try:
        for network, model in zip((elman.GRU(4), elman.LSTM(3)), frame.model):
            alone = client.train(network=network, seed=2, progress=False, **SHORT)
            assert np.array_equal(client.predict(model, SHORT["data"]), client.predict(alone.model, SHORT["data"]))
            client.model_delete(alone.model)
    finally:
        for model in frame.model:
            client.model_delete(model)


def test_the_bar_counts_runs_as_they_end(client: elman.Worker) -> None:
    shown = io.StringIO()
    with redirect_stderr(shown):
        frame = client.sweep(grid={"seed": range(24)}, hidden_size=64, epochs=3000, lr=0.01, progress=True)
    counts = [int(n) for n in re.findall(r"(\d+)/24 ", shown.getvalue())]
    assert counts[-1] == 24 and len(frame) == 24
    assert any(0 < n < 24 for n in counts), shown.getvalue()  # job.runs moved it while the sweep ran
    assert "run" in shown.getvalue() and frame.attrs["job"] in shown.getvalue()


def test_more_runs_than_max_runs_are_refused_by_the_worker(worker_binary) -> None:
    with elman.Worker(binary=worker_binary, extra_args=("--limit", "max_runs=5")) as small:
        assert small.info()["limits"]["max_runs"] == 5
        with pytest.raises(elman.LimitExceeded):
            small.sweep(grid={"seed": range(3), "lr": [0.1, 0.2]}, progress=False)
        assert small.job_list() == [] and len(small.sweep(grid={"seed": range(5)}, progress=False)) == 5


def test_a_bad_value_the_worker_refuses_is_named_where_it_was_given(client: elman.Worker) -> None:
    jobs = len(client.job_list())
    with pytest.raises(elman.InvalidParams) as refused:
        client.sweep(grid={"lr": [0.1, -1.0]}, progress=False)  # the client checks only that it is a number
    assert refused.value.data["param"] == "grid.lr[1]"
    assert len(client.job_list()) == jobs


def test_an_ensemble_is_the_median_and_band_of_each_seeds_forecast(client: elman.Worker) -> None:
    prime = elman.Sine(points=15)
    result = client.ensemble(n=6, horizon=8, progress=False, **SHORT)
    assert result.forecasts.shape == (6, 8) and result.median.shape == result.low.shape == (8,)
    for seed in range(6):
        alone = client.train(seed=seed, progress=False, **SHORT)
        assert np.array_equal(result.forecasts[seed], client.generate(alone.model, prime.values, 8)), seed
        client.model_delete(alone.model)
    np.testing.assert_allclose(result.median, np.median(result.forecasts, axis=0))
    assert (result.low <= result.median).all() and (result.median <= result.high).all()
    assert list(result.runs.seed) == list(range(6)) and "model" not in result.runs
    np.testing.assert_allclose(result.times, prime.t[-1] + (prime.t[1] - prime.t[0]) * np.arange(1, 9))
    assert client.model_list().models == []  # the ensemble's models are deleted


def test_ctrl_c_cancels_the_sweep_on_the_worker(worker_binary) -> None:
    with elman.Worker(binary=worker_binary) as worker:
        def interrupt_once_running() -> None:
            deadline = time.monotonic() + 30
            while not any(job.state == "running" for job in worker.job_list()) and time.monotonic() < deadline:
                time.sleep(0.01)
            _thread.interrupt_main()

        watcher = threading.Thread(target=interrupt_once_running)
        watcher.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                worker.sweep(grid={"seed": range(4)}, progress=False, **LONG_JOB)
        finally:
            watcher.join()
        (job,) = worker.job_list()
        # The client cancelled it and waited up to CANCEL_GRACE for its end; on a loaded machine the last epoch may
        # end later. Without the cancel the sweep would run for minutes, so this wait fails then.
        job = worker.job_wait(job.id, timeout=20)
        assert job.state == "cancelled" and job.epoch < 4 * LONG_JOB["epochs"], job
        assert worker.ping() < 1  # the worker carries on
