import ElmanJSON

/// `evaluate`: `{model, data?, horizon}`. `data` in any form `train` takes (default the seed's sine), with the
/// model's columns and its target columns; `horizon` h ≥ 1 is required and must leave an origin: h ≤ T − 1.
public struct EvaluateParams: Equatable, Sendable {
    public var model: String
    public var data: DataParam
    public var horizon: Int

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        data = try DataParam.read(&reader, minRows: 2, limits: limits) ?? .seedSine
        guard let horizon = try reader.int("horizon", minimum: 1) else {
            throw RPCError.invalidParams("horizon", "is required")
        }
        let rows = data.batch.length
        guard horizon <= rows - 1 else {
            throw RPCError.invalidParams("horizon", "is \(horizon) but the data's \(counted(rows, "row")) allow at "
                + "most \(rows - 1) (a forecast needs a row before it)")
        }
        self.horizon = horizon
        try reader.finish()
    }
}
