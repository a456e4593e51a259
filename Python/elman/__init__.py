"""Drive the Elman worker — a Swift trainer of small recurrent networks, the seed tutorial's by default — from Python.

>>> import elman
>>> with elman.Worker() as worker:                      # starts .build/release/elman-worker
...     result = worker.train(verbose=True)             # the seed's job: prints "Epoch: 0 loss …" every 10 epochs
...     predictions = worker.predict(result.model)      # numpy float32, one per input
...     elman.plot.seed_figure(predictions)             # the seed's figure
...     lstm = worker.train(network=elman.LSTM(hidden_size=8), optimizer=elman.Adam(lr=0.01), progress=False)
...     state_dict = worker.model_get(lstm.model).state_dict   # PyTorch's names and shapes, numpy float32

Errors are :class:`ElmanError` subclasses carrying the JSON-RPC ``code``, ``message`` and ``data``.
``elman.plot`` is imported on first use, so ``import elman`` alone does not import matplotlib; ``elman.torch``
(``to_module``: a model's state_dict as a torch module) imports torch only when called; ``elman.widgets``
(``Playground``) imports ipywidgets on first use.
"""
from importlib import import_module
from types import ModuleType

from .client import Client, connect
from .ensemble import Ensemble
from .errors import (ClientClosed, ElmanError, InternalError, InvalidParams, InvalidRequest, JobNotFinished,
                     JobWaitTimeout, LimitExceeded, MethodNotFound, NoSavedModel, ParseError, ProtocolMismatch,
                     ShuttingDown, StorageError, UnknownJob, UnknownModel, WorkerDied, WorkerNotFound, WorkerTimeout)
from .forecasts import BacktestResult
from .holdout import EarlyStopping, Scaler
from .networks import GRU, LSTM, RNN, NetworkInfo
from .optimizers import SGD, Adam, AdamW
from .process import find_worker_binary
from .progress import epoch_line
from .results import Job, ModelInfo, ModelList, TrainResult, Weights
from .series import Sine
from .worker import Worker

#: The package's version, written only here: pyproject.toml reads it (setuptools' dynamic metadata). The worker
#: reports its own copy in ``info()["version"]`` (Swift cannot read this file at build time); a test keeps them equal.
__version__ = "0.1.0"

__all__ = [
    "Adam", "AdamW", "BacktestResult", "Client", "ClientClosed", "EarlyStopping", "ElmanError", "Ensemble", "GRU",
    "InternalError", "InvalidParams", "InvalidRequest", "Job", "JobNotFinished", "JobWaitTimeout", "LSTM",
    "LimitExceeded", "MethodNotFound", "ModelInfo", "ModelList", "NetworkInfo", "NoSavedModel", "ParseError",
    "ProtocolMismatch", "RNN", "SGD", "Scaler", "ShuttingDown", "Sine", "StorageError", "TrainResult", "UnknownJob",
    "UnknownModel", "Weights", "Worker", "WorkerDied", "WorkerNotFound", "WorkerTimeout", "connect", "dask",
    "epoch_line", "find_worker_binary", "plot", "torch", "widgets",
]


def __getattr__(name: str) -> ModuleType:
    """``elman.plot``, ``elman.torch``, ``elman.widgets`` and ``elman.dask``, imported when first asked for (PEP 562);
    importing binds them here, so this runs once per name."""
    if name == "plot":
        try:
            return import_module(".plot", __name__)
        except ModuleNotFoundError as error:
            if error.name != "matplotlib":
                raise
            raise ModuleNotFoundError("elman.plot needs matplotlib: pip install 'elman[plot]' (or matplotlib)",
                                      name="matplotlib") from None
    if name in ("torch", "widgets", "dask"):
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
