"""Learning from real data: held-out validation data, early stopping and scalers, as ``train`` takes them and as
``model_get`` reports a scaler (PROTOCOL.md, *Validation* and *Scaling*).

- ``validation``: a fraction ``0 < f < 1`` (the last ``round(f·T)`` rows of each sequence, never trained on; sent as
  ``{"fraction": f}``), that dict itself, or held-out data in any form ``data`` takes (:mod:`elman.data`), with
  ``data``'s columns. Its loss — forward only, from zero states, teacher-forced, the training ``loss`` — is measured
  after every epoch: ``TrainResult.validation_losses``.
- ``early_stopping``: :class:`EarlyStopping` or a dict of its members; it needs ``validation``.
- ``scaler``: ``"standard"`` ((x − mean) / std per column) or ``"minmax"`` ((x − min) / (max − min)), fitted on the
  training part only. Losses are then in scaled units; ``predict``, ``generate``, ``evaluate`` and ``backtest``'s
  forecasts are in the data's own units.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Union

import numpy as np

from .data import Data, data_to_wire
from .errors import InvalidParams
from .validation import at_least, flag, known_members, positive_integer, real, refuse

#: The scalers the worker knows.
SCALERS = ("standard", "minmax")


@dataclass(frozen=True)
class EarlyStopping:
    """Stop after ``patience`` epochs without a validation loss below the best one by more than ``min_delta``.

    The best epoch is epoch 0, then each epoch whose validation loss beats the best by more than ``min_delta``; once
    ``patience`` epochs have passed since it, the job ends ``done`` (``stopped_epoch`` says after which epoch). With
    ``restore_best`` the model ends with the best epoch's weights, so its validation loss is
    ``validation_losses[best_epoch]``; without, with the last epoch's.
    """

    patience: int = 20
    min_delta: float = 0.0
    restore_best: bool = True

    def __post_init__(self) -> None:
        self.to_wire()  # refuse bad members at construction, naming them

    def to_wire(self) -> dict:
        return {"patience": positive_integer(self.patience, "early_stopping.patience"),
                "min_delta": at_least(self.min_delta, 0.0, "early_stopping.min_delta"),
                "restore_best": flag(self.restore_best, "early_stopping.restore_best")}


EarlyStoppingSpec = Union[EarlyStopping, Mapping[str, Any]]
Validation = Union[float, Mapping[str, Any], Data]


def early_stopping_to_wire(value: EarlyStoppingSpec) -> dict:
    """The protocol's ``early_stopping`` from :class:`EarlyStopping` or a dict of its members."""
    if isinstance(value, EarlyStopping):
        return value.to_wire()
    if not isinstance(value, Mapping):
        raise refuse("early_stopping", f"must be elman.EarlyStopping or a dict, got {type(value).__name__}")
    return EarlyStopping(**known_members(dict(value), EarlyStopping, "early_stopping")).to_wire()


def validation_to_wire(value: Validation) -> dict:
    """The protocol's ``validation``: a number is a fraction of each sequence held out (0 < f < 1), as is
    ``{"fraction": f}``; anything else is data in a form ``data`` takes (its ``targets``, if any, must be data's)."""
    if isinstance(value, Mapping) and "fraction" in value:
        if set(value) != {"fraction"}:
            raise refuse("validation", f"a fraction is {{'fraction': f}} alone, got {sorted(value)}")
        value = value["fraction"]
    if isinstance(value, (bool, np.bool_)) or not (np.isscalar(value) and np.ndim(value) == 0):
        return _renamed(value)
    fraction = real(value, "validation.fraction")
    if not 0.0 < fraction < 1.0:
        raise refuse("validation.fraction", f"must be greater than 0 and less than 1, got {fraction:g}")
    return {"fraction": fraction}


def _renamed(value: Data) -> dict:
    """``data_to_wire`` of held-out data, its refusals naming ``validation`` instead of ``data``."""
    try:
        return data_to_wire(value)
    except InvalidParams as error:
        param = error.data.get("param", "")
        if not param.startswith("data"):
            raise
        raise refuse("validation" + param[len("data"):], error.data["reason"], error.data.get("index")) from None


def scaler_to_wire(value: str) -> str:
    """``"standard"`` or ``"minmax"``."""
    if value not in SCALERS:
        raise refuse("scaler", f"must be one of {', '.join(SCALERS)}, got {value!r}")
    return value


@dataclass(frozen=True, eq=False)
class Scaler:
    """A model's scaler (``model_get(m).scaler``): column d is scaled as ``(x − offset[d]) / scale[d]``, and
    output o is column ``targets[o]`` (so its value in the data's units is ``y · scale[t] + offset[t]``).
    ``offset`` and ``scale`` are float64, as the worker keeps them."""

    kind: str
    offset: np.ndarray
    scale: np.ndarray
    targets: list[int]

    @classmethod
    def from_wire(cls, value: Mapping[str, Any]) -> Scaler:
        return cls(kind=value["kind"], offset=np.asarray(value["offset"], dtype=np.float64),
                   scale=np.asarray(value["scale"], dtype=np.float64), targets=list(value["targets"]))

    def transform(self, rows: Any) -> np.ndarray:
        """``rows`` (T, or T × D of the data's columns) in scaled units."""
        values = np.asarray(rows, dtype=np.float64)
        return (values - self._per_column(values, self.offset)) / self._per_column(values, self.scale)

    def inverse_outputs(self, outputs: Any) -> np.ndarray:
        """Outputs in scaled units (T, or T × O) back in the data's units."""
        values = np.asarray(outputs, dtype=np.float64)
        chosen = self.targets
        return values * self._per_column(values, self.scale[chosen]) + self._per_column(values, self.offset[chosen])

    @staticmethod
    def _per_column(values: np.ndarray, per: np.ndarray) -> np.ndarray | float:
        return float(per[0]) if values.ndim == 1 else per
