"""The elman-worker command line on a real machine: `--parent-pid` with a parent that dies unreaped, `--models`
pointing at a folder that does not exist yet or at something that is not a folder."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elman.process import WorkerProcess

# The worker checks its parent every 500 ms; this leaves room for a loaded machine.
EXIT_DEADLINE_S = 15.0

# Started as a child of the test: starts a worker watching this process, prints its pid, then waits to be killed.
INTERMEDIATE = """
import sys
from elman.process import WorkerProcess
worker = WorkerProcess(sys.argv[1])
print(worker.pid, flush=True)
sys.stdin.read()
"""


def process_state(pid: int) -> str | None:
    """The state letter of /proc/PID/stat (after the last ')', as the command name may hold one), None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return stat[stat.rindex(")") + 1:].split()[0]


def has_exited(pid: int) -> bool:
    return process_state(pid) in (None, "Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_worker_stops_when_its_parent_is_killed_and_not_reaped(worker_binary: Path) -> None:
    intermediate = subprocess.Popen([sys.executable, "-c", INTERMEDIATE, str(worker_binary)],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    worker_pid = None
    try:
        worker_pid = int(intermediate.stdout.readline())
        assert not has_exited(worker_pid)
        os.kill(intermediate.pid, signal.SIGKILL)
        # Not waited for: the parent stays a zombie, which kill(pid, 0) still finds.
        deadline = time.monotonic() + EXIT_DEADLINE_S
        while process_state(intermediate.pid) != "Z":
            assert time.monotonic() < deadline, "the killed parent never became a zombie"
            time.sleep(0.01)
        while not has_exited(worker_pid):
            assert process_state(intermediate.pid) == "Z", "the parent was reaped before the worker stopped"
            assert time.monotonic() < deadline, f"the worker outlived its zombie parent by {EXIT_DEADLINE_S} s"
            time.sleep(0.05)
    finally:
        if worker_pid is not None and not has_exited(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
        intermediate.kill()
        intermediate.wait()


def test_missing_models_folder_is_created_private(worker_binary: Path, tmp_path: Path) -> None:
    models = tmp_path / "home" / "elman-models"
    worker = WorkerProcess(worker_binary, extra_args=("--models", str(models)))
    try:
        assert worker.info.models == str(models)
        assert models.is_dir()
        assert (models.stat().st_mode & 0o777, models.parent.stat().st_mode & 0o777) == (0o700, 0o700)
    finally:
        worker.stop()


def test_models_path_that_is_a_file_is_refused_with_usage_status(worker_binary: Path, tmp_path: Path) -> None:
    file = tmp_path / "models"
    file.write_text("notes")
    result = subprocess.run([str(worker_binary), "--endpoint", "tcp://127.0.0.1:*", "--models", str(file)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 64
    assert f"--models {file} is not a folder" in result.stderr
    assert file.read_text() == "notes"
