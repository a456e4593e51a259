"""The JSON-RPC 2.0 framing over ZeroMQ, in one place.

Requests go out on a DEALER socket as one frame of UTF-8 JSON, followed by a frame per array when the worker takes
binary frames (:mod:`elman.frames`); the worker's ROUTER sends each reply back on it, and
on the same socket, before the reply, the notifications a request asked for (``train`` with ``"notify": true``:
``job.accepted`` with the job, then its ``job.progress``). Notifications are JSON-RPC objects with ``method`` and
no ``id``; the worker keeps their order and the reply's, so a call that asked for them sees ``job.accepted``
first and its reply last. The client needs no other socket (the worker's PUB is for subscribers of one's own).

**Arrays.** Params may hold numpy arrays. A wire with ``binary`` (the default) whose worker says
``"binary_frames": true`` in ``info`` sends each float array as a frame of its own (a placeholder in the JSON) and,
for a call with ``arrays_back``, asks with ``"binary": true`` for a reply whose arrays are frames too (a request
that carries frames gets one anyway); the result then holds numpy views of the received frames (no copy). Otherwise
arrays go out as JSON lists and come back as lists. ``info`` itself always goes as JSON.

**Threads.** A :class:`Wire` is safe to share between threads: every thread that calls it gets its own DEALER on
one shared ``zmq.Context`` (see :mod:`elman.channel`), so each call gets its own reply and no socket is ever
touched by two threads. :meth:`Wire.close` may come from any thread: calls in flight notice within one poll slice
and raise :class:`ClientClosed`; then each socket is closed under its channel's lock and the context ends. The
sockets of threads that have ended are closed when the next new thread opens its channel.

**Nothing waits forever.** Before sending, a request is measured against the worker's ``max_message_bytes``
(from :meth:`Wire.worker_info`: ``info`` asked once, on the first request other than ``info``) and refused with
:class:`LimitExceeded` when larger — libzmq would drop it silently. While waiting, :meth:`Wire.call` receives in
slices of at most ``SLICE`` seconds and, between slices,

1. raises :class:`ClientClosed` if the wire was closed meanwhile;
2. after a slice in which nothing came, runs the ``check_alive`` callback (a started worker's process check, which
   raises at once when the process has exited — after one last short look for replies it sent before exiting, as at
   a shutdown);
3. raises :class:`WorkerTimeout` when the call's own ``timeout`` has passed — even if the worker answers the
   heartbeat: "the worker is alive" is not "my call is progressing";
4. sends a heartbeat when the worker has been quiet for a third of ``heartbeat`` seconds, and raises
   :class:`WorkerTimeout` when nothing at all has been heard for ``heartbeat`` seconds. A call that waits on a job
   (``watch_job``, or the job its ``job.accepted`` names) has the heartbeat ask ``job.status`` of that job instead
   of ``ping``: an unknown (forgotten) job raises :class:`UnknownJob`, and a job that has ended while the call is
   unanswered means the request was lost (the worker answers the waits of a job in the same step that marks it
   ended, and one DEALER's replies arrive in order), which raises :class:`WorkerTimeout`.

Sending never blocks either: a DEALER with no connected peer (nothing listening, or a handshake refused, e.g. a
CURVE worker reached without its key) cannot queue a message, so a send is retried in slices until the same
limits pass.

Invariants: each request has a fresh integer id on its channel; a reply whose id is neither the call's nor one of
its heartbeats' (the late answer to a call that timed out or was interrupted) is dropped, and so is a notification
of any job but the call's own (a job given up earlier goes on notifying the DEALER that asked until it ends).
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
from .errors import (ClientClosed, ElmanError, InvalidParams, LimitExceeded, ProtocolMismatch, UnknownJob,
                     WorkerTimeout, error_from_reply)
from .frames import joined, json_value, split

#: Longest single poll, in seconds: the bound on how late a dead process, Ctrl-C or close() is noticed.
SLICE = 0.1
#: How long replies a worker sent just before exiting may still be on their way to the socket, in seconds.
LAST_WORDS = 0.05
#: How long a call that asked for notifications and is given up (timeout, Ctrl-C) before its ``job.accepted``
#: came still reads for it, in seconds, so that its caller learns the job it leaves behind.
ACCEPT_GRACE = 2.0
#: The job states after which a job changes no more (PROTOCOL.md, job object).
ENDED = frozenset({"done", "cancelled", "diverged", "failed"})

Notification = Callable[[str, dict], None]
Quiet = Callable[[], None]


@dataclass(frozen=True)
class CurveKeys:
    """What a client of a CURVE worker needs, all Z85 text from the worker's connection file: the server's public
    key and a client key pair the worker lets in (a key pair of one's own is let in only if the worker lists it)."""

    server_key: str
    client_public_key: str
    client_secret_key: str


class Wire:
    """Requests to one worker, from any number of threads.

    ``endpoint`` is the worker's ROUTER; ``curve`` makes the sockets CURVE clients with those keys. ``heartbeat``
    is how many seconds of silence mean the worker is gone.
    """

    def __init__(self, endpoint: str, *, heartbeat: float = 10.0, check_alive: Callable[[], None] = lambda: None,
                 curve: CurveKeys | None = None, binary: bool = True) -> None:
        self.endpoint, self.heartbeat = endpoint, heartbeat
        self._binary = binary
        self._check_alive = check_alive
        self._curve = curve
        self._context = zmq.Context()
        self._local = threading.local()
        self._channels: list[Channel] = []
        self._registry = threading.Lock()  # guards _channels and _closed
        self._closed = False
        self._worker_info: dict | None = None

    def call(self, method: str, params: dict | None = None, *, timeout: float | None,
             watch_job: str | None = None, on_notification: Notification | None = None,
             on_quiet: Quiet | None = None, arrays_back: bool = False) -> Any:
        """Send one request and return its ``result``, or raise the error the worker answered with.

        ``timeout`` (seconds; ``None`` = no limit of its own) bounds this call; the heartbeat bounds silence in any
        case. ``watch_job`` names the job the call waits on (its heartbeat then asks ``job.status`` of it).

        ``on_notification`` is for a request that asks the worker to notify it (``train`` with ``notify``):
        ``on_notification(method, params)`` receives the first ``job.accepted``, whose job the call then waits on
        as if it were ``watch_job``, and the notifications of that job. When such a call is given up (its timeout
        passes, or KeyboardInterrupt) before ``job.accepted`` has come, it reads for it ``ACCEPT_GRACE`` seconds
        more and hands it over before raising, so that the caller can name or cancel the job; the timeout's
        :class:`WorkerTimeout` names the job. ``on_quiet()`` is called after each slice (``SLICE``, 0.1 s: tqdm's
        own ``mininterval``) in which nothing came: the caller draws a running job's progress bar then, so a job
        that ends sooner — the seed's takes a millisecond — has its bar drawn once, complete. ``arrays_back`` asks
        for the reply's arrays as binary frames (see the module's doc).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        channel = self._channel()
        request_id = next(channel.ids)  # only this thread draws ids from its channel
        if method == "info":
            message = _encode(request_id, method, params)
        else:
            message = self._message(request_id, method, params, arrays_back)
            self._check_size(method, sum(memoryview(frame).nbytes for frame in message))
        watch = _Watch(request_id, method, watch_job, on_notification, on_quiet)
        with channel.lock:
            self._raise_if_closed()
            self._send(channel, message, deadline)
            try:
                return self._await(channel, watch, timeout, deadline)
            except KeyboardInterrupt:
                self._await_accepted(channel, watch)
                raise

    def _await(self, channel: Channel, watch: _Watch, timeout: float | None, deadline: float | None) -> Any:
        """Wait for the reply to ``watch``'s request (see the module's doc for what ends the wait otherwise)."""
        now = last_heard = last_probe = time.monotonic()
        while True:
            wait = SLICE if deadline is None else max(0.0, min(SLICE, deadline - now))
            frames = channel.receive(wait)
            if frames:
                last_heard = time.monotonic()
                found, reply = watch.read(frames)
                if found:
                    return reply
            self._raise_if_closed()
            if not frames:  # a worker that has just sent something needs no process check
                try:
                    self._check_alive()
                except ElmanError:
                    found, reply = watch.read(channel.receive(LAST_WORDS))
                    if found:
                        return reply
                    raise
                if watch.on_quiet is not None:
                    watch.on_quiet()
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                self._await_accepted(channel, watch)
                if watch.job is not None:
                    raise WorkerTimeout(f"job {watch.job} has not ended within {timeout:g} s, the {watch.method!r} "
                                        f"call's timeout; it goes on on the worker: job_wait({watch.job!r}) waits "
                                        f"for it again, job_cancel({watch.job!r}) stops it")
                raise WorkerTimeout(f"no reply to {watch.method!r} from {self.endpoint} within {timeout:g} s "
                                    "(the worker answers, but not this request)")
            if now - last_heard >= self.heartbeat:
                raise WorkerTimeout(f"the worker at {self.endpoint} has not answered for {self.heartbeat:g} s")
            if now - max(last_heard, last_probe) >= self.heartbeat / 3:
                probe_id = next(channel.ids)
                if channel.try_send(_encode(probe_id, *watch.probe())):
                    watch.probes.add(probe_id)
                last_probe = now

    @staticmethod
    def _await_accepted(channel: Channel, watch: _Watch) -> None:
        """For a call given up while it awaits its ``job.accepted``: read for it at most ``ACCEPT_GRACE`` seconds
        (or until the call's reply comes without one: the request was refused), handing it to the caller."""
        give_up = time.monotonic() + ACCEPT_GRACE
        while watch.awaits_accepted:
            left = give_up - time.monotonic()
            if left <= 0:
                return
            try:
                found, _ = watch.read(channel.receive(min(SLICE, left)))
            except ElmanError:
                return  # the request's own error, or a heartbeat's verdict: the job is not to be had
            if found:
                return

    def _message(self, request_id: int, method: str, params: dict | None, arrays_back: bool) -> list[Any]:
        """The request's frames: its body, then a frame per array when the worker takes binary frames (a call with
        ``arrays_back`` and no array then carries ``"binary": true``)."""
        if not self.binary:
            return _encode(request_id, method, params)
        sent, buffers = split(params)
        if arrays_back and not buffers:
            sent = {**(sent or {}), "binary": True}
        return [*_encode(request_id, method, sent), *buffers]

    @property
    def binary(self) -> bool:
        """Whether arrays travel as binary frames: asked for (``binary``) and the worker's ``info`` offers them."""
        return self._binary and self.worker_info().get("binary_frames") is True

    def _send(self, channel: Channel, message: list[Any], deadline: float | None) -> None:
        """Queue ``message`` (its frames), waiting while no peer can take it, at most ``heartbeat`` s or until
        ``deadline``."""
        give_up = time.monotonic() + self.heartbeat
        if deadline is not None:
            give_up = min(give_up, deadline)
        while not channel.try_send(message):
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
            channel = Channel(self._context, self.endpoint, self._curve)
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


class _Watch:
    """One call's view of what arrives on its DEALER: its reply, its heartbeats' answers, and the notifications it
    asked for; and what its heartbeat asks: ``ping``, or ``job.status`` of the job the call waits on."""

    def __init__(self, request_id: int, method: str, job: str | None, on_notification: Notification | None,
                 on_quiet: Quiet | None) -> None:
        self.request_id, self.method, self.job = request_id, method, job
        self.on_notification, self.on_quiet = on_notification, on_quiet
        self.probes: set[int] = set()

    @property
    def awaits_accepted(self) -> bool:
        """Whether the call asked for notifications and its ``job.accepted`` has not come yet."""
        return self.on_notification is not None and self.job is None

    def probe(self) -> tuple[str, dict | None]:
        """The heartbeat's method and params."""
        return ("ping", None) if self.job is None else ("job.status", {"job": self.job})

    def read(self, messages: list[list[Any]]) -> tuple[bool, Any]:
        """Go through ``messages`` (each a body frame and its buffers) in order; ``(True, result)`` at the call's
        own reply, else ``(False, None)``.

        Notifications go to :meth:`_notified`, heartbeat answers to :meth:`_judge` (in order, so the call's own
        reply, sent first, wins), replies to other requests are dropped. The call's result has its placeholders
        replaced by views of the reply's buffers (:func:`elman.frames.joined`).
        """
        for frames in messages:
            message = _decode(frames[0].bytes)
            if not isinstance(message, dict):
                continue
            if "id" not in message and "method" in message:
                self._notified(message)
                continue
            if message.get("id") in self.probes:
                self._judge(message)
                continue
            if message.get("id") != self.request_id:
                continue
            if "error" in message:
                raise error_from_reply(message["error"])
            if "result" not in message:
                raise ProtocolMismatch("a reply with neither result nor error", data=message)
            return True, joined(message["result"], frames[1:]) if len(frames) > 1 else message["result"]
        return False, None

    def _notified(self, message: dict) -> None:
        """Hand over the first ``job.accepted`` (which names the call's job) and the notifications of that job."""
        params = message.get("params")
        if self.on_notification is None or not isinstance(params, dict):
            return
        method = str(message["method"])
        if method == "job.accepted" and self.job is None:
            self.job = str(params.get("job"))
        elif params.get("job") != self.job:
            return
        self.on_notification(method, params)

    def _judge(self, reply: dict) -> None:
        """Raise when a ``job.status`` answer shows that the call waiting on the job cannot be answered."""
        if self.job is None:
            return
        error = reply.get("error")
        if error is not None:
            raised = error_from_reply(error)
            if isinstance(raised, UnknownJob):
                raise UnknownJob(f"job {self.job} is unknown to the worker while {self.method!r} waits for it (it "
                                 "was forgotten, or the worker was restarted)", data=raised.data)
            return  # e.g. shutting down: the waiting call is answered as the worker stops
        state = reply.get("result", {}).get("state") if isinstance(reply.get("result"), dict) else None
        if state in ENDED:
            raise WorkerTimeout(f"job {self.job} has ended ({state}) but {self.method!r} was not answered: the "
                                "request did not reach the worker; job_wait() reads the job again")


#: The requests' JSON writer: compact, refusing NaN and infinities (JSON has neither). One for every request, as
#: ``json.dumps`` with options would build a new one per call.
#: numpy arrays left in the params (the JSON form) go out as nested lists.
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=json_value)


def _encode(request_id: int, method: str, params: dict | None) -> list[bytes]:
    """The request as one frame of JSON."""
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    try:
        return [_ENCODER.encode(message).encode()]
    except (TypeError, ValueError) as error:
        raise InvalidParams(f"the {method} request cannot be written as JSON ({error})",
                            data={"param": "params", "reason": str(error)}) from None


def _decode(frame: bytes) -> Any:
    try:
        return json.loads(frame)
    except ValueError as error:
        raise ProtocolMismatch(f"the worker sent a frame that is not JSON ({error})") from None
