"""Exceptions raised by the client.

Every exception of this package is an :class:`ElmanError`. An error the worker answered with (a JSON-RPC 2.0
error object) keeps its ``code``, ``message`` and ``data`` and is raised as the subclass registered for its code
(see :func:`error_from_reply`); trouble on the client's side (no binary, a dead or silent worker) has
``code`` ``None``. Each message ends with what to do about it.
"""
from __future__ import annotations

from typing import Any, ClassVar


class ElmanError(Exception):
    """Base of every error this package raises.

    ``code`` is the JSON-RPC error code when the worker sent the error, else ``None``; ``message`` is the
    worker's short message (or the client's); ``data`` is the error's ``data`` member, as sent.
    """

    code: int | None = None
    hint: ClassVar[str] = ""

    def __init__(self, message: str, data: Any = None, code: int | None = None) -> None:
        self.message = message
        self.data = data
        if code is not None:
            self.code = code
        super().__init__(message)

    def __str__(self) -> str:
        where = f"[{self.code}] " if self.code is not None else ""
        detail = f" {self.data}" if self.data not in (None, {}) else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{detail}{hint}"


class ParseError(ElmanError):
    code = -32700
    hint = "the worker could not read the request as JSON; this is a client bug, please report it"


class InvalidRequest(ElmanError):
    code = -32600
    hint = "the request was not a JSON-RPC 2.0 request; this is a client bug, please report it"


class MethodNotFound(ElmanError):
    code = -32601
    hint = "the worker does not know this method; check that client and worker speak the same protocol (info())"


class InvalidParams(ElmanError, ValueError):
    """A parameter the worker would refuse (or the client refused before sending: then ``data`` is
    ``{"param", "reason"}`` and, for an array, ``"index"``: the first bad element). Also a :class:`ValueError`."""

    code = -32602
    hint = "fix the parameter named in data['param'] (see info()['limits'] for the allowed ranges)"


class InternalError(ElmanError):
    code = -32603
    hint = "a bug in the worker; it keeps running — please report the request that caused it"


class UnknownModel(ElmanError):
    code = -32000
    hint = "model_list() shows the models this worker holds"


class UnknownJob(ElmanError):
    code = -32001
    hint = "job_list() shows the jobs this worker remembers; old ended jobs are forgotten"


class JobNotFinished(ElmanError):
    code = -32002
    hint = "wait for the job with job_wait() or stop it with job_cancel(), then try again"


class JobWaitTimeout(ElmanError):
    code = -32003
    hint = "the job goes on; call job_wait() again or job_cancel() it"


class LimitExceeded(ElmanError):
    code = -32004
    hint = "ask for less, or start the worker with a higher limit (info()['limits'] lists them)"


class StorageError(ElmanError):
    code = -32005
    hint = "start the worker with a models folder (Worker(models=...)) and check that it is writable"


class NoSavedModel(ElmanError):
    code = -32006
    hint = "model_list().saved lists the names in the models folder"


class ShuttingDown(ElmanError):
    code = -32007
    hint = "the worker is stopping; start a new one with elman.Worker()"


class WorkerNotFound(ElmanError):
    """No ``elman-worker`` binary could be found."""

    hint = "build it with `swift build -c release` in the repository, or set ELMAN_WORKER to its path"


class WorkerDied(ElmanError):
    """The worker process this client started has exited."""

    hint = "start a new one with elman.Worker()"


class WorkerTimeout(ElmanError):
    """The worker did not answer in time: it is gone, stopped, overloaded, or the endpoint is wrong."""

    hint = "check that the worker is running and the endpoint is right, or pass a longer timeout"


class ClientClosed(ElmanError):
    """The client was closed (perhaps from another thread) before or while this call ran."""

    hint = "make a new one with elman.Worker() or elman.connect()"


class ProtocolMismatch(ElmanError):
    """The worker sent something this client cannot read."""

    hint = "client and worker may be of different versions; compare elman.__version__ with info()['version']"


_BY_CODE: dict[int, type[ElmanError]] = {
    cls.code: cls
    for cls in (ParseError, InvalidRequest, MethodNotFound, InvalidParams, InternalError, UnknownModel,
                UnknownJob, JobNotFinished, JobWaitTimeout, LimitExceeded, StorageError, NoSavedModel,
                ShuttingDown)
    if cls.code is not None
}


def error_from_reply(error: Any) -> ElmanError:
    """The exception for a JSON-RPC error object ``{"code", "message", "data"?}``.

    A code this client does not know gives a plain :class:`ElmanError` that still carries it.
    """
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return ProtocolMismatch("malformed error object", data=error)
    code, message, data = error["code"], str(error.get("message", "")), error.get("data")
    return _BY_CODE.get(code, ElmanError)(message, data=data, code=code)
