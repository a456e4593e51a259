import ElmanJSON
import ElmanProtocol

/// The connection file, like Jupyter's: what a client needs to reach this worker, written once the sockets are
/// bound (so the ports are real) as an `AtomicFile`, so a reader never sees half of it.
/// Mode 0600: with CURVE it carries the keys a client needs (the server's public key and an allowed client pair).
enum ConnectionFile {
    static func write(to path: String, endpoint: String, events: String?, models: String?, curve: CurveKeys?) throws {
        let document: JSONValue = .object([
            "protocol": .number(Double(ProtocolVersion.number)),
            "version": .string(ProtocolVersion.software),
            "endpoint": .string(endpoint),
            "events": events.map(JSONValue.string) ?? .null,
            "pid": .number(Double(Platform.processID)),
            "models": models.map(JSONValue.string) ?? .null,
            "curve": curve.map { keys in
                .object([
                    "server_key": .string(keys.server.publicKey),
                    "client_public_key": .string(keys.client.publicKey),
                    "client_secret_key": .string(keys.client.secretKey),
                ])
            } ?? .null,
        ])
        try AtomicFile.write(JSONWriter.write(document) + [UInt8(ascii: "\n")], to: path,
                             temporary: "\(path).\(Platform.processID).tmp", mode: 0o600, durable: false)
    }
}
