import ElmanProtocol

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
    /// Serve non-loopback endpoints with CURVE encryption, with a key pair generated at start.
    public var curve = false
    /// Allow a non-loopback endpoint without CURVE.
    public var insecure = false
    public var limits: Limits

    public init(limits: Limits) { self.limits = limits }
}
