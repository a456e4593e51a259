import CZeroMQ

/// What a socket or file descriptor is ready for, as in `zmq_pollitem_t.events` / `.revents`.
public struct PollEvents: OptionSet, Sendable {
    public let rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// `ZMQ_POLLIN`: at least one whole message can be received (for a descriptor: data can be read).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// `ZMQ_POLLOUT`: at least one message can be sent without waiting (for a descriptor: writable).
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
    /// `ZMQ_POLLERR`: an error condition on a file descriptor; never reported for sockets.
    public static let error = PollEvents(rawValue: Int16(ZMQ_POLLERR))
}
