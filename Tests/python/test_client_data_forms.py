"""The pure conversions of the general networks' parameters, no worker needed: data forms, targets, networks,
optimisers and state dicts into the wire's members, and the wire's model summary back into numpy; each bad value
refused with an InvalidParams naming the member."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import elman
from elman.data import data_to_wire
from elman.frames import json_value
from elman.networks import network_to_wire
from elman.optimizers import optimizer_to_wire
from elman.results import ModelInfo
from elman.state_dict import state_dict_to_wire

ROWS = [[0.0, 1.0], [0.5, 0.8], [0.9, 0.4]]


def sent(wire: dict) -> dict:
    """The wire's member as its JSON form sends it: arrays as nested lists."""
    return json.loads(json.dumps(wire, default=json_value))


def float32(value):
    """Expected wire values: every float rounded to float32, as the client sends arrays (ints stay)."""
    if isinstance(value, float):
        return float(np.float32(value))
    if isinstance(value, (list, dict)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        converted = {key: float32(member) for key, member in items}
        return converted if isinstance(value, dict) else list(converted.values())
    return value


class Tensorish:
    """A torch-like tensor: detach(), cpu(), numpy()."""

    def __init__(self, values) -> None:
        self.values = np.asarray(values, dtype=np.float64)

    def detach(self) -> Tensorish:
        return self

    def cpu(self) -> Tensorish:
        return self

    def numpy(self) -> np.ndarray:
        return self.values


@pytest.mark.parametrize("data, targets, wire", [
    ([0.0, 0.5, 1.0], None, {"series": [0.0, 0.5, 1.0]}),
    (np.array([0.0, 0.5], dtype=np.float32), [0], {"series": [0.0, 0.5], "targets": [0]}),
    (ROWS, None, {"series": ROWS}),
    (np.array(ROWS), [1], {"series": ROWS, "targets": [1]}),
    (np.array(ROWS), 0, {"series": ROWS, "targets": [0]}),
    ([np.array([1.0, 2.0]), np.array([3.0, 4.0])], None, {"sequences": [[1.0, 2.0], [3.0, 4.0]]}),
    ((np.array(ROWS), np.array(ROWS)), [0, 1], {"sequences": [ROWS, ROWS], "targets": [0, 1]}),
    (np.array([ROWS, ROWS, ROWS]), [1], {"sequences": [ROWS] * 3, "targets": [1]}),
    ({"series": ROWS, "targets": [1]}, None, {"series": ROWS, "targets": [1]}),
    ({"sequences": [[1.0, 2.0], [3.0, 4.0]]}, [0], {"sequences": [[1.0, 2.0], [3.0, 4.0]], "targets": [0]}),
    (elman.Sine(points=5), None, {"sine": {"start": 2.0, "stop": 10.0, "points": 5}}),
])
def test_data_forms_become_the_wire_members(data, targets, wire) -> None:
    assert sent(data_to_wire(data, targets)) == float32(wire)


@pytest.mark.parametrize("data, targets, param, index", [
    ([[0.0, 1.0], [2.0]], None, "data", None),                       # ragged rows
    ([np.zeros(3), np.zeros(4)], None, "data.sequences", 1),         # sequences of different lengths
    ([np.zeros((3, 2)), np.zeros((3, 1))], None, "data.sequences", 1),
    ({"sequences": [[1.0, 2.0], [1.0]]}, None, "data.sequences", 1),
    ([np.array([0.0, np.nan])], None, "data.sequences", 1),
    (ROWS, [], "data.targets", None),
    (ROWS, [0, 0], "data.targets", None),
    (ROWS, [2], "data.targets", 0),
    (ROWS, [0, -1], "data.targets", 1),
    (ROWS, [0.0], "data.targets", None),
    (ROWS, "x", "data.targets", 0),
    (elman.Sine(), [0], "data.targets", None),
    ({"series": ROWS, "targets": [0]}, [1], "data.targets", None),
    ({"series": ROWS, "sine": {}}, None, "data", None),
    ({"sine": {"points": 5, "step": 1}}, None, "data.sine.step", None),
    (np.zeros((2, 2, 2, 2)), None, "data", None),
])
def test_bad_data_is_named(data, targets, param, index) -> None:
    with pytest.raises(elman.InvalidParams) as caught:
        data_to_wire(data, targets)
    assert caught.value.data["param"] == param and caught.value.data.get("index") == index


def test_pandas_frames_and_series_with_column_names() -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is optional")
    frame = pandas.DataFrame({"sin": [0.0, 0.5, 0.9], "cos": [1.0, 0.8, 0.4]})
    assert sent(data_to_wire(frame, targets=["cos"])) == float32({"series": ROWS, "targets": [1]})
    assert sent(data_to_wire(frame, targets=[0, "cos"])) == float32({"series": ROWS, "targets": [0, 1]})
    assert sent(data_to_wire(frame["sin"])) == float32({"series": [0.0, 0.5, 0.9]})
    assert sent(data_to_wire([frame, frame])) == float32({"sequences": [ROWS, ROWS]})
    with pytest.raises(elman.InvalidParams) as caught:
        data_to_wire(frame, targets=["tan"])
    assert caught.value.data["param"] == "data.targets" and "cos" in str(caught.value)


def test_pandas_is_not_imported_by_the_client() -> None:
    code = ("import sys, elman; from elman.data import data_to_wire; data_to_wire([[1.0, 2.0]], [0]); "
            "assert 'pandas' not in sys.modules and 'torch' not in sys.modules; "
            "import elman.torch; assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("spec, wire", [
    (elman.RNN(6, bias=False), {"cell": "rnn", "hidden_size": 6, "num_layers": 1, "bias": False,
                                "nonlinearity": "tanh"}),
    (elman.LSTM(hidden_size=8, num_layers=2), {"cell": "lstm", "hidden_size": 8, "num_layers": 2, "bias": True}),
    ({"cell": "gru", "hidden_size": np.int64(3)}, {"cell": "gru", "hidden_size": 3, "num_layers": 1, "bias": True}),
    ({"cell": "rnn", "hidden_size": 4, "nonlinearity": "relu"},
     {"cell": "rnn", "hidden_size": 4, "num_layers": 1, "bias": True, "nonlinearity": "relu"}),
])
def test_networks_become_the_wire_member(spec, wire) -> None:
    assert network_to_wire(spec) == wire


@pytest.mark.parametrize("make, param", [
    (lambda: elman.RNN(0), "network.hidden_size"),
    (lambda: elman.LSTM(4, num_layers=1.0), "network.num_layers"),
    (lambda: elman.GRU(4, bias=1), "network.bias"),
    (lambda: elman.RNN(4, nonlinearity="sigmoid"), "network.nonlinearity"),
    (lambda: network_to_wire({"cell": "transformer", "hidden_size": 4}), "network.cell"),
    (lambda: network_to_wire({"cell": "lstm"}), "network.hidden_size"),
    (lambda: network_to_wire({"cell": "lstm", "hidden_size": 4, "nonlinearity": "relu"}), "network.nonlinearity"),
    (lambda: network_to_wire("lstm"), "network"),
    (lambda: elman.SGD(lr=0), "optimizer.lr"),
    (lambda: elman.SGD(lr=float("inf")), "optimizer.lr"),
    (lambda: elman.SGD(momentum=-0.1), "optimizer.momentum"),
    (lambda: elman.SGD(nesterov=True), "optimizer.nesterov"),
    (lambda: elman.Adam(betas=(0.9, 1.0)), "optimizer.betas"),
    (lambda: elman.Adam(betas=0.9), "optimizer.betas"),
    (lambda: elman.Adam(eps=0), "optimizer.eps"),
    (lambda: elman.AdamW(weight_decay=-1), "optimizer.weight_decay"),
    (lambda: optimizer_to_wire({"name": "rmsprop"}), "optimizer.name"),
    (lambda: optimizer_to_wire({"name": "sgd", "betas": [0.9, 0.99]}), "optimizer.betas"),
    (lambda: state_dict_to_wire({"rnn.weight_ih_l0": [[1.0], [np.inf]]}), "state_dict.rnn.weight_ih_l0"),
    (lambda: state_dict_to_wire({"head.weight": np.zeros((1, 1, 1))}), "state_dict.head.weight"),
    (lambda: state_dict_to_wire({}), "state_dict"),
])
def test_bad_networks_optimizers_and_state_dicts_are_named(make, param) -> None:
    with pytest.raises(elman.InvalidParams) as caught:
        make()
    assert caught.value.data["param"] == param and isinstance(caught.value, ValueError)


def test_optimizers_take_torch_optims_defaults_but_sgds_lr() -> None:
    assert optimizer_to_wire({"name": "sgd"}) == {"name": "sgd", "lr": 0.1, "momentum": 0.0, "nesterov": False,
                                                  "weight_decay": 0.0}
    assert optimizer_to_wire(elman.Adam()) == {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8,
                                               "weight_decay": 0.0}
    assert optimizer_to_wire({"name": "adamw", "lr": 0.01})["weight_decay"] == 0.01


def test_state_dicts_of_arrays_lists_and_tensors_travel_exactly() -> None:
    weight = np.random.default_rng(0).standard_normal((4, 2)).astype(np.float32)
    wire = state_dict_to_wire({"rnn.weight_ih_l0": Tensorish(weight), "head.bias": [0.25],
                               "rnn.weight_hh_l0": weight[:, :1]})
    assert list(wire) == ["rnn.weight_ih_l0", "head.bias", "rnn.weight_hh_l0"]
    assert np.array_equal(np.asarray(wire["rnn.weight_ih_l0"], dtype=np.float32), weight)
    assert wire["head.bias"] == [0.25]


def test_a_model_summary_becomes_numpy_state_dict_and_network() -> None:
    info = ModelInfo.from_wire({
        "model": "m1", "hidden_size": 2, "epochs_trained": 3,
        "network": {"cell": "gru", "nonlinearity": "tanh", "input_size": 1, "hidden_size": 2, "num_layers": 1,
                    "output_size": 1, "bias": False},
        "state_dict": {"rnn.weight_ih_l0": [[0.1]] * 6, "rnn.weight_hh_l0": [[0.2, 0.3]] * 6,
                       "head.weight": [[0.4, 0.5]]}})
    assert {name: array.shape for name, array in info.state_dict.items()} == \
        {"rnn.weight_ih_l0": (6, 1), "rnn.weight_hh_l0": (6, 2), "head.weight": (1, 2)}
    assert all(array.dtype == np.float32 for array in info.state_dict.values())
    assert info.network.spec() == elman.GRU(2, bias=False) and info.weights is None
