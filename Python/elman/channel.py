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
        if curve is not None:
            self.dealer.curve_serverkey = curve.server_key.encode()
            self.dealer.curve_publickey = curve.client_public_key.encode()
            self.dealer.curve_secretkey = curve.client_secret_key.encode()
        self.dealer.connect(endpoint)

    def try_send(self, frame: bytes) -> bool:
        """Queue ``frame`` without waiting; ``False`` when no connected peer can take it now."""
        try:
            self.dealer.send(frame, zmq.NOBLOCK)
        except zmq.Again:
            return False
        return True

    def wait(self, seconds: float) -> bool:
        """Wait at most ``seconds`` for something to read; whether there is."""
        return bool(self.dealer.poll(seconds * 1000))

    def frames(self) -> list[bytes]:
        """The frames waiting on the DEALER (replies and notifications), in the order the worker sent them."""
        frames = []
        while True:
            try:
                frames.append(self.dealer.recv_multipart(zmq.NOBLOCK)[-1])
            except zmq.Again:
                return frames

    def close(self) -> None:
        """Close the socket at once, dropping anything unsent; the caller holds ``lock``."""
        self.dealer.close(linger=0)
