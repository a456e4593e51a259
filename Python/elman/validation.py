"""Client-side checks of parameters, before anything is sent.

The worker validates every request too; these checks exist so that Python values the JSON encoder would mangle or
refuse obscurely (NaN, None, text, complex numbers, generators, 2.5 epochs) fail with an
:class:`~elman.InvalidParams` that names the parameter, and for arrays the first bad element, as
``data = {"param", "reason", "index"?}`` — the worker's shape for the same error.

Rules: an integer parameter takes a Python ``int`` or a numpy integer (``bool`` and floats, even ``3.0``, are
refused: a silent ``int()`` turned 2.5 epochs into 2); a real parameter takes any real number but ``bool``, and it
must be finite. An array takes a list, tuple, numpy array or anything with ``__array__`` (pandas, torch on CPU), of
real finite numbers; complex values, booleans, text and ``None`` are refused. A generator or other one-shot
iterator is refused (it could be read only once, and a second use would silently see nothing): pass
``list(values)`` or a numpy array.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterator
from dataclasses import MISSING, fields
from typing import Any, Mapping

import numpy as np

from .errors import InvalidParams


def refuse(param: str, reason: str, index: int | list[int] | None = None) -> InvalidParams:
    """The error for ``param``; ``index`` is the first bad element of an array parameter."""
    data: dict[str, Any] = {"param": param, "reason": reason}
    where = ""
    if index is not None:
        data["index"] = index
        where = f" (at index {index})"
    return InvalidParams(f"invalid params: {param} {reason}{where}", data=data)


def is_real(value: Any) -> bool:
    """Whether ``value`` is a real number and not a bool (``numbers.Real`` counts ``True`` as 1)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def integer(value: Any, param: str) -> int:
    """``value`` as an ``int``: a Python int or numpy integer, never a bool or a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise refuse(param, f"must be an integer, got {type(value).__name__} {value!r}")
    return int(value)


def real(value: Any, param: str) -> float:
    """``value`` as a finite ``float``."""
    if not is_real(value):
        raise refuse(param, f"must be a real number, got {type(value).__name__} {value!r}")
    result = float(value)
    if not np.isfinite(result):
        raise refuse(param, f"must be finite, got {result}")
    return result


def real_array(values: Any, param: str, ndims: tuple[int, ...] = (1,), dtype: type = np.float64) -> np.ndarray:
    """``values`` as a numpy array of ``dtype`` with one of ``ndims`` dimensions, every element real and finite
    (in ``dtype``: a value beyond float32's range is refused for a float32 array). An array already of ``dtype`` is
    returned as it is, not copied."""
    if isinstance(values, (str, bytes)):
        raise refuse(param, "must be an array of numbers, not text")
    if isinstance(values, Iterator):
        raise refuse(param, f"must be an array, not a one-shot {type(values).__name__}; pass list(...) of it")
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nesting
        raise refuse(param, f"must be a rectangular array of numbers ({error})") from None
    if array.ndim not in ndims:
        wanted = " or ".join(f"{n}-dimensional" for n in ndims)
        raise refuse(param, f"must be {wanted}, got shape {array.shape}")
    if array.dtype.kind not in "iuf":
        elements = np.asarray(values, dtype=object).reshape(array.shape)
        for position, element in np.ndenumerate(elements):
            if not is_real(element):
                raise refuse(param, f"must hold real numbers, got {type(element).__name__} {element!r}",
                             _index(position))
    with np.errstate(over="ignore"):
        converted = array.astype(dtype, copy=False)
    bad = np.flatnonzero(~np.isfinite(converted))
    if bad.size:
        position = np.unravel_index(bad[0], converted.shape)
        raise refuse(param, f"must hold finite numbers, got {array[position]!r}", _index(position))
    return converted


def _index(position: tuple[int, ...]) -> int | list[int]:
    return int(position[0]) if len(position) == 1 else [int(i) for i in position]


def at_least(value: Any, low: float, param: str, *, strict: bool = False) -> float:
    """``value`` as a finite ``float`` ≥ ``low`` (> ``low`` when ``strict``)."""
    result = real(value, param)
    if result < low or (strict and result == low):
        raise refuse(param, f"must be {'>' if strict else '≥'} {low:g}, got {result:g}")
    return result


def positive_integer(value: Any, param: str) -> int:
    """``value`` as an ``int`` ≥ 1 (see :func:`integer`)."""
    return at_least_integer(value, 1, param)


def at_least_integer(value: Any, low: int, param: str) -> int:
    """``value`` as an ``int`` ≥ ``low`` (see :func:`integer`)."""
    result = integer(value, param)
    if result < low:
        raise refuse(param, f"must be at least {low}, got {result}")
    return result


def flag(value: Any, param: str) -> bool:
    """``value`` when it is a ``bool`` (JSON's true/false; 0 and 1 are refused)."""
    if not isinstance(value, (bool, np.bool_)):
        raise refuse(param, f"must be true or false, got {type(value).__name__} {value!r}")
    return bool(value)


def known_members(members: dict, kind: type, param: str) -> dict:
    """``members`` for constructing the dataclass ``kind`` from a plain dict given as ``param``: each must be one of
    its fields (else the refusal naming ``param.<member>``), and its required fields present."""
    names = {field.name for field in fields(kind)}
    for name in members:
        if name not in names:
            raise refuse(f"{param}.{name}", f"is not a member of {param} for {kind.__name__}")
    for field in fields(kind):
        if field.default is MISSING and field.name not in members:
            raise refuse(f"{param}.{field.name}", "is required")
    return members


def tagged_to_wire(value: Any, param: str, tag: str, kinds: Mapping[str, type], described: str) -> dict:
    """The wire form of ``param`` given as one of the dataclasses in ``kinds`` (each with ``to_wire()``), or as a
    plain dict whose member ``tag`` names one of ``kinds`` and whose other members are that dataclass's fields;
    anything else raises the refusal naming ``param`` or its member."""
    if isinstance(value, tuple(kinds.values())):
        return value.to_wire()
    if not isinstance(value, Mapping):
        raise refuse(param, f"must be {described} or a dict with {tag!r}, got {type(value).__name__}")
    members = dict(value)
    kind = kinds.get(members.pop(tag, None))  # type: ignore[arg-type]
    if kind is None:
        raise refuse(f"{param}.{tag}", f"must be one of {', '.join(kinds)}, got {value.get(tag)!r}")
    return kind(**known_members(members, kind, param)).to_wire()
