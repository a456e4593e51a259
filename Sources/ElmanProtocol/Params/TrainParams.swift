import ElmanCore

/// Where a training job's starting weights come from.
public enum ModelSource: Equatable, Sendable {
    /// Continue training a model the worker holds.
    case existing(model: String)
    /// A new model with weights drawn from the worker's seeded generator.
    case random(hiddenSize: Int, seed: UInt64, w1Std: Float, w2Std: Float)
    /// A new model with the weights the client sent.
    case explicit(ElmanWeights)
}

/// The validated params of `train` (PROTOCOL.md, "train"). Defaults reproduce the seed.
public struct TrainParams: Equatable, Sendable {
    public var source: ModelSource
    public var series: [Float]
    public var options: TrainingOptions
    public var wait: Bool

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        source = try Self.source(&reader, limits: limits)
        series = try SeriesParam.read(&reader, limits: limits)
        let epochs = try reader.int("epochs", minimum: 0) ?? 300
        let lr = try reader.float("lr") ?? 0.1
        guard lr > 0 else { throw RPCError.invalidParams("lr", "must be greater than 0") }
        let truncation = try reader.int("truncation", minimum: 1) ?? 1
        let reportEvery = try reader.int("report_every", minimum: 1) ?? 10
        wait = try reader.bool("wait") ?? false
        try reader.finish()
        guard epochs <= limits.maxEpochs else {
            throw RPCError.limitExceeded("max_epochs", value: epochs, max: limits.maxEpochs)
        }
        let steps = series.count - 1
        guard epochs * steps <= limits.maxWork else {
            throw RPCError.limitExceeded("max_work", value: epochs * steps, max: limits.maxWork)
        }
        options = TrainingOptions(epochs: epochs, learningRate: lr, truncation: truncation, reportEvery: reportEvery)
    }

    private static func source(_ reader: inout ParamReader, limits: Limits) throws -> ModelSource {
        let model = try reader.string("model")
        let hidden = try reader.int("hidden_size", minimum: 1)
        let seed = try reader.int("seed", minimum: 0)
        let initStd = try reader.object("init_std")
        let weights = reader.value("weights")
        if let hidden, hidden > limits.maxHiddenSize {
            throw RPCError.limitExceeded("max_hidden_size", value: hidden, max: limits.maxHiddenSize)
        }
        if let model {
            for (name, given) in [("hidden_size", hidden != nil), ("seed", seed != nil),
                                  ("init_std", initStd != nil), ("weights", weights != nil)] where given {
                throw RPCError.invalidParams(name, "not allowed with model (the model already has weights)")
            }
            return .existing(model: model)
        }
        if let weights {
            for (name, given) in [("seed", seed != nil), ("init_std", initStd != nil)] where given {
                throw RPCError.invalidParams(name, "not allowed with explicit weights")
            }
            let explicit = try WeightsCoding.read(weights, path: "weights", limits: limits)
            if let hidden, hidden != explicit.hiddenSize {
                throw RPCError.invalidParams("hidden_size", "is \(hidden) but the weights have \(explicit.hiddenSize)")
            }
            return .explicit(explicit)
        }
        var std = ParamReader(initStd ?? [:], path: "init_std")
        let w1Std = try std.float("w1") ?? 0.4
        let w2Std = try std.float("w2") ?? 0.3
        try std.finish()
        guard w1Std >= 0, w2Std >= 0 else { throw RPCError.invalidParams("init_std", "deviations must be ≥ 0") }
        guard (seed ?? 0) <= (1 << 53) - 1 else { throw RPCError.invalidParams("seed", "must be below 2^53") }
        return .random(hiddenSize: hidden ?? 6, seed: UInt64(seed ?? 0), w1Std: w1Std, w2Std: w2Std)
    }

    /// The defaults, as `info` reports them.
    public static let defaultsJSON: JSONValue = [
        "hidden_size": 6, "seed": 0, "init_std": ["w1": 0.4, "w2": 0.3],
        "data": ["sine": ["start": 2, "stop": 10, "points": 21]],
        "epochs": 300, "lr": 0.1, "truncation": 1, "report_every": 10, "wait": false,
    ]
}
