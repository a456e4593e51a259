import CZeroMQ

/// Watching a socket's connections (`zmq_socket_monitor`).
///
/// The monitored socket publishes its transport events on an inproc pair endpoint of its context; another
/// socket of the same context, of type `.pair`, connects there and reads them with
/// ``receiveMonitorEvent(dontWait:)``, typically on a different thread or in the same poller.
extension Socket {
    /// Starts publishing the `events` of this socket on `endpoint`, which must be an `inproc://` address not
    /// in use yet. Connect a `.pair` socket of the same context to it to read them.
    ///
    /// - Throws: `EPROTONOSUPPORT` for a transport other than inproc, `EADDRINUSE`.
    public func monitor(_ endpoint: String, events: MonitorEvents = .all) throws(ZMQError) {
        try ZMQError.check(zmq_socket_monitor(openHandle(), endpoint, events.rawValue))
    }

    /// Receives the next event on a `.pair` socket connected to a monitor endpoint.
    ///
    /// - Returns: the event, or nil when none arrived (`dontWait`, or the receive timeout).
    /// - Throws: `EPROTO` when the message is not a monitor event, and whatever
    ///   ``receiveMultipart(dontWait:)`` throws.
    public func receiveMonitorEvent(dontWait: Bool = false) throws(ZMQError) -> MonitorEvent? {
        guard let frames = try receiveMultipart(dontWait: dontWait) else { return nil }
        guard let event = MonitorEvent(frames: frames) else {
            throw ZMQError(code: POSIXError.protocolError, message: "not a socket monitor event: \(frames.map(\.count)) bytes")
        }
        return event
    }
}
