"""How good a forecast is: ``evaluate``'s and ``backtest``'s answers as pandas DataFrames.

The metrics (PROTOCOL.md, ``evaluate``), each per target column, over the n pairs (y, ŷ) of that column:
MAE = Σ|y − ŷ| / n; RMSE = √(Σ(y − ŷ)² / n); sMAPE = Σ 2|y − ŷ| / max(|y| + |ŷ|, ε) / n (sktime's, a fraction);
MASE = MAE / s, s the model's ``naive_mae`` (the in-sample MAE of the naive one-step forecast on its training data;
NaN where the worker sends ``null``).

pandas is imported only here, and only when one of these is built: ``import elman`` does not need it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .results import Job

#: The metrics, in the order the rows show them.
METRICS = ("mae", "rmse", "smape", "mase")
#: evaluate's kinds of forecast: teacher-forced one step ahead, and fed back ``horizon`` steps from every origin.
KINDS = ("one_step", "free_running")


def pandas() -> Any:
    """The pandas module, or an ImportError that says how to get it."""
    try:
        import pandas as pd
    except ModuleNotFoundError as error:
        if error.name != "pandas":
            raise
        raise ModuleNotFoundError("evaluate and backtest return pandas DataFrames (pandas is a dependency of elman): "
                                  "pip install pandas", name="pandas") from None
    return pd


def metrics_frame(metrics: Mapping[str, Sequence[float | None]], columns: Sequence[Any]) -> Any:
    """One metrics object of the wire as a DataFrame: a row per metric (mae, rmse, smape, mase), a column per
    target; ``null`` becomes NaN."""
    values = [[np.nan if value is None else float(value) for value in metrics[name]] for name in METRICS]
    frame = pandas().DataFrame(values, index=pandas().Index(METRICS, name="metric"), columns=list(columns))
    frame.columns.name = "target"
    return frame


def evaluation_frame(result: Mapping[str, Any], columns: Sequence[Any]) -> Any:
    """``evaluate``'s answer as one tidy DataFrame.

    Rows: a MultiIndex (``kind``, ``metric``): ``kind`` is ``one_step`` (the teacher-forced forecasts of
    ``predict``) or ``free_running`` (fed back ``horizon`` steps from every origin, pooled; absent for a model whose
    outputs cannot be fed back); ``metric`` is mae, rmse, smape, mase. Columns: one per target (the data's column
    labels). ``frame.attrs`` holds ``horizon``, ``origins`` (per sequence) and ``by_lead``: a DataFrame like this
    one with rows (``lead``, ``metric``), lead time k = 1 … horizon scored alone (``None`` without free-running).
    """
    pd = pandas()
    kinds = [kind for kind in KINDS if result.get(kind) is not None]
    frame = pd.concat([metrics_frame(result[kind], columns) for kind in kinds], keys=kinds, names=["kind"])
    by_lead = None
    if result.get("by_lead") is not None:
        leads = list(range(1, len(result["by_lead"]) + 1))
        by_lead = pd.concat([metrics_frame(lead, columns) for lead in result["by_lead"]], keys=leads,
                            names=["lead"])
    frame.attrs.update(horizon=result["horizon"], origins=result["origins"], by_lead=by_lead)
    return frame


@dataclass(frozen=True, eq=False)
class BacktestResult:
    """An ended ``backtest`` job: rolling-origin forecasts of ``series``, each fold trained on the rows before its
    origin (``window`` expanding or sliding; with ``refit`` a new model per fold, else one model for all).

    - ``folds``: a DataFrame, one row per (fold, lead time, target): ``origin`` (the first row forecast), ``lead``
      (1 … horizon), ``time`` (the row forecast: origin + lead − 1), ``target`` (the column's label),
      ``forecast``, ``actual`` (that row of ``series``) and ``error`` = actual − forecast.
    - ``fold_metrics``: rows (``origin``, ``metric``), a column per target: each fold's metrics over its horizon.
    - ``mean``: rows ``metric``, a column per target: the element-wise mean of the folds' metrics (NaN where a
      fold's MASE is; ``None`` when no fold ended).
    - ``series``: the backtested rows as sent (float64, T × D); ``targets`` the column labels; ``job`` the ended
      job (its ``epochs`` count every fold's; ``seconds`` sum their engine times); ``fold_epochs`` each fold's
      completed epochs and ``diverged`` the origins of folds whose training diverged.
    """

    job: Job
    horizon: int
    window: str
    refit: bool
    series: np.ndarray
    targets: list
    folds: Any
    fold_metrics: Any
    mean: Any
    fold_epochs: dict[int, int]
    diverged: list[int]

    @classmethod
    def from_wire(cls, job: Mapping[str, Any], series: np.ndarray, targets: Sequence[Any]) -> BacktestResult:
        pd = pandas()
        result = job.get("result") or {"horizon": 0, "window": None, "refit": None, "folds": [], "mean": None}
        rows = series.reshape(len(series), -1)
        records = []
        for fold in result["folds"]:
            origin = fold["origin"]
            forecast = np.asarray(fold["forecast"], dtype=np.float32).reshape(result["horizon"], -1)
            for lead in range(1, result["horizon"] + 1):
                time = origin + lead - 1
                for column, label in enumerate(targets):
                    value = float(forecast[lead - 1, column])
                    actual = float(rows[time, column])
                    records.append((origin, lead, time, label, value, actual, actual - value))
        folds = pd.DataFrame.from_records(records, columns=["origin", "lead", "time", "target", "forecast", "actual",
                                                            "error"])
        origins = [fold["origin"] for fold in result["folds"]]
        per_fold = [metrics_frame(fold["metrics"], targets) for fold in result["folds"]]
        fold_metrics = (pd.concat(per_fold, keys=origins, names=["origin"]) if per_fold
                        else pd.DataFrame(columns=list(targets)))
        mean = metrics_frame(result["mean"], targets) if result.get("mean") is not None else None
        return cls(job=Job.from_wire(job), horizon=result["horizon"], window=result["window"], refit=result["refit"],
                   series=series, targets=list(targets), folds=folds, fold_metrics=fold_metrics, mean=mean,
                   fold_epochs={fold["origin"]: fold["epochs"] for fold in result["folds"]},
                   diverged=[fold["origin"] for fold in result["folds"] if "diverged_epoch" in fold])
