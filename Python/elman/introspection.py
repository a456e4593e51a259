"""Looking inside a model: every step's hidden state, and how far gradients reach back (issue 13's worker side).

These client calls speak the protocol members issue 13 adds to the worker — ``predict`` with ``"return":
["hidden", "cell"]`` (replying ``hidden`` and ``cell``: per sequence, steps × layers × hidden_size) and the method
``gradient_flow {model, data?, of}`` (replying ``{"norms": [[‖∂L/∂h_s‖ per step s] per layer], "of"}``). A worker
older than those members refuses them with :class:`~elman.InvalidParams` (naming ``return``) or
:class:`~elman.MethodNotFound`; the tests skip on such a worker. :class:`Introspection` is a part of
:class:`~elman.Client`, kept here so that the members it needs stay in one place.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .data import Data, data_to_wire
from .validation import refuse

#: What ``gradient_flow`` differentiates: the series' total loss, or the last output.
GRADIENT_OF = ("loss", "output")


class Introspection:
    """``hidden_states`` and ``gradient_flow``; the host class provides ``call`` and ``_ask`` (a call whose reply's
    arrays come back as binary frames when the client uses them), as :class:`~elman.Client` does."""

    def hidden_states(self, model: str, data: Data | None = None, *, cell: bool = False,
                      **options: Any) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """Every step's hidden state ``h`` of every layer while the model runs teacher-forced over ``data`` (as
        :meth:`~elman.Client.predict`: default the sine, inputs all rows but the last), float32 of shape
        ``(T, layers, hidden_size)``, or ``(B, T, layers, hidden_size)`` for ``B`` sequences. With ``cell`` (LSTM
        only) the pair ``(h, c)``. :func:`elman.plot.hidden_states` draws one sequence's.

        ``options`` go to :meth:`~elman.Client.call` (``timeout``).
        """
        params: dict[str, Any] = {"model": model, "return": ["hidden", "cell"] if cell else ["hidden"]}
        if data is not None:
            params["data"] = data_to_wire(data)
        reply = self._ask("predict", params, **options)
        hidden = np.asarray(reply["hidden"], dtype=np.float32)
        return (hidden, np.asarray(reply["cell"], dtype=np.float32)) if cell else hidden

    def gradient_flow(self, model: str, data: Data | None = None, *, of: str = "loss", **options: Any) -> np.ndarray:
        """‖∂L/∂h_s‖ for every step ``s`` and layer, by back-propagation through the whole series (no truncation):
        ``L`` the total loss over ``data`` (``of="loss"``) or the last output (``of="output"``). Float64 of shape
        ``(layers, T)``; :func:`elman.plot.gradient_flow` draws it. Vanishing gradients show as norms falling
        geometrically with the distance from the end."""
        if of not in GRADIENT_OF:
            raise refuse("of", f"must be one of {', '.join(GRADIENT_OF)}, got {of!r}")
        params: dict[str, Any] = {"model": model, "of": of}
        if data is not None:
            params["data"] = data_to_wire(data)
        return np.asarray(self.call("gradient_flow", params, **options)["norms"], dtype=np.float64)
