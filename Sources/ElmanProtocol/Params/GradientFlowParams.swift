import ElmanCore
import ElmanJSON

/// `gradient_flow`: `{model, data?, of?, loss?}`. `data` is one sequence in any form `train` takes (default the
/// seed's sine; `sequences` with exactly one), with the model's columns and its target columns; `of` is `loss`
/// (default) or `output`; `loss` (`sse/2`, the default, or `mse`) is the loss differentiated, only with `of: loss`.
public struct GradientFlowParams: Equatable, Sendable {
    public var model: String
    public var data: DataParam
    public var of: GradientFlowTarget
    public var loss: Loss

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        data = try DataParam.read(&reader, minRows: 2, limits: limits) ?? .seedSine
        guard data.batch.count == 1 else {
            throw RPCError.invalidParams("data", "gradient_flow follows one sequence; \(data.batch.count) given")
        }
        let of = try reader.string("of")
        guard let target = GradientFlowTarget(rawValue: of ?? GradientFlowTarget.loss.rawValue) else {
            throw RPCError.invalidParams("of", "must be loss or output")
        }
        self.of = target
        let loss = try reader.string("loss")
        guard let known = Loss(rawValue: loss ?? Loss.halfSumOfSquares.rawValue) else {
            throw RPCError.invalidParams("loss", "must be sse/2 or mse")
        }
        if loss != nil, target == .output {
            throw RPCError.invalidParams("loss", "only with of: loss (of: output differentiates the last outputs)")
        }
        self.loss = known
        try reader.finish()
    }
}
