import CZeroMQ

/// Something a ``Poller`` can wait on: a ZeroMQ socket or a plain file descriptor (a pipe, an eventfd, a
/// TCP socket not managed by libzmq).
public enum PollTarget {
    case socket(Socket)
    case fileDescriptor(Int32)
}

/// Waits on several sockets and file descriptors at once (`zmq_poll`).
///
/// Items are added once and keep their index; the `zmq_pollitem_t` array is built by ``add(_:events:)``
/// and reused by every ``poll(timeoutMs:)``, which allocates nothing. Like its sockets, a poller belongs to
/// one thread at a time.
///
/// The poller keeps its sockets alive. A socket closed while registered makes ``poll(timeoutMs:)`` throw
/// `ENOTSOCK` rather than hand libzmq a dangling handle.
public struct Poller {
    /// The array given to `zmq_poll`; `revents` holds the last poll's answer.
    private var items: [zmq_pollitem_t] = []
    /// For each item, the socket it polls (nil for a file descriptor), kept alive by this reference.
    private var sockets: [Socket?] = []

    public init() {}

    /// Registers `target` for `events`.
    ///
    /// - Returns: the item's index, counting from 0 in the order of adding, for ``revents(_:)``.
    public mutating func add(_ target: PollTarget, events: PollEvents) -> Int {
        var item = zmq_pollitem_t()
        item.events = events.rawValue
        switch target {
        case .socket(let socket):
            item.socket = socket.handle
            item.fd = -1
            sockets.append(socket)
        case .fileDescriptor(let fd):
            item.fd = fd
            sockets.append(nil)
        }
        items.append(item)
        return items.count - 1
    }

    /// Waits until at least one item is ready for one of its events, or `timeoutMs` milliseconds pass
    /// (−1 waits forever, 0 only checks), and records each item's readiness for ``revents(_:)``.
    ///
    /// - Returns: how many items are ready; 0 when the timeout passed.
    /// - Throws: `EINTR` (``ZMQError/isInterrupted``) when a signal interrupted the wait, `ENOTSOCK` when a
    ///   registered socket was closed.
    public mutating func poll(timeoutMs: Int) throws(ZMQError) -> Int {
        for (index, socket) in sockets.enumerated() {
            if let socket, socket.handle != items[index].socket { throw ZMQError(code: POSIXError.notSocket) }
        }
        let ready = items.withUnsafeMutableBufferPointer {
            zmq_poll($0.baseAddress, Int32($0.count), timeoutMs)
        }
        return Int(try ZMQError.check(ready))
    }

    /// The events the last ``poll(timeoutMs:)`` found for the item at `index`, a subset of those it was
    /// added with.
    public func revents(_ index: Int) -> PollEvents {
        PollEvents(rawValue: items[index].revents)
    }
}
