"""elman.dask on real processes: a LocalCluster of 2 worker processes, a scheduler and 2 workers started with the
`dask` command, a Dask worker killed mid-sweep. A sweep across the cluster gives the frame of the same sweep on
one worker; the plugin starts one elman-worker beside each Dask worker, tied to it by --parent-pid."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import distributed
import numpy as np
import pandas
import pytest

import elman
import elman.dask

GRID = {"lr": [0.05, 0.1, 0.2], "seed": range(6)}
BASE = {"epochs": 30, "data": elman.Sine(points=12)}
DEADLINE_S = 60.0


def wait_until(condition, what: str, timeout: float = DEADLINE_S) -> None:
    """Poll ``condition`` (a cheap question to a process) until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout:g} s: {what}"
        time.sleep(0.05)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def one_worker_sweep(worker_binary: Path, grid: dict, **base) -> pandas.DataFrame:
    with elman.Worker(binary=worker_binary) as worker:
        return worker.sweep(grid=grid, progress=False, **base)


def same_runs(frame: pandas.DataFrame, expected: pandas.DataFrame) -> None:
    pandas.testing.assert_frame_equal(frame, expected, check_flags=False)


def elman_pids(client: distributed.Client) -> dict[str, tuple[int, int]]:
    """For each Dask worker: its own pid and its elman-worker's."""
    return client.run(lambda dask_worker: (os.getpid(), elman.dask.local_worker(dask_worker).pid))


def running_jobs(dask_worker: distributed.Worker) -> list[str]:
    """The states of the jobs of the elman-worker beside ``dask_worker`` (for ``client.run``)."""
    return [job.state for job in elman.dask.local_worker(dask_worker).job_list()]


@pytest.fixture(scope="module")
def cluster(worker_binary: Path) -> Iterator[distributed.Client]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as client:
        elman.dask.register(client, elman.dask.ElmanPlugin(binary=str(worker_binary)))
        yield client


def test_a_sweep_on_a_local_cluster_equals_the_same_sweep_on_one_worker(cluster, worker_binary) -> None:
    frame = elman.dask.sweep(cluster, grid=GRID, chunk_size=4, progress=False, **BASE)
    same_runs(frame, one_worker_sweep(worker_binary, GRID, **BASE))


def test_each_dask_worker_has_its_own_elman_worker_tied_to_it(cluster) -> None:
    pids = elman_pids(cluster)
    assert len(pids) == 2 and len({elman for _, elman in pids.values()}) == 2
    for dask_pid, elman_pid in pids.values():
        command = Path(f"/proc/{elman_pid}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--parent-pid") + 1] == str(dask_pid).encode()


def test_fit_many_gives_each_series_the_model_train_gives_it(cluster, worker_binary) -> None:
    series = [np.sin(np.linspace(0, k + 2, 10)) for k in range(5)]
    state_dicts = elman.dask.fit_many(cluster, series, chunk_size=2, progress=False, epochs=20, seed=3)
    with elman.Worker(binary=worker_binary) as worker:
        for data, state_dict in zip(series, state_dicts, strict=True):
            alone = worker.model_get(worker.train(data=data, epochs=20, seed=3, progress=False).model).state_dict
            assert alone.keys() == state_dict.keys()
            assert all(np.array_equal(alone[name], state_dict[name]) for name in alone)
    assert cluster.run(lambda dask_worker: elman.dask.local_worker(dask_worker).model_list().models) == {
        address: [] for address in cluster.scheduler_info()["workers"]}  # the models were deleted once read


def test_the_bar_counts_chunks(cluster, capsys) -> None:
    frame = elman.dask.sweep(cluster, grid={"seed": range(6)}, chunk_size=2, progress=True, **BASE)
    assert len(frame) == 6 and "3/3" in capsys.readouterr().err


def test_a_bad_parameter_is_refused_before_any_task(cluster) -> None:
    with pytest.raises(elman.InvalidParams) as refused:
        elman.dask.sweep(cluster, grid={"lr": [0.1, float("nan")]}, progress=False)
    assert refused.value.data["param"] == "grid.lr[1]"
    with pytest.raises(elman.InvalidParams):
        elman.dask.sweep(cluster, grid={"seed": [1]}, chunk_size=0, progress=False)
    with pytest.raises(elman.InvalidParams):
        elman.dask.fit_many(cluster, [[0.0, 1.0]], data=[0.0, 1.0], progress=False)


def test_the_elman_workers_stop_with_their_cluster(worker_binary) -> None:
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as client:
        elman.dask.register(client, elman.dask.ElmanPlugin(binary=str(worker_binary)))
        ((_, elman_pid),) = elman_pids(client).values()
        assert is_running(elman_pid)
    wait_until(lambda: not is_running(elman_pid), "the elman-worker stops with its Dask worker")


def test_a_worker_killed_mid_sweep_has_its_chunks_run_elsewhere(worker_binary) -> None:
    grid = {"seed": range(8)}
    slow = {"hidden_size": 64, "epochs": 4000, "lr": 0.01}  # a quarter of a second per run
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as client, ThreadPoolExecutor(1) as background:
        elman.dask.register(client, elman.dask.ElmanPlugin(binary=str(worker_binary)))
        pids = elman_pids(client)
        sweep = background.submit(elman.dask.sweep, client, grid=grid, chunk_size=1, progress=False, **slow)
        victim = next(iter(pids))
        wait_until(lambda: "running" in client.run(running_jobs, workers=[victim])[victim],
                   "a chunk's sweep running on the victim's elman-worker")
        dask_pid, elman_pid = pids[victim]
        os.kill(dask_pid, signal.SIGKILL)
        frame = sweep.result(timeout=DEADLINE_S)
        wait_until(lambda: not is_running(elman_pid), "the killed Dask worker's elman-worker stops (--parent-pid)")
    assert list(frame.seed) == list(range(8))  # every run once, in order
    same_runs(frame, one_worker_sweep(worker_binary, grid, **slow))


@pytest.fixture
def scheduler_and_two_workers(worker_binary: Path, tmp_path: Path) -> Iterator[Path]:
    """`dask scheduler` and two `dask worker` processes connected by the scheduler's address; yields the scheduler
    file (which holds the address). Stopped with SIGTERM (SIGKILL if they linger) afterwards."""
    dask = str(Path(sys.executable).parent / "dask")  # the command line tool installed with dask, beside python
    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "ELMAN_WORKER": str(worker_binary)}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(scheduler_file)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)]
    try:
        wait_until(scheduler_file.exists, "the scheduler writes its address")
        address = json.loads(scheduler_file.read_text())["address"]  # given as such, as on another machine
        for _ in range(2):
            processes.append(subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                 "--host", "127.0.0.1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield scheduler_file
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_scheduler_and_workers_started_apart_give_the_same_frame(scheduler_and_two_workers, worker_binary) -> None:
    with distributed.Client(scheduler_file=str(scheduler_and_two_workers)) as client:
        client.wait_for_workers(2, timeout=DEADLINE_S)
        frame = elman.dask.sweep(client, grid=GRID, chunk_size=3, progress=False, **BASE)
        assert len(elman_pids(client)) == 2
    same_runs(frame, one_worker_sweep(worker_binary, GRID, **BASE))
