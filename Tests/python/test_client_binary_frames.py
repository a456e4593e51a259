"""The client's binary frames (issue 11) against a real worker: two clients of one worker, one sending arrays as
frames (the default) and one as JSON (``binary_frames=False``), get the same results bit for bit from every method;
a large predict makes the round trip; received arrays are views of the received frames; bad frames come back as
InvalidParams; threads share a binary client."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import numpy as np
import pytest
import zmq

import elman
from elman.data import data_to_wire
from elman.frames import joined, split

#: A two-column series: a sine and a cosine, float32, the first column predicted.
T = np.linspace(0, 12, 80)
TWO_COLUMNS = np.stack([np.sin(T), np.cos(T)], axis=1).astype(np.float32)
SHORT = {"epochs": 15, "progress": False}


@pytest.fixture(scope="module")
def clients(worker_binary, tmp_path_factory) -> Iterator[tuple[elman.Worker, elman.Client]]:
    """A worker with its own binary client, and a JSON client of the same worker: the same models for both."""
    with elman.Worker(tmp_path_factory.mktemp("models"), binary=worker_binary) as binary:
        with elman.connect(binary.endpoint, binary_frames=False) as json_client:
            assert binary.binary_frames and not json_client.binary_frames
            yield binary, json_client


def frame_of(array: np.ndarray) -> object:
    """What an array's memory belongs to, past the numpy views over it."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    return base.obj if isinstance(base, memoryview) else base


def same(left: object, right: object) -> None:
    """Equal bit for bit: arrays of one dtype and shape with the same bytes (NaN included), recursively."""
    if isinstance(left, np.ndarray) or isinstance(right, np.ndarray):
        assert isinstance(left, np.ndarray) and isinstance(right, np.ndarray)
        assert left.dtype == right.dtype and left.shape == right.shape
        assert left.tobytes() == right.tobytes()
    elif isinstance(left, dict):
        assert left.keys() == right.keys()
        for key in left:
            same(left[key], right[key])
    elif isinstance(left, (list, tuple)):
        assert len(left) == len(right)
        for one, other in zip(left, right):
            same(one, other)
    else:
        assert left == right or (left != left and right != right)


def same_job(left: elman.Job, right: elman.Job) -> None:
    same([left.state, left.epoch, left.epochs, left.losses, left.validation_losses, left.best_epoch,
          left.stopped_epoch, left.records],
         [right.state, right.epoch, right.epochs, right.losses, right.validation_losses, right.best_epoch,
          right.stopped_epoch, right.records])


def same_model(left: elman.ModelInfo, right: elman.ModelInfo) -> None:
    same(left.state_dict, right.state_dict)
    if left.weights is not None or right.weights is not None:
        same([left.weights.w1, left.weights.w2], [right.weights.w1, right.weights.w2])
    if left.scaler is not None or right.scaler is not None:
        same([left.scaler.offset, left.scaler.scale], [right.scaler.offset, right.scaler.scale])
    same(left.naive_mae, right.naive_mae)


TRAININGS = {
    "seed": {},
    "series and validation data": {"data": TWO_COLUMNS[:60], "targets": [0], "validation": TWO_COLUMNS[60:],
                                   "network": elman.LSTM(5)},
    "sequences, scaler, early stopping": {"data": [TWO_COLUMNS[:40], TWO_COLUMNS[40:]], "scaler": "standard",
                                          "validation": 0.25, "early_stopping": {"patience": 3}, "epochs": 40},
    "3-D array, records": {"data": np.stack([TWO_COLUMNS[:40, :1], TWO_COLUMNS[40:, :1]]), "network": elman.GRU(4),
                           "record": ["grad_norm", "spectral_radius"]},
    "weights": {"weights": {"w1": np.full((4, 3), 0.1), "w2": np.arange(3.0)}, "data": TWO_COLUMNS[:, 0]},
    "state_dict": {"network": elman.RNN(3, bias=True),
                   "state_dict": {"rnn.weight_ih_l0": np.full((3, 1), 0.2, dtype=np.float32),
                                  "rnn.weight_hh_l0": np.eye(3, dtype=np.float32) * 0.5,
                                  "rnn.bias_ih_l0": np.zeros(3), "rnn.bias_hh_l0": [0.1, 0.0, -0.1],
                                  "head.weight": np.ones((1, 3)), "head.bias": np.zeros(1)}},
}


@pytest.mark.parametrize("params", TRAININGS.values(), ids=TRAININGS.keys())
def test_training_and_the_model_are_the_same_with_frames_and_json(clients, params) -> None:
    binary, json_client = clients
    results = [client.train(**{**SHORT, **params}) for client in clients]
    same_job(*results)
    assert results[0].losses.tobytes() == results[1].losses.tobytes() and len(results[0].losses) > 0
    models = [client.model_get(result.model) for client, result in zip(clients, results)]
    same_model(*models)
    for name, tensor in models[0].state_dict.items():
        assert isinstance(frame_of(tensor), zmq.Frame), name  # the binary client really received frames
    for client, result in zip(clients, results):
        same_job(client.job_status(result.id), results[0])
        same_job(client.job_wait(result.id), results[0])
        same_job(client.job_cancel(result.id), results[0])
    # each client can train on from the other's model, and predict with it
    data = {name: params[name] for name in ("data", "targets") if name in params}
    continued = [client.train(model, **SHORT, **data) for client, model in zip(clients, (results[1].model,
                                                                                         results[0].model))]
    same_job(*continued)
    same(*[client.predict(results[0].model, params.get("data")) for client in clients])


def test_predict_generate_evaluate_backtest_sweep_are_the_same(clients) -> None:
    binary, json_client = clients
    model = binary.train(data=TWO_COLUMNS, **SHORT).model
    assert isinstance(frame_of(binary.predict(model, TWO_COLUMNS)), zmq.Frame)
    same(*[client.predict(model, TWO_COLUMNS) for client in clients])
    same(*[client.predict(model, [TWO_COLUMNS[:30], TWO_COLUMNS[30:60]]) for client in clients])
    same(*[client.predict(model, inputs=TWO_COLUMNS[::-1]) for client in clients])
    same(*[client.generate(model, TWO_COLUMNS[:10], 25) for client in clients])
    evaluations = [client.evaluate(model, TWO_COLUMNS, horizon=5) for client in clients]
    same(evaluations[0].to_numpy(), evaluations[1].to_numpy())
    same(evaluations[0].attrs["by_lead"].to_numpy(), evaluations[1].attrs["by_lead"].to_numpy())
    backtests = [client.backtest(TWO_COLUMNS[:50], initial=30, horizon=4, step=7, progress=False, epochs=10)
                 for client in clients]
    same(backtests[0].folds.to_numpy(), backtests[1].folds.to_numpy())
    same(backtests[0].fold_metrics.to_numpy(), backtests[1].fold_metrics.to_numpy())
    sweeps = [client.sweep(grid={"lr": [0.05, 0.1], "data": [TWO_COLUMNS[:30], TWO_COLUMNS[30:70]]}, losses=True,
                           progress=False, epochs=12) for client in clients]
    same(list(sweeps[0]["losses"]), list(sweeps[1]["losses"]))
    same(sweeps[0]["final_loss"].to_numpy(), sweeps[1]["final_loss"].to_numpy())
    lstm = binary.train(data=TWO_COLUMNS, network=elman.LSTM(4), **SHORT).model
    seed = binary.train(**SHORT).model  # no array sent: the reply's arrays are frames all the same
    assert isinstance(frame_of(binary.hidden_states(seed)), zmq.Frame)
    same(*[client.hidden_states(lstm, TWO_COLUMNS, cell=True) for client in clients])
    same(*[client.gradient_flow(lstm, TWO_COLUMNS) for client in clients])
    ensembles = [client.ensemble(3, horizon=6, data=TWO_COLUMNS[:40, 0], epochs=10, progress=False)
                 for client in clients]
    same(ensembles[0].forecasts, ensembles[1].forecasts)


def test_a_long_series_makes_the_round_trip_without_copies(clients) -> None:
    """10⁵ points (the default max_series_length) predicted: the same float32 values as JSON gives, the result a
    view of the reply's frame, and the float32 input sent as it is."""
    binary, json_client = clients
    series = np.sin(np.linspace(0, 500, 100_000)).astype(np.float32)
    wire = data_to_wire(series)
    assert split(wire)[1][0] is series  # no copy on the way out: the frame is sent from the array's memory
    model = binary.train(**SHORT).model
    predictions = binary.predict(model, series)
    assert predictions.shape == (99_999,) and predictions.dtype == np.float32
    assert isinstance(frame_of(predictions), zmq.Frame)
    assert not predictions.flags.owndata
    same(predictions, json_client.predict(model, series))


def test_raw_calls_take_arrays_and_json_stays_json(clients) -> None:
    """Client.call: numpy arrays in params go as frames and the reply's arrays come back as arrays; without an
    array (and without "binary": true) the reply is plain JSON, as hand-written code sees it."""
    binary, json_client = clients
    model = binary.train(**SHORT).model
    inputs = np.linspace(-1, 1, 7, dtype=np.float32)
    framed = binary.call("predict", {"model": model, "inputs": inputs})["predictions"]
    assert isinstance(framed, np.ndarray) and isinstance(frame_of(framed), zmq.Frame)
    plain = binary.call("predict", {"model": model, "inputs": inputs.tolist()})["predictions"]
    assert isinstance(plain, list)
    asked = binary.call("predict", {"model": model, "inputs": inputs.tolist(), "binary": True})["predictions"]
    assert isinstance(asked, np.ndarray)
    same(framed, np.asarray(plain, dtype=np.float32))
    same(framed, asked)
    same(np.asarray(json_client.call("predict", {"model": model, "inputs": inputs})["predictions"], np.float32),
         framed)


#: Params of predict with a bad placeholder or frame, and the member the worker names (as for JSON: a bad value
#: by its index, e.g. ``inputs[2]``).
BAD_FRAMES = {
    "placeholder without its frame": ({"inputs": {"$buffer": 0, "dtype": "<f4", "shape": [3]}}, "inputs"),
    "unknown dtype": ({"inputs": {"$buffer": 0, "dtype": "<i4", "shape": [3]}}, "inputs"),
    "extra member": ({"inputs": {"$buffer": 0, "dtype": "<f4", "shape": [3], "order": "C"}}, "inputs"),
    "NaN in a frame": ({"inputs": np.array([0.5, 0.25, np.nan, 1.0], dtype=np.float32)}, "inputs[2]"),
    "infinity in a float64 frame": ({"inputs": np.array([[0.5], [np.inf]])}, "inputs[1][0]"),
}


@pytest.mark.parametrize("params, param", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
def test_bad_frames_raise_invalid_params_naming_the_member(clients, params, param) -> None:
    binary, _ = clients
    model = binary.train(**SHORT).model
    with pytest.raises(elman.InvalidParams) as caught:
        binary.call("predict", {"model": model, **params})
    assert caught.value.code == -32602 and caught.value.message and caught.value.data["reason"]
    assert caught.value.data["param"] == param
    assert binary.ping() > 0  # the worker goes on


def test_bad_values_are_refused_before_sending(clients) -> None:
    """The client's own checks still come first with binary frames: a value not finite in float32 is refused by a
    client whose sockets are closed (so nothing could have been sent), naming the member and its index."""
    binary, _ = clients
    model = binary.train(**SHORT).model
    closed = elman.connect(binary.endpoint)
    assert closed.binary_frames
    closed.close()
    for call in (lambda: closed.predict(model, inputs=[0.0, 1e39, 2.0]),
                 lambda: closed.generate(model, np.array([0.0, 1e39, 2.0], dtype=np.float64), 3)):
        with pytest.raises(elman.InvalidParams) as caught:
            call()
        assert caught.value.data["param"] in ("inputs", "prime") and caught.value.data["index"] == 1


def test_threads_share_a_binary_client(clients) -> None:
    """8 threads predict different long series through one binary client at once: each gets its own predictions,
    the same as one JSON call each, one after another."""
    binary, json_client = clients
    model = binary.train(**SHORT).model
    series = [np.sin(np.linspace(k, k + 60, 20_000)).astype(np.float32) for k in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda s: binary.predict(model, s), series * 3))
    for answer, expected in zip(answers, [json_client.predict(model, s) for s in series] * 3):
        same(answer, expected)


@pytest.fixture
def pair() -> Iterator[tuple[zmq.Socket, zmq.Socket]]:
    """Two connected PAIR sockets (inproc): real frames without a worker."""
    context = zmq.Context()
    ends = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    ends[0].bind("inproc://frames")
    ends[1].connect("inproc://frames")
    yield ends
    for end in ends:
        end.close(linger=0)
    context.term()


def test_split_and_joined_over_real_frames(pair) -> None:
    """Float arrays of any kind become one frame each (float32 unless float64 little-endian, C order), integer
    arrays stay JSON, and the frames received join back to the same values as views of the frames."""
    sender, receiver = pair
    params = {"a": np.arange(6, dtype=np.float32).reshape(2, 3).T, "b": [np.array([1.5, -2.0], dtype=">f8")],
              "c": np.array([1.0, 2.0]), "targets": np.array([0, 2]), "n": 3}
    body, buffers = split(params)
    assert body == {"a": {"$buffer": 0, "dtype": "<f4", "shape": [3, 2]},
                    "b": [{"$buffer": 1, "dtype": "<f4", "shape": [2]}],
                    "c": {"$buffer": 2, "dtype": "<f8", "shape": [2]}, "targets": [0, 2], "n": 3}
    assert buffers[2] is params["c"] and all(buffer.flags.c_contiguous for buffer in buffers)
    sender.send_multipart([b"{}", *buffers], copy=False)
    frames = receiver.recv_multipart(copy=False)
    back = joined(body, frames[1:])
    same(back["a"], params["a"].copy())
    same(back["b"][0], np.array([1.5, -2.0], dtype=np.float32))
    same(back["c"], params["c"])
    assert back["targets"] == [0, 2] and isinstance(frame_of(back["a"]), zmq.Frame)


@pytest.mark.parametrize("placeholder", [{"$buffer": 1, "dtype": "<f4", "shape": [2]},
                                         {"$buffer": 0, "dtype": "<f4", "shape": [3]},
                                         {"$buffer": 0, "dtype": "<i4", "shape": [2]}])
def test_a_reply_placeholder_that_does_not_fit_its_frame_is_a_protocol_mismatch(pair, placeholder) -> None:
    sender, receiver = pair
    sender.send(np.zeros(2, dtype=np.float32), copy=False)
    with pytest.raises(elman.ProtocolMismatch):
        joined({"values": placeholder}, [receiver.recv(copy=False)])
