import ElmanJSON

/// The result of `info`: `{"protocol", "version", "methods", "limits", "defaults"}`: what a client needs to know
/// before it asks: the protocol and software versions, every method, the worker's limits and `train`'s defaults.
public struct WorkerInfo: Equatable, Sendable {
    public var limits: Limits

    public init(limits: Limits) { self.limits = limits }

    public var json: JSONValue {
        [
            "protocol": .number(Double(ProtocolVersion.number)), "version": .string(ProtocolVersion.software),
            "methods": .array(Method.allCases.map { .string($0.rawValue) }),
            "limits": limits.json, "defaults": TrainParams.defaultsJSON,
        ]
    }
}
