import CZeroMQ

/// Typed socket options (`zmq_setsockopt` / `zmq_getsockopt`).
///
/// Each setter names one libzmq option and takes effect for connections and binds made after it, except
/// where its documentation says otherwise. Every setter throws `EINVAL` for a value libzmq rejects and
/// `ENOTSOCK` after ``close()``.
extension Socket {
    /// `ZMQ_LINGER`: how long, in milliseconds, messages still queued when the socket is closed are kept
    /// for delivery: −1 forever (libzmq's default), 0 drop them at once. The context's termination waits for
    /// them, so finite values keep shutdown bounded. Applies at close, whenever it is set.
    public func setLinger(_ ms: Int32) throws(ZMQError) {
        try setOption(ZMQ_LINGER, int: ms)
    }

    /// `ZMQ_MAXMSGSIZE`: the largest inbound message, in bytes, accepted from a network peer; a peer that
    /// sends a larger one is disconnected and the message dropped. −1 (the default) means no limit.
    /// Does not apply to inproc.
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        try setOption(ZMQ_MAXMSGSIZE, int64: bytes)
    }

    /// `ZMQ_SNDHWM`: at most `n` outgoing messages are queued per peer (0 = no limit, default 1000);
    /// beyond it sends block, fail with `EAGAIN`, or drop, as the socket's pattern dictates.
    public func setSendHighWaterMark(_ n: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, int: n)
    }

    /// `ZMQ_RCVHWM`: at most `n` incoming messages are queued per peer (0 = no limit, default 1000).
    public func setReceiveHighWaterMark(_ n: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVHWM, int: n)
    }

    /// `ZMQ_RCVTIMEO`: a blocking receive gives up after `ms` milliseconds and returns nil
    /// (−1, the default, waits forever; 0 never waits). Applies to the next receive.
    public func setReceiveTimeout(_ ms: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVTIMEO, int: ms)
    }

    /// `ZMQ_SNDTIMEO`: a blocking send gives up after `ms` milliseconds with `EAGAIN`
    /// (−1, the default, waits forever; 0 never waits). Applies to the next send.
    public func setSendTimeout(_ ms: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDTIMEO, int: ms)
    }

    /// `ZMQ_SUBSCRIBE` (sub sockets): receive messages whose first frame starts with `prefix`;
    /// an empty prefix receives everything. A sub socket receives nothing until it subscribes.
    public func subscribe(_ prefix: [UInt8]) throws(ZMQError) {
        try setOption(ZMQ_SUBSCRIBE, bytes: prefix)
    }

    /// Makes the socket a CURVE server (`ZMQ_CURVE_SERVER` = 1) with its long-term secret key
    /// (`ZMQ_CURVE_SECRETKEY`). Clients must know the matching public key. Set it before binding.
    ///
    /// - Throws: `EINVAL` when the key is not 40 Z85 characters; `ENOTSUP` without CURVE support.
    public func setCurveServer(secretKey: String) throws(ZMQError) {
        try ZMQ.validateCurveKey(secretKey, role: "secret")
        try setOption(ZMQ_CURVE_SERVER, flag: true)
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }

    /// Makes the socket a CURVE client: the server's public key (`ZMQ_CURVE_SERVERKEY`) and this socket's own
    /// key pair (`ZMQ_CURVE_PUBLICKEY`, `ZMQ_CURVE_SECRETKEY`). A wrong server key makes the handshake fail,
    /// silently to the application: nothing is ever delivered either way. Set it before connecting.
    ///
    /// - Throws: `EINVAL` when a key is not 40 Z85 characters; `ENOTSUP` without CURVE support.
    public func setCurveClient(serverKey: String, publicKey: String, secretKey: String) throws(ZMQError) {
        try ZMQ.validateCurveKey(serverKey, role: "server")
        try ZMQ.validateCurveKey(publicKey, role: "public")
        try ZMQ.validateCurveKey(secretKey, role: "secret")
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: Array(serverKey.utf8))
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Array(publicKey.utf8))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }

    /// `ZMQ_ZAP_DOMAIN`: the authentication domain sent to a ZAP handler for this socket's connections.
    public func setZAPDomain(_ domain: String) throws(ZMQError) {
        try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8))
    }

    // MARK: - Raw options

    /// Sets a boolean option, which libzmq takes as an `int` 0 or 1.
    private func setOption(_ name: Int32, flag: Bool) throws(ZMQError) {
        try setOption(name, int: flag ? 1 : 0)
    }

    /// Sets an `int` option.
    private func setOption(_ name: Int32, int value: Int32) throws(ZMQError) {
        let socket = try openHandle()
        var value = value
        try ZMQError.check(zmq_setsockopt(socket, name, &value, MemoryLayout<Int32>.size))
    }

    /// Sets an `int64_t` option.
    private func setOption(_ name: Int32, int64 value: Int64) throws(ZMQError) {
        let socket = try openHandle()
        var value = value
        try ZMQError.check(zmq_setsockopt(socket, name, &value, MemoryLayout<Int64>.size))
    }

    /// Sets a binary (or unterminated character) option.
    private func setOption(_ name: Int32, bytes: [UInt8]) throws(ZMQError) {
        let socket = try openHandle()
        let result = bytes.withUnsafeBytes { zmq_setsockopt(socket, name, $0.baseAddress, $0.count) }
        try ZMQError.check(result)
    }

    /// Reads a NUL-terminated character option of at most 1 KiB.
    func stringOption(_ name: Int32) throws(ZMQError) -> String {
        let socket = try openHandle()
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        try ZMQError.check(zmq_getsockopt(socket, name, &buffer, &size))
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
