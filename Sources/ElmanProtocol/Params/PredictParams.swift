import ElmanCore
import ElmanJSON

/// `predict`: `{model, data? | inputs?}`. `inputs` is one sequence, numbers (one column) or rows; with `data` (any
/// form, default the seed's sine; its targets are ignored) each sequence's inputs are its rows without the last,
/// as in training. `return` asks for the states too: distinct names among `hidden` and `cell` (`cell` only for an
/// LSTM, which the worker checks against the model).
public struct PredictParams: Equatable, Sendable {
    public var model: String
    /// B × steps × D, flat.
    public var inputs: SequenceBatch
    /// Whether the data came as `sequences` (the predictions are then one list per sequence).
    public var isBatch: Bool
    /// The parameter the inputs came from, `inputs` or `data`, for errors about their width.
    public var param: String
    /// What `return` asked for besides the predictions; empty without it.
    public var returns: Set<PredictReturn>

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        if reader.has("inputs") && reader.has("data") {
            throw RPCError.invalidParams("inputs", "give data or inputs, not both")
        }
        if let inputs = reader.value("inputs") {
            self.inputs = try DataParam.sequence(inputs, at: "inputs", minRows: 1, limits: limits)
            isBatch = false
            param = "inputs"
        } else {
            let data = try DataParam.read(&reader, minRows: 2, limits: limits) ?? .seedSine
            self.inputs = data.batch.prefix(rows: data.batch.length - 1)
            isBatch = data.isBatch
            param = "data"
        }
        returns = try reader.names("return") ?? []
        try reader.finish()
    }
}

/// The states `predict` can return besides the predictions (`PredictParams.returns`).
public enum PredictReturn: String, Equatable, Hashable, Sendable, CaseIterable {
    /// Every step's h of every layer.
    case hidden
    /// Every step's LSTM cell state c of every layer.
    case cell
}
