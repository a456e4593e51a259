"""Hidden states, gradient flow and training records through the client (issue 13's worker members).

The client-side checks run against any worker; the rest is skipped on a worker that does not have the members yet
(it refuses `predict`'s `return` or `train`'s `record`, or does not know `gradient_flow`), and asserts against the
seed's network recomputed in numpy where it has them."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)

NEW_MEMBERS = ("return", "record")


def supported(call: Callable[[], Any]) -> Any:
    """``call()``, or a skip when the worker refuses one of issue 13's members as unknown."""
    try:
        return call()
    except elman.MethodNotFound:
        pytest.skip("the worker has no gradient_flow (issue 13's worker side)")
    except elman.InvalidParams as error:
        if error.data.get("param") in NEW_MEMBERS and error.data.get("reason") == "unknown parameter":
            pytest.skip(f"the worker does not know {error.data['param']} (issue 13's worker side)")
        raise


def seed_forward(weights: elman.Weights) -> tuple[np.ndarray, np.ndarray]:
    """The seed's network over the sine from a zero state: hidden states (T, H) and outputs (T,), float64."""
    h = np.zeros(weights.hidden_size)
    states, outputs = [], []
    for x in elman.Sine().values[:-1].astype(np.float64):
        h = np.tanh(np.concatenate([[x], h]) @ weights.w1)
        states.append(h)
        outputs.append(float(h @ weights.w2[:, 0]))
    return np.array(states), np.array(outputs)


def test_bad_introspection_parameters_are_refused_before_sending(client: elman.Worker) -> None:
    with pytest.raises(elman.InvalidParams, match="of"):
        client.gradient_flow("m1", of="gradient")
    for record in (["loss"], ["grad_norm", "grad_norm"], 3):
        with pytest.raises(elman.InvalidParams) as refused:
            client.train(record=record, progress=False)
        assert refused.value.data["param"] == "record"


def test_hidden_states_of_the_seed_network_are_its_tanh_states(client: elman.Worker) -> None:
    model = client.train(progress=False).model
    hidden = supported(lambda: client.hidden_states(model))
    expected, _ = seed_forward(client.model_get(model).weights)
    assert hidden.shape == (20, 1, 6) and hidden.dtype == np.float32
    np.testing.assert_allclose(hidden[:, 0, :], expected, atol=1e-5)


def test_an_lstm_gives_its_cell_states_too_and_sequences_a_batch_axis(client: elman.Worker) -> None:
    model = client.train(network=elman.LSTM(hidden_size=3, num_layers=2), epochs=5, progress=False).model
    hidden, cell = supported(lambda: client.hidden_states(model, cell=True))
    assert hidden.shape == cell.shape == (20, 2, 3)
    batch = client.hidden_states(model, [np.sin(np.arange(9.0)), np.cos(np.arange(9.0))])
    assert batch.shape == (2, 8, 2, 3)


def test_the_gradient_at_the_last_step_is_the_heads_weight_times_the_error(client: elman.Worker) -> None:
    model = client.train(progress=False).model
    of_output = supported(lambda: client.gradient_flow(model, of="output"))
    of_loss = client.gradient_flow(model)
    weights = client.model_get(model).weights
    _, outputs = seed_forward(weights)
    error = outputs[-1] - float(elman.Sine().values[-1])
    assert of_output.shape == of_loss.shape == (1, 20)
    head = np.linalg.norm(weights.w2)
    np.testing.assert_allclose(of_output[0, -1], head, rtol=1e-4)  # y = h · w2, so ∂y/∂h = w2
    np.testing.assert_allclose(of_loss[0, -1], abs(error) * head, rtol=1e-3)  # ½ Σ (y − target)²: the last term
    assert np.all(of_loss > 0)


def test_records_hold_a_gradient_norm_and_spectral_radii_per_epoch(client: elman.Worker) -> None:
    result = supported(lambda: client.train(network=elman.RNN(hidden_size=5), epochs=40,
                                            record=["grad_norm", "spectral_radius"], progress=False))
    norms, radii = result.records["grad_norm"], result.records["spectral_radius"]
    assert norms.shape == (40,) and np.all(np.isfinite(norms) & (norms > 0))
    assert radii.shape == (40, 1, 1)  # epochs × layers × gate blocks (one for rnn)
    w_hh = client.model_get(result.model).state_dict["rnn.weight_hh_l0"]
    np.testing.assert_allclose(radii[-1, 0, 0], np.max(np.abs(np.linalg.eigvals(w_hh))), rtol=5e-2)
