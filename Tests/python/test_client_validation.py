"""Bad parameters are refused by the client before anything is sent, with an InvalidParams (also a ValueError)
naming the parameter and, for arrays, the first bad index; nothing is silently coerced (2.5 epochs, complex data).
Good parameters of every accepted kind (lists, tuples, numpy arrays, numpy integers, objects with __array__) pass."""
from __future__ import annotations

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)


class ArrayLike:
    """A pandas-like object: only __array__."""

    def __init__(self, values) -> None:
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.values if dtype is None else self.values.astype(dtype)


SERIES = [0.0, 0.5, 1.0, 0.5]

BAD_TRAIN = [
    ({"data": [0.0, float("nan"), 1.0]}, "data", 1),
    ({"data": [0.0, 1.0, float("inf")]}, "data", 2),
    ({"data": [0.0, None, 1.0]}, "data", 1),
    ({"data": [0.0, 1.0, "x"]}, "data", 2),
    ({"data": np.array([0.0, 1.0 + 2.0j, 3.0])}, "data", 0),
    ({"data": (v for v in SERIES)}, "data", None),
    ({"data": "0.5, 1.0"}, "data", None),
    ({"data": [[0.0, 1.0], [2.0]]}, "data", None),
    ({"data": [[0.0, 1.0], [2.0, 3.0]], "targets": [2]}, "data.targets", 0),
    ({"targets": [0]}, "data.targets", None),
    ({"network": elman.LSTM(4), "hidden_size": 4}, "hidden_size", None),
    ({"network": {"cell": "gru", "hidden_size": 4}, "weights": {"w1": np.zeros((3, 2)), "w2": np.zeros((2, 1))}},
     "weights", None),
    ({"state_dict": {"head.weight": np.zeros((1, 6))}, "seed": 1}, "seed", None),
    ({"optimizer": elman.Adam(), "lr": 0.1}, "lr", None),
    ({"optimizer": {"name": "adam", "eps": -1.0}}, "optimizer.eps", None),
    ({"loss": "l1"}, "loss", None),
    ({"clip_grad_norm": 0.0}, "clip_grad_norm", None),
    ({"lr": float("nan")}, "lr", None),
    ({"lr": "0.1"}, "lr", None),
    ({"lr": True}, "lr", None),
    ({"init_std": 0.3}, "init_std", None),
    ({"init_std": (0.4, float("inf"))}, "init_std.w2", None),
    ({"epochs": 2.5}, "epochs", None),
    ({"epochs": 3.0}, "epochs", None),
    ({"epochs": True}, "epochs", None),
    ({"hidden_size": 6.9}, "hidden_size", None),
    ({"seed": "1"}, "seed", None),
    ({"truncation": np.float64(2)}, "truncation", None),
    ({"report_every": "10"}, "report_every", None),
    ({"weights": {"w1": np.full((3, 2), np.nan), "w2": np.zeros((2, 1))}}, "weights.w1", [0, 0]),
    ({"weights": {"w1": np.zeros((3, 2)), "w2": [[0.0], [None]]}}, "weights.w2", [1, 0]),
    ({"weights": {"w1": np.zeros((3, 2)), "w2": np.zeros((2, 1)) + 1e39}}, "weights.w2", [0, 0]),
    ({"weights": {"w1": np.zeros((4, 2)), "w2": np.zeros((2, 1))}}, "weights.w1", None),
    ({"weights": {"w1": np.zeros((3, 2))}}, "weights", None),
    ({"data": elman.Sine(points=20.5)}, "data.sine.points", None),
]


@pytest.mark.parametrize("params, param, index", BAD_TRAIN, ids=[f"{p}-{i}" for i, (_, p, _) in enumerate(BAD_TRAIN)])
def test_bad_train_params_are_named_before_sending(client: elman.Worker, params: dict, param: str, index) -> None:
    models_before = client.model_list().models
    with pytest.raises(elman.InvalidParams) as caught:
        client.train(epochs=params.pop("epochs", 5), progress=False, **params)
    error = caught.value
    assert isinstance(error, ValueError) and error.code == -32602
    assert error.data["param"] == param and error.data.get("index") == index
    assert param in str(error) and error.data["reason"]
    assert len(client.model_list().models) == len(models_before)  # nothing reached the worker


@pytest.mark.parametrize("call, param, index", [
    (lambda c, m: c.predict(m, inputs=[0.1, float("nan")]), "inputs", 1),
    (lambda c, m: c.predict(m, [0.1, 0.2, None]), "data", 2),
    (lambda c, m: c.generate(m, prime=[0.1, "y"], steps=3), "prime", 1),
    (lambda c, m: c.generate(m, prime=[0.1], steps=2.0), "steps", None),
    (lambda c, m: c.generate(m, prime=iter([0.1]), steps=2), "prime", None),
    (lambda c, m: c.job_wait("j1", timeout="soon"), "timeout", None),
])
def test_bad_params_of_other_methods_are_named(client: elman.Worker, call, param: str, index) -> None:
    model = client.train(epochs=1, progress=False).model
    with pytest.raises(elman.InvalidParams) as caught:
        call(client, model)
    assert caught.value.data["param"] == param and caught.value.data.get("index") == index


@pytest.mark.parametrize("series", [SERIES, tuple(SERIES), np.array(SERIES, dtype=np.float32), ArrayLike(SERIES),
                                    np.array([0, 1, 2, 1], dtype=np.int64)])
def test_every_kind_of_array_is_accepted(client: elman.Worker, series) -> None:
    result = client.train(data=series, epochs=np.int32(3), hidden_size=np.int64(4), seed=np.uint8(2),
                          init_std=[0.4, np.float32(0.3)], lr=np.float32(0.05), progress=False)
    expected = client.train(data=np.asarray(series, dtype=np.float64).tolist(), epochs=3, hidden_size=4, seed=2,
                            lr=float(np.float32(0.05)), progress=False)
    assert result.losses.tolist() == expected.losses.tolist()
    assert client.predict(result.model, inputs=ArrayLike([0.1, 0.2])).shape == (2,)
