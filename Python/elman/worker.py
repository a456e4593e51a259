"""``Worker``: a client that starts its own ``elman-worker`` and stops it when done."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .client import DEFAULT_TIMEOUT, Client
from .process import WorkerProcess


class Worker(Client):
    """Start ``elman-worker`` on free loopback ports and connect to it; safe to share between threads.

    The binary is ``binary``, else ``$ELMAN_WORKER``, else the repository's ``.build/release/elman-worker``, else
    the one on ``PATH``. ``models`` is the folder where ``model_save``/``model_load`` keep models (created if
    missing; ``None``: no saving). The constructor returns once the worker answers a ping, or raises
    :class:`~elman.WorkerDied` / :class:`~elman.WorkerTimeout` within ``start_timeout`` seconds. ``heartbeat``
    and ``timeout`` are the :class:`~elman.Client`'s (its docstring says what each call waits for, and how calls
    from several threads share it), and so is ``binary_frames`` (``False``: arrays travel as JSON, not as binary
    frames); ``extra_args`` go to the worker's command line (e.g. ``("--limit", "max_models=1000")``).

    The worker is stopped by :meth:`close`, on leaving a ``with`` block, when this object is garbage-collected,
    and at interpreter exit. A worker that dies raises :class:`~elman.WorkerDied` at once in whatever call is
    waiting, even a training with no timeout.
    """

    def __init__(self, models: str | os.PathLike | None = None, *, binary: str | os.PathLike | None = None,
                 start_timeout: float = 10.0, heartbeat: float = 10.0, timeout: float = DEFAULT_TIMEOUT,
                 extra_args: Sequence[str] = (), binary_frames: bool = True) -> None:
        self._process = WorkerProcess(binary, models=models, start_timeout=start_timeout, extra_args=extra_args)
        try:
            info = self._process.info
            super().__init__(info.endpoint, info.events, heartbeat=heartbeat, timeout=timeout, curve=info.curve,
                             binary_frames=binary_frames)
            self.ping(timeout=start_timeout)
        except BaseException:
            self._process.stop()
            raise

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self._process.pid

    @property
    def connection_file(self) -> Path:
        """The worker's connection file: :func:`elman.connect` accepts it, from this or another process."""
        return self._process.connection_file

    @property
    def log(self) -> Path:
        """The file that receives the worker's stdout and stderr (removed when the worker is stopped)."""
        return self._process.log

    def _check_alive(self) -> None:
        self._process.check_alive()

    def __enter__(self) -> Worker:
        return self

    def close(self) -> None:
        """Close the connection and stop the worker (SIGTERM, then SIGKILL if it lingers); idempotent, and
        allowed from any thread (calls still running raise :class:`~elman.errors.ClientClosed`)."""
        super().close()
        self._process.stop()
