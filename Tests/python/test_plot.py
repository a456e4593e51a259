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


def test_every_plot_labels_both_axes() -> None:
    sine = elman.Sine(start=0, stop=10, points=11)
    drawn = [elman.plot.seed_figure(np.zeros(10), sine, ax=axes()),
             elman.plot.seed_figure([0.5], [1.0, 2.0], ax=axes()),
             elman.plot.loss_curve([2.0, 1.0], ax=axes()),
             elman.plot.forecast(sine, [0.5, 0.25], primed=6, ax=axes())]
    for ax in drawn:
        assert ax.get_xlabel() and ax.get_ylabel()
    assert "radians" in drawn[0].get_xlabel() and drawn[1].get_xlabel() == "time step"
    assert drawn[2].get_xlabel() == "epoch" and "loss" in drawn[2].get_ylabel()


def test_a_diverged_run_above_fixed_limits_runs_along_the_top_edge_to_a_labelled_marker() -> None:
    ax = axes()
    ax.set_ylim(1e-5, 10)
    losses = [38.5, 39.5, 115.0, 2.0e3, 1.4e38]  # the hidden-32 run of Explore.ipynb, shortened
    elman.plot.loss_curve([3.0, 0.5, 0.1], label="hidden 6", ax=ax)
    elman.plot.loss_curve(losses, label="hidden 32", diverged_epoch=5, ax=ax)
    assert ax.get_ylim() == (1e-5, 10)
    curve, marker = ax.lines[1:]
    np.testing.assert_allclose(curve.get_xydata(), [[epoch, 10] for epoch in range(5)])
    assert not curve.get_clip_on() and ax.lines[0].get_clip_on()  # drawn whole on the edge; the other clipped
    assert marker.get_transform() == ax.get_xaxis_transform()  # x in epochs, y in axes units: 1 is the top edge
    np.testing.assert_allclose(marker.get_xydata(), [[5, 1]])
    assert marker.get_color() == curve.get_color() and marker.get_marker() == "X"
    assert [text.get_text() for text in ax.texts] == ["diverged at epoch 5"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["hidden 6", "hidden 32"]


def test_a_diverged_run_on_free_limits_is_drawn_as_it_is() -> None:
    losses = [38.5, 115.0, 2.0e3]
    ax = elman.plot.loss_curve(losses, diverged_epoch=3, ax=axes())
    np.testing.assert_allclose(ax.lines[0].get_ydata(), losses)
    assert ax.get_ylim()[1] >= 2.0e3 and ax.texts[0].get_text() == "diverged at epoch 3"
