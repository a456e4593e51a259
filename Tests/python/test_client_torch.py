"""Interchange with PyTorch: model_get's state_dict loaded into a real torch module (elman.torch.to_module) predicts
what the worker predicts, and a torch module's state_dict() trains on the worker as it is. Run when torch imports
(CI has none: the fixtures of test_client_networks cover parity there); without torch, to_module says how to get it."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)

INTERCHANGE = 1e-5

NETWORKS = [elman.RNN(5, nonlinearity="relu", num_layers=2), elman.LSTM(4, bias=False), elman.GRU(6, num_layers=2)]


def columns(points: int = 30) -> np.ndarray:
    t = np.linspace(0.0, 3 * np.pi, points)
    return np.stack([np.sin(t), np.cos(t), 0.5 * np.sin(2 * t)], axis=1).astype(np.float32)


@pytest.mark.parametrize("network", NETWORKS, ids=lambda n: type(n).__name__)
def test_to_module_predicts_what_the_worker_predicts(client: elman.Worker, network) -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch to run the interchange)")
    data = columns()
    trained = client.train(network=network, optimizer=elman.Adam(lr=0.01), data=data, targets=[0, 2], epochs=15,
                           seed=4, progress=False)
    info = client.model_get(trained.model)
    module = elman.torch.to_module(info.state_dict, info.network)
    with torch.no_grad():
        expected = module(torch.from_numpy(data[None, :-1])).numpy()[0]
    predicted = client.predict(trained.model, data)
    assert predicted.shape == expected.shape == (len(data) - 1, 2)
    np.testing.assert_allclose(predicted, expected, atol=INTERCHANGE, rtol=0)
    inferred = elman.torch.to_module(info.state_dict, None if info.network.cell != "rnn" else info.network)
    assert str(inferred) == str(module)


def test_a_torch_state_dict_trains_on_the_worker_as_it_is(client: elman.Worker) -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch to run the interchange)")
    torch.manual_seed(0)
    module = elman.torch.net_class()("lstm", 3, 4, 1, 3, True)
    data = columns()
    trained = client.train(network=elman.LSTM(4), state_dict=module.state_dict(), data=data, epochs=1,
                           optimizer=elman.SGD(lr=1e-9), progress=False)
    with torch.no_grad():
        expected = module(torch.from_numpy(data[None, :-1])).numpy()[0]
    np.testing.assert_allclose(client.predict(trained.model, data), expected, atol=INTERCHANGE, rtol=0)


def test_without_torch_to_module_says_how_to_install_it(tmp_path) -> None:
    blocker = tmp_path / "torch.py"
    blocker.write_text("raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n")
    code = ("import elman.torch\n"
            "try:\n    elman.torch.to_module({})\nexcept ModuleNotFoundError as e:\n    print(e)\n")
    # A torch.py first on the path stands for a missing torch: importing it fails as a missing module does.
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path)}).stdout
    assert "pip install torch" in output
