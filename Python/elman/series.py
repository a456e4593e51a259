"""Training series: the seed's sine preset and series of the user's own.

A series of ``n`` points gives ``n - 1`` training steps: the inputs are the series without its last value, the
targets the series without its first, so the network learns to predict the next value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np
from numpy.typing import ArrayLike

from .validation import integer, real


@dataclass(frozen=True)
class Sine:
    """The worker's sine preset: ``sin(linspace(start, stop, points))``; the defaults are the seed's series.

    The worker computes it in float64 and rounds to float32, as :attr:`values` does, so both sides agree exactly.
    """

    start: float = 2.0
    stop: float = 10.0
    points: int = 21

    @property
    def t(self) -> np.ndarray:
        """The sample times, ``linspace(start, stop, points)`` (float64)."""
        return np.linspace(self.start, self.stop, self.points)

    @property
    def values(self) -> np.ndarray:
        """The series, float32."""
        return np.sin(self.t).astype(np.float32)

    def to_wire(self) -> dict:
        """As the protocol's ``data`` member (refusing a non-integral ``points`` or a non-finite bound)."""
        return {"sine": {"start": real(self.start, "data.sine.start"), "stop": real(self.stop, "data.sine.stop"),
                         "points": integer(self.points, "data.sine.points")}}


Data = Union[Sine, ArrayLike]


def times_and_values(series: Data) -> tuple[np.ndarray, np.ndarray]:
    """A time axis and the values of a series: a Sine's own times, else ``0, 1, 2, …``."""
    if isinstance(series, Sine):
        return series.t, series.values
    values = np.asarray(series, dtype=np.float32)
    return np.arange(len(values), dtype=np.float64), values


def following_times(t: np.ndarray, count: int) -> np.ndarray:
    """``count`` times after ``t[-1]`` at the step of ``t`` (1 for a single time): where a forecast's values go."""
    step = t[1] - t[0] if len(t) > 1 else 1.0
    return t[-1] + step * np.arange(1, count + 1)
