import ElmanProtocol

// Config/: how a worker is set up and what it tells clients at start — its configuration, which endpoints may go
// unencrypted (`EndpointPolicy`), its CURVE keys (`CurveKeys`) and the connection file (`ConnectionFile`). It may
// use Platform/ (the connection file is written atomically), nothing else of the module.

/// How a worker is set up; `elman-worker`'s options map onto it one to one.
public struct WorkerConfiguration: Sendable {
    /// The ROUTER socket's endpoint; `tcp://127.0.0.1:*` picks a free port.
    public var endpoint = "tcp://127.0.0.1:5555"
    /// The PUB socket for progress notifications, if any.
    public var events: String?
    /// The only folder the worker reads or writes on request (`model.save`, `model.load`).
    public var modelsDirectory: String?
    /// Written atomically once the sockets are bound: the actual endpoints, protocol version and pid.
    public var connectionFile: String?
    /// Encrypt with CURVE, with a server key pair generated at start (or taken from `curveSecretKey`).
    public var curve = false
    /// The server's CURVE secret key (Z85, 40 characters), for a public key that stays the same across restarts.
    public var curveSecretKey: String?
    /// Client public keys (Z85) let in besides the one the worker writes into its connection file.
    public var curveClientKeys: [String] = []
    /// Allow a non-loopback endpoint without CURVE.
    public var insecure = false
    /// Stop (as on SIGTERM) once this process is gone: a worker started for a notebook kernel must not outlive it,
    /// even when the kernel is killed without a chance to stop its worker.
    public var parentPID: Int32?
    public var limits: Limits

    public init(limits: Limits) { self.limits = limits }

    /// Whether the sockets use CURVE.
    var encrypted: Bool { curve || curveSecretKey != nil }
}
