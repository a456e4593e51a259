"""`evaluate` against the real worker: its metrics equal numpy's of the same forecasts, made by `predict` (one step)
and `generate` (free-running from every origin); the naive scale is the training data's; refusals name the member.
The client has no `evaluate` method yet, so these tests use `Client.call`."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)

RTOL = 1e-9


def metrics(actual: np.ndarray, forecast: np.ndarray, naive: np.ndarray | None) -> dict[str, list]:
    """numpy's MAE, RMSE, sMAPE (sktime's) and MASE per column of (n, O) arrays, in float64."""
    y, y_hat = actual.astype(np.float64), forecast.astype(np.float64)
    error = np.abs(y - y_hat)
    smape = 2 * error / np.maximum(np.abs(y) + np.abs(y_hat), np.finfo(np.float64).eps)
    mae = error.mean(axis=0)
    mase = [None if naive is None or scale == 0 else value / scale for value, scale in zip(mae, naive)]
    return {"mae": list(mae), "rmse": list(np.sqrt((error ** 2).mean(axis=0))), "smape": list(smape.mean(axis=0)),
            "mase": mase}


def assert_metrics(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for name, values in want.items():
        assert len(got[name]) == len(values), name
        for g, w in zip(got[name], values):
            assert (g is None) == (w is None), name
            if w is not None:
                assert g == pytest.approx(w, rel=RTOL, abs=1e-15), name


def free_running(client: elman.Worker, model: str, rows: np.ndarray, horizon: int) -> np.ndarray:
    """(origins, horizon, O): generate from every prefix rows[:t], t = 1 … T − h."""
    return np.stack([np.asarray(client.generate(model, prime=rows[:t], steps=horizon)).reshape(horizon, -1)
                     for t in range(1, len(rows) - horizon + 1)])


def expected_free_running(client: elman.Worker, model: str, rows: np.ndarray, horizon: int,
                          naive: np.ndarray | None) -> tuple[dict, list[dict]]:
    forecasts = free_running(client, model, rows, horizon)
    actual = np.stack([rows[t:t + horizon] for t in range(1, len(rows) - horizon + 1)])
    pooled = metrics(actual.reshape(-1, actual.shape[-1]), forecasts.reshape(-1, forecasts.shape[-1]), naive)
    return pooled, [metrics(actual[:, k], forecasts[:, k], naive) for k in range(horizon)]


def noisy_sine(points: int, seed: int) -> np.ndarray:
    t = np.linspace(0, 6 * np.pi, points)
    return (np.sin(t) + 0.1 * np.random.default_rng(seed).standard_normal(points)).astype(np.float32)


def test_seed_network_metrics_equal_numpys(client: elman.Worker) -> None:
    train = noisy_sine(60, seed=1)
    model = client.train(data=train, epochs=40, hidden_size=5, progress=False).model
    naive = np.abs(np.diff(train.astype(np.float64))).mean()
    stored = client.call("model.get", {"model": model})["naive_mae"]
    assert stored == [pytest.approx(naive, rel=RTOL)]

    test = noisy_sine(30, seed=2)
    horizon = 4
    result = client.call("evaluate", {"model": model, "data": {"series": test.tolist()}, "horizon": horizon})
    assert result["horizon"] == horizon and result["origins"] == len(test) - horizon
    one_step = np.asarray(client.predict(model, test)).reshape(-1, 1)
    assert_metrics(result["one_step"], metrics(test[1:].reshape(-1, 1), one_step, np.array([naive])))
    pooled, by_lead = expected_free_running(client, model, test.reshape(-1, 1), horizon, np.array([naive]))
    assert_metrics(result["free_running"], pooled)
    assert len(result["by_lead"]) == horizon
    for got, want in zip(result["by_lead"], by_lead):
        assert_metrics(got, want)
    # Lead time 1 free-running is the one-step forecast from the same prefix.
    assert result["by_lead"][0]["mae"][0] == pytest.approx(
        np.abs(test[1:len(test) - horizon + 1].astype(np.float64) - one_step[:len(test) - horizon, 0]).mean(),
        rel=RTOL)


def test_general_network_of_two_columns_and_targets(client: elman.Worker) -> None:
    t = np.linspace(0, 4 * np.pi, 40)
    columns = np.stack([np.sin(t), np.cos(t)], axis=1).astype(np.float32)
    both = client.train(network=elman.GRU(hidden_size=4), data=columns, epochs=15, progress=False).model
    naive = np.abs(np.diff(columns.astype(np.float64), axis=0)).mean(axis=0)
    result = client.call("evaluate", {"model": both, "data": {"series": columns[:25].tolist()}, "horizon": 3})
    rows = columns[:25]
    assert_metrics(result["one_step"], metrics(rows[1:], np.asarray(client.predict(both, rows)), naive))
    pooled, _ = expected_free_running(client, both, rows, 3, naive)
    assert_metrics(result["free_running"], pooled)

    # Two columns in, one out: no free-running part; the targets are the ones the model was trained with.
    one = client.train(network=elman.RNN(hidden_size=3), data=columns, targets=[1], epochs=5, progress=False).model
    result = client.call("evaluate", {"model": one, "data": {"series": rows.tolist(), "targets": [1]}, "horizon": 2})
    assert result["free_running"] is None and result["by_lead"] is None and result["origins"] == 0
    naive_one = np.abs(np.diff(columns[:, 1].astype(np.float64))).mean()
    assert_metrics(result["one_step"], metrics(rows[1:, 1:], np.asarray(client.predict(one, rows)).reshape(-1, 1),
                                               np.array([naive_one])))


def test_refusals_name_the_member(client: elman.Worker) -> None:
    model = client.train(epochs=2, progress=False).model
    series = {"series": [0.1, 0.2, 0.3, 0.4]}
    for params, member in [({"model": model, "data": series, "horizon": 4}, "horizon"),
                           ({"model": model, "data": series, "horizon": 0}, "horizon"),
                           ({"model": model, "data": series}, "horizon"),
                           ({"model": model, "data": {"series": [[0.1, 0.2], [0.3, 0.4]]}, "horizon": 1}, "data"),
                           ({"model": model, "data": series, "horizon": 1, "extra": 1}, "extra")]:
        with pytest.raises(elman.InvalidParams) as caught:
            client.call("evaluate", params)
        assert caught.value.data["param"] == member, params
    with pytest.raises(elman.UnknownModel):
        client.call("evaluate", {"model": "m999", "horizon": 1})


def test_a_model_without_naive_scale_has_no_mase(tmp_path: Path, worker_binary: Path) -> None:
    """A model file of an older worker has no naive_mae: it loads, and its MASE is null."""
    folder = tmp_path / "models"
    folder.mkdir()
    weights = {"w1": [[0.5], [0.2]], "w2": [[0.7]]}
    (folder / "old.json").write_text(json.dumps({"format": "elman-model", "version": 1, "hidden_size": 1,
                                                  "epochs_trained": 3, "weights": weights}))
    with elman.Worker(folder, binary=worker_binary) as worker:
        model = worker.model_load("old").model
        assert "naive_mae" not in worker.call("model.get", {"model": model})
        result = worker.call("evaluate", {"model": model, "horizon": 2})
        assert result["one_step"]["mase"] == [None] and result["free_running"]["mase"] == [None]
        assert result["one_step"]["mae"][0] > 0
        # Saved again by this worker after training, the scale travels with the file.
        trained = worker.train(model, epochs=1, progress=False).model
        worker.model_save(trained, "new")
        assert json.loads((folder / "new.json").read_text())["naive_mae"] == worker.call(
            "model.get", {"model": trained})["naive_mae"]
