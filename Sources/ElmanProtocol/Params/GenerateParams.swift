import ElmanJSON

/// `generate`: `{model, prime, steps}`, both required: at least one `prime` value, 0 … `max_generate_steps` steps.
public struct GenerateParams: Equatable, Sendable {
    public var model: String
    public var prime: [Float]
    public var steps: Int
    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        guard let prime = try reader.floats("prime", minCount: 1,
                                            limit: ("max_series_length", limits.maxSeriesLength)) else {
            throw RPCError.invalidParams("prime", "is required")
        }
        self.prime = prime
        guard let steps = try reader.int("steps", minimum: 0) else {
            throw RPCError.invalidParams("steps", "is required")
        }
        guard steps <= limits.maxGenerateSteps else {
            throw RPCError.limitExceeded("max_generate_steps", value: steps, max: limits.maxGenerateSteps)
        }
        self.steps = steps
        try reader.finish()
    }
}
