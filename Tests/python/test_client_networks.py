"""General networks through the client on a real worker: PyTorch's fixtures replayed from Python's data forms
(numpy columns, a batch as a list of arrays, pandas), model_get's numpy state_dict and network, predictions
shaped as the protocol says, generate over several columns, save/load, and the worker's refusals."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import elman
from client_fixtures import REPO, client  # noqa: F401  (fixture)

FIXTURES = REPO / "Tests" / "ElmanCoreTests" / "Fixtures" / "networks"
TOLERANCE = 1e-4


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def python_data(fixture: dict) -> np.ndarray | list[np.ndarray]:
    """The fixture's data as a user holds it: one series as a 2-D array, a batch as a list of arrays."""
    sequences = [np.asarray(series, dtype=np.float32) for series in fixture["data"]["sequences"]]
    return sequences[0] if len(sequences) == 1 else sequences


def sine_and_cosine(points: int = 40) -> np.ndarray:
    t = np.linspace(0.0, 4 * np.pi, points)
    return np.stack([np.sin(t), np.cos(t)], axis=1).astype(np.float32)


@pytest.mark.parametrize("name", ["rnn_relu_2layer_adamw_mse", "lstm_2layer_nobias_batch3_full",
                                  "gru_3out_adam_betas_clip"])
def test_pytorch_fixtures_replayed_from_python(client: elman.Worker, name: str) -> None:
    fixture = load_fixture(name)
    training = fixture["training"]
    network = elman.NetworkInfo.from_wire(fixture["network"])
    data = python_data(fixture)
    clip = training["clip_grad_norm"]
    result = client.train(network=network.spec(), state_dict={k: np.asarray(v) for k, v in
                                                               fixture["initial_state_dict"].items()},
                          optimizer=training["optimizer"], loss=training["loss"], data=data,
                          targets=fixture["data"]["targets"], epochs=training["epochs"],
                          truncation=training["truncation"], progress=False,
                          **({"clip_grad_norm": clip} if clip is not None else {}))
    assert result.state == "done"
    np.testing.assert_allclose(result.losses, fixture["losses"], atol=TOLERANCE, rtol=0)

    info = client.model_get(result.model)
    assert info.network == network and info.weights is None
    assert list(info.state_dict) == list(fixture["final_state_dict"])
    for key, expected in fixture["final_state_dict"].items():
        assert info.state_dict[key].dtype == np.float32
        np.testing.assert_allclose(info.state_dict[key], expected, atol=TOLERANCE, rtol=0, err_msg=key)

    predictions = client.predict(result.model, data)
    expected = np.asarray(fixture["predictions"], dtype=np.float32)
    if isinstance(data, np.ndarray):  # one sequence: (T,) for one output, (T, O) for several
        expected = expected[0, :, 0] if network.output_size == 1 else expected[0]
    assert predictions.shape == expected.shape and predictions.dtype == np.float32
    np.testing.assert_allclose(predictions, expected, atol=TOLERANCE, rtol=0)


def test_a_state_dict_round_trips_through_model_get_and_train(client: elman.Worker) -> None:
    columns = sine_and_cosine()
    first = client.train(network=elman.GRU(hidden_size=5), optimizer=elman.Adam(lr=0.01), data=columns,
                         epochs=20, seed=3, progress=False)
    state_dict = client.model_get(first.model).state_dict
    again = client.train(network=elman.GRU(hidden_size=5), state_dict=state_dict, optimizer=elman.Adam(lr=0.01),
                         data=columns, epochs=3, progress=False)
    continued = client.train(first.model, optimizer=elman.Adam(lr=0.01), data=columns, epochs=3, progress=False)
    # A new model from the state_dict and a fresh Adam trains as the model itself does with a fresh Adam.
    assert again.losses.tolist() == continued.losses.tolist()


def test_columns_targets_predict_and_generate_shapes(client: elman.Worker) -> None:
    columns = sine_and_cosine()
    one = client.train(network=elman.LSTM(hidden_size=6), optimizer=elman.Adam(lr=0.02), data=columns, targets=[1],
                       epochs=30, progress=False)
    assert one.losses[-1] < one.losses[0]
    assert client.predict(one.model, columns).shape == (len(columns) - 1,)
    assert client.predict(one.model, inputs=columns[:5]).shape == (5,)
    assert client.predict(one.model, [columns, columns]).shape == (2, len(columns) - 1, 1)
    with pytest.raises(elman.InvalidParams) as caught:
        client.generate(one.model, prime=columns[:5], steps=3)
    assert caught.value.data["param"] == "model" and "outputs" in str(caught.value)
    with pytest.raises(elman.InvalidParams) as caught:
        client.predict(one.model, inputs=[0.1, 0.2])
    assert caught.value.data["param"] == "inputs"

    both = client.train(network={"cell": "rnn", "hidden_size": 6}, data=columns, epochs=10, progress=False)
    assert client.predict(both.model, columns).shape == (len(columns) - 1, 2)
    assert client.generate(both.model, prime=columns[:5], steps=4).shape == (4, 2)
    network = client.model_get(both.model).network
    assert (network.cell, network.input_size, network.output_size, network.bias) == ("rnn", 2, 2, True)


def test_a_pandas_frame_trains_on_named_columns(client: elman.Worker) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is optional")
    columns = sine_and_cosine()
    frame = pandas.DataFrame(columns, columns=["sin", "cos"])
    by_name = client.train(network=elman.GRU(4), data=frame, targets=["cos"], epochs=5, seed=1, progress=False)
    by_index = client.train(network=elman.GRU(4), data=columns, targets=[1], epochs=5, seed=1, progress=False)
    assert by_name.losses.tolist() == by_index.losses.tolist()
    series = client.train(network=elman.GRU(4), data=frame["sin"], epochs=5, seed=1, progress=False)
    assert client.model_get(series.model).network.input_size == 1


def test_the_seed_job_describes_its_network_and_state_dict(client: elman.Worker) -> None:
    info = client.model_get(client.train(epochs=2, progress=False).model)
    assert info.network == elman.NetworkInfo(cell="rnn", nonlinearity="tanh", input_size=1, hidden_size=6,
                                             num_layers=1, output_size=1, bias=False)
    assert np.array_equal(info.state_dict["rnn.weight_ih_l0"], info.weights.w1[:1].T)
    assert np.array_equal(info.state_dict["rnn.weight_hh_l0"], info.weights.w1[1:].T)
    assert np.array_equal(info.state_dict["head.weight"], info.weights.w2.T)


def test_save_and_load_keep_the_network_and_state_dict(client: elman.Worker) -> None:
    trained = client.train(network=elman.LSTM(3, num_layers=2, bias=False), data=sine_and_cosine(), targets=[0],
                           epochs=3, progress=False)
    client.model_save(trained.model, "lstm-two-layers")
    loaded = client.model_get(client.model_load("lstm-two-layers").model)
    original = client.model_get(trained.model)
    assert loaded.network == original.network
    assert all(np.array_equal(loaded.state_dict[k], original.state_dict[k]) for k in original.state_dict)


def test_the_worker_refuses_what_only_it_can_check(client: elman.Worker) -> None:
    state_dict = client.model_get(client.train(network=elman.LSTM(4), epochs=1, progress=False).model).state_dict
    before = len(client.model_list().models)
    with pytest.raises(elman.InvalidParams) as caught:
        client.train(network=elman.LSTM(4), state_dict={**state_dict, "rnn.weight_hh_l0": np.zeros((16, 3))},
                     epochs=1, progress=False)
    assert caught.value.data["param"] == "state_dict.rnn.weight_hh_l0"
    with pytest.raises(elman.LimitExceeded) as caught:
        client.train(network=elman.GRU(4), data=np.zeros((5, 65)), epochs=1, progress=False)
    assert caught.value.data["limit"] == "max_columns"
    assert len(client.model_list().models) == before
