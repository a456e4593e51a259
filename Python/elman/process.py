"""Finding, starting and stopping an ``elman-worker`` process.

The worker is started with ``--endpoint tcp://127.0.0.1:* --events tcp://127.0.0.1:*`` (the PUB socket is for
subscribers of one's own: the client follows its jobs on its request socket): it binds free ports itself and writes the ports it got to a connection file (atomically, once bound). Reading that file is race-free,
unlike picking a free port here and asking the worker to bind it later, when another process may have taken it.

The process gets its own session, so a Ctrl-C in a terminal (sent to the whole foreground process group) reaches
the client — which then cancels its job — and not the worker. It is stopped with SIGTERM (the worker then cancels
its jobs and exits 0), then SIGKILL if it has not exited within a grace period, on :meth:`WorkerProcess.stop`,
when the object is garbage-collected, and at interpreter exit.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkerDied, WorkerNotFound, WorkerTimeout
from .wire import CurveKeys

#: Seconds the worker gets to exit after SIGTERM before it is killed.
GRACE = 3.0


def find_worker_binary() -> Path:
    """The ``elman-worker`` to run: ``$ELMAN_WORKER``, else the repository's ``.build/release``, else ``PATH``."""
    configured = os.environ.get("ELMAN_WORKER")
    if configured:
        path = Path(configured)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise WorkerNotFound(f"ELMAN_WORKER={configured} is not an executable file")
        return path
    built = Path(__file__).resolve().parents[2] / ".build" / "release" / "elman-worker"
    if built.is_file() and os.access(built, os.X_OK):
        return built
    found = shutil.which("elman-worker")
    if found:
        return Path(found)
    raise WorkerNotFound("no elman-worker found (looked at $ELMAN_WORKER, .build/release and PATH)")


@dataclass(frozen=True)
class ConnectionInfo:
    """What a connection file says about a running worker (see Protocol/PROTOCOL.md, "Connection file")."""

    endpoint: str
    events: str | None
    pid: int | None
    models: str | None
    curve: CurveKeys | None

    @classmethod
    def read(cls, path: str | os.PathLike) -> ConnectionInfo:
        """Read a connection file (written atomically by the worker, so never half-written)."""
        document = json.loads(Path(path).read_text())
        curve = document.get("curve")
        keys = CurveKeys(curve["server_key"], curve["client_public_key"], curve["client_secret_key"]) if curve else None
        return cls(endpoint=document["endpoint"], events=document.get("events"), pid=document.get("pid"),
                   models=document.get("models"), curve=keys)


class WorkerProcess:
    """A running ``elman-worker`` started by this process, with its connection file and log in a temp folder.

    ``events=False`` starts it without a PUB socket. ``extra_args`` are appended to the command line (e.g.
    ``("--curve",)`` or ``("--limit", "max_models=10")``); an option given there again overrides the one above.
    """

    def __init__(self, binary: str | os.PathLike | None = None, *, models: str | os.PathLike | None = None,
                 events: bool = True, start_timeout: float = 10.0, extra_args: Sequence[str] = ()) -> None:
        self.binary = Path(binary) if binary is not None else find_worker_binary()
        self.folder = Path(tempfile.mkdtemp(prefix="elman-worker-"))
        self.connection_file = self.folder / "connection.json"
        self.log = self.folder / "worker.log"
        command = [str(self.binary), "--endpoint", "tcp://127.0.0.1:*", "--connection-file",
                   str(self.connection_file), "--parent-pid", str(os.getpid())]
        if events:
            command += ["--events", "tcp://127.0.0.1:*"]
        if models is not None:
            Path(models).mkdir(parents=True, exist_ok=True)
            command += ["--models", str(Path(models).resolve())]
        command += list(extra_args)
        try:
            with open(self.log, "wb") as log:
                self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as error:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise WorkerNotFound(f"cannot run {self.binary}: {error.strerror}") from None
        self._finalizer = weakref.finalize(self, _stop, self.process, self.folder)
        try:
            self.info = self._await_connection_file(start_timeout)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid

    def _await_connection_file(self, timeout: float) -> ConnectionInfo:
        deadline = time.monotonic() + timeout
        while not self.connection_file.exists():
            self.check_alive()
            if time.monotonic() > deadline:
                raise WorkerTimeout(f"{self.binary} wrote no connection file within {timeout:g} s"
                                    f"{self.log_tail()}")
            time.sleep(0.01)
        return ConnectionInfo.read(self.connection_file)

    def check_alive(self) -> None:
        """Raise :class:`WorkerDied` (with the end of the log) if the process has exited."""
        status = self.process.poll()
        if status is not None:
            raise WorkerDied(f"the elman worker (pid {self.pid}) exited with status {status}{self.log_tail()}")

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the worker's log, as a suffix for error messages ('' when empty or gone)."""
        try:
            tail = self.log.read_text(errors="replace").strip().splitlines()[-lines:]
        except OSError:
            return ""
        return ("; its log ends:\n  " + "\n  ".join(tail) + "\n") if tail else ""

    def stop(self) -> None:
        """Stop the worker (SIGTERM, then SIGKILL after ``GRACE`` s) and remove its temp folder; idempotent."""
        self._finalizer()


def _stop(process: subprocess.Popen, folder: Path) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    shutil.rmtree(folder, ignore_errors=True)
