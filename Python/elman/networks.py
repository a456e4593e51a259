"""Networks as torch.nn names them: what ``train(network=…)`` asks for and what a model summary describes.

A network is the PyTorch module ``Net`` of :mod:`elman.torch`: ``rnn = nn.RNN | nn.LSTM | nn.GRU(input_size,
hidden_size, num_layers, bias=bias, batch_first=True)`` (``nonlinearity`` for ``nn.RNN``) and ``head =
nn.Linear(hidden_size, output_size, bias=bias)``; the output at each step is the head of the top layer's h.
``input_size`` and ``output_size`` follow from the data (its columns and its targets), so :class:`RNN`,
:class:`LSTM` and :class:`GRU` leave them out. Members take PyTorch's defaults (one layer, with bias, tanh).

The seed's network is ``RNN(hidden_size=6, bias=False)`` on one column: with no ``network`` at all, the worker
trains it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Union

from .validation import flag, positive_integer, refuse, tagged_to_wire

NONLINEARITIES = ("tanh", "relu")


@dataclass(frozen=True)
class _Cell:
    """Members common to the three cells; ``to_wire`` is the protocol's ``network``."""

    cell: ClassVar[str]
    hidden_size: int
    num_layers: int = 1
    bias: bool = True

    def __post_init__(self) -> None:
        self.to_wire()  # refuse bad members at construction, naming them

    def to_wire(self) -> dict:
        return {"cell": self.cell, "hidden_size": positive_integer(self.hidden_size, "network.hidden_size"),
                "num_layers": positive_integer(self.num_layers, "network.num_layers"),
                "bias": flag(self.bias, "network.bias")}


@dataclass(frozen=True)
class RNN(_Cell):
    """``nn.RNN``: ``h_t = nonlinearity(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``, ``nonlinearity`` tanh or relu."""

    cell: ClassVar[str] = "rnn"
    nonlinearity: str = "tanh"

    def to_wire(self) -> dict:
        if self.nonlinearity not in NONLINEARITIES:
            raise refuse("network.nonlinearity", f"must be one of {', '.join(NONLINEARITIES)}, "
                         f"got {self.nonlinearity!r}")
        return {**super().to_wire(), "nonlinearity": self.nonlinearity}


@dataclass(frozen=True)
class LSTM(_Cell):
    """``nn.LSTM``: gates i, f, g, o (PyTorch's order) and a cell state c beside h."""

    cell: ClassVar[str] = "lstm"


@dataclass(frozen=True)
class GRU(_Cell):
    """``nn.GRU``: gates r, z, n (PyTorch's order)."""

    cell: ClassVar[str] = "gru"


CELLS: dict[str, type[_Cell]] = {kind.cell: kind for kind in (RNN, LSTM, GRU)}

NetworkSpec = Union[RNN, LSTM, GRU, Mapping[str, Any]]


def network_to_wire(value: NetworkSpec) -> dict:
    """The protocol's ``network`` from an :class:`RNN`, :class:`LSTM`, :class:`GRU` or a plain dict of the same
    members with ``"cell"`` (e.g. ``{"cell": "lstm", "hidden_size": 8}``); anything else raises
    :class:`~elman.InvalidParams` naming ``network`` or its member."""
    return tagged_to_wire(value, "network", "cell", CELLS, "elman.RNN, LSTM, GRU")


@dataclass(frozen=True, kw_only=True)
class NetworkInfo:
    """A model's network as the worker describes it (``model_get(m).network``): ``cell`` (rnn, lstm, gru),
    ``nonlinearity`` (for rnn; tanh for the others), the sizes, and ``bias``. The seed's is
    ``NetworkInfo(cell="rnn", nonlinearity="tanh", input_size=1, hidden_size=6, num_layers=1, output_size=1,
    bias=False)``."""

    cell: str
    nonlinearity: str
    input_size: int
    hidden_size: int
    num_layers: int
    output_size: int
    bias: bool

    @classmethod
    def from_wire(cls, value: Mapping[str, Any]) -> NetworkInfo:
        return cls(cell=value["cell"], nonlinearity=value.get("nonlinearity", "tanh"),
                   input_size=value["input_size"], hidden_size=value["hidden_size"], num_layers=value["num_layers"],
                   output_size=value["output_size"], bias=value["bias"])

    def spec(self) -> RNN | LSTM | GRU:
        """The :class:`RNN`, :class:`LSTM` or :class:`GRU` to train another network like this one."""
        extra = {"nonlinearity": self.nonlinearity} if self.cell == "rnn" else {}
        return CELLS[self.cell](hidden_size=self.hidden_size, num_layers=self.num_layers, bias=self.bias,
                                **extra)  # type: ignore[call-arg]
