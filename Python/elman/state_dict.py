"""State dicts: a network's parameters under PyTorch's names and in its shapes, as numpy float32 arrays.

Names are those of ``Net(...).state_dict()`` (see :mod:`elman.networks`): per layer l ``rnn.weight_ih_l{l}``
(G·H × D for layer 0, G·H × H above), ``rnn.weight_hh_l{l}`` (G·H × H) and, with bias, ``rnn.bias_ih_l{l}`` and
``rnn.bias_hh_l{l}`` (G·H); then ``head.weight`` (O × H) and, with bias, ``head.bias`` (O). G is 1 for rnn, 4 for
lstm (gates i, f, g, o), 3 for gru (r, z, n). The seed's network has ``rnn.weight_ih_l0`` (6 × 1),
``rnn.weight_hh_l0`` (6 × 6) and ``head.weight`` (1 × 6).

float32 values travel as binary frames (or, in JSON, as the shortest decimal that reads back to them), so a state
dict makes the round trip worker → numpy → worker (or → torch → worker) exactly. Arrays received as frames are
views of them (see :class:`elman.Client`).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .validation import real_array, refuse

StateDict = dict[str, np.ndarray]


def as_numpy(tensor: Any) -> Any:
    """A torch tensor (on any device, with or without grad) as a numpy array; anything else as it is."""
    for step in ("detach", "cpu", "numpy"):
        method = getattr(tensor, step, None)
        if callable(method) and not isinstance(tensor, np.ndarray):
            tensor = method()
    return tensor


def state_dict_to_wire(value: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The protocol's ``state_dict`` from a mapping of names to arrays, lists or tensors (``Net(...).state_dict()``
    as it is). Each entry must be a 1-D or 2-D array of real numbers finite in float32; the worker checks the
    names and shapes against the network (refusing with ``state_dict.<name>``)."""
    if not isinstance(value, Mapping) or not value:
        raise refuse("state_dict", f"must be a non-empty mapping of parameter names to arrays, got {value!r:.80}")
    wire = {}
    for name, tensor in value.items():
        if not isinstance(name, str):
            raise refuse("state_dict", f"keys must be parameter names (text), got {name!r}")
        wire[name] = real_array(as_numpy(tensor), f"state_dict.{name}", ndims=(1, 2), dtype=np.float32)
    return wire


def state_dict_from_wire(value: Mapping[str, Any]) -> StateDict:
    """The worker's ``state_dict`` as numpy float32 arrays of PyTorch's shapes, in the worker's order
    (``named_parameters()``'s)."""
    return {name: np.asarray(tensor, dtype=np.float32) for name, tensor in value.items()}
