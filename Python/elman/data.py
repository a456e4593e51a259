"""The forms ``data`` comes in from Python, and the protocol's ``data`` member each becomes.

A series of T rows gives T − 1 training steps: row t is the input, the ``targets`` columns of row t + 1 the target.

| Python value | wire |
| --- | --- |
| :class:`~elman.Sine` | ``{"sine": {...}}`` (no ``targets``) |
| 1-D array, list of numbers, pandas Series | ``{"series": [x, …]}``: one column |
| 2-D array (T × D), list of rows, pandas DataFrame (columns = inputs) | ``{"series": [[row], …]}`` |
| 3-D array (B × T × D), or a list/tuple of arrays (each 1-D or 2-D, one shape) | ``{"sequences": [series, …]}`` |
| a dict already in the wire's form | the same, its arrays checked |

The arrays of the wire's form are float32 numpy arrays (``series``: T or T × D; ``sequences``: B × T or
B × T × D, one array), the values the worker trains on: the client sends each as a binary frame, or as JSON lists
(:mod:`elman.frames`). A float32 C-contiguous array given is sent as it is, without a copy.

A list of plain lists is a 2-D series (rows), not sequences: sequences are a list of *arrays* (numpy arrays,
pandas objects, tensors: anything with ``__array__``) or a 3-D array. ``targets`` (column indices, or a
DataFrame's column names) picks the predicted columns; by default all. pandas is never imported here: a value is
a DataFrame or Series only if pandas is already loaded (``sys.modules``) and the value is one of its types.

Every number must be real and finite in float32; a bad value raises :class:`~elman.InvalidParams` naming ``data`` (or
``data.series``, ``data.sequences``, ``data.targets``) and, for arrays, its first bad index.
"""
from __future__ import annotations

import sys
from typing import Any, Mapping, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from .series import Sine
from .validation import integer, known_members, real_array, refuse

Data = Union[Sine, ArrayLike, Sequence[ArrayLike], Mapping[str, Any]]
Targets = Union[int, str, Sequence[Union[int, str]]]

#: The members of the wire's ``data``, besides ``targets``.
FORMS = ("sine", "series", "sequences")


def data_to_wire(data: Data, targets: Targets | None = None) -> dict:
    """The protocol's ``data`` for any of the forms above, with ``targets`` as column indices (when given)."""
    if isinstance(data, Sine):
        if targets is not None:
            raise refuse("data.targets", "is not allowed with the sine preset (it has one column)")
        return data.to_wire()
    if isinstance(data, Mapping):
        return _checked_wire(data, targets)
    columns = pandas_columns(data)
    if _is_sequences(data):
        wire: dict[str, Any] = {"sequences": _sequences(data)}
        width = _width(wire["sequences"][0])
    else:
        array = real_array(data, "data", ndims=(1, 2, 3), dtype=np.float32)
        wire = {"sequences": array} if array.ndim == 3 else {"series": array}
        width = _width(array[0] if array.ndim == 3 else array)
    if targets is not None:
        wire["targets"] = target_indices(targets, width, columns)
    return wire


def is_sequences(wire: Mapping[str, Any]) -> bool:
    """Whether the wire's ``data`` holds several sequences (a batch): predictions then come one per sequence."""
    return "sequences" in wire


def target_indices(targets: Targets, width: int, columns: list | None = None) -> list[int]:
    """``targets`` as the wire's column indices: integers in ``[0, width)`` or, with a DataFrame's ``columns``,
    its column names; one index alone is taken as a list of one. Not empty, no index twice."""
    chosen = [targets] if isinstance(targets, (int, np.integer, str)) else targets
    if isinstance(chosen, (bytes, Mapping)) or not hasattr(chosen, "__iter__"):
        raise refuse("data.targets", f"must be a list of column indices, got {targets!r}")
    indices = []
    for position, target in enumerate(list(chosen)):
        if columns is not None and not isinstance(target, (int, np.integer)) and target in columns:
            indices.append(columns.index(target))
            continue
        index = integer(target, "data.targets") if not isinstance(target, str) else None
        if index is None or not 0 <= index < width:
            known = f"the columns {columns}" if columns is not None else f"0 … {width - 1}"
            raise refuse("data.targets", f"must name columns of the data ({known}), got {target!r}", position)
        indices.append(index)
    if not indices:
        raise refuse("data.targets", "must name at least one column")
    if len(set(indices)) != len(indices):
        raise refuse("data.targets", f"must not name a column twice, got {indices}")
    return indices


def _width(series: np.ndarray) -> int:
    """D: the columns of one series (1 for a list of numbers)."""
    return 1 if series.ndim == 1 else series.shape[1]


def pandas_columns(data: Any) -> list | None:
    """A DataFrame's column labels, a named Series' name, else ``None`` (without importing pandas)."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        return list(data.columns)
    if pandas is not None and isinstance(data, pandas.Series) and data.name is not None:
        return [data.name]
    return None


def _is_sequences(data: Any) -> bool:
    """A list or tuple whose items are all arrays (not lists or numbers): several sequences."""
    return (isinstance(data, (list, tuple)) and len(data) > 0
            and all(hasattr(item, "__array__") and not np.isscalar(item) and np.ndim(item) > 0 for item in data))


def _sequences(data: Sequence[Any], param: str = "data.sequences") -> np.ndarray:
    """B series of one shape (T numbers, or T rows of D), as one float32 array (B × T or B × T × D)."""
    if len(data) == 0:
        raise refuse(param, "must hold at least one sequence")
    arrays = [real_array(item, param, ndims=(1, 2), dtype=np.float32) for item in data]
    for position, array in enumerate(arrays):
        if array.shape != arrays[0].shape:
            raise refuse(param, f"must all have one shape (sequences of one length and width), got {array.shape} "
                         f"after {arrays[0].shape}", position)
    return np.stack(arrays)


def _checked_wire(data: Mapping[str, Any], targets: Targets | None) -> dict:
    """A dict already in the wire's form, its arrays checked (``targets`` beside it, or given here: not both)."""
    forms = [form for form in FORMS if form in data]
    extra = sorted(set(data) - set(FORMS) - {"targets"})
    if len(forms) != 1 or extra:
        raise refuse("data", f"a dict must hold exactly one of {', '.join(FORMS)} (and targets), got {sorted(data)}")
    if targets is not None and "targets" in data:
        raise refuse("data.targets", "given twice: in data and as targets")
    form = forms[0]
    body = data[form]
    if form == "sine":
        if not isinstance(body, Mapping):
            raise refuse("data.sine", f"must be a dict of start, stop and points, got {body!r}")
        return data_to_wire(Sine(**known_members(dict(body), Sine, "data.sine")), data.get("targets", targets))
    if form == "series":
        array = real_array(body, "data.series", ndims=(1, 2), dtype=np.float32)
        wire: dict[str, Any] = {"series": array}
        width = _width(array)
    else:
        if not isinstance(body, (list, tuple)):
            raise refuse("data.sequences", f"must be a list of series, got {type(body).__name__}")
        wire = {"sequences": _sequences(body)}
        width = _width(wire["sequences"][0])
    chosen = data.get("targets", targets)
    if chosen is not None:
        wire["targets"] = target_indices(chosen, width)
    return wire
