"""Binary frames (PROTOCOL.md, *Binary frames*): arrays travel as raw frames after the JSON-RPC body.

A message is ``[body, buffer 0, buffer 1, …]``. Wherever the protocol takes or returns an array, the body may hold
a placeholder ``{"$buffer": i, "dtype": "<f4" | "<f8", "shape": [d0, d1, …]}`` instead: buffer ``i`` (0-based
across the message) holds the array's values in C order, ``itemsize × d0 × d1 × …`` bytes. Its meaning is the
nested JSON list of that shape, each value a float32.

Going out (:func:`split`), every float numpy array in the params becomes a placeholder and its frame: the array
itself when it is a little-endian float32 or float64 C-contiguous array (pyzmq then sends its memory without a
copy), else a C-contiguous float32 copy. Arrays of other kinds (integers) stay JSON lists. Coming back
(:func:`joined`), every placeholder becomes ``np.frombuffer(frame.buffer, dtype).reshape(shape)``: the array is
a view of the received frame, no copy (pyzmq's frames are writable memory, so it is writable too; nothing else
reads that memory).

In the JSON form (:func:`json_value`), the same arrays go out as nested lists of their values: a float32 widens to
a Python float exactly, and the worker rounds it back to the same float32, so both forms carry the same values.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .errors import ProtocolMismatch

#: A placeholder's members, exactly these.
PLACEHOLDER = frozenset({"$buffer", "dtype", "shape"})
#: The dtypes a buffer may have, as the protocol names them.
DTYPES = {"<f4": np.dtype("<f4"), "<f8": np.dtype("<f8")}


def split(params: Any) -> tuple[Any, list[np.ndarray]]:
    """``params`` with every float array replaced by a placeholder, and the arrays to send as frames, in the
    placeholders' order. The params given are left as they are (containers holding arrays are copied)."""
    buffers: list[np.ndarray] = []

    def walk(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            if value.dtype.kind != "f":
                return value.tolist()
            array = value if value.dtype in DTYPES.values() else value.astype(np.float32)
            array = np.ascontiguousarray(array)
            buffers.append(array)
            return {"$buffer": len(buffers) - 1, "dtype": array.dtype.str, "shape": list(array.shape)}
        if isinstance(value, dict):
            return {key: walk(member) for key, member in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(item) for item in value]
        return value

    return walk(params), buffers


def json_value(value: Any) -> Any:
    """The JSON encoder's fallback: a numpy array (or scalar) as nested lists (a number); else ``TypeError``."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def joined(value: Any, frames: list[Any]) -> Any:
    """``value`` (a decoded JSON body) with every placeholder replaced by a numpy view of its frame
    (``frames[i]``: a ``zmq.Frame`` or anything with the buffer protocol). A placeholder that does not fit its
    frame raises :class:`~elman.ProtocolMismatch`: the worker broke the format."""
    if isinstance(value, dict):
        if value.keys() == PLACEHOLDER:
            return _array(value, frames)
        return {key: joined(member, frames) for key, member in value.items()}
    if isinstance(value, list):
        return [joined(item, frames) for item in value]
    return value


def _array(placeholder: dict, frames: list[Any]) -> np.ndarray:
    index, dtype, shape = placeholder["$buffer"], DTYPES.get(placeholder["dtype"]), placeholder["shape"]
    if not isinstance(index, int) or not 0 <= index < len(frames) or dtype is None or not isinstance(shape, list):
        raise ProtocolMismatch(f"the worker sent a placeholder that names no frame of its reply ({len(frames)} "
                               "frames)", data=placeholder)
    frame = frames[index]
    data = frame.buffer if hasattr(frame, "buffer") else memoryview(frame)
    count = int(np.prod(shape, dtype=np.int64))
    if data.nbytes != count * dtype.itemsize:
        raise ProtocolMismatch(f"the worker sent a frame of {data.nbytes} bytes for an array of shape {shape}",
                               data=placeholder)
    return np.frombuffer(data, dtype=dtype).reshape(shape)
