import CZeroMQ

/// What a socket or file descriptor is ready for, as in `zmq_pollitem_t.events` / `.revents`.
public struct PollEvents: OptionSet, Sendable {
    public let rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// `ZMQ_POLLIN`: at least one whole message can be received (for a descriptor: data can be read).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
}
