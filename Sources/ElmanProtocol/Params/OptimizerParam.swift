import ElmanCore
import ElmanJSON

/// The `optimizer` parameter of `train`, with torch.optim's names and defaults (except sgd's lr, which defaults to
/// the seed's 0.1):
///
///     {"name": "sgd", "lr": 0.1, "momentum": 0, "nesterov": false, "weight_decay": 0}
///     {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0}
///     {"name": "adamw", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}
///
/// Ranges: lr > 0, momentum ≥ 0, each beta in [0, 1), eps > 0, weight_decay ≥ 0, all finite; nesterov needs
/// momentum > 0.
enum OptimizerParam {
    static func read(_ value: JSONValue, path: String) throws -> Optimizer {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        var reader = ParamReader(members, path: path)
        let name = try reader.requiredString("name")
        let optimizer: Optimizer
        switch name {
        case "sgd":
            var sgd = Optimizer.SGD(lr: Double(TrainingOptions().learningRate))
            sgd.lr = try positive(&reader, "lr") ?? sgd.lr
            sgd.momentum = try nonNegative(&reader, "momentum") ?? 0
            sgd.nesterov = try reader.bool("nesterov") ?? false
            sgd.weightDecay = try nonNegative(&reader, "weight_decay") ?? 0
            if sgd.nesterov && sgd.momentum == 0 {
                throw RPCError.invalidParams(reader.path("nesterov"), "needs a momentum greater than 0")
            }
            optimizer = .sgd(sgd)
        case "adam", "adamw":
            var adam = Optimizer.Adam()
            if name == "adamw" { adam.weightDecay = Optimizer.adamWDefaultWeightDecay }
            adam.lr = try positive(&reader, "lr") ?? adam.lr
            if let betas = reader.value("betas") {
                guard case .array(let pair) = betas, pair.count == 2,
                      case .number(let beta1) = pair[0], case .number(let beta2) = pair[1],
                      (0..<1).contains(beta1), (0..<1).contains(beta2)
                else {
                    throw RPCError.invalidParams(reader.path("betas"), "must be two numbers, each in [0, 1)")
                }
                (adam.beta1, adam.beta2) = (beta1, beta2)
            }
            adam.eps = try positive(&reader, "eps") ?? adam.eps
            adam.weightDecay = try nonNegative(&reader, "weight_decay") ?? adam.weightDecay
            optimizer = name == "adam" ? .adam(adam) : .adamW(adam)
        default:
            throw RPCError.invalidParams(reader.path("name"), "must be sgd, adam or adamw")
        }
        try reader.finish()
        return optimizer
    }

    private static func positive(_ reader: inout ParamReader, _ name: String) throws -> Double? {
        guard let value = try reader.double(name) else { return nil }
        guard value > 0 else { throw RPCError.invalidParams(reader.path(name), "must be greater than 0") }
        return value
    }

    private static func nonNegative(_ reader: inout ParamReader, _ name: String) throws -> Double? {
        guard let value = try reader.double(name) else { return nil }
        guard value >= 0 else { throw RPCError.invalidParams(reader.path(name), "must be at least 0") }
        return value
    }
}
