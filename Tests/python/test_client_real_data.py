"""Issue 14 through the client, against the real worker: validation, early stopping and scalers in `train`; the
scaler and naive_mae in `model_get`; `evaluate` as a DataFrame equal to numpy's metrics of `predict`/`generate`;
`backtest` as a job whose folds are a DataFrame; the plots; bad parameters refused before sending, naming them."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import elman
from client_fixtures import client  # noqa: F401  (fixture)
from test_evaluate import expected_free_running, metrics, noisy_sine

matplotlib.use("Agg")


def assert_frame_metrics(frame: pd.DataFrame, want: dict) -> None:
    for name, values in want.items():
        got = frame.loc[name].to_numpy()
        assert got == pytest.approx([np.nan if v is None else v for v in values], rel=1e-9, nan_ok=True), name


def test_validation_and_early_stopping_come_back_as_numpy_and_restore_the_best_epoch(client: elman.Worker) -> None:
    series = noisy_sine(80, seed=2)
    result = client.train(data=series, validation=0.25, early_stopping=elman.EarlyStopping(patience=5),
                          hidden_size=5, epochs=300, lr=0.05, progress=False)
    assert result.state == "done" and result.stopped_epoch is not None
    assert result.epoch == result.stopped_epoch + 1 == len(result.losses) == len(result.validation_losses)
    assert result.validation_losses.dtype == np.float32
    best = result.best_epoch
    assert result.stopped_epoch - best == 5
    assert result.validation_losses[best] == result.validation_losses[:result.stopped_epoch + 1].min()
    # restore_best: the model's validation loss (½ Σ of predict's errors over the held-out 20 rows) is the best's
    held_out = series[-20:]
    predictions = client.predict(result.model, held_out)
    loss = 0.5 * np.sum((predictions.astype(np.float64) - held_out[1:]) ** 2)
    assert loss == pytest.approx(float(result.validation_losses[best]), rel=1e-4)


def test_validation_data_and_a_dict_of_early_stopping_without_restore(client: elman.Worker) -> None:
    series = noisy_sine(60, seed=3)
    result = client.train(data=series[:45], validation=series[45:], early_stopping={"patience": 3,
                          "restore_best": False, "min_delta": 10.0}, epochs=50, hidden_size=4, progress=False)
    assert (result.best_epoch, result.stopped_epoch, len(result.validation_losses)) == (0, 3, 4)
    plain = client.train(data=series, epochs=3, progress=False)
    assert (plain.validation_losses, plain.best_epoch, plain.stopped_epoch) == (None, None, None)


def test_a_scaled_model_reports_its_scaler_and_answers_in_the_datas_units(client: elman.Worker) -> None:
    series = 100.0 + 40.0 * noisy_sine(40, seed=4).astype(np.float64)
    result = client.train(data=series, scaler="standard", hidden_size=4, epochs=30, lr=0.05, progress=False)
    info = client.model_get(result.model)
    assert info.scaler.kind == "standard" and info.scaler.targets == [0]
    assert info.scaler.offset == pytest.approx([series.mean()])
    assert info.scaler.scale == pytest.approx([series.std()])
    assert info.naive_mae == pytest.approx([np.abs(np.diff(series)).mean()], rel=1e-6)
    scaled = info.scaler.transform(series)
    assert scaled.mean() == pytest.approx(0, abs=1e-6) and scaled.std() == pytest.approx(1)
    # the same weights without a scaler, on scaled data, then unscaled, give the scaled model's predictions
    twin = client.train(state_dict=info.state_dict, data=scaled, epochs=0, progress=False)
    unscaled = info.scaler.inverse_outputs(client.predict(twin.model, scaled))
    assert client.predict(result.model, series) == pytest.approx(unscaled, rel=1e-5)
    assert client.model_get(twin.model).scaler is None


def test_evaluate_is_a_dataframe_of_numpys_metrics(client: elman.Worker) -> None:
    train, test = noisy_sine(60, seed=1), noisy_sine(30, seed=7)
    model = client.train(data=train, epochs=40, hidden_size=5, progress=False).model
    naive = client.model_get(model).naive_mae
    frame = client.evaluate(model, pd.Series(test, name="sine"), horizon=3)
    assert list(frame.columns) == ["sine"] and frame.index.names == ["kind", "metric"]
    assert list(frame.index.get_level_values("kind").unique()) == ["one_step", "free_running"]
    rows = test.reshape(-1, 1)
    one_step = client.predict(model, test).reshape(-1, 1)
    assert_frame_metrics(frame.loc["one_step"], metrics(rows[1:], one_step, naive))
    pooled, by_lead = expected_free_running(client, model, rows, 3, naive)
    assert_frame_metrics(frame.loc["free_running"], pooled)
    assert frame.attrs["horizon"] == 3 and frame.attrs["origins"] == 30 - 3
    for lead, want in enumerate(by_lead, start=1):
        assert_frame_metrics(frame.attrs["by_lead"].loc[lead], want)


def test_backtest_returns_its_folds_as_a_dataframe(client: elman.Worker) -> None:
    series = noisy_sine(40, seed=5)
    training = {"hidden_size": 5, "seed": 3, "epochs": 25, "lr": 0.05}
    result = client.backtest(series, initial=20, step=5, horizon=4, progress=False, **training)
    assert isinstance(result, elman.BacktestResult) and result.job.state == "done" and result.job.model is None
    assert (result.horizon, result.window, result.refit, result.targets) == (4, "expanding", True, [0])
    folds = result.folds
    assert list(folds.columns) == ["origin", "lead", "time", "target", "forecast", "actual", "error"]
    assert sorted(folds["origin"].unique()) == [20, 25, 30, 35] and len(folds) == 16
    for origin, fold in folds.groupby("origin"):
        model = client.train(data=series[:origin], progress=False, **training).model
        assert fold["forecast"].to_numpy() == pytest.approx(client.generate(model, series[:origin], 4), abs=0)
        assert fold["actual"].to_numpy() == pytest.approx(series[origin:origin + 4].astype(np.float64))
        assert fold["error"].to_numpy() == pytest.approx((fold["actual"] - fold["forecast"]).to_numpy())
    mae = [np.abs(fold["error"]).mean() for _, fold in folds.groupby("origin")]
    assert result.fold_metrics.xs("mae", level="metric")[0].to_numpy() == pytest.approx(mae, rel=1e-6)
    assert result.mean.loc["mae", 0] == pytest.approx(np.mean(mae), rel=1e-6)
    assert result.fold_epochs == {20: 25, 25: 25, 30: 25, 35: 25} and result.diverged == []


def test_the_plots_draw_the_validation_curve_and_the_backtest(client: elman.Worker) -> None:
    import matplotlib.pyplot as plt
    series = noisy_sine(50, seed=6)
    result = client.train(data=series, validation=0.2, hidden_size=4, epochs=30, progress=False)
    figure = plt.figure()
    ax = elman.plot.loss_curve(result)
    assert [line.get_label() for line in ax.get_lines()][:2] == ["training", "validation"]
    assert any(text.get_text() == f"best epoch {result.best_epoch}" for text in ax.texts)
    plt.close(figure)
    backtest = client.backtest(series, initial=40, step=3, horizon=3, epochs=5, hidden_size=3, progress=False)
    upper, lower = elman.plot.backtest(backtest)
    assert len(upper.get_lines()) == 1 + 2 * 3 + 1  # the series, a line and a dot per fold, the legend's
    assert len(lower.collections) == 3
    plt.close(upper.figure)


@pytest.mark.parametrize("call, param", [
    (lambda w: w.train(data=[1.0, 2.0, 3.0], validation=1.5), "validation.fraction"),
    (lambda w: w.train(data=[1.0, 2.0, 3.0], validation={"fraction": 0.5, "x": 1}), "validation"),
    (lambda w: w.train(data=[1.0, 2.0, 3.0], validation=[1.0, float("nan")]), "validation"),
    (lambda w: w.train(early_stopping=elman.EarlyStopping()), "early_stopping"),
    (lambda w: w.train(validation=0.3, early_stopping={"patience": 0}), "early_stopping.patience"),
    (lambda w: w.train(validation=0.3, early_stopping={"patience": 2, "wait": 1}), "early_stopping.wait"),
    (lambda w: w.train(scaler="robust"), "scaler"),
    (lambda w: w.train(model="m1", scaler="standard"), "scaler"),
    (lambda w: w.evaluate("m1", horizon=0), "horizon"),
    (lambda w: w.evaluate("m1", [1.0, 2.0, 3.0], horizon=3), "horizon"),
    (lambda w: w.backtest([1.0, 2.0, 3.0, 4.0], initial=2, horizon=3), "horizon"),
    (lambda w: w.backtest([1.0, 2.0, 3.0, 4.0, 5.0], initial=3, horizon=3), "initial"),
    (lambda w: w.backtest(initial=1, horizon=2), "initial"),
    (lambda w: w.backtest(initial=5, horizon=2, step=0), "step"),
    (lambda w: w.backtest(initial=5, horizon=2, window="rolling"), "window"),
    (lambda w: w.backtest(initial=5, horizon=2, refit=1), "refit"),
    (lambda w: w.backtest([np.zeros(9), np.zeros(9)], initial=5, horizon=2), "data"),
])
def test_bad_parameters_are_refused_before_sending(client: elman.Worker, call, param: str) -> None:
    jobs = len(client.job_list())
    with pytest.raises(elman.InvalidParams) as raised:
        call(client)
    assert raised.value.data["param"] == param
    assert "index" in raised.value.data or raised.value.message.startswith("invalid params: ")  # the client's form
    assert len(client.job_list()) == jobs  # nothing reached the worker as a job


def test_an_early_stopping_edge_the_worker_refuses_names_the_member(client: elman.Worker) -> None:
    with pytest.raises(elman.InvalidParams) as raised:  # 1 of 16 rows held out: only the worker knows the rule
        client.train(data=elman.Sine(points=16), validation=0.05, progress=False)
    assert raised.value.data["param"] == "validation.fraction"


def test_pandas_missing_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    real_import = builtins.__import__

    def no_pandas(name: str, *args: object, **kwargs: object) -> object:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    from elman.forecasts import pandas
    with pytest.raises(ModuleNotFoundError, match=r"pip install pandas"):
        pandas()
