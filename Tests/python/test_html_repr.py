"""Job, TrainResult and ModelInfo show themselves in notebooks as an escaped HTML table with a loss sparkline."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import numpy as np

import elman
from client_fixtures import client  # noqa: F401  (fixture)

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup: str) -> ElementTree.Element:
    """The markup as XML (it must be well-formed), with a row per table line as {header: cell text}."""
    return ElementTree.fromstring(markup)


def rows(table: ElementTree.Element) -> dict[str, str]:
    return {row.find("th").text: "".join(row.find("td").itertext()) for row in table.iter("tr")}


def sparkline_points(table: ElementTree.Element) -> np.ndarray:
    (line,) = table.iter(f"{SVG}polyline")
    return np.array([[float(v) for v in point.split(",")] for point in line.get("points").split()])


def test_a_train_result_shows_state_epochs_final_loss_and_a_falling_sparkline(client: elman.Worker) -> None:
    result = client.train(progress=False)
    table = parsed(result._repr_html_())
    assert table.find("caption").itertext().__next__() == f"TrainResult {result.id}"
    shown = rows(table)
    assert shown["state"] == "done" and shown["epochs"] == "300 / 300" and shown["model"] == result.model
    assert float(shown["final loss"]) == float(f"{result.final_loss:.6g}")
    points = sparkline_points(table)
    assert len(points) == 300 and points[0, 0] == 0 and points[-1, 0] == 160
    assert points[0, 1] < points[-1, 1]  # the loss falls, so the line goes down (SVG's y grows downwards)
    assert repr(result).startswith("TrainResult(")  # the plain repr is still there


def test_a_running_job_has_no_losses_yet_and_no_sparkline(client: elman.Worker) -> None:
    job = client.job_status(client.call("train", {"epochs": 1_000_000, "report_every": 1000})["job"])
    try:
        table = parsed(job._repr_html_())
        assert rows(table)["final loss"] == "—" and not list(table.iter(f"{SVG}svg"))
    finally:
        client.job_cancel(job.id)
        client.job_wait(job.id)


def test_a_model_shows_its_network_and_epochs(client: elman.Worker) -> None:
    result = client.train(network=elman.GRU(hidden_size=5, num_layers=2), epochs=7, progress=False)
    shown = rows(parsed(client.model_get(result.model)._repr_html_()))
    assert shown == {"network": "gru, hidden 5, 2 layer(s)", "epochs trained": "7"}


def test_what_is_shown_is_escaped() -> None:
    info = elman.ModelInfo(model="m<1>", hidden_size=6, epochs_trained=0, name="<script>alert('x')</script>&")
    markup = info._repr_html_()
    assert "<script>" not in markup
    assert rows(parsed(markup))["name"] == "<script>alert('x')</script>&"
