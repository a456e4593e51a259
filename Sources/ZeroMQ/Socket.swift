import CZeroMQ

/// A libzmq socket: endpoints, messages (`SocketMessages.swift`) and options (`SocketOptions.swift`).
///
/// **Ownership.** A socket is not thread-safe. It is owned by one thread at a time; handing it to another
/// thread is allowed only across a full memory barrier (a lock, a queue, thread creation). Use inproc
/// sockets, not shared ones, to talk between threads.
///
/// **Lifetime.** The socket keeps its ``Context`` alive. ``close()`` (or `deinit`, whichever comes first)
/// calls `zmq_close`, which returns at once; pending outgoing messages are then delivered in the background for
/// at most the linger period (``setLinger(_:)``). Every call on a closed socket throws `ENOTSOCK`.
///
/// **Errors.** Every failing call throws ``ZMQError`` with the `errno` libzmq reported.
public final class Socket {
    /// The pattern this socket was created with.
    public let type: SocketType
    /// The context that created the socket, kept alive until the socket is gone.
    private let context: Context
    /// The `void *` of `zmq_socket`, or nil once closed.
    private(set) var handle: UnsafeMutableRawPointer?
    /// One `zmq_msg_t` that receives reuse, allocated once so that libzmq sees a stable, aligned address.
    let messageSlot: UnsafeMutablePointer<zmq_msg_t>

    /// Creates a socket of `type` in `context` (`zmq_socket`); use ``Context/socket(_:)``.
    init(context: Context, type: SocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw .last() }
        self.type = type
        self.context = context
        self.handle = handle
        messageSlot = .allocate(capacity: 1)
    }

    deinit {
        close()
        messageSlot.deallocate()
    }

    /// The libzmq handle of an open socket.
    ///
    /// - Throws: `ENOTSOCK` after ``close()``.
    func openHandle() throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: POSIXError.notSocket) }
        return handle
    }

    /// Accepts connections on `endpoint` (`zmq_bind`): `tcp://127.0.0.1:5555`, `tcp://*:*` (any interface,
    /// a free port; read it back from ``lastEndpoint``), `ipc:///path`, `inproc://name`.
    ///
    /// - Throws: `EINVAL` for a malformed endpoint, `EPROTONOSUPPORT` for an unknown transport,
    ///   `EADDRINUSE`, `EADDRNOTAVAIL`, `ENODEV`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(zmq_bind(openHandle(), endpoint))
    }

    /// Connects to `endpoint` (`zmq_connect`). The connection is made, and remade after failures, in the
    /// background, so an unreachable peer is not an error here.
    ///
    /// - Throws: `EINVAL` for a malformed endpoint, `EPROTONOSUPPORT` for an unknown transport.
    public func connect(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(zmq_connect(openHandle(), endpoint))
    }

    /// The endpoint of the last successful bind or connect, with wildcards resolved
    /// (`ZMQ_LAST_ENDPOINT`): binding `tcp://127.0.0.1:*` gives e.g. `tcp://127.0.0.1:40123`.
    /// Empty when the socket has neither bound nor connected.
    public var lastEndpoint: String {
        get throws(ZMQError) { try stringOption(ZMQ_LAST_ENDPOINT) }
    }

    /// Closes the socket (`zmq_close`) if it is open; later calls do nothing. Never blocks: undelivered
    /// messages are kept for the linger period by the context.
    public func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }
}
