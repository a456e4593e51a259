import CZeroMQ

/// A libzmq context: the I/O threads and the inproc namespace that its sockets share.
///
/// **Thread safety.** A context is thread-safe: any thread may create sockets from it concurrently. Sockets are not (see ``Socket``).
///
/// **Lifetime.** Every socket keeps its context alive, so the context is terminated (`zmq_ctx_term`) only once
/// the last reference to it and to all of its sockets is gone. Termination waits for each closed socket's
/// pending outgoing messages for as long as that socket's linger allows; libzmq's default linger is infinite,
/// so set a finite linger (``Socket/setLinger(_:)``) on sockets that may hold undeliverable messages.
public final class Context: @unchecked Sendable {
    /// The `void *` handle of `zmq_ctx_new`; valid until `deinit`.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with libzmq's defaults (one I/O thread).
    ///
    /// - Throws: the `errno` of `zmq_ctx_new` (e.g. `EMFILE`) when it cannot be created.
    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last() }
        self.handle = handle
    }

    /// A new socket of `type` in this context (`zmq_socket`).
    ///
    /// - Throws: `EMFILE` when the socket limit is reached.
    public func socket(_ type: SocketType) throws(ZMQError) -> Socket {
        try Socket(context: self, type: type)
    }

    /// Terminates the context (`zmq_ctx_term`), retrying when a signal interrupts the wait.
    deinit {
        while zmq_ctx_term(handle) == -1, ZMQError.last().isInterrupted {}
    }
}
