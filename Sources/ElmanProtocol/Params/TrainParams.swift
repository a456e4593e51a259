import ElmanCore
import ElmanJSON

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
    /// With `wait`: the requesting peer also gets `job.accepted` at once and the job's `job.progress` on its own
    /// connection before the reply (PROTOCOL.md, "train"). Whether the peer can take them is the worker's check.
    public var notify: Bool

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        source = try Self.source(&reader, limits: limits)
        series = try SeriesParam.read(&reader, limits: limits)
        let defaults = TrainingOptions()
        let epochs = try reader.int("epochs", minimum: 0) ?? defaults.epochs
        let lr = try reader.float("lr") ?? defaults.learningRate
        guard lr > 0 else { throw RPCError.invalidParams("lr", "must be greater than 0") }
        let truncation = try reader.int("truncation", minimum: 1) ?? defaults.truncation
        let reportEvery = try reader.int("report_every", minimum: 1) ?? defaults.reportEvery
        wait = try reader.bool("wait") ?? false
        notify = try reader.bool("notify") ?? false
        try reader.finish()
        if notify && !wait {
            throw RPCError.invalidParams("notify", "needs wait: true (without it the reply already comes at once)")
        }
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
        let w1Std = try std.float("w1") ?? ElmanWeights.seedW1Std
        let w2Std = try std.float("w2") ?? ElmanWeights.seedW2Std
        try std.finish()
        guard w1Std >= 0, w2Std >= 0 else { throw RPCError.invalidParams("init_std", "deviations must be ≥ 0") }
        return .random(hiddenSize: hidden ?? ElmanWeights.seedHiddenSize, seed: UInt64(seed ?? 0), w1Std: w1Std,
                       w2Std: w2Std)
    }

    /// The defaults, as `info` reports them: ElmanCore's seed defaults (`ElmanWeights.seedHiddenSize`,
    /// `seedW1Std`/`seedW2Std`, `Series.seedSine`, `TrainingOptions()`); the seed of the generator is 0.
    public static var defaultsJSON: JSONValue {
        let options = TrainingOptions(), sine = Series.seedSine
        return [
            "hidden_size": .number(Double(ElmanWeights.seedHiddenSize)), "seed": 0,
            "init_std": ["w1": .float(ElmanWeights.seedW1Std), "w2": .float(ElmanWeights.seedW2Std)],
            "data": ["sine": ["start": .number(sine.start), "stop": .number(sine.stop),
                              "points": .number(Double(sine.points))]],
            "epochs": .number(Double(options.epochs)), "lr": .float(options.learningRate),
            "truncation": .number(Double(options.truncation)), "report_every": .number(Double(options.reportEvery)),
            "wait": false, "notify": false,
        ]
    }
}
