"""What the worker answers, as Python values: weights as numpy arrays, jobs and models as frozen dataclasses.

Numbers the worker sends from float32 values are written with the shortest digits that read back to the same
float32, so converting them with ``numpy.float32`` recovers the worker's values exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from .holdout import Scaler
from .html_repr import job_html, model_html
from .networks import NetworkInfo
from .state_dict import StateDict, state_dict_from_wire
from .validation import real_array, refuse


@dataclass(frozen=True, eq=False)
class Weights:
    """The network's weights in PyTorch's layout, float32.

    ``w1`` is ``(hidden_size + 1, hidden_size)``: row 0 multiplies the input, rows ``1…`` the context, so
    ``h_t = tanh([x_t, h_{t-1}] · w1)``. ``w2`` is ``(hidden_size, 1)`` and ``y_t = h_t · w2``.
    ``torch.from_numpy(w.w1)`` is the seed's ``w1``.
    """

    w1: np.ndarray
    w2: np.ndarray

    def __post_init__(self) -> None:
        w1 = real_array(self.w1, "weights.w1", ndims=(2,), dtype=np.float32)
        w2 = real_array(self.w2, "weights.w2", ndims=(1, 2), dtype=np.float32).reshape(-1, 1)
        hidden = w2.shape[0]
        if w1.shape != (hidden + 1, hidden):
            raise refuse("weights.w1", f"must have shape ({hidden + 1}, {hidden}) for w2 of shape {w2.shape}, "
                         f"got {w1.shape}")
        object.__setattr__(self, "w1", w1)
        object.__setattr__(self, "w2", w2)

    @property
    def hidden_size(self) -> int:
        """The number of context neurons."""
        return self.w2.shape[0]

    @classmethod
    def from_wire(cls, value: Mapping[str, Any]) -> Weights:
        """From the protocol's ``{"w1": [[…], …], "w2": [[…], …]}``."""
        return cls(w1=value["w1"], w2=value["w2"])

    def to_wire(self) -> dict:
        """As the protocol's ``w1`` and ``w2``: the float32 arrays themselves (a binary frame each, or JSON lists:
        float32 values widen to Python floats exactly, so nothing is lost either way)."""
        return {"w1": self.w1, "w2": self.w2}


def as_weights(value: Weights | Mapping[str, ArrayLike]) -> Weights:
    """A :class:`Weights` from itself or from a mapping with ``w1`` and ``w2`` (arrays, tensors or lists)."""
    if isinstance(value, Weights):
        return value
    if not isinstance(value, Mapping) or not {"w1", "w2"} <= value.keys():
        raise refuse("weights", "must be elman.Weights or a mapping with w1 and w2")
    return Weights(w1=value["w1"], w2=value["w2"])


@dataclass(frozen=True, kw_only=True, eq=False)
class Job:
    """A training job as the worker reports it.

    ``id`` is the job's id (``j1``; the wire's ``job`` member), ``model`` the id of the model it trains (``None``
    for a backtest). ``state`` is one of ``queued``, ``running``, ``done``, ``cancelled``, ``diverged``,
    ``failed``; ``epoch`` the epochs completed as last reported, of ``epochs`` asked for; ``losses`` the total loss
    of each completed epoch (empty until the job ends); ``seconds`` the training time measured in the engine;
    ``diverged_epoch`` the 0-based epoch whose loss was not finite, when ``state`` is ``diverged``. ``records``
    holds what a ``train`` with ``record`` asked to measure per epoch, as float64 arrays by name (``grad_norm``: one
    per epoch; ``spectral_radius``: epochs × layers × gates), once the job has ended; empty otherwise.

    A job trained with ``validation`` also has ``validation_losses`` (float32, the validation loss after each
    completed epoch, empty until the job ends) and ``best_epoch`` (0-based: the best validation loss, ``None``
    until an epoch has completed); with ``early_stopping``, ``stopped_epoch`` is the 0-based epoch after which it
    stopped the job (``None`` when every epoch ran). Without validation all three are ``None``.
    """

    id: str
    model: str | None
    state: str
    epoch: int
    epochs: int
    losses: np.ndarray
    seconds: float
    diverged_epoch: int | None = None
    validation_losses: np.ndarray | None = None
    best_epoch: int | None = None
    stopped_epoch: int | None = None
    records: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_wire(cls, value: Mapping[str, Any], **more: Any) -> Job:
        """The job from the wire's job object; ``more`` gives a subclass's own fields (a result's ``wall_seconds``)."""
        validation = value.get("validation_losses")
        if validation is None and "best_epoch" in value:  # job.list leaves the losses out
            validation = []
        return cls(id=value["job"], model=value["model"], state=value["state"], epoch=value["epoch"],
                   epochs=value["epochs"], losses=np.asarray(value.get("losses", []), dtype=np.float32),
                   seconds=float(value.get("seconds", 0.0)), diverged_epoch=value.get("diverged_epoch"),
                   validation_losses=None if validation is None else np.asarray(validation, dtype=np.float32),
                   best_epoch=value.get("best_epoch"), stopped_epoch=value.get("stopped_epoch"),
                   records={name: np.asarray(values, dtype=np.float64)
                            for name, values in value.get("records", {}).items()}, **more)

    def _repr_html_(self) -> str:
        """A notebook's view: state, epochs, final loss and a loss sparkline (see :mod:`elman.html_repr`)."""
        return job_html(self)


@dataclass(frozen=True, kw_only=True, eq=False)
class TrainResult(Job):
    """An ended training job, plus ``wall_seconds``: the time the client waited for it, from sending the request to
    receiving the reply. A ``train(live=True)`` fills ``live_figure`` (the final ``matplotlib.figure.Figure``) and
    ``live_redraws`` (how many times it was drawn, the last one included; 0 without ``live``)."""

    wall_seconds: float
    live_redraws: int = 0
    live_figure: Any = None

    @property
    def final_loss(self) -> float | None:
        """The last epoch's total loss, or ``None`` when no epoch completed."""
        return float(self.losses[-1]) if len(self.losses) else None

    def _repr_html_(self) -> str:
        extra = [("seconds (waited)", f"{self.wall_seconds:.4g}")]
        if self.live_figure is not None:
            extra.append(("live redraws", self.live_redraws))
        return job_html(self, extra)


@dataclass(frozen=True, kw_only=True)
class ModelInfo:
    """A model held by the worker. ``network`` describes it (cell, sizes, bias); ``job`` is the job training it
    now, if any. From :meth:`~elman.Client.model_get` only: ``state_dict``, its parameters under PyTorch's names
    and shapes (numpy float32, see :mod:`elman.state_dict`), and for the seed's kind of network ``weights``, the
    same values in the seed's layout."""

    model: str
    hidden_size: int
    epochs_trained: int
    network: NetworkInfo | None = None
    job: str | None = None
    name: str | None = None
    weights: Weights | None = None
    state_dict: StateDict | None = None
    scaler: Scaler | None = None
    naive_mae: np.ndarray | None = None

    @classmethod
    def from_wire(cls, value: Mapping[str, Any]) -> ModelInfo:
        weights, network, state_dict = value.get("weights"), value.get("network"), value.get("state_dict")
        scaler, naive_mae = value.get("scaler"), value.get("naive_mae")
        return cls(model=value["model"], hidden_size=value["hidden_size"], epochs_trained=value["epochs_trained"],
                   network=NetworkInfo.from_wire(network) if network is not None else None,
                   job=value.get("job"), name=value.get("name"),
                   weights=Weights.from_wire(weights) if weights is not None else None,
                   state_dict=state_dict_from_wire(state_dict) if state_dict is not None else None,
                   scaler=Scaler.from_wire(scaler) if scaler is not None else None,
                   naive_mae=np.asarray(naive_mae, dtype=np.float64) if naive_mae is not None else None)

    def _repr_html_(self) -> str:
        """A notebook's view: the network, the epochs trained and the job training it (see :mod:`elman.html_repr`)."""
        return model_html(self)


@dataclass(frozen=True)
class ModelList:
    """The models in the worker's memory and the names saved in its models folder."""

    models: list[ModelInfo]
    saved: list[str]
