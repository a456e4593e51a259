"""The plots draw what they say on the axes they are given."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import elman  # noqa: E402


def axes():
    return Figure().subplots()


def test_seed_figure_draws_actual_at_t_minus_last_and_predictions_at_t_plus_first() -> None:
    series = elman.Sine()
    predictions = np.linspace(-1, 1, 20, dtype=np.float32)
    ax = axes()
    assert elman.plot.seed_figure(predictions, series, ax=ax) is ax
    actual, predicted = ax.collections
    np.testing.assert_allclose(actual.get_offsets(), np.column_stack([series.t[:-1], series.values[:-1]]))
    np.testing.assert_allclose(predicted.get_offsets(), np.column_stack([series.t[1:], predictions]))
    assert list(actual.get_sizes()) == [90]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Actual", "Predicted"]


def test_seed_figure_of_a_plain_array_uses_the_index_as_time() -> None:
    ax = elman.plot.seed_figure([0.5, 0.25], [1.0, 2.0, 3.0], ax=axes())
    np.testing.assert_allclose(ax.collections[1].get_offsets(), [[1, 0.5], [2, 0.25]])


def test_loss_curves_share_axes_on_a_log_scale() -> None:
    ax = axes()
    elman.plot.loss_curve([4.0, 2.0, 1.0], label="lr 0.1", ax=ax)
    elman.plot.loss_curve([3.0, 1.0], label="lr 0.3", ax=ax)
    assert ax.get_yscale() == "log" and [line.get_label() for line in ax.lines] == ["lr 0.1", "lr 0.3"]
    np.testing.assert_allclose(ax.lines[0].get_xydata(), [[0, 4], [1, 2], [2, 1]])


def test_forecast_continues_the_time_axis_after_the_prime() -> None:
    series = elman.Sine(start=0, stop=10, points=11)  # time step 1
    ax = elman.plot.forecast(series, [7.0, 8.0, 9.0], primed=6, ax=axes())
    prime, actual, forecast = ax.lines[:3]
    np.testing.assert_allclose(prime.get_xdata(), np.arange(6))
    np.testing.assert_allclose(actual.get_xdata(), np.arange(6, 11))
    np.testing.assert_allclose(forecast.get_xydata(), [[6, 7], [7, 8], [8, 9]])
