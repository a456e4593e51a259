import CZeroMQ

/// Kinds of transport events a socket monitor reports (`ZMQ_EVENT_*`), as a set for choosing which to watch.
///
/// Events are raised for tcp and ipc connections, never for inproc.
public struct MonitorEvents: OptionSet, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// A connection to a peer was made; value: its file descriptor.
    public static let connected = MonitorEvents(rawValue: ZMQ_EVENT_CONNECTED)
    /// A connect call is waiting for the peer; value: the errno of the attempt.
    public static let connectDelayed = MonitorEvents(rawValue: ZMQ_EVENT_CONNECT_DELAYED)
    /// A failed connection will be retried; value: the reconnect interval in milliseconds.
    public static let connectRetried = MonitorEvents(rawValue: ZMQ_EVENT_CONNECT_RETRIED)
    /// A bind is accepting connections; value: the listening file descriptor.
    public static let listening = MonitorEvents(rawValue: ZMQ_EVENT_LISTENING)
    /// A bind failed; value: its errno.
    public static let bindFailed = MonitorEvents(rawValue: ZMQ_EVENT_BIND_FAILED)
    /// A peer's connection was accepted; value: its file descriptor.
    public static let accepted = MonitorEvents(rawValue: ZMQ_EVENT_ACCEPTED)
    /// Accepting a connection failed; value: its errno.
    public static let acceptFailed = MonitorEvents(rawValue: ZMQ_EVENT_ACCEPT_FAILED)
    /// A connection's descriptor was closed; value: the descriptor.
    public static let closed = MonitorEvents(rawValue: ZMQ_EVENT_CLOSED)
    /// Closing a descriptor failed; value: its errno.
    public static let closeFailed = MonitorEvents(rawValue: ZMQ_EVENT_CLOSE_FAILED)
    /// A session's connection broke (peer gone, protocol error, oversized message); value: the descriptor.
    public static let disconnected = MonitorEvents(rawValue: ZMQ_EVENT_DISCONNECTED)
    /// The monitor ends (the socket closed); the last event a monitor sends.
    public static let monitorStopped = MonitorEvents(rawValue: ZMQ_EVENT_MONITOR_STOPPED)
    /// The ZMTP handshake failed for a system reason; value: its errno.
    public static let handshakeFailedNoDetail = MonitorEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    /// The ZMTP handshake, including any security mechanism, succeeded.
    public static let handshakeSucceeded = MonitorEvents(rawValue: ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
    /// The handshake broke the protocol (a CURVE box that does not open, for one);
    /// value: a `ZMQ_PROTOCOL_ERROR_*` code.
    public static let handshakeFailedProtocol = MonitorEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
    /// A ZAP handler refused the peer; value: the ZAP status code (300, 400 or 500).
    public static let handshakeFailedAuth = MonitorEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

    /// Every event above (`ZMQ_EVENT_ALL`).
    public static let all = MonitorEvents(rawValue: ZMQ_EVENT_ALL)

    /// Any of the three handshake failures.
    public static let handshakeFailed: MonitorEvents = [
        .handshakeFailedNoDetail, .handshakeFailedProtocol, .handshakeFailedAuth,
    ]
}

/// One event read from a monitor socket.
///
/// On the wire (libzmq's version 1 monitor format) an event is two frames: six bytes holding the event number
/// (`uint16_t`) then its value (`uint32_t`), both in the host's byte order, and the endpoint text.
public struct MonitorEvent: Equatable, Sendable {
    /// The single kind of this event.
    public let kind: MonitorEvents
    /// The event's number: a descriptor, an errno, an interval or a status, as `kind` documents.
    public let value: UInt32
    /// The endpoint the event concerns, e.g. `tcp://127.0.0.1:40123`.
    public let endpoint: String

    /// Decodes a monitor message.
    ///
    /// - Returns: nil unless `frames` is two frames whose first is exactly six bytes.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let header = frames[0]
        kind = MonitorEvents(rawValue: Int32(header.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }))
        value = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self) }
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }
}
