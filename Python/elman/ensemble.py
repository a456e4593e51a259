"""An ensemble's forecast: many models' free-running forecasts, their median and a central band, step by step.

For ``n`` forecasts ``f_1 … f_n`` of ``horizon`` steps, at each step ``s`` the median is the 50th percentile of
``f_1[s] … f_n[s]`` and the band of width ``band`` runs from the ``(1 − band)/2`` to the ``(1 + band)/2``
quantile (numpy's linear interpolation between order statistics): for 0.8, the 10th to the 90th percentile.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .series import Data, following_times, times_and_values
from .validation import real, refuse

if TYPE_CHECKING:
    import pandas


def checked_band(band: Any) -> float:
    """``band`` as a float strictly between 0 and 1."""
    value = real(band, "band")
    if not 0.0 < value < 1.0:
        raise refuse("band", f"must be between 0 and 1 (exclusive), got {value}")
    return value


@dataclass(frozen=True, eq=False)
class Ensemble:
    """``forecasts``: ``(n, horizon)`` float32 (``(n, horizon, D)`` for D columns), one row per model in seed
    order; ``median``, ``low`` and ``high`` their step-wise median and band edges; ``band`` the band's width.
    ``primed`` is the series the models were primed with (a :class:`~elman.Sine` or values) and ``times`` the time
    of each forecast step (a Sine's own times continued at its step, else the index after the prime's). ``runs`` is
    the sweep's frame (seed, state, final_loss, epochs_run), so a diverged run shows. :func:`elman.plot.forecast`
    draws one column."""

    forecasts: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    band: float
    primed: Data
    times: np.ndarray
    runs: pandas.DataFrame

    @classmethod
    def of(cls, forecasts: np.ndarray, primed: Data, *, band: float, runs: pandas.DataFrame) -> Ensemble:
        """The ensemble of ``forecasts`` made after ``primed`` (a :class:`~elman.Sine` or values)."""
        width = checked_band(band)
        low, median, high = np.quantile(forecasts, [(1 - width) / 2, 0.5, (1 + width) / 2], axis=0)
        prime_times, _ = times_and_values(primed)
        return cls(forecasts=forecasts, median=median, low=low, high=high, band=width, primed=primed,
                   times=following_times(prime_times, forecasts.shape[1]), runs=runs)
