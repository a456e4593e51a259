#if canImport(Glibc)
import Glibc
#endif
import ElmanProtocol

/// The connection file, like Jupyter's: what a client needs to reach this worker, written once the sockets are
/// bound (so the ports are real) by writing a temporary file and renaming it, so a reader never sees half of it.
/// Mode 0600: with CURVE it carries the keys a client needs (the server's public key and an allowed client pair).
enum ConnectionFile {
    static func write(to path: String, endpoint: String, events: String?, models: String?, curve: CurveKeys?) throws {
        let document: JSONValue = .object([
            "protocol": .number(Double(ProtocolVersion.number)),
            "version": .string(ProtocolVersion.software),
            "endpoint": .string(endpoint),
            "events": events.map(JSONValue.string) ?? .null,
            "pid": .number(Double(getpid())),
            "models": models.map(JSONValue.string) ?? .null,
            "curve": curve.map { keys in
                .object([
                    "server_key": .string(keys.server.publicKey),
                    "client_public_key": .string(keys.client.publicKey),
                    "client_secret_key": .string(keys.client.secretKey),
                ])
            } ?? .null,
        ])
        let bytes = JSONWriter.write(document) + [UInt8(ascii: "\n")]
        let temporary = "\(path).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreFailure("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
