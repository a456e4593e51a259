import ElmanJSON

/// The connection file (PROTOCOL.md, "Transport"): what a client needs to reach a worker, like Jupyter's.
///
/// `{"protocol", "version", "endpoint", "events", "pid", "models", "curve"}` in that order; `events`, `models` and
/// `curve` are `null` when the worker has no PUB socket, no models folder, no encryption.
public struct ConnectionFileContent: Equatable, Sendable {
    /// The keys a client of an encrypting worker needs, Z85: the server's public key and an allowed client pair.
    public struct Curve: Equatable, Sendable {
        public var serverKey: String
        public var clientPublicKey: String
        public var clientSecretKey: String

        public init(serverKey: String, clientPublicKey: String, clientSecretKey: String) {
            self.serverKey = serverKey
            self.clientPublicKey = clientPublicKey
            self.clientSecretKey = clientSecretKey
        }
    }

    /// The bound request endpoint (with the real port, never `*`).
    public var endpoint: String
    public var events: String?
    public var pid: Int
    public var models: String?
    public var curve: Curve?

    public init(endpoint: String, events: String?, pid: Int, models: String?, curve: Curve?) {
        self.endpoint = endpoint
        self.events = events
        self.pid = pid
        self.models = models
        self.curve = curve
    }

    public var json: JSONValue {
        [
            "protocol": .number(Double(ProtocolVersion.number)), "version": .string(ProtocolVersion.software),
            "endpoint": .string(endpoint), "events": events.map(JSONValue.string) ?? .null,
            "pid": .number(Double(pid)), "models": models.map(JSONValue.string) ?? .null,
            "curve": curve.map { keys in
                [
                    "server_key": .string(keys.serverKey), "client_public_key": .string(keys.clientPublicKey),
                    "client_secret_key": .string(keys.clientSecretKey),
                ]
            } ?? .null,
        ]
    }
}
