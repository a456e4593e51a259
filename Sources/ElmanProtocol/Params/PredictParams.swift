import ElmanJSON

/// `predict`: `{model, data? | inputs?}`; with `data` (default: the seed's sine) the inputs are the series without
/// its last value, as in training.
public struct PredictParams: Equatable, Sendable {
    public var model: String
    public var inputs: [Float]
    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        if reader.has("inputs") && reader.has("data") {
            throw RPCError.invalidParams("inputs", "give data or inputs, not both")
        }
        if let inputs = try reader.floats("inputs", minCount: 1, limit: ("max_series_length", limits.maxSeriesLength)) {
            self.inputs = inputs
        } else {
            self.inputs = Array(try SeriesParam.read(&reader, limits: limits).dropLast())
        }
        try reader.finish()
    }
}
