import ElmanJSON

/// The result of `predict`: `{"predictions": [...]}`, one per input; `predictions[i]` follows `inputs[i]`.
public struct Predictions: Equatable, Sendable {
    public var predictions: [Float]

    public init(_ predictions: [Float]) { self.predictions = predictions }

    public var json: JSONValue { ["predictions": .floats(predictions)] }
}

/// The result of `generate`: `{"values": [...]}`, the `steps` values that follow `prime`.
public struct GeneratedValues: Equatable, Sendable {
    public var values: [Float]

    public init(_ values: [Float]) { self.values = values }

    public var json: JSONValue { ["values": .floats(values)] }
}
