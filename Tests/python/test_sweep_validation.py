"""A sweep's and an ensemble's bad parameters are refused by the client before anything is sent, named where they
were given (`grid.lr[1]`, `configs[0].seed`, as the worker names them), and leave the worker as it was."""
from __future__ import annotations

import numpy as np
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from elman.sweep import configurations

BAD_SWEEPS = [
    ({"grid": {"lr": [0.1, float("nan")]}}, "grid.lr[1]"),
    ({"grid": {"epochs": [10, 2.5]}}, "grid.epochs[1]"),
    ({"grid": {"network": [elman.LSTM(4), {"cell": "tanh", "hidden_size": 4}]}}, "grid.network[1].cell"),
    ({"grid": {"init_std": [(0.4, float("inf"))]}}, "grid.init_std[0].w2"),
    ({"grid": {"lr": []}}, "grid.lr"),
    ({"grid": {"lr": 0.1}}, "grid.lr"),
    ({"grid": {"loss": "mse"}}, "grid.loss"),
    ({"grid": {"model": ["m1"]}}, "grid.model"),
    ({"grid": {"learning_rate": [0.1]}}, "grid.learning_rate"),
    ({"grid": [("lr", [0.1])]}, "grid"),
    ({"configs": {"lr": 0.1}}, "configs"),
    ({"configs": [{"seed": 1}, 3]}, "configs[1]"),
    ({"configs": [{"seed": "1"}]}, "configs[0].seed"),
    ({"configs": [{"data": [0.0, None, 1.0]}]}, "configs[0].data"),
    ({"configs": [{"model": "m1"}]}, "configs[0].model"),
    ({"configs": [{"lr": 0.1}], "grid": {"lr": [0.2]}}, "configs[0].lr"),
    ({"configs": [{"optimizer": elman.Adam()}], "lr": 0.1}, "configs[0].lr"),
    ({"grid": {"optimizer": [elman.Adam()]}, "lr": 0.1}, "lr"),
    ({"model": "m1"}, "model"),
    ({"lr": float("inf")}, "lr"),
    ({"learning_rate": 0.1}, "learning_rate"),
    ({"keep_models": 1}, "keep_models"),
    ({"losses": "yes"}, "losses"),
]


@pytest.mark.parametrize("params, param", BAD_SWEEPS, ids=[p for _, p in BAD_SWEEPS])
def test_a_bad_sweep_is_refused_before_sending_naming_the_parameter(client: elman.Worker, params: dict,
                                                                    param: str) -> None:
    with pytest.raises(elman.InvalidParams) as refused:
        client.sweep(progress=False, **params)
    assert refused.value.data["param"] == param, refused.value
    assert client.job_list() == [] and client.model_list().models == []


BAD_ENSEMBLES = [({"n": 0}, "n"), ({"n": 2.0}, "n"), ({"horizon": 0}, "horizon"), ({"band": 1.0}, "band"),
                 ({"band": 0}, "band"), ({"seed": 3}, "seed"), ({"lr": -1}, None)]


@pytest.mark.parametrize("params, param", BAD_ENSEMBLES, ids=[str(p) for p, _ in BAD_ENSEMBLES])
def test_a_bad_ensemble_is_refused_and_changes_nothing(client: elman.Worker, params: dict, param: str | None) -> None:
    with pytest.raises(elman.InvalidParams) as refused:
        client.ensemble(**{"n": 3, "horizon": 5, "progress": False, **params})
    if param is not None:  # lr = -1 is refused by the worker (the client checks only that it is a finite number)
        assert refused.value.data["param"] == param, refused.value
    assert client.job_list() == [] and client.model_list().models == []


def test_configurations_are_the_configs_times_the_grid_the_last_member_varying_fastest() -> None:
    assert configurations({"lr": [1, 2], "seed": [0, 1]}) == [
        {"lr": 1, "seed": 0}, {"lr": 1, "seed": 1}, {"lr": 2, "seed": 0}, {"lr": 2, "seed": 1}]
    assert configurations({"seed": range(2)}, [{"hidden_size": 4}, {"epochs": 3}]) == [
        {"hidden_size": 4, "seed": 0}, {"hidden_size": 4, "seed": 1}, {"epochs": 3, "seed": 0},
        {"epochs": 3, "seed": 1}]
    assert configurations() == [{}] and configurations(configs=[]) == [{}]
    assert configurations({"lr": np.array([0.5])}) == [{"lr": 0.5}]
