"""A model as a torch module: ``to_module(model_get(m).state_dict, model_get(m).network)``.

The module is the issue's ``Net``: ``rnn = nn.RNN | nn.LSTM | nn.GRU(input_size, hidden_size, num_layers,
bias=bias, batch_first=True)`` (``nonlinearity`` for nn.RNN) and ``head = nn.Linear(hidden_size, output_size,
bias=bias)``; ``forward(x)`` maps ``x`` of shape (B, T, input_size) from zero states to the head's outputs
(B, T, output_size), which is what the worker's ``predict`` computes. Its ``state_dict()`` has the worker's names
and shapes, so it goes back to ``train(state_dict=…)`` as it is.

torch is imported by the first call, not by ``import elman.torch``; without it the call raises
ModuleNotFoundError saying how to install it.
"""
from __future__ import annotations

from functools import cache
from typing import Any, Mapping

import numpy as np

from .networks import NetworkInfo, NetworkSpec, network_to_wire
from .state_dict import as_numpy

#: The cell classes of torch.nn, by the protocol's cell names.
TORCH_CELLS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def _torch() -> Any:
    try:
        import torch
    except ModuleNotFoundError as error:
        if error.name != "torch":
            raise
        raise ModuleNotFoundError("elman.torch needs PyTorch: pip install torch (see https://pytorch.org)",
                                  name="torch") from None
    return torch


@cache
def net_class() -> type:
    """The class ``Net`` (a torch.nn.Module), defined once torch is imported."""
    nn = _torch().nn

    class Net(nn.Module):
        """The issue's network: a torch.nn recurrent module and a Linear head on its top layer's h."""

        def __init__(self, cell: str, input_size: int, hidden_size: int, num_layers: int, output_size: int,
                     bias: bool, nonlinearity: str = "tanh") -> None:
            super().__init__()
            extra = {"nonlinearity": nonlinearity} if cell == "rnn" else {}
            self.rnn = getattr(nn, TORCH_CELLS[cell])(input_size, hidden_size, num_layers, bias=bias,
                                                      batch_first=True, **extra)
            self.head = nn.Linear(hidden_size, output_size, bias=bias)

        def forward(self, x: Any) -> Any:
            """(B, T, input_size) → (B, T, output_size), from zero states."""
            hidden, _ = self.rnn(x)
            return self.head(hidden)

    return Net


def to_module(state_dict: Mapping[str, Any], network: NetworkInfo | NetworkSpec | None = None) -> Any:
    """The ``Net`` with ``state_dict``'s weights (float32, in eval mode).

    ``network`` is a model's :class:`~elman.NetworkInfo` (``model_get(m).network``), or :class:`~elman.RNN`,
    :class:`~elman.LSTM`, :class:`~elman.GRU` or the protocol's dict; the sizes it leaves out (input and output)
    come from the state_dict's shapes. Without ``network``: the cell and sizes are read from the shapes (an rnn is
    taken as tanh; pass the network for relu). torch's ``load_state_dict`` checks every name and shape.
    """
    torch = _torch()
    arrays = {name: np.asarray(as_numpy(tensor), dtype=np.float32) for name, tensor in state_dict.items()}
    description = _description(arrays, network)
    module = net_class()(**description)
    module.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in arrays.items()})
    return module.eval()


def _description(arrays: Mapping[str, np.ndarray], network: NetworkInfo | NetworkSpec | None) -> dict:
    """Net's arguments: ``network``'s members, the rest from the shapes (``weight_ih_l0`` is G·H × D,
    ``weight_hh_l0`` G·H × H, ``head.weight`` O × H)."""
    try:
        gates_by_hidden, input_size = arrays["rnn.weight_ih_l0"].shape
        hidden_size = arrays["rnn.weight_hh_l0"].shape[1]
        output_size = arrays["head.weight"].shape[0]
    except (KeyError, ValueError) as error:
        raise ValueError(f"not a state_dict of elman's networks ({error}): it needs rnn.weight_ih_l0, "
                         "rnn.weight_hh_l0 and head.weight as 2-D arrays") from None
    if isinstance(network, NetworkInfo):
        given = network_to_wire(network.spec())
    elif network is not None:
        given = network_to_wire(network)
    else:
        cells = {1: "rnn", 4: "lstm", 3: "gru"}
        if gates_by_hidden % hidden_size or gates_by_hidden // hidden_size not in cells:
            raise ValueError(f"rnn.weight_ih_l0 has {gates_by_hidden} rows for hidden size {hidden_size}: "
                             "not 1, 3 or 4 gates")
        given = {"cell": cells[gates_by_hidden // hidden_size], "hidden_size": hidden_size, "bias": "head.bias" in arrays,
                 "num_layers": sum(1 for name in arrays if name.startswith("rnn.weight_hh_l"))}
    return {"cell": given["cell"], "input_size": input_size, "hidden_size": given["hidden_size"],
            "num_layers": given["num_layers"], "output_size": output_size, "bias": given["bias"],
            "nonlinearity": given.get("nonlinearity", "tanh")}
