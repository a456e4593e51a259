import ElmanJSON
import ElmanProtocol

/// The connection file, like Jupyter's: what a client needs to reach this worker, written once the sockets are
/// bound (so the ports are real) as an `AtomicFile`, so a reader never sees half of it.
/// Mode 0600: with CURVE it carries the keys a client needs (the server's public key and an allowed client pair).
enum ConnectionFile {
    static func write(to path: String, endpoint: String, events: String?, models: String?, curve: CurveKeys?) throws {
        let content = ConnectionFileContent(
            endpoint: endpoint, events: events, pid: Int(Platform.processID), models: models,
            curve: curve.map { keys in
                ConnectionFileContent.Curve(serverKey: keys.server.publicKey, clientPublicKey: keys.client.publicKey,
                                            clientSecretKey: keys.client.secretKey)
            })
        try AtomicFile.write(JSONWriter.write(content.json) + [UInt8(ascii: "\n")], to: path,
                             temporary: "\(path).\(Platform.processID).tmp", mode: 0o600, durable: false)
    }
}
