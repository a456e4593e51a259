"""The ZeroMQ socket of one calling thread: a DEALER for requests, their replies and the notifications a request
asks for (``train`` with ``notify``).

A ZeroMQ socket must never be used by two threads at once, so :class:`~elman.wire.Wire` gives every thread that
calls it a :class:`Channel` of its own. Invariant: a channel's socket is touched only while its ``lock`` is held
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
    """One thread's DEALER, connected to ``endpoint``."""

    def __init__(self, context: zmq.Context, endpoint: str, curve: Any) -> None:
        self.thread = threading.current_thread()
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.dealer = context.socket(zmq.DEALER)
        self.dealer.setsockopt(zmq.LINGER, 0)
        self._timeout = -1  # the dealer's RCVTIMEO in milliseconds (-1: none yet)
        if curve is not None:
            self.dealer.curve_serverkey = curve.server_key.encode()
            self.dealer.curve_publickey = curve.client_public_key.encode()
            self.dealer.curve_secretkey = curve.client_secret_key.encode()
        self.dealer.connect(endpoint)

    def try_send(self, frames: list[Any]) -> bool:
        """Queue the message ``frames`` (a body and its buffers) without waiting; ``False`` when no connected peer
        can take it now. Buffers go without a copy: pyzmq keeps a reference to each until libzmq has sent it."""
        try:
            self.dealer.send_multipart(frames, zmq.NOBLOCK, copy=False)
        except zmq.Again:
            return False
        return True

    def receive(self, seconds: float) -> list[list[zmq.Frame]]:
        """The messages that arrive within ``seconds`` (replies and notifications, in the order the worker sent
        them), each as its frames (a body, then any buffers; received without a copy): those waiting once the first
        has come, or ``[]`` when none came in time.

        The first message is awaited in a blocking ``recv`` bounded by ``RCVTIMEO`` (the way a plain pyzmq client
        waits: no poller object per wait), the rest are taken while ``EVENTS`` says one is waiting (no
        ``zmq.Again`` raised to end the drain). ``RCVTIMEO`` is set only when ``seconds`` changes, in whole
        milliseconds."""
        timeout = max(0, int(seconds * 1000))
        if timeout != self._timeout:
            self.dealer.setsockopt(zmq.RCVTIMEO, timeout)
            self._timeout = timeout
        try:
            messages = [self.dealer.recv_multipart(copy=False)]
        except zmq.Again:
            return []
        while self.dealer.getsockopt(zmq.EVENTS) & zmq.POLLIN:
            messages.append(self.dealer.recv_multipart(zmq.NOBLOCK, copy=False))
        return messages

    def close(self) -> None:
        """Close the socket at once, dropping anything unsent; the caller holds ``lock``."""
        self.dealer.close(linger=0)
