import ElmanJSON

/// The result of `info`: `{"protocol", "version", "methods", "binary_frames", "limits", "defaults"}`: what a client
/// needs to know before it asks: the protocol and software versions, every method, that arrays may travel as
/// binary frames (PROTOCOL.md, "Binary frames"), the worker's limits and `train`'s defaults.
public struct WorkerInfo: Equatable, Sendable {
    public var limits: Limits

    public init(limits: Limits) { self.limits = limits }

    public var json: JSONValue {
        [
            "protocol": .number(Double(ProtocolVersion.number)), "version": .string(ProtocolVersion.software),
            "methods": .array(Method.allCases.map { .string($0.rawValue) }), "binary_frames": true,
            "limits": limits.json, "defaults": TrainParams.defaultsJSON,
        ]
    }
}
