"""elman.plot.hidden_states, gradient_flow and weights draw the arrays they are given; each figure is rendered to PNG.

Set ELMAN_FIGURES to a folder to keep the PNGs for a look."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import elman  # noqa: E402
from client_fixtures import client  # noqa: E402,F401  (fixture)


@pytest.fixture
def render(tmp_path: Path):
    """Saves a figure as PNG (in $ELMAN_FIGURES when set) and checks the file is one."""
    folder = Path(os.environ.get("ELMAN_FIGURES", tmp_path))

    def save(figure, name: str) -> None:
        path = folder / f"{name}.png"
        figure.savefig(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return save


def seed_hidden_states(weights: elman.Weights) -> np.ndarray:
    """h_t = tanh([x_t, h_{t−1}] · w1) over the seed's inputs, from a zero state: (T, H)."""
    h = np.zeros(weights.hidden_size)
    states = []
    for x in elman.Sine().values[:-1]:
        h = np.tanh(np.concatenate([[x], h]) @ weights.w1)
        states.append(h)
    return np.array(states)


def test_hidden_states_draw_one_line_per_neuron_or_a_heatmap(client: elman.Worker, render) -> None:
    states = seed_hidden_states(client.model_get(client.train(progress=False).model).weights)
    lines_axes, map_axes = Figure(figsize=(11, 4)).subplots(1, 2)
    elman.plot.hidden_states(states, ax=lines_axes, t=elman.Sine().t[:-1])
    assert [line.get_label() for line in lines_axes.lines] == [f"h{i}" for i in range(6)]
    np.testing.assert_allclose(lines_axes.lines[2].get_xydata(), np.column_stack([elman.Sine().t[:-1], states[:, 2]]))
    elman.plot.hidden_states(states, heatmap=True, ax=map_axes)
    (image,) = map_axes.images
    np.testing.assert_allclose(image.get_array(), states.T)
    assert image.get_clim() == (-np.max(np.abs(states)), np.max(np.abs(states)))
    assert lines_axes.get_xlabel() == "t" and map_axes.get_ylabel() == "context neuron"
    render(lines_axes.figure, "hidden_states")


def test_hidden_states_of_several_layers_show_the_chosen_one() -> None:
    states = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)  # steps × layers × hidden, as predict sends them
    ax = elman.plot.hidden_states(states, layer=1, ax=Figure().subplots())
    np.testing.assert_allclose([line.get_ydata() for line in ax.lines], states[:, 1, :].T)
    with pytest.raises(elman.InvalidParams, match="states"):
        elman.plot.hidden_states(np.zeros(5), ax=Figure().subplots())


def test_gradient_flow_draws_each_window_or_layer_on_a_log_scale(render) -> None:
    decay = {1: 0.5, 5: 0.6, 20: 0.8}
    by_window = {f"window {k}": np.concatenate([np.zeros(20 - k), decay[k] ** np.arange(k)[::-1]]) for k in decay}
    figure = Figure(figsize=(11, 4))
    windows, layers = figure.subplots(1, 2)
    elman.plot.gradient_flow(by_window, from_end=True, ax=windows)
    assert windows.get_yscale() == "log" and [line.get_label() for line in windows.lines] == list(by_window)
    x, y = windows.lines[1].get_data()
    np.testing.assert_allclose(x, np.arange(20)[::-1])
    assert np.isnan(y[:15]).all() and np.allclose(y[15:], decay[5] ** np.arange(5)[::-1])  # zeros left out
    per_layer = np.array([0.9 ** np.arange(30)[::-1], 0.7 ** np.arange(30)[::-1]])
    elman.plot.gradient_flow(per_layer, ax=layers)
    assert [line.get_label() for line in layers.lines] == ["layer 0", "layer 1"]
    assert layers.get_xlabel() == "step s" and "T − 1 − s" in windows.get_xlabel()
    render(figure, "gradient_flow")
    with pytest.raises(elman.InvalidParams, match="labels"):
        elman.plot.gradient_flow(per_layer, labels=["one"], ax=Figure().subplots())


def test_weights_draw_one_heatmap_per_parameter(client: elman.Worker, render) -> None:
    info = client.model_get(client.train(network=elman.LSTM(hidden_size=4), epochs=5, progress=False).model)
    figure = elman.plot.weights(info.state_dict, fig=Figure(figsize=(12, 7), layout="constrained"))
    panels = [ax for ax in figure.axes if ax.images]
    assert [ax.get_title() for ax in panels] == [f"{name} {array.shape}" for name, array in info.state_dict.items()]
    for ax, array in zip(panels, info.state_dict.values()):
        np.testing.assert_allclose(ax.images[0].get_array(), np.atleast_2d(array))
    assert len(figure.axes) == 2 * len(info.state_dict)  # each with its colour bar
    render(figure, "weights_lstm")
    seed = client.model_get(client.train(progress=False).model).weights
    figure = elman.plot.weights(seed, fig=Figure(figsize=(8, 3), layout="constrained"))
    assert [ax.get_title() for ax in figure.axes if ax.images] == ["w1 (7, 6)", "w2 (6, 1)"]
    render(figure, "weights_seed")
