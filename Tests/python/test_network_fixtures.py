"""The general-network PyTorch fixtures (Tests/ElmanCoreTests/Fixtures/networks/*.json) are well formed and current.

Without torch (CI): every file's structure and shapes follow its own network description (members in order,
PyTorch's parameter names and shapes, B × (T−1) × O predictions, E losses, finite numbers), and seed_as_network
starts from seed.json's weights and ends at its losses. With torch importable, the generator's training
(tools/reference/torch_networks.replay) runs again on each fixture and must give the stored losses, final
state_dict and predictions.
"""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "ElmanCoreTests" / "Fixtures"
NETWORK_FIXTURES = sorted((FIXTURES / "networks").glob("*.json"))
REQUIRED = {"lstm_adam_k5", "gru_sgd_nesterov_clip", "rnn_relu_2layer_adamw_mse", "lstm_2layer_nobias_batch3_full",
            "gru_3out_adam_betas_clip", "seed_as_network", "rnn_tanh_bias_sgd"}
MEMBERS = ["name", "about", "network", "data", "training", "initial_state_dict", "losses", "final_state_dict",
           "predictions"]
NETWORK_MEMBERS = ["cell", "nonlinearity", "input_size", "hidden_size", "num_layers", "output_size", "bias"]
TRAINING_MEMBERS = ["epochs", "truncation", "loss", "optimizer", "clip_grad_norm"]
OPTIMIZER_MEMBERS = {"sgd": ["name", "lr", "momentum", "nesterov", "weight_decay"],
                     "adam": ["name", "lr", "betas", "eps", "weight_decay"],
                     "adamw": ["name", "lr", "betas", "eps", "weight_decay"]}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def shape(value) -> tuple[int, ...]:
    """The shape of a rectangular nested list of numbers; fails on ragged lists or non-numbers."""
    if not isinstance(value, list):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"not a number: {value!r}"
        assert math.isfinite(value), f"not finite: {value!r}"
        return ()
    assert value, "an empty list"
    shapes = {shape(item) for item in value}
    assert len(shapes) == 1, f"ragged: {sorted(shapes)}"
    return (len(value), *shapes.pop())


def expected_shapes(network: dict) -> dict[str, tuple[int, ...]]:
    """PyTorch's named_parameters() of Net(...), in order, with their shapes."""
    rows = GATES[network["cell"]] * network["hidden_size"]
    shapes = {}
    for layer in range(network["num_layers"]):
        columns = network["input_size"] if layer == 0 else network["hidden_size"]
        shapes[f"rnn.weight_ih_l{layer}"] = (rows, columns)
        shapes[f"rnn.weight_hh_l{layer}"] = (rows, network["hidden_size"])
        if network["bias"]:
            shapes[f"rnn.bias_ih_l{layer}"] = (rows,)
            shapes[f"rnn.bias_hh_l{layer}"] = (rows,)
    shapes["head.weight"] = (network["output_size"], network["hidden_size"])
    if network["bias"]:
        shapes["head.bias"] = (network["output_size"],)
    return shapes


def test_every_required_case_has_a_fixture():
    assert REQUIRED <= {path.stem for path in NETWORK_FIXTURES}


@pytest.mark.parametrize("path", NETWORK_FIXTURES, ids=lambda path: path.stem)
def test_fixture_structure_follows_its_network(path: Path):
    fixture = load(path)
    assert list(fixture) == MEMBERS
    assert fixture["name"] == path.stem and fixture["about"]

    network = fixture["network"]
    assert list(network) == NETWORK_MEMBERS
    assert network["cell"] in GATES and network["nonlinearity"] in ("tanh", "relu")
    assert network["cell"] == "rnn" or network["nonlinearity"] == "tanh"
    assert isinstance(network["bias"], bool)
    assert all(isinstance(network[key], int) and network[key] >= 1 for key in NETWORK_MEMBERS[2:6])

    data = fixture["data"]
    assert list(data) == ["sequences", "targets"]
    batch, points, columns = shape(data["sequences"])
    assert columns == network["input_size"] and points >= 2
    targets = data["targets"]
    assert len(targets) == network["output_size"] and all(0 <= index < columns for index in targets)

    training = fixture["training"]
    assert list(training) == TRAINING_MEMBERS
    assert training["epochs"] >= 1 and training["truncation"] >= 1 and training["loss"] in ("sse/2", "mse")
    assert training["clip_grad_norm"] is None or training["clip_grad_norm"] > 0
    optimizer = training["optimizer"]
    assert list(optimizer) == OPTIMIZER_MEMBERS[optimizer["name"]]
    assert "betas" not in optimizer or len(optimizer["betas"]) == 2

    shapes = expected_shapes(network)
    for member in ("initial_state_dict", "final_state_dict"):
        state_dict = fixture[member]
        assert list(state_dict) == list(shapes), member
        assert {name: shape(value) for name, value in state_dict.items()} == shapes, member

    assert shape(fixture["losses"]) == (training["epochs"],)
    assert shape(fixture["predictions"]) == (batch, points - 1, network["output_size"])


def transpose(rows: list[list[float]]) -> list[list[float]]:
    return [list(column) for column in zip(*rows)]


def test_seed_as_network_is_the_seed_job():
    """Its initial state_dict is seed.json's W1/W2 (weight_ih_l0 = W1[0:1]ᵀ, weight_hh_l0 = W1[1:]ᵀ, head.weight =
    W2ᵀ), its data the seed's series, and its losses seed.json's within the parity tolerance."""
    fixture, seed = load(FIXTURES / "networks" / "seed_as_network.json"), load(FIXTURES / "seed.json")
    hidden = seed["hiddenSize"]
    w1 = [seed["initialW1"][row * hidden:(row + 1) * hidden] for row in range(hidden + 1)]
    assert fixture["initial_state_dict"] == {"rnn.weight_ih_l0": transpose(w1[:1]),
                                             "rnn.weight_hh_l0": transpose(w1[1:]),
                                             "head.weight": [seed["initialW2"]]}
    assert fixture["data"]["sequences"] == [[[value] for value in seed["series"]]]
    assert fixture["training"]["epochs"] == seed["epochs"] and fixture["training"]["truncation"] == seed["truncation"]
    assert fixture["training"]["optimizer"]["lr"] == seed["learningRate"]
    assert max(abs(a - b) for a, b in zip(fixture["losses"], seed["losses"], strict=True)) < 1e-4


def flatten(value) -> list[float]:
    return [number for item in value for number in flatten(item)] if isinstance(value, list) else [value]


def assert_close(actual, expected, what: str, tolerance: float = 1e-5):
    actual, expected = flatten(actual), flatten(expected)
    assert len(actual) == len(expected), what
    worst = max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(actual, expected))
    assert worst <= tolerance, f"{what}: differs by {worst:.3g}"


@pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                    reason="torch is not importable: the fixtures' structure is checked, their replay needs PyTorch")
@pytest.mark.parametrize("path", NETWORK_FIXTURES, ids=lambda path: path.stem)
def test_generator_reproduces_fixture(path: Path):
    sys.path.insert(0, str(ROOT / "tools" / "reference"))
    try:
        import torch_networks
    finally:
        sys.path.pop(0)
    fixture = load(path)
    results, _ = torch_networks.replay(fixture)
    assert_close(results["losses"], fixture["losses"], "losses")
    for name, value in results["final_state_dict"].items():
        assert_close(value, fixture["final_state_dict"][name], f"final {name}")
    assert_close(results["predictions"], fixture["predictions"], "predictions")
