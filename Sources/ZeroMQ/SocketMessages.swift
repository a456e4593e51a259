import CZeroMQ

/// Sending and receiving messages.
///
/// A message is one or more frames of bytes, delivered atomically: a peer receives all of its frames or none.
/// Each frame costs one copy in each direction (into libzmq on send, out of a `zmq_msg_t` on receive).
///
/// Blocking: without `dontWait` a call waits until it can proceed, or until the send/receive timeout
/// (``setSendTimeout(_:)``, ``setReceiveTimeout(_:)``) expires. `EAGAIN` marks both "would block" and
/// "timed out"; `EINTR` means a signal interrupted the wait.
extension Socket {
    /// Sends a multipart message, setting `ZMQ_SNDMORE` on every frame but the last.
    ///
    /// - Parameter dontWait: fail with `EAGAIN` instead of waiting when the message cannot be queued now.
    ///   Only the first frame can fail so; once it is queued, the rest of the message is accepted.
    /// - Throws: `EINVAL` for an empty `frames`; `EAGAIN` (see above); `EFSM` when the socket's pattern
    ///   forbids sending now (a `req` that has not received its reply).
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) {
        guard let last = frames.indices.last else {
            throw ZMQError(code: POSIXError.invalidArgument, message: "a message needs at least one frame")
        }
        for index in frames.indices {
            try send(frames[index], more: index != last, dontWait: dontWait)
        }
    }

    /// Sends one frame (`zmq_send`, which copies the bytes).
    ///
    /// - Parameters:
    ///   - more: more frames of the same message follow (`ZMQ_SNDMORE`); the message leaves only with the
    ///     frame sent without it.
    ///   - dontWait: fail with `EAGAIN` instead of waiting (`ZMQ_DONTWAIT`).
    public func send(_ frame: [UInt8], more: Bool = false, dontWait: Bool = false) throws(ZMQError) {
        let socket = try openHandle()
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        let result = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
        try ZMQError.check(result)
    }

    /// Receives one whole message.
    ///
    /// - Parameter dontWait: return nil at once when no message is waiting (`ZMQ_DONTWAIT`).
    /// - Returns: the frames in order, or nil when nothing arrived: `EAGAIN` from `dontWait` or from the
    ///   receive timeout.
    /// - Throws: `EINTR`, `EFSM` (a `req` that has not sent), `ENOTSOCK` after ``close()``.
    public func receiveMultipart(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var more: Bool
        do {
            more = try receiveFrame(into: &frames, flags: dontWait ? ZMQ_DONTWAIT : 0)
        } catch where error.isAgain {
            return nil
        }
        // The later frames arrived together with the first, so these calls do not wait.
        while more {
            more = try receiveFrame(into: &frames, flags: 0)
        }
        return frames
    }

    /// Receives one frame through `zmq_msg_recv` and appends a copy of its bytes to `frames`.
    ///
    /// The message slot is initialised before and closed after each frame, so no frame's memory outlives
    /// the call.
    ///
    /// - Returns: whether more frames of the same message follow (`zmq_msg_more`).
    private func receiveFrame(into frames: inout [[UInt8]], flags: Int32) throws(ZMQError) -> Bool {
        let socket = try openHandle()
        zmq_msg_init(messageSlot)
        defer { zmq_msg_close(messageSlot) }
        try ZMQError.check(zmq_msg_recv(messageSlot, socket, flags))
        let source = UnsafeRawBufferPointer(start: zmq_msg_data(messageSlot), count: zmq_msg_size(messageSlot))
        // An empty frame (a REQ peer's delimiter) becomes a plain []: `init(unsafeUninitializedCapacity: 0)` writes
        // the count of the one empty-array storage every thread shares, which ThreadSanitizer reports as a race
        // with any thread reading an empty array at the time.
        frames.append(source.isEmpty ? [] : [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            count = source.count
        })
        return zmq_msg_more(messageSlot) == 1
    }
}
