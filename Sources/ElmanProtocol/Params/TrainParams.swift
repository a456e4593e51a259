import ElmanCore
import ElmanJSON

/// Where a training job's starting weights come from.
public enum ModelSource: Equatable, Sendable {
    /// Continue training a model the worker holds.
    case existing(model: String)
    /// A new seed-shaped network (one column in and out) with weights drawn from the worker's seeded generator
    /// with the seed's normal(0, w1Std)/(0, w2Std) initialisation.
    case random(hiddenSize: Int, seed: UInt64, w1Std: Float, w2Std: Float)
    /// A new seed-shaped network with the `weights {w1, w2}` the client sent.
    case explicit(ElmanWeights)
    /// A new network with PyTorch's default initialisation drawn from the seeded generator
    /// (`StateDict.pytorchDefault`).
    case initialised(NetworkDescription, seed: UInt64)
    /// A new network with the state_dict the client sent.
    case stateDict(StateDict<Float>)

    /// The model to train further, for `existing`.
    public var existingModel: String? {
        if case .existing(let model) = self { return model }
        return nil
    }

    /// The network of a new model; nil for `existing` (the model has one).
    public var network: NetworkDescription? {
        switch self {
        case .existing: nil
        case .random(let hiddenSize, _, _, _): .elman(hiddenSize: hiddenSize)
        case .explicit(let weights): .elman(hiddenSize: weights.hiddenSize)
        case .initialised(let network, _): network
        case .stateDict(let stateDict): stateDict.network
        }
    }
}

/// The validated params of `train` (PROTOCOL.md, "train"). Defaults reproduce the seed.
public struct TrainParams: Equatable, Sendable {
    public var source: ModelSource
    /// The data to train on: `data`, without the rows `validation.fraction` holds out. In the data's own units.
    public var data: TrainingSequences
    /// Whether the data came as `sequences` (predictions in `job.progress` are then one list per sequence).
    public var isBatch: Bool
    /// The held-out data and early stopping (`ValidationParam`), in the data's own units.
    public var validation: Validation?
    /// The scaler fitted on `data` for a new model (`scaler`); nil for none, and always with `model` (a model
    /// keeps the scaler it was first trained with).
    public var scaler: Scaler?
    public var options: NetworkTrainingOptions
    public var wait: Bool
    /// With `wait`: the requesting peer also gets `job.accepted` at once and the job's `job.progress` on its own
    /// connection before the reply (PROTOCOL.md, "train"). Whether the peer can take them is the worker's check.
    public var notify: Bool
    /// What to measure after every epoch (`record`), returned in the job report and carried by `job.progress`.
    public var record: Set<TrainingRecord>
    /// The snapshots each `job.progress` carries (`report`).
    public var report: Set<ProgressSnapshot>

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        let given = try DataParam.read(&reader, minRows: 2, limits: limits) ?? .seedSine
        // Sizes, targets, lengths and values were checked by DataParam, so this cannot throw.
        let all = try! TrainingSequences(given.batch, targets: given.targetColumns)
        isBatch = given.isBatch
        (data, validation) = try ValidationParam.read(&reader, data: all, limits: limits)
        source = try Self.source(&reader, data: data, limits: limits)
        scaler = try Self.scaler(&reader, data: data, source: source)
        options = try Self.options(&reader)
        wait = try reader.bool("wait") ?? false
        notify = try reader.bool("notify") ?? false
        record = try reader.names("record") ?? []
        report = try reader.names("report") ?? []
        try reader.finish()
        for name in ["record", "report"] where params[name] != nil && validation != nil {
            throw RPCError.invalidParams(name, "not with validation (a job with validation records nothing else)")
        }
        if notify && !wait {
            throw RPCError.invalidParams("notify", "needs wait: true (without it the reply already comes at once)")
        }
        guard options.epochs <= limits.maxEpochs else {
            throw RPCError.limitExceeded("max_epochs", value: options.epochs, max: limits.maxEpochs)
        }
        let validationSteps = validation.map { $0.data.steps * $0.data.batch.count } ?? 0
        let work = options.epochs * (data.steps * data.batch.count + validationSteps)
        guard work <= limits.maxWork else {
            throw RPCError.limitExceeded("max_work", value: work, max: limits.maxWork)
        }
    }

    /// The seed's fast path's options, when this job is exactly the seed's kind of training on a network of the
    /// seed's kind (`NetworkDescription.isElman`): plain SGD (no momentum, no weight decay), loss sse/2, no
    /// clipping, one sequence of one column predicting itself, no validation, nothing recorded or reported. Nil
    /// otherwise: the job trains on the general networks' path.
    public var fastPathOptions: TrainingOptions? {
        guard validation == nil, record.isEmpty, report.isEmpty, case .sgd(let sgd) = options.optimizer,
              sgd.momentum == 0, sgd.weightDecay == 0,
              !sgd.nesterov, options.loss == .halfSumOfSquares, options.clipGradNorm == nil, data.series != nil
        else { return nil }
        return TrainingOptions(epochs: options.epochs, learningRate: Float(sgd.lr), truncation: options.truncation,
                               reportEvery: options.reportEvery)
    }

    /// `scaler`: "standard" or "minmax", fitted on the training part of the data (`Scaler`); not with `model`.
    private static func scaler(_ reader: inout ParamReader, data: TrainingSequences, source: ModelSource) throws
        -> Scaler?
    {
        guard let name = try reader.string("scaler") else { return nil }
        guard let kind = Scaler.Kind(rawValue: name) else {
            throw RPCError.invalidParams("scaler", "must be standard or minmax")
        }
        if source.existingModel != nil {
            throw RPCError.invalidParams("scaler", "not allowed with model (the model keeps its own scaler)")
        }
        return Scaler(fitting: kind, to: data)
    }

    private static func options(_ reader: inout ParamReader) throws -> NetworkTrainingOptions {
        let defaults = TrainingOptions()
        var options = NetworkTrainingOptions()
        options.epochs = try reader.int("epochs", minimum: 0) ?? defaults.epochs
        let lr = try reader.float("lr")
        if let lr, lr <= 0 { throw RPCError.invalidParams("lr", "must be greater than 0") }
        if let optimizer = reader.value("optimizer") {
            if lr != nil { throw RPCError.invalidParams("lr", "not allowed with optimizer (give optimizer.lr)") }
            options.optimizer = try OptimizerParam.read(optimizer, path: "optimizer")
        } else {
            options.optimizer = .sgd(Optimizer.SGD(lr: Double(lr ?? defaults.learningRate)))
        }
        if let loss = try reader.string("loss") {
            guard let known = Loss(rawValue: loss) else { throw RPCError.invalidParams("loss", "must be sse/2 or mse") }
            options.loss = known
        }
        if let clip = try reader.double("clip_grad_norm") {
            guard clip > 0 else { throw RPCError.invalidParams("clip_grad_norm", "must be greater than 0") }
            options.clipGradNorm = clip
        }
        options.truncation = try reader.int("truncation", minimum: 1) ?? defaults.truncation
        options.reportEvery = try reader.int("report_every", minimum: 1) ?? defaults.reportEvery
        return options
    }

    private static func source(_ reader: inout ParamReader, data: TrainingSequences, limits: Limits) throws
        -> ModelSource
    {
        let model = try reader.string("model")
        let hidden = try reader.int("hidden_size", minimum: 1)
        let seed = try reader.int("seed", minimum: 0)
        let initStd = try reader.object("init_std")
        let weights = reader.value("weights")
        let network = try reader.value("network").map {
            try NetworkParam.read($0, path: "network", limits: limits)
        }
        let stateDict = reader.value("state_dict")
        if let hidden, hidden > limits.maxHiddenSize {
            throw RPCError.limitExceeded("max_hidden_size", value: hidden, max: limits.maxHiddenSize)
        }
        if let model {
            for (name, given) in [("hidden_size", hidden != nil), ("seed", seed != nil), ("init_std", initStd != nil),
                                  ("weights", weights != nil), ("network", network != nil),
                                  ("state_dict", stateDict != nil)] where given {
                throw RPCError.invalidParams(name, "not allowed with model (the model already has weights)")
            }
            return .existing(model: model)
        }
        if stateDict != nil {
            for (name, given) in [("weights", weights != nil), ("seed", seed != nil), ("init_std", initStd != nil)]
            where given {
                throw RPCError.invalidParams(name, "not allowed with state_dict (it holds the weights)")
            }
        }
        if let network {
            for (name, given) in [("hidden_size", hidden != nil), ("init_std", initStd != nil),
                                  ("weights", weights != nil)] where given {
                throw RPCError.invalidParams(name, "not allowed with network (give network.hidden_size, state_dict)")
            }
            let description = network.description(inputSize: data.inputSize, outputSize: data.outputSize)
            if let stateDict {
                return .stateDict(try StateDictCoding.read(stateDict, path: "state_dict", network: description))
            }
            return .initialised(description, seed: UInt64(seed ?? 0))
        }
        if let stateDict {
            let size = try StateDictCoding.seedHiddenSize(stateDict, path: "state_dict")
            if let hidden, hidden != size {
                throw RPCError.invalidParams("hidden_size", "is \(hidden) but the state_dict has \(size)")
            }
            guard size <= limits.maxHiddenSize else {
                throw RPCError.limitExceeded("max_hidden_size", value: size, max: limits.maxHiddenSize)
            }
            let description = NetworkParam(cell: .rnn(.tanh), hiddenSize: size, bias: false)
                .description(inputSize: data.inputSize, outputSize: data.outputSize)
            return .stateDict(try StateDictCoding.read(stateDict, path: "state_dict", network: description))
        }
        let oneColumn = data.inputSize == 1 && data.outputSize == 1
        if let weights {
            for (name, given) in [("seed", seed != nil), ("init_std", initStd != nil)] where given {
                throw RPCError.invalidParams(name, "not allowed with explicit weights")
            }
            guard oneColumn else {
                throw RPCError.invalidParams("weights", "w1/w2 hold one input and one output column; "
                    + "give state_dict (and network) for \(data.inputSize) in and \(data.outputSize) out")
            }
            let explicit = try WeightsCoding.read(weights, path: "weights", limits: limits)
            if let hidden, hidden != explicit.hiddenSize {
                throw RPCError.invalidParams("hidden_size", "is \(hidden) but the weights have \(explicit.hiddenSize)")
            }
            return .explicit(explicit)
        }
        let size = hidden ?? ElmanWeights.seedHiddenSize
        guard oneColumn else {
            if initStd != nil {
                throw RPCError.invalidParams("init_std", "only for the seed network's one column; "
                    + "several columns get PyTorch's initialisation")
            }
            let description = NetworkParam(cell: .rnn(.tanh), hiddenSize: size, bias: false)
                .description(inputSize: data.inputSize, outputSize: data.outputSize)
            return .initialised(description, seed: UInt64(seed ?? 0))
        }
        var std = ParamReader(initStd ?? [:], path: "init_std")
        let w1Std = try std.float("w1") ?? ElmanWeights.seedW1Std
        let w2Std = try std.float("w2") ?? ElmanWeights.seedW2Std
        try std.finish()
        guard w1Std >= 0, w2Std >= 0 else { throw RPCError.invalidParams("init_std", "deviations must be ≥ 0") }
        return .random(hiddenSize: size, seed: UInt64(seed ?? 0), w1Std: w1Std, w2Std: w2Std)
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
            "loss": .string(Loss.halfSumOfSquares.rawValue), "wait": false, "notify": false,
        ]
    }
}

/// A snapshot `job.progress` can carry (`train`'s `report`).
public enum ProgressSnapshot: String, Equatable, Hashable, Sendable, CaseIterable {
    /// The one-step teacher-forced predictions of the training data with the current weights, shaped as `predict`'s.
    case predictions
    /// The current weights, as `"state_dict"`.
    case weights
}
