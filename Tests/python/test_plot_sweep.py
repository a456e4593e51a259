"""elman.plot.sweep, heatmap and an ensemble's forecast draw what they say, from frames and ensembles built here
(the sweep and ensemble tests check that the worker's give the same shapes)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import elman  # noqa: E402
from elman.ensemble import Ensemble  # noqa: E402


def axes():
    return Figure().subplots()


def frame() -> pandas.DataFrame:
    """lr × hidden_size × two seeds, final_loss = lr · hidden_size · (1 + seed)."""
    rows = [{"lr": lr, "hidden_size": hidden, "seed": seed, "state": "done", "final_loss": lr * hidden * (1 + seed),
             "epochs_run": 10} for lr in (0.01, 0.1, 1.0) for hidden in (4, 8) for seed in (0, 1)]
    return pandas.DataFrame(rows)


def test_sweep_draws_one_line_per_hue_at_the_median_with_the_spread_as_bars() -> None:
    ax = elman.plot.sweep(frame(), x="lr", y="final_loss", hue="hidden_size", ax=axes())
    assert [line.get_label() for line in ax.lines] == ["hidden_size = 4", "hidden_size = 8"]
    np.testing.assert_allclose(ax.lines[1].get_xydata(), [[0.01, 0.12], [0.1, 1.2], [1.0, 12.0]])
    spread = ax.collections[1].get_segments()  # seed 0 to seed 1 at each lr, for hidden size 8
    np.testing.assert_allclose([segment[:, 1] for segment in spread], [[0.08, 0.16], [0.8, 1.6], [8, 16]])
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")  # both span a factor ≥ 20
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("lr", "final loss")


def test_sweep_without_hue_or_spread_is_one_line_on_linear_axes_when_asked() -> None:
    rows = frame()[lambda f: (f.seed == 0) & (f.hidden_size == 4)]
    ax = elman.plot.sweep(rows, x="lr", logx=False, logy=False, ax=axes())
    assert len(ax.lines) == 1 and not ax.collections and ax.get_legend() is None
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "linear")


def test_sweep_leaves_out_runs_without_a_final_loss() -> None:
    rows = frame()[lambda f: f.seed == 0].copy()
    rows.loc[rows.lr == 1.0, "final_loss"] = np.nan
    ax = elman.plot.sweep(rows, x="lr", hue="hidden_size", ax=axes())
    assert all(len(line.get_xdata()) == 2 for line in ax.lines)


def test_heatmap_puts_the_median_of_each_cell_on_the_grid() -> None:
    ax = elman.plot.heatmap(frame(), x="lr", y="hidden_size", value="final_loss", ax=axes())
    image = ax.images[0]
    np.testing.assert_allclose(image.get_array(), [[0.06, 0.6, 6.0], [0.12, 1.2, 12.0]])  # median of two seeds
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.01", "0.1", "1"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["4", "8"]
    assert len(ax.texts) == 6 and image.norm.__class__.__name__ == "LogNorm"


def ensemble(primed) -> Ensemble:
    forecasts = np.stack([np.arange(4, dtype=np.float32) + k for k in range(11)])  # step s: s, s + 1, …, s + 10
    return Ensemble.of(forecasts, primed, band=0.8, runs=pandas.DataFrame({"seed": range(11)}))


def test_an_ensemble_has_the_stepwise_median_and_band() -> None:
    result = ensemble([0.0, 1.0, 2.0])
    np.testing.assert_allclose(result.median, np.arange(4) + 5)
    np.testing.assert_allclose(result.low, np.arange(4) + 1)  # the 10th percentile of 0 … 10
    np.testing.assert_allclose(result.high, np.arange(4) + 9)
    np.testing.assert_allclose(result.times, [3, 4, 5, 6])  # the index after the prime's
    sine = ensemble(elman.Sine(start=0, stop=4, points=5))
    np.testing.assert_allclose(sine.times, [5, 6, 7, 8])  # the sine's own times, continued at its step


def test_forecast_of_an_ensemble_draws_prime_median_band_and_the_truth() -> None:
    ax = elman.plot.forecast(ensemble(elman.Sine(start=0, stop=4, points=5)), actual=[5.0, 6.0], ax=axes())
    prime, median, actual = ax.lines[:3]
    np.testing.assert_allclose(prime.get_xdata(), np.arange(5))
    np.testing.assert_allclose(median.get_xydata(), [[5, 5], [6, 6], [7, 7], [8, 8]])
    np.testing.assert_allclose(actual.get_xydata(), [[5, 5], [6, 6]])
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(1) and band[:, 1].max() == pytest.approx(12)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["prime", "median of 11", "80% band", "actual"]
    assert "radians" in ax.get_xlabel() and ax.get_ylabel() == "value"


def test_forecast_refuses_values_with_an_ensemble_and_actual_with_a_series() -> None:
    with pytest.raises(TypeError):
        elman.plot.forecast(ensemble([0.0, 1.0]), [1.0], ax=axes())
    with pytest.raises(TypeError):
        elman.plot.forecast(elman.Sine(), [1.0], actual=[1.0], ax=axes())


def test_the_figures_render(tmp_path) -> None:
    """The three side by side render to a PNG (pytest's --basetemp keeps it, for a person to look at)."""
    figure = Figure(figsize=(15, 4), layout="constrained")
    left, middle, right = figure.subplots(1, 3)
    elman.plot.sweep(frame(), hue="hidden_size", ax=left)
    elman.plot.heatmap(frame(), ax=middle)
    elman.plot.forecast(ensemble(np.sin(np.linspace(0, 3, 8))), actual=[4.0, 5.0, 6.0, 7.0], ax=right)
    figure.savefig(tmp_path / "sweep-plots.png")
    assert (tmp_path / "sweep-plots.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
