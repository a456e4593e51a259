"""Optimisers as torch.optim names them, with its defaults (but SGD's ``lr``: the seed's 0.1), for
``train(optimizer=…)``; one optimiser per job, its state carried across windows and epochs.

Ranges (checked on construction, the refusal naming ``optimizer.<member>``): ``lr`` > 0 and finite,
``momentum`` ≥ 0, ``nesterov`` only with ``momentum`` > 0, each of ``betas`` in [0, 1), ``eps`` > 0,
``weight_decay`` ≥ 0. Plain dicts with ``"name"`` are accepted too: ``{"name": "adam", "lr": 0.01}``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Union

from .validation import at_least, flag, real, refuse, tagged_to_wire


@dataclass(frozen=True)
class SGD:
    """``torch.optim.SGD``: with momentum μ, ``b ← μ b + g`` and the step ``−lr (g + μ b)`` with ``nesterov``,
    else ``−lr b``; ``weight_decay`` λ adds ``λ θ`` to ``g``. ``SGD()`` is the seed's plain SGD at 0.1."""

    name: ClassVar[str] = "sgd"
    lr: float = 0.1
    momentum: float = 0.0
    nesterov: bool = False
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        self.to_wire()

    def to_wire(self) -> dict:
        momentum = at_least(self.momentum, 0.0, "optimizer.momentum")
        if flag(self.nesterov, "optimizer.nesterov") and momentum == 0:
            raise refuse("optimizer.nesterov", "needs momentum > 0 (as torch.optim.SGD)")
        return {"name": self.name, "lr": at_least(self.lr, 0.0, "optimizer.lr", strict=True),
                "momentum": momentum, "nesterov": self.nesterov,
                "weight_decay": at_least(self.weight_decay, 0.0, "optimizer.weight_decay")}


@dataclass(frozen=True)
class Adam:
    """``torch.optim.Adam``: moments with decay ``betas``, bias-corrected, step ``−lr m̂ / (√v̂ + eps)``;
    ``weight_decay`` λ adds ``λ θ`` to the gradient (L2)."""

    name: ClassVar[str] = "adam"
    lr: float = 0.001
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        self.to_wire()

    def to_wire(self) -> dict:
        betas = self.betas
        if isinstance(betas, (str, bytes, Mapping)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise refuse("optimizer.betas", f"must be a pair (beta1, beta2), got {betas!r}")
        checked = [real(beta, "optimizer.betas") for beta in betas]
        if not all(0.0 <= beta < 1.0 for beta in checked):
            raise refuse("optimizer.betas", f"must each be in [0, 1), got {checked}")
        return {"name": self.name, "lr": at_least(self.lr, 0.0, "optimizer.lr", strict=True), "betas": checked,
                "eps": at_least(self.eps, 0.0, "optimizer.eps", strict=True),
                "weight_decay": at_least(self.weight_decay, 0.0, "optimizer.weight_decay")}


@dataclass(frozen=True)
class AdamW(Adam):
    """``torch.optim.AdamW``: Adam with decoupled weight decay, ``θ ← θ (1 − lr λ)`` before the step."""

    name: ClassVar[str] = "adamw"
    weight_decay: float = 0.01


OPTIMIZERS: dict[str, type] = {kind.name: kind for kind in (SGD, Adam, AdamW)}

OptimizerSpec = Union[SGD, Adam, AdamW, Mapping[str, Any]]


def optimizer_to_wire(value: OptimizerSpec) -> dict:
    """The protocol's ``optimizer`` from :class:`SGD`, :class:`Adam`, :class:`AdamW` or a dict with ``"name"``."""
    return tagged_to_wire(value, "optimizer", "name", OPTIMIZERS, "elman.SGD, Adam, AdamW")
