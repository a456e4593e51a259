"""``train``'s parameters in the wire's form, checked before anything is sent.

One table (:data:`CONVERTERS`) serves :meth:`~elman.Client.train`, a sweep's ``base``, its grid values and its
configs, so a parameter is checked the same way wherever it is given. A refusal is an :class:`~elman.InvalidParams`
naming the parameter; :func:`relocated` renames it to where a sweep took it from (``grid.lr[3]``, ``configs[2].seed``),
as the worker names it.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from .data import data_to_wire
from .errors import InvalidParams
from .networks import network_to_wire
from .optimizers import optimizer_to_wire
from .results import as_weights
from .state_dict import state_dict_to_wire
from .validation import at_least, integer, real, refuse

#: Losses the worker knows: the seed's ½ Σ (y − target)², and the mean of (y − target)².
LOSSES = ("sse/2", "mse")

#: train's parameters that exclude others: (the parameter, those it excludes; a refusal names the excluded one).
EXCLUSIONS = (("network", ("model", "hidden_size", "init_std", "weights")),
              ("state_dict", ("model", "weights", "seed", "init_std")),
              ("optimizer", ("lr",)))


def _model(value: Any, param: str) -> str:
    if not isinstance(value, str):
        raise refuse(param, f"must be a model id (text), got {type(value).__name__} {value!r}")
    return value


def _init_std(value: Any, param: str) -> dict[str, float]:
    """The protocol's ``init_std`` from a pair ``(w1_std, w2_std)``."""
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__") or len(value) != 2:
        raise refuse(param, f"must be a pair (w1_std, w2_std), got {value!r}")
    return {"w1": real(value[0], f"{param}.w1"), "w2": real(value[1], f"{param}.w2")}


def _loss(value: Any, param: str) -> str:
    if value not in LOSSES:
        raise refuse(param, f"must be one of {', '.join(LOSSES)}, got {value!r}")
    return value


#: Each parameter of train the client knows, and how its Python value becomes the wire's (refusing a bad one).
CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "model": _model,
    "hidden_size": integer,
    "seed": integer,
    "init_std": _init_std,
    "weights": lambda value, _: as_weights(value).to_wire(),
    "network": lambda value, _: network_to_wire(value),
    "state_dict": lambda value, _: state_dict_to_wire(value),
    "optimizer": lambda value, _: optimizer_to_wire(value),
    "loss": _loss,
    "clip_grad_norm": lambda value, param: at_least(value, 0.0, param, strict=True),
    "data": lambda value, _: data_to_wire(value),
    "epochs": integer,
    "lr": real,
    "truncation": integer,
    "report_every": integer,
}


def train_params(given: Mapping[str, Any]) -> dict[str, Any]:
    """train's params from Python values: the members of ``given`` that are not ``None``, each converted, in the
    order of :data:`CONVERTERS`; ``targets`` goes into ``data``. Unknown names, pairs the protocol does not allow
    together and ``targets`` without ``data`` are refused."""
    unknown = [name for name in given if name not in CONVERTERS and name != "targets"]
    if unknown:
        raise refuse(unknown[0], f"is not a train parameter (known: {', '.join(CONVERTERS)}, targets)")
    params = {name: convert(given[name], name) for name, convert in CONVERTERS.items()
              if given.get(name) is not None}
    targets = given.get("targets")
    if targets is not None:
        if "data" not in params:
            raise refuse("data.targets", "needs data of one's own (the default sine has one column)")
        params["data"] = data_to_wire(given["data"], targets)
    refuse_conflicts(params)
    return params


def train_param(name: str, value: Any, place: str) -> Any:
    """One parameter's wire value, refused under the name ``place`` (where a sweep took it from)."""
    convert = CONVERTERS.get(name)
    if convert is None:
        raise refuse(place, f"is not a train parameter (known: {', '.join(CONVERTERS)})")
    try:
        return convert(value, name)
    except InvalidParams as error:
        raise relocated(error, name, place) from None


def relocated(error: InvalidParams, member: str, place: str) -> InvalidParams:
    """``error`` with its parameter ``member…`` renamed ``place…`` (``lr`` → ``grid.lr[3]``, ``network.cell`` →
    ``configs[0].network.cell``)."""
    data = dict(error.data) if isinstance(error.data, Mapping) else {}
    param = str(data.get("param", member))
    if param.startswith(member):
        param = place + param[len(member):]
    return refuse(param, str(data.get("reason", error.message)), data.get("index"))


def refuse_conflicts(params: Mapping[str, Any], prefix: str = "") -> None:
    """Refuse a pair of parameters the protocol does not allow together, naming the one that must go."""
    for given, excluded in EXCLUSIONS:
        if given in params:
            for other in excluded:
                if other in params:
                    raise refuse(prefix + other, f"is not allowed with {given}")
