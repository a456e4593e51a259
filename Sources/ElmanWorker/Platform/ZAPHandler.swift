import ZeroMQ

/// libzmq's ZAP handler (ZeroMQ RFC 27) for the CURVE sockets, answered by the socket loop like any request.
///
/// libzmq asks it about every CURVE handshake: `[version, request id, domain, address, routing id, mechanism,
/// client public key (32 bytes)]`. The answer is `[version, request id, "200" | "400", text, user id, metadata]`:
/// 200 only for a CURVE client whose key is in `allowed`. It must be bound before the CURVE sockets take peers.
final class ZAPHandler {
    static let endpoint = "inproc://zeromq.zap.01"
    static let domain = "elman"

    let socket: Socket
    private let allowed: Set<String>

    init(context: Context, allowed: Set<String>) throws {
        self.allowed = allowed
        socket = try context.socket(.rep)
        try socket.setLinger(0)
        try socket.bind(Self.endpoint)
    }

    /// Answers every request waiting on the socket; returns the refused keys (Z85, or a reason) for the log.
    func answerPending() throws -> [String] {
        var refused: [String] = []
        while let request = try socket.receiveMultipart(dontWait: true) {
            let key = request.count >= 7 && request[5] == Array("CURVE".utf8) ? try? ZMQ.z85(request[6]) : nil
            let accepted = key.map(allowed.contains) ?? false
            if !accepted { refused.append(key ?? "a request without a CURVE key") }
            try socket.send([
                request.first ?? Array("1.0".utf8), request.count > 1 ? request[1] : [],
                Array((accepted ? "200" : "400").utf8), Array((accepted ? "OK" : "client key not allowed").utf8),
                [], [],
            ])
        }
        return refused
    }
}
