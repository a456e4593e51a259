"""The JSON-RPC 2.0 framing over ZeroMQ, in one place.

Requests go out on a DEALER socket as one frame of UTF-8 JSON; the worker's ROUTER sends each reply back on it.
Notifications come on a SUB socket as ``[topic, body]`` frames (the topic is a job id); a call that follows a job
subscribes to that job's topic only, for the length of the call.

**Threads.** A :class:`Wire` is safe to share between threads: every thread that calls it gets its own DEALER (and
SUB) on one shared ``zmq.Context`` (see :mod:`elman.channel`), so each call gets its own reply and no socket is
ever touched by two threads. :meth:`Wire.close` may come from any thread: calls in flight notice within one poll
slice and raise :class:`ClientClosed`; then each socket is closed under its channel's lock and the context ends.
The sockets of threads that have ended are closed when the next new thread opens its channel.

**Nothing waits forever.** Before sending, a request is measured against the worker's ``max_message_bytes``
(from :meth:`Wire.worker_info`: ``info`` asked once, on the first request other than ``info``) and refused with
:class:`LimitExceeded` when larger — libzmq would drop it silently. While waiting, :meth:`Wire.call` polls in
slices of at most ``SLICE`` seconds and, between slices,

1. raises :class:`ClientClosed` if the wire was closed meanwhile;
2. runs the ``check_alive`` callback (a started worker's process check, which raises at once when the process
   has exited — after one last short look for replies it sent before exiting, as at a shutdown);
3. raises :class:`WorkerTimeout` when the call's own ``timeout`` has passed — even if the worker answers the
   heartbeat: "the worker is alive" is not "my call is progressing";
4. sends a heartbeat when the worker has been quiet for a third of ``heartbeat`` seconds, and raises
   :class:`WorkerTimeout` when nothing at all has been heard for ``heartbeat`` seconds. A call that waits on a job
   (``watch_job``) has the heartbeat ask ``job.status`` of that job instead of ``ping``: an unknown (forgotten)
   job raises :class:`UnknownJob`, and a job that has ended while its wait is unanswered means the request was
   lost (the worker answers the waits of a job in the same step that marks it ended, and one DEALER's replies
   arrive in order), which raises :class:`WorkerTimeout`.

Sending never blocks either: a DEALER with no connected peer (nothing listening, or a handshake refused, e.g. a
CURVE worker reached without its key) cannot queue a message, so a send is retried in slices until the same
limits pass.

Invariant: each request has a fresh integer id on its channel; a reply whose id is neither the call's nor one of
its heartbeats' (the late answer to a call that timed out or was interrupted) is dropped.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import zmq

from .channel import Channel
from .errors import (ClientClosed, ElmanError, InvalidParams, LimitExceeded, ProtocolMismatch, UnknownJob, WorkerTimeout,
                     error_from_reply)

#: Longest single poll, in seconds: the bound on how late a dead process, Ctrl-C or close() is noticed.
SLICE = 0.1
#: How long replies a worker sent just before exiting may still be on their way to the socket, in seconds.
LAST_WORDS = 0.05
#: The job states after which a job changes no more (PROTOCOL.md, job object).
ENDED = frozenset({"done", "cancelled", "diverged", "failed"})

Notification = Callable[[str, dict], None]


@dataclass(frozen=True)
class CurveKeys:
    """What a client of a CURVE worker needs, all Z85 text from the worker's connection file: the server's public
    key and a client key pair the worker lets in (a key pair of one's own is let in only if the worker lists it)."""

    server_key: str
    client_public_key: str
    client_secret_key: str


class Wire:
    """Requests to one worker, from any number of threads.

    ``endpoint`` is the worker's ROUTER, ``events`` its PUB (or ``None``); ``curve`` makes the sockets CURVE
    clients with those keys. ``heartbeat`` is how many seconds of silence mean the worker is gone.
    """

    def __init__(self, endpoint: str, events: str | None = None, *, heartbeat: float = 10.0,
                 check_alive: Callable[[], None] = lambda: None, curve: CurveKeys | None = None) -> None:
        self.endpoint, self.events, self.heartbeat = endpoint, events, heartbeat
        self._check_alive = check_alive
        self._curve = curve
        self._context = zmq.Context()
        self._local = threading.local()
        self._channels: list[Channel] = []
        self._registry = threading.Lock()  # guards _channels and _closed
        self._closed = False
        self._worker_info: dict | None = None

    @property
    def has_events(self) -> bool:
        """Whether notifications can arrive (the worker has a PUB socket)."""
        return self.events is not None

    def call(self, method: str, params: dict | None = None, *, timeout: float | None,
             watch_job: str | None = None, on_notification: Notification | None = None) -> Any:
        """Send one request and return its ``result``, or raise the error the worker answered with.

        ``timeout`` (seconds; ``None`` = no limit of its own) bounds this call; the heartbeat bounds silence in any
        case. ``watch_job`` names the job the call waits on (its heartbeat then asks ``job.status`` of it).
        With ``on_notification`` the call subscribes to ``watch_job``'s notifications, and
        ``on_notification(method, params)`` receives those that arrive meanwhile.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        channel = self._channel()
        request_id = next(channel.ids)  # only this thread draws ids from its channel
        frame = _encode(request_id, method, params)
        if method != "info":
            self._check_size(method, len(frame))
        with channel.lock:
            self._raise_if_closed()
            topic = watch_job.encode() if on_notification is not None and watch_job and self.has_events else None
            if topic is not None:
                channel.subscribe(topic)
            try:
                self._send(channel, frame, deadline)
                return self._await(channel, request_id, method, timeout, deadline, watch_job, topic,
                                   on_notification)
            finally:
                if topic is not None and not self._closed:
                    channel.unsubscribe(topic)

    def _await(self, channel: Channel, request_id: int, method: str, timeout: float | None,
               deadline: float | None, watch_job: str | None, topic: bytes | None,
               on_notification: Notification | None) -> Any:
        """Wait for the reply to ``request_id`` (see the module's doc for what ends the wait otherwise)."""
        probe = _Probe(watch_job)
        now = last_heard = last_probe = time.monotonic()
        while True:
            wait = SLICE if deadline is None else max(0.0, min(SLICE, deadline - now))
            ready = dict(channel.poller.poll(wait * 1000))
            if channel.sub is not None and channel.sub in ready:
                bodies = channel.notifications(topic)
                if bodies:
                    last_heard = time.monotonic()
                    _deliver(bodies, on_notification)
            if channel.dealer in ready:
                last_heard = time.monotonic()
                found, reply = _read_replies(channel, request_id, probe, method)
                if found:
                    return reply
            self._raise_if_closed()
            try:
                self._check_alive()
            except ElmanError:
                if channel.dealer.poll(LAST_WORDS * 1000):
                    found, reply = _read_replies(channel, request_id, probe, method)
                    if found:
                        return reply
                raise
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                raise WorkerTimeout(f"no reply to {method!r} from {self.endpoint} within {timeout:g} s "
                                    "(the worker answers, but not this request)")
            if now - last_heard >= self.heartbeat:
                raise WorkerTimeout(f"the worker at {self.endpoint} has not answered for {self.heartbeat:g} s")
            if now - max(last_heard, last_probe) >= self.heartbeat / 3:
                probe_id = next(channel.ids)
                if channel.try_send(_encode(probe_id, probe.method, probe.params)):
                    probe.sent.add(probe_id)
                last_probe = now

    def _send(self, channel: Channel, frame: bytes, deadline: float | None) -> None:
        """Queue ``frame``, waiting while no peer can take it, at most ``heartbeat`` s or until ``deadline``."""
        give_up = time.monotonic() + self.heartbeat
        if deadline is not None:
            give_up = min(give_up, deadline)
        while not channel.try_send(frame):
            self._raise_if_closed()
            self._check_alive()
            if time.monotonic() >= give_up:
                raise WorkerTimeout(f"cannot send to {self.endpoint}: no worker has accepted a connection")
            channel.dealer.poll(SLICE * 1000, zmq.POLLOUT)

    def worker_info(self) -> dict:
        """The worker's ``info`` reply, asked once per wire: its limits and defaults stay fixed while it runs."""
        if self._worker_info is None:
            self._worker_info = self.call("info", timeout=max(self.heartbeat, 1.0))
        return self._worker_info

    def _check_size(self, method: str, size: int) -> None:
        """Refuse a request larger than the worker's ``max_message_bytes`` (from :meth:`worker_info`)."""
        limit = self.worker_info().get("limits", {}).get("max_message_bytes")
        if limit is not None and size > limit:
            raise LimitExceeded(f"the {method} request is {size} bytes, more than the worker accepts "
                                f"(max_message_bytes = {limit}); it was not sent",
                                data={"limit": "max_message_bytes", "value": size, "max": limit})

    def _channel(self) -> Channel:
        """This thread's channel, opened on its first call (closing those of threads that have ended)."""
        channel = getattr(self._local, "channel", None)
        if channel is not None:
            return channel
        with self._registry:
            self._raise_if_closed()
            for ended in [c for c in self._channels if not c.thread.is_alive()]:
                with ended.lock:
                    ended.close()
                self._channels.remove(ended)
            channel = Channel(self._context, self.endpoint, self.events, self._curve)
            self._channels.append(channel)
        self._local.channel = channel
        return channel

    def _raise_if_closed(self) -> None:
        if self._closed:
            raise ClientClosed(f"the connection to {self.endpoint} was closed")

    def close(self) -> None:
        """Close every thread's sockets and end the context; from any thread, safe to call twice.

        Calls in flight raise :class:`ClientClosed` within one poll slice; their channels are closed once they
        have let go of them.
        """
        with self._registry:
            if self._closed:
                return
            self._closed = True
            channels, self._channels = self._channels, []
        for channel in channels:
            with channel.lock:
                channel.close()
        self._context.term()


class _Probe:
    """What the heartbeat of one call asks: ``ping``, or ``job.status`` of the job the call waits on."""

    def __init__(self, job: str | None) -> None:
        self.job = job
        self.method, self.params = ("ping", None) if job is None else ("job.status", {"job": job})
        self.sent: set[int] = set()

    def judge(self, reply: dict, method: str) -> None:
        """Raise when a ``job.status`` answer shows that the call waiting on the job cannot be answered."""
        if self.job is None:
            return
        error = reply.get("error")
        if error is not None:
            raised = error_from_reply(error)
            if isinstance(raised, UnknownJob):
                raise UnknownJob(f"job {self.job} is unknown to the worker while {method!r} waits for it (it was "
                                 "forgotten, or the worker was restarted)", data=raised.data)
            return  # e.g. shutting down: the waiting call is answered as the worker stops
        state = reply.get("result", {}).get("state") if isinstance(reply.get("result"), dict) else None
        if state in ENDED:
            raise WorkerTimeout(f"job {self.job} has ended ({state}) but {method!r} was not answered: the "
                                "request did not reach the worker; job_wait() reads the job again")


def _read_replies(channel: Channel, request_id: int, probe: _Probe, method: str) -> tuple[bool, Any]:
    """Read every waiting reply; ``(True, result)`` when one answers ``request_id``, else ``(False, None)``.

    Replies to the heartbeat are judged by ``probe`` (in order, so the call's own reply, sent first, wins).
    """
    for frame in channel.replies():
        reply = _decode(frame)
        if not isinstance(reply, dict):
            continue
        if reply.get("id") in probe.sent:
            probe.judge(reply, method)
            continue
        if reply.get("id") != request_id:
            continue
        if "error" in reply:
            raise error_from_reply(reply["error"])
        if "result" not in reply:
            raise ProtocolMismatch("a reply with neither result nor error", data=reply)
        return True, reply["result"]
    return False, None


def _deliver(bodies: list[bytes], on_notification: Notification | None) -> None:
    if on_notification is None:
        return
    for body in bodies:
        note = _decode(body)
        if isinstance(note, dict) and isinstance(note.get("params"), dict):
            on_notification(str(note.get("method")), note["params"])


def _encode(request_id: int, method: str, params: dict | None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    try:
        return json.dumps(message, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as error:
        raise InvalidParams(f"the {method} request cannot be written as JSON ({error})",
                            data={"param": "params", "reason": str(error)}) from None


def _decode(frame: bytes) -> Any:
    try:
        return json.loads(frame)
    except ValueError as error:
        raise ProtocolMismatch(f"the worker sent a frame that is not JSON ({error})") from None
