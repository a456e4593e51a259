"""The JSON-RPC 2.0 framing over ZeroMQ, in one place.

Requests go out on a DEALER socket as one frame of UTF-8 JSON; the worker's ROUTER sends each reply back on it.
Notifications come on an optional SUB socket as ``[topic, body]`` frames (the topic is a job id).

Waiting never blocks blindly: :meth:`Wire.call` polls in slices of at most ``SLICE`` seconds and, between
slices, (1) runs the ``check_alive`` callback (a started worker's process check, which raises at once when the
process has exited — after one last short look for replies it sent before exiting, as at a shutdown), (2) sends a ``ping`` when the worker has been quiet for a third of ``heartbeat`` seconds,
and (3) raises :class:`WorkerTimeout` when nothing at all has been heard from the worker for ``heartbeat``
seconds, or when the call's own ``timeout`` has passed. Any message from the worker counts as a sign of life.

Sending never blocks either: a DEALER with no connected peer (nothing listening, or a handshake refused, e.g. a
CURVE worker reached without its key) cannot queue a message, so a send is retried in slices until the same
limits pass.

Invariant: each request has a fresh integer id; a reply whose id is not the one being waited for (a heartbeat's
``pong``, or the late answer to a call that timed out or was interrupted) is dropped.
"""
from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import zmq

from .errors import ElmanError, ProtocolMismatch, WorkerTimeout, error_from_reply

#: Longest single poll, in seconds: the bound on how late a dead process or Ctrl-C is noticed.
SLICE = 0.1
#: How long replies a worker sent just before exiting may still be on their way to the socket, in seconds.
LAST_WORDS = 0.05

Notification = Callable[[str, dict], None]


@dataclass(frozen=True)
class CurveKeys:
    """What a client of a CURVE worker needs, all Z85 text from the worker's connection file: the server's public
    key and a client key pair the worker lets in (a key pair of one's own is let in only if the worker lists it)."""

    server_key: str
    client_public_key: str
    client_secret_key: str


class Wire:
    """A DEALER (and optionally a SUB) connected to one worker.

    ``endpoint`` is the worker's ROUTER, ``events`` its PUB (or ``None``); ``curve`` makes both sockets CURVE
    clients with those keys. ``heartbeat`` is how many seconds of silence mean the worker is
    gone. Not thread-safe: one thread uses a Wire at a time, as with any ZeroMQ socket.
    """

    def __init__(self, endpoint: str, events: str | None = None, *, heartbeat: float = 10.0,
                 check_alive: Callable[[], None] = lambda: None, curve: CurveKeys | None = None) -> None:
        self.endpoint, self.events, self.heartbeat = endpoint, events, heartbeat
        self._check_alive = check_alive
        self._ids = itertools.count(1)
        self._context = zmq.Context()
        self._dealer = self._socket(zmq.DEALER, curve)
        self._dealer.connect(endpoint)
        self._poller = zmq.Poller()
        self._poller.register(self._dealer, zmq.POLLIN)
        self._sub: zmq.Socket | None = None
        if events is not None:
            self._sub = self._socket(zmq.SUB, curve)
            self._sub.setsockopt(zmq.SUBSCRIBE, b"")
            self._sub.connect(events)
            self._poller.register(self._sub, zmq.POLLIN)

    def _socket(self, kind: int, curve: CurveKeys | None) -> zmq.Socket:
        socket = self._context.socket(kind)
        socket.setsockopt(zmq.LINGER, 0)
        if curve is not None:
            socket.curve_serverkey = curve.server_key.encode()
            socket.curve_publickey = curve.client_public_key.encode()
            socket.curve_secretkey = curve.client_secret_key.encode()
        return socket

    @property
    def has_events(self) -> bool:
        """Whether notifications arrive (the worker has a PUB socket and we subscribed to it)."""
        return self._sub is not None

    def call(self, method: str, params: dict | None = None, *, timeout: float | None = None,
             on_notification: Notification | None = None) -> Any:
        """Send one request and return its ``result``, or raise the error the worker answered with.

        ``timeout`` (seconds, ``None`` = no limit of its own) bounds this call; the heartbeat bounds silence in
        any case. ``on_notification(method, params)`` receives the notifications that arrive meanwhile.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        request_id = next(self._ids)
        self._send(_encode(request_id, method, params), deadline)
        now = last_heard = last_ping = time.monotonic()
        while True:
            wait = SLICE if deadline is None else max(0.0, min(SLICE, deadline - now))
            ready = dict(self._poller.poll(wait * 1000))
            if self._sub is not None and self._sub in ready:
                last_heard = time.monotonic()
                self._drain_notifications(on_notification)
            if self._dealer in ready:
                last_heard = time.monotonic()
                found, reply = self._drain_replies(request_id)
                if found:
                    return reply
            try:
                self._check_alive()
            except ElmanError:
                if self._dealer.poll(LAST_WORDS * 1000):
                    found, reply = self._drain_replies(request_id)
                    if found:
                        return reply
                raise
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                raise WorkerTimeout(f"no reply to {method!r} from {self.endpoint} within {timeout:g} s")
            if now - last_heard >= self.heartbeat:
                raise WorkerTimeout(f"the worker at {self.endpoint} has not answered for {self.heartbeat:g} s")
            if now - max(last_heard, last_ping) >= self.heartbeat / 3:
                self._try_send(_encode(next(self._ids), "ping", None))
                last_ping = now

    def _send(self, frame: bytes, deadline: float | None) -> None:
        """Queue ``frame``, waiting while no peer can take it, at most ``heartbeat`` s or until ``deadline``."""
        give_up = time.monotonic() + self.heartbeat
        if deadline is not None:
            give_up = min(give_up, deadline)
        while not self._try_send(frame):
            self._check_alive()
            if time.monotonic() >= give_up:
                raise WorkerTimeout(f"cannot send to {self.endpoint}: no worker has accepted a connection")
            self._dealer.poll(SLICE * 1000, zmq.POLLOUT)

    def _try_send(self, frame: bytes) -> bool:
        try:
            self._dealer.send(frame, zmq.NOBLOCK)
        except zmq.Again:
            return False
        return True

    def _drain_replies(self, request_id: int) -> tuple[bool, Any]:
        """Read every waiting reply; ``(True, result)`` when one answers ``request_id``, else ``(False, None)``."""
        while True:
            try:
                frames = self._dealer.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return False, None
            reply = _decode(frames[-1])
            if not isinstance(reply, dict) or reply.get("id") != request_id:
                continue
            if "error" in reply:
                raise error_from_reply(reply["error"])
            if "result" not in reply:
                raise ProtocolMismatch("a reply with neither result nor error", data=reply)
            return True, reply["result"]

    def _drain_notifications(self, on_notification: Notification | None) -> None:
        assert self._sub is not None
        while True:
            try:
                frames = self._sub.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            note = _decode(frames[-1])
            if on_notification is not None and isinstance(note, dict) and isinstance(note.get("params"), dict):
                on_notification(str(note.get("method")), note["params"])

    def close(self) -> None:
        """Close the sockets at once (nothing unsent is kept); safe to call twice."""
        self._context.destroy(linger=0)


def _encode(request_id: int, method: str, params: dict | None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    return json.dumps(message, separators=(",", ":"), allow_nan=False).encode()


def _decode(frame: bytes) -> Any:
    try:
        return json.loads(frame)
    except ValueError as error:
        raise ProtocolMismatch(f"the worker sent a frame that is not JSON ({error})") from None
