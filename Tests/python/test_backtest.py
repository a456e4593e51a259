"""`backtest` against the real worker: every fold's forecast is what `train` on the rows before its origin and
`generate` from them give, bit for bit; changing the data after an origin leaves that fold as it was; metrics equal
numpy's; progress, cancel and the refusals. The client has no `backtest` method yet, so these tests use
`Client.call`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
import zmq

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from test_evaluate import assert_metrics, metrics, noisy_sine

TRAINING = {"hidden_size": 5, "seed": 3, "epochs": 25, "lr": 0.05}


def backtest(client: elman.Worker, series: np.ndarray, **params: object) -> dict:
    job = client.call("backtest", {"data": {"series": series.tolist()}, "wait": True} | TRAINING | params,
                      timeout=None)
    assert job["state"] == "done" and job["model"] is None and job["losses"] == []
    assert job["folds_done"] == job["folds"] == len(job["result"]["folds"])
    return job["result"]


def forecast(fold: dict) -> np.ndarray:
    return np.asarray(fold["forecast"], dtype=np.float32)


def test_refit_folds_are_train_then_generate_on_the_rows_before_each_origin(client: elman.Worker) -> None:
    series = noisy_sine(40, seed=5)
    result = backtest(client, series, initial=20, step=5, horizon=4)
    assert [fold["origin"] for fold in result["folds"]] == [20, 25, 30, 35]
    assert (result["horizon"], result["window"], result["refit"]) == (4, "expanding", True)
    for fold in result["folds"]:
        origin = fold["origin"]
        model = client.train(data=series[:origin], progress=False, **TRAINING).model
        expected = np.asarray(client.generate(model, prime=series[:origin], steps=4), dtype=np.float32)
        assert np.array_equal(forecast(fold), expected), origin
        assert fold["epochs"] == TRAINING["epochs"]
        naive = np.abs(np.diff(series[:origin].astype(np.float64))).mean()
        assert_metrics(fold["metrics"], metrics(series[origin:origin + 4].reshape(-1, 1), expected.reshape(-1, 1),
                                                np.array([naive])))
    for name in ("mae", "rmse", "smape", "mase"):
        assert result["mean"][name] == [pytest.approx(np.mean([f["metrics"][name][0] for f in result["folds"]]),
                                                      rel=1e-12)]


def test_with_a_scaler_each_fold_fits_its_own_and_forecasts_in_the_datas_units(client: elman.Worker) -> None:
    series = 50 + 20 * noisy_sine(40, seed=6)
    result = backtest(client, series, initial=20, step=10, horizon=4, scaler="standard")
    for fold in result["folds"]:
        origin = fold["origin"]
        model = client.train(data=series[:origin], scaler="standard", progress=False, **TRAINING).model
        assert client.model_get(model).scaler.offset == pytest.approx([series[:origin].mean()])
        expected = client.generate(model, prime=series[:origin], steps=4)
        # generate feeds back scaled outputs; a fold unscales and rescales each one: equal to rounding
        assert forecast(fold) == pytest.approx(expected, rel=1e-5), origin
        assert np.abs(forecast(fold) - series[origin:origin + 4]).mean() < 20  # in the data's units, not scaled


def test_changing_the_rows_after_an_origin_leaves_its_fold_bit_identical(client: elman.Worker) -> None:
    series = noisy_sine(40, seed=6)
    origin = 25
    changed = series.copy()
    changed[origin:] = np.random.default_rng(7).uniform(-3, 3, len(series) - origin).astype(np.float32)
    for params in ({}, {"window": "sliding"}, {"refit": False}, {"refit": False, "window": "sliding"}):
        before = {f["origin"]: f for f in backtest(client, series, initial=20, step=5, horizon=4, **params)["folds"]}
        after = {f["origin"]: f for f in backtest(client, changed, initial=20, step=5, horizon=4, **params)["folds"]}
        for o in (20, 25):
            assert np.array_equal(forecast(before[o]), forecast(after[o])), (params, o)
        assert not np.array_equal(forecast(before[30]), forecast(after[30])), params


def test_sliding_window_and_one_model_without_refit(client: elman.Worker) -> None:
    series = noisy_sine(36, seed=8)
    sliding = backtest(client, series, initial=12, step=7, horizon=3, window="sliding")
    for fold in sliding["folds"]:
        origin = fold["origin"]
        model = client.train(data=series[origin - 12:origin], progress=False, **TRAINING).model
        expected = client.generate(model, prime=series[origin - 12:origin], steps=3)
        assert np.array_equal(forecast(fold), np.asarray(expected, dtype=np.float32)), origin

    once = backtest(client, series, initial=12, step=7, horizon=3, refit=False)
    model = client.train(data=series[:12], progress=False, **TRAINING).model
    for fold in once["folds"]:
        expected = client.generate(model, prime=series[:fold["origin"]], steps=3)
        assert np.array_equal(forecast(fold), np.asarray(expected, dtype=np.float32)), fold["origin"]


def test_a_general_network_of_two_columns(client: elman.Worker) -> None:
    t = np.linspace(0, 4 * np.pi, 30)
    columns = np.stack([np.sin(t), np.cos(t)], axis=1).astype(np.float32)
    network = {"cell": "gru", "hidden_size": 3}
    job = client.call("backtest", {"data": {"series": columns.tolist()}, "network": network, "epochs": 5,
                                   "initial": 20, "step": 4, "horizon": 2, "wait": True}, timeout=None)
    folds = job["result"]["folds"]
    assert [fold["origin"] for fold in folds] == [20, 24, 28]
    for fold in folds:
        model = client.train(data=columns[:fold["origin"]], network=elman.GRU(hidden_size=3), epochs=5,
                             progress=False).model
        expected = client.generate(model, prime=columns[:fold["origin"]], steps=2)
        assert np.array_equal(np.asarray(fold["forecast"], dtype=np.float32), expected)
        assert len(fold["metrics"]["mae"]) == 2


def test_refusals_name_the_member(client: elman.Worker) -> None:
    series = {"series": noisy_sine(30, seed=1).tolist()}
    cases = [({"initial": 10, "horizon": 29}, "horizon"), ({"initial": 27, "horizon": 4}, "initial"),
             ({"initial": 10, "horizon": 2, "step": 0}, "step"), ({"initial": 1, "horizon": 2}, "initial"),
             ({"horizon": 2}, "initial"), ({"initial": 10}, "horizon"),
             ({"initial": 10, "horizon": 2, "window": "rolling"}, "window"),
             ({"initial": 10, "horizon": 2, "refit": 1}, "refit"),
             ({"initial": 10, "horizon": 2, "epochs": -1}, "epochs"),
             ({"initial": 10, "horizon": 2, "surely_not": 1}, "surely_not")]
    for params, member in cases:
        with pytest.raises(elman.InvalidParams) as caught:
            client.call("backtest", {"data": series} | params)
        assert caught.value.data["param"] == member, params
    two = {"sequences": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]}
    with pytest.raises(elman.InvalidParams) as caught:
        client.call("backtest", {"data": two, "initial": 2, "horizon": 1})
    assert caught.value.data["param"] == "data"
    one_target = {"series": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], "targets": [0]}
    with pytest.raises(elman.InvalidParams) as caught:
        client.call("backtest", {"data": one_target, "initial": 2, "horizon": 1})
    assert caught.value.data["param"] == "data.targets"
    with pytest.raises(elman.LimitExceeded) as caught:
        client.call("backtest", {"data": {"sine": {"points": 3000}}, "initial": 2, "horizon": 1, "epochs": 1})
    assert caught.value.data["limit"] == "max_folds"
    with pytest.raises(elman.UnknownModel):
        client.call("backtest", {"model": "m999", "initial": 10, "horizon": 2})


@pytest.fixture
def subscriber(client: elman.Worker) -> Iterator[zmq.Socket]:
    socket = zmq.Context.instance().socket(zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(client.events)
    socket.subscribe(b"")
    yield socket
    socket.close()


def notifications(socket: zmq.Socket, job: str) -> Iterator[dict]:
    """The job's notifications as they come, each within 10 s."""
    while socket.poll(10_000):
        topic, body = socket.recv_multipart()
        if topic.decode() == job:
            yield json.loads(body)


def test_progress_tells_the_folds_and_cancel_stops_the_rest(client: elman.Worker, subscriber: zmq.Socket) -> None:
    """A long backtest publishes job.folds; cancelling it ends it cancelled with the folds that had ended."""
    # About 0.1 s per fold (seconds in all); at the default lr this network diverges at once and ends in no time.
    long = {"hidden_size": 32, "lr": 0.01, "epochs": 400, "data": {"sine": {"points": 400}}, "initial": 300,
            "step": 1, "horizon": 2}
    job = client.call("backtest", long)
    assert job["model"] is None and job["folds"] == 99 and job["folds_done"] == 0
    seen = []
    for notification in notifications(subscriber, job["job"]):
        assert notification["method"] == "job.folds", notification
        seen.append(notification["params"])
        if notification["params"]["folds_done"] >= 1:
            break
    assert seen and all(p["folds"] == 99 and p["job"] == job["job"] for p in seen)
    client.call("job.cancel", {"job": job["job"]})
    ended = client.call("job.wait", {"job": job["job"]}, timeout=None)
    assert ended["state"] == "cancelled"
    assert seen[-1]["folds_done"] <= ended["folds_done"] < 99
    assert len(ended["result"]["folds"]) == ended["folds_done"]
    assert ended["result"]["mean"] is not None
    assert all(fold["epochs"] == 400 and "diverged_epoch" not in fold for fold in ended["result"]["folds"])
    brief = next(j for j in client.call("job.list")["jobs"] if j["job"] == job["job"])
    assert "result" not in brief and "losses" not in brief and brief["folds_done"] == ended["folds_done"]


def test_a_worker_limit_bounds_the_folds(tmp_path: Path, worker_binary: Path) -> None:
    with elman.Worker(binary=worker_binary, extra_args=("--limit", "max_folds=3")) as worker:
        assert worker.info()["limits"]["max_folds"] == 3
        series = {"series": noisy_sine(20, seed=2).tolist()}
        worker.call("backtest", {"data": series, "initial": 10, "step": 4, "horizon": 2, "epochs": 1, "wait": True})
        with pytest.raises(elman.LimitExceeded):
            worker.call("backtest", {"data": series, "initial": 10, "step": 2, "horizon": 2, "epochs": 1})


def test_notify_follows_the_backtest_on_the_request_connection(client: elman.Worker) -> None:
    """With wait and notify a DEALER gets job.accepted, then job.folds as they are published, then the reply."""
    dealer = zmq.Context.instance().socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.connect(client.endpoint)
    params = {"hidden_size": 32, "lr": 0.01, "epochs": 300, "data": {"sine": {"points": 300}}, "initial": 200,
              "step": 10, "horizon": 2, "wait": True, "notify": True}
    dealer.send_json({"jsonrpc": "2.0", "id": 1, "method": "backtest", "params": params})
    messages = []
    while dealer.poll(60_000):
        messages.append(dealer.recv_json())
        if "id" in messages[-1]:
            break
    dealer.close()
    accepted, *progress, reply = messages
    assert accepted["method"] == "job.accepted" and accepted["params"]["model"] is None
    assert accepted["params"]["folds"] == 10 and accepted["params"]["folds_done"] == 0
    done = [message["params"]["folds_done"] for message in progress]
    assert all(message["method"] == "job.folds" for message in progress) and done == sorted(done)
    assert reply["result"]["state"] == "done" and reply["result"]["folds_done"] == 10
