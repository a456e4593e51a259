"""The ZeroMQ sockets of one calling thread: a DEALER for requests and, once asked for, a SUB for notifications.

A ZeroMQ socket must never be used by two threads at once, so :class:`~elman.wire.Wire` gives every thread that
calls it a :class:`Channel` of its own. Invariant: a channel's sockets are touched only while its ``lock`` is held
— by the thread that owns the channel during a call, or by whoever closes it (``Wire.close``, or the sweep of
channels whose thread has ended). Holding the lock also orders memory, which ZeroMQ requires when a socket moves
between threads.
"""
from __future__ import annotations

import itertools
import threading
from typing import Any

import zmq


class Channel:
    """One thread's DEALER (connected to ``endpoint``) and, lazily, its SUB (connected to ``events``)."""

    def __init__(self, context: zmq.Context, endpoint: str, events: str | None, curve: Any) -> None:
        self.thread = threading.current_thread()
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self._context, self._events, self._curve = context, events, curve
        self.dealer = self._socket(zmq.DEALER)
        self.dealer.connect(endpoint)
        self.poller = zmq.Poller()
        self.poller.register(self.dealer, zmq.POLLIN)
        self.sub: zmq.Socket | None = None

    def _socket(self, kind: int) -> zmq.Socket:
        socket = self._context.socket(kind)
        socket.setsockopt(zmq.LINGER, 0)
        if self._curve is not None:
            socket.curve_serverkey = self._curve.server_key.encode()
            socket.curve_publickey = self._curve.client_public_key.encode()
            socket.curve_secretkey = self._curve.client_secret_key.encode()
        return socket

    def subscribe(self, topic: bytes) -> None:
        """Receive the notifications published under ``topic`` (the SUB is made and connected on first use).

        ZeroMQ matches topics by prefix (``j1`` also brings ``j12``), so readers compare the topic frame for
        equality; see :meth:`notifications`.
        """
        if self.sub is None:
            assert self._events is not None, "subscribe needs the worker's events endpoint"
            self.sub = self._socket(zmq.SUB)
            self.sub.connect(self._events)
            self.poller.register(self.sub, zmq.POLLIN)
        self.sub.setsockopt(zmq.SUBSCRIBE, topic)

    def unsubscribe(self, topic: bytes) -> None:
        if self.sub is not None and not self.sub.closed:
            self.sub.setsockopt(zmq.UNSUBSCRIBE, topic)

    def try_send(self, frame: bytes) -> bool:
        """Queue ``frame`` without waiting; ``False`` when no connected peer can take it now."""
        try:
            self.dealer.send(frame, zmq.NOBLOCK)
        except zmq.Again:
            return False
        return True

    def replies(self) -> list[bytes]:
        """The reply frames waiting on the DEALER, in the order the worker sent them."""
        return [frames[-1] for frames in _drain_multipart(self.dealer)]

    def notifications(self, topic: bytes | None) -> list[bytes]:
        """The bodies of the waiting notifications whose topic is exactly ``topic`` (others, such as those of a
        job unsubscribed from but already queued, are dropped undecoded)."""
        if self.sub is None:
            return []
        return [frames[-1] for frames in _drain_multipart(self.sub) if frames[0] == topic]

    def close(self) -> None:
        """Close both sockets at once, dropping anything unsent; the caller holds ``lock``."""
        self.dealer.close(linger=0)
        if self.sub is not None:
            self.sub.close(linger=0)


def _drain_multipart(socket: zmq.Socket) -> list[list[bytes]]:
    """Every message waiting on ``socket``, without blocking."""
    messages = []
    while True:
        try:
            messages.append(socket.recv_multipart(zmq.NOBLOCK))
        except zmq.Again:
            return messages
