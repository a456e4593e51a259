import ElmanCore
import ElmanJSON

/// `generate`: `{model, prime, steps}`, both required: `prime` at least one value (numbers for one column, or
/// rows), 0 … `max_generate_steps` steps.
public struct GenerateParams: Equatable, Sendable {
    public var model: String
    /// P × D: one sequence, flat.
    public var prime: SequenceBatch
    public var steps: Int
    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        guard let prime = reader.value("prime") else { throw RPCError.invalidParams("prime", "is required") }
        self.prime = try DataParam.sequence(prime, at: "prime", minRows: 1, limits: limits)
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
