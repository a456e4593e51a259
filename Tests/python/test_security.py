"""Security of the real elman-worker: where it may listen, CURVE, and where it may read and write on request.

Policies under test (Protocol/PROTOCOL.md, "Security"): without flags the worker binds only loopback or `ipc://`
and refuses anything else at start (non-zero exit, a message on stderr); `--insecure` allows a plain non-loopback
bind and logs a line with "INSECURE"; `--curve` makes a server key pair and an allowed client key pair, puts them in
the connection file, and peers without them (no CURVE, a wrong server key, or a client key the worker does not list)
get nothing. Model names are checked (-32602) so that the models folder is the only
place `model.save` writes and `model.load` reads.

Only loopback traffic is possible on the test machines: workers may bind 0.0.0.0, clients connect to 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pytest
import zmq
import zmq.utils.z85

import elman

if TYPE_CHECKING:
    from conftest import RunningWorker

#: How long a peer that should get nothing is given to get something.
SILENCE_MS = 1000
REPLY_TIMEOUT_MS = 10_000
PING = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()


@pytest.fixture
def context() -> Iterator[zmq.Context]:
    context = zmq.Context()
    yield context
    context.destroy(linger=0)


def on_loopback(endpoint: str) -> str:
    """The address a local client uses for an endpoint bound on every interface."""
    return endpoint.replace("tcp://0.0.0.0:", "tcp://127.0.0.1:")


def socket_for(context: zmq.Context, kind: int, endpoint: str, server_key: bytes | None,
               client_keys: tuple[bytes, bytes] | None = None) -> zmq.Socket:
    """A socket connected to `endpoint`; with `server_key`, a CURVE client with `client_keys` (public, secret), or
    a fresh key pair of its own when they are not given."""
    socket = context.socket(kind)
    socket.setsockopt(zmq.LINGER, 0)
    if server_key is not None:
        socket.curve_publickey, socket.curve_secretkey = client_keys or zmq.curve_keypair()
        socket.curve_serverkey = server_key
    socket.connect(on_loopback(endpoint))
    return socket


def issued_keys(worker: RunningWorker) -> tuple[bytes, tuple[bytes, bytes]]:
    """The server key and the client key pair a CURVE worker wrote into its connection file."""
    curve = worker.connection["curve"]
    return curve["server_key"].encode(), (curve["client_public_key"].encode(), curve["client_secret_key"].encode())


def pings(socket: zmq.Socket, timeout_ms: int) -> bool:
    """Whether a ping on this DEALER is answered with a pong within `timeout_ms`."""
    socket.send(PING)
    if not socket.poll(timeout_ms):
        return False
    return json.loads(socket.recv())["result"] == {"pong": True}


# -- where the worker listens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("option, endpoint", [
    ("--endpoint", "tcp://0.0.0.0:*"), ("--endpoint", "tcp://*:*"), ("--endpoint", "tcp://[::]:*"),
    ("--endpoint", "tcp://lo:*"), ("--endpoint", "tcp://127.0.0.1.example:*"), ("--events", "tcp://0.0.0.0:*"),
])
def test_a_non_loopback_endpoint_without_curve_or_insecure_is_refused_at_start(
        option: str, endpoint: str, worker_binary: Path, tmp_path: Path) -> None:
    connection_file = tmp_path / "connection.json"
    args = [str(worker_binary), "--endpoint", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
            option, endpoint, "--connection-file", str(connection_file)]
    finished = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert finished.returncode != 0
    stderr = finished.stderr.decode(errors="replace")
    assert endpoint in stderr and "--curve" in stderr and "--insecure" in stderr, stderr
    assert not connection_file.exists()


def test_an_ipc_endpoint_needs_no_flag(start_worker: Callable[..., RunningWorker], context: zmq.Context,
                                       tmp_path: Path) -> None:
    worker = start_worker(extra_args=("--endpoint", f"ipc://{tmp_path}/worker.sock"))
    assert worker.connection["endpoint"] == f"ipc://{tmp_path}/worker.sock"
    assert pings(socket_for(context, zmq.DEALER, worker.endpoint, None), REPLY_TIMEOUT_MS)
    assert "INSECURE" not in worker.log.read_text()


def test_insecure_binds_every_interface_in_plain_text_and_says_so_in_the_log(
        start_worker: Callable[..., RunningWorker], context: zmq.Context) -> None:
    worker = start_worker(extra_args=("--endpoint", "tcp://0.0.0.0:*", "--insecure"))
    assert worker.endpoint.startswith("tcp://0.0.0.0:") and worker.connection["curve"] is None
    assert pings(socket_for(context, zmq.DEALER, worker.endpoint, None), REPLY_TIMEOUT_MS)
    assert any("INSECURE" in line and "0.0.0.0" in line for line in worker.log.read_text().splitlines())


# -- CURVE --------------------------------------------------------------------------------------------------------


def test_curve_answers_only_peers_with_the_keys_of_the_connection_file(
        start_worker: Callable[..., RunningWorker], context: zmq.Context) -> None:
    worker = start_worker(extra_args=("--curve", "--endpoint", "tcp://0.0.0.0:*"))
    server_key, client_keys = issued_keys(worker)
    assert len(server_key) == 40 and zmq.utils.z85.decode(server_key)
    good = socket_for(context, zmq.DEALER, worker.endpoint, server_key, client_keys)
    assert pings(good, REPLY_TIMEOUT_MS)

    plain = socket_for(context, zmq.DEALER, worker.endpoint, None)
    wrong_key = socket_for(context, zmq.DEALER, worker.endpoint, zmq.curve_keypair()[0], client_keys)
    unlisted = socket_for(context, zmq.DEALER, worker.endpoint, server_key)
    assert not pings(plain, SILENCE_MS)
    assert not pings(wrong_key, SILENCE_MS)
    assert not pings(unlisted, SILENCE_MS), "the server's public key alone must not be enough"

    assert pings(good, REPLY_TIMEOUT_MS)
    assert pings(socket_for(context, zmq.DEALER, worker.endpoint, server_key, client_keys), REPLY_TIMEOUT_MS)
    assert "INSECURE" not in worker.log.read_text()
    assert "refused a CURVE client" in worker.log.read_text()


def test_curve_clients_listed_by_the_operator_are_let_in(
        start_worker: Callable[..., RunningWorker], context: zmq.Context, tmp_path: Path) -> None:
    listed = zmq.curve_keypair()
    (tmp_path / "clients").write_bytes(b"\n" + listed[0] + b"\n\n")
    worker = start_worker(extra_args=("--curve", "--curve-clients", str(tmp_path / "clients")))
    server_key, _ = issued_keys(worker)
    assert pings(socket_for(context, zmq.DEALER, worker.endpoint, server_key, listed), REPLY_TIMEOUT_MS)
    assert not pings(socket_for(context, zmq.DEALER, worker.endpoint, server_key), SILENCE_MS)


def test_curve_notifications_reach_only_subscribers_with_the_keys_of_the_connection_file(
        start_worker: Callable[..., RunningWorker], context: zmq.Context) -> None:
    worker = start_worker(extra_args=("--curve",))
    server_key, client_keys = issued_keys(worker)
    subscribers = {"good": socket_for(context, zmq.SUB, worker.events, server_key, client_keys),
                   "plain": socket_for(context, zmq.SUB, worker.events, None),
                   "wrong": socket_for(context, zmq.SUB, worker.events, zmq.curve_keypair()[0], client_keys),
                   "unlisted": socket_for(context, zmq.SUB, worker.events, server_key)}
    for subscriber in subscribers.values():
        subscriber.setsockopt(zmq.SUBSCRIBE, b"")
    requests = socket_for(context, zmq.DEALER, worker.endpoint, server_key, client_keys)
    assert pings(requests, REPLY_TIMEOUT_MS)

    def heard(subscriber: zmq.Socket) -> bool:
        """Trains a tiny job and tells whether the subscriber hears its job.finished (a slow joiner may miss the
        first job's, so a few jobs are tried)."""
        for _ in range(5):
            requests.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "train",
                                      "params": {"epochs": 1, "wait": True}}).encode())
            assert requests.poll(REPLY_TIMEOUT_MS)
            requests.recv()
            while subscriber.poll(SILENCE_MS / 5):
                if json.loads(subscriber.recv_multipart()[-1])["method"] == "job.finished":
                    return True
        return False

    assert heard(subscribers["good"])
    assert not heard(subscribers["plain"]) and not heard(subscribers["wrong"]) and not heard(subscribers["unlisted"])


def test_the_connection_file_is_all_a_client_needs_to_use_a_curve_worker(
        start_worker: Callable[..., RunningWorker]) -> None:
    worker = start_worker(extra_args=("--curve",))
    with elman.connect(worker.log.parent / "connection.json") as client:
        result = client.train(epochs=20, progress=False)
        assert result.state == "done" and client.model_get(result.model).epochs_trained == 20


# -- names and the models folder ----------------------------------------------------------------------------------

#: Names that try to leave the models folder, hide a file in it, or step on the temporary files of a save.
TRICKY_NAMES = [
    "../escaped", "../../escaped", "/tmp/elman-rel-escaped", "sub/inner", "..", ".", ".hidden", "name.tmp",
    "", "a" * 65, "nul\x00byte", "new\nline", "back\\slash", "é", "-dash", "_under", "a b", "~", "%2e%2e",
    "..\\escaped", "models/../escaped",
]


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` (and the folder itself), with the contents of files."""
    found = {".": None}
    for root, folders, files in os.walk(folder):
        for name in folders:
            found[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = Path(path).read_bytes()
    return found


def error_of(socket: zmq.Socket, method: str, params: dict) -> dict:
    socket.send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": method, "params": params}).encode())
    assert socket.poll(REPLY_TIMEOUT_MS)
    response = json.loads(socket.recv())
    assert "error" in response, response
    return response["error"]


def test_names_with_path_tricks_are_refused_and_nothing_is_written_or_read_outside_the_models_folder(
        start_worker: Callable[..., RunningWorker], context: zmq.Context) -> None:
    worker = start_worker()
    assert worker.models is not None
    folder = worker.models.parent  # a folder of this worker's own, around its models folder
    with elman.connect(worker.endpoint) as client:
        model = client.train(epochs=5, progress=False).model
        client.model_save(model, "outside")
    (worker.models / "outside.json").rename(folder / "outside.json")  # a valid model file outside the folder
    before = tree(folder)

    socket = socket_for(context, zmq.DEALER, worker.endpoint, None)
    for name in TRICKY_NAMES + ["../outside", "..\\outside"]:
        for method, params in (("model.save", {"model": model, "name": name}), ("model.load", {"name": name})):
            error = error_of(socket, method, params)
            assert error["code"] == -32602 and error["data"]["param"] == "name", (method, name, error)

    after = tree(folder)
    assert after.keys() - {"worker.log"} == before.keys() - {"worker.log"}
    assert all(after[path] == before[path] for path in before if path != "worker.log")
    assert not Path("/tmp/elman-rel-escaped.json").exists()


def test_the_longest_and_oddest_allowed_names_are_plain_files_in_the_models_folder(
        start_worker: Callable[..., RunningWorker]) -> None:
    worker = start_worker()
    names = ["a" * 64, "A.b-c_d", "0", "x..y", "a.tmp.json", "name.tmpx"]
    with elman.connect(worker.endpoint) as client:
        model = client.train(epochs=5, progress=False).model
        for name in names:
            client.model_save(model, name)
            assert client.model_load(name).epochs_trained == 5
        assert sorted(client.model_list().saved) == sorted(names)
    assert sorted(os.listdir(worker.models)) == sorted(f"{name}.json" for name in names)


@pytest.mark.parametrize("planted, name", [(".planted.tmp", "planted"), ("linked.json", "linked")],
                         ids=["temporary-file", "model-file"])
def test_a_save_does_not_write_through_a_symlink_planted_in_the_models_folder(
        planted: str, name: str, start_worker: Callable[..., RunningWorker]) -> None:
    """Someone who can write in the models folder plants a symlink to a file outside it, where a save of `name`
    writes first (the temporary file) or last (the model file); the outside file must stay as it was."""
    worker = start_worker()
    assert worker.models is not None
    victim = worker.models.parent / "victim.txt"
    victim.write_bytes(b"untouched")
    (worker.models / planted).symlink_to(victim)

    with elman.connect(worker.endpoint) as client:
        model = client.train(epochs=5, progress=False).model
        try:
            client.model_save(model, name)
        except elman.StorageError:
            pass  # refusing is as good as writing in the folder: what matters is the file outside it
    assert victim.read_bytes() == b"untouched"
