import ElmanCore
import Foundation
import Testing

/// One general-network PyTorch fixture (Fixtures/networks/NAME.json, written by
/// tools/reference/make_network_fixtures.py): a network, data, training settings, the initial state_dict, and what
/// PyTorch computed from them (epoch losses, final state_dict, teacher-forced predictions B × (T−1) × O).
struct NetworkFixture: CustomTestStringConvertible {
    let name: String
    let network: NetworkDescription
    let data: TrainingSequences
    let options: NetworkTrainingOptions
    let initial: StateDict<Float>
    let losses: [Float]
    let final: StateDict<Float>
    let predictions: [[[Float]]]

    var testDescription: String { name }

    static let folder = "Fixtures/networks"

    /// Every fixture file's name (without .json), sorted.
    static var names: [String] {
        let directory = Bundle.module.resourceURL?.appendingPathComponent(folder)
        let files = directory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
    }

    static func load(_ name: String) throws -> NetworkFixture {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: folder))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try NetworkFixture(json)
    }

    private init(_ json: [String: Any]) throws {
        name = try #require(json["name"] as? String)
        network = try Self.network(json["network"])
        data = try Self.data(json["data"])
        let training = try #require(json["training"] as? [String: Any])
        options = NetworkTrainingOptions(
            epochs: try Self.int(training["epochs"]), truncation: try Self.int(training["truncation"]),
            loss: try #require(Loss(rawValue: training["loss"] as? String ?? "")),
            optimizer: try Self.optimizer(try #require(training["optimizer"] as? [String: Any])),
            clipGradNorm: training["clip_grad_norm"] as? Double)
        initial = try Self.stateDict(json["initial_state_dict"], network)
        final = try Self.stateDict(json["final_state_dict"], network)
        losses = try #require(json["losses"] as? [Any]).map(Self.float)
        predictions = try #require(json["predictions"] as? [[[Any]]]).map { try $0.map { try $0.map(Self.float) } }
    }

    /// A fixture's "network" member.
    static func network(_ json: Any?) throws -> NetworkDescription {
        let net = try #require(json as? [String: Any])
        let cell: NetworkDescription.Cell = switch try #require(net["cell"] as? String) {
        case "lstm": .lstm
        case "gru": .gru
        default: .rnn(try #require(NetworkDescription.Nonlinearity(rawValue: net["nonlinearity"] as? String ?? "")))
        }
        return try NetworkDescription(
            cell: cell, inputSize: try int(net["input_size"]), hiddenSize: try int(net["hidden_size"]),
            numLayers: try int(net["num_layers"]), outputSize: try int(net["output_size"]),
            bias: try #require(net["bias"] as? Bool))
    }

    /// A fixture's "data" member: `{"sequences": B × T × D, "targets"}`.
    static func data(_ json: Any?) throws -> TrainingSequences {
        let data = try #require(json as? [String: Any])
        let sequences = try #require(data["sequences"] as? [[[Any]]]).map { try $0.map { try $0.map(float) } }
        return try TrainingSequences(sequences: sequences, targets: try #require(data["targets"] as? [Any]).map(int))
    }

    private static func optimizer(_ json: [String: Any]) throws -> Optimizer {
        let lr = try double(json["lr"]), decay = try double(json["weight_decay"])
        switch try #require(json["name"] as? String) {
        case "sgd":
            return .sgd(Optimizer.SGD(lr: lr, momentum: try double(json["momentum"]),
                                      nesterov: try #require(json["nesterov"] as? Bool), weightDecay: decay))
        case let name:
            let betas = try #require(json["betas"] as? [Any]).map(double)
            let adam = Optimizer.Adam(lr: lr, beta1: betas[0], beta2: betas[1], eps: try double(json["eps"]),
                                      weightDecay: decay)
            return try #require(["adam": Optimizer.adam(adam), "adamw": .adamW(adam)][name])
        }
    }

    /// A state_dict from nested lists, each flattened row-major with its shape read off the nesting.
    static func stateDict(_ json: Any?, _ network: NetworkDescription) throws -> StateDict<Float> {
        let entries = try #require(json as? [String: Any])
        return try StateDict(network, tensors: try entries.mapValues { value in
            var shape: [Int] = [], level: Any = value
            while let list = level as? [Any] {
                shape.append(list.count)
                level = list.first as Any
            }
            return StateDict<Float>.Tensor(shape: shape, values: try flatten(value).map(float))
        })
    }

    private static func flatten(_ value: Any) -> [Any] {
        (value as? [Any]).map { $0.flatMap(flatten) } ?? [value]
    }

    static func double(_ value: Any?) throws -> Double { try #require(value as? Double) }
    private static func float(_ value: Any?) throws -> Float { Float(try double(value)) }
    private static func int(_ value: Any?) throws -> Int { try #require(value as? Int) }
}

/// The largest absolute difference between two equally shaped nested arrays (infinity when shapes differ).
func maxAbsDifference(_ a: [[[Float]]], _ b: [[[Float]]]) -> Float {
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
    return zip(a.joined(), b.joined()).reduce(0) { max($0, maxAbsDifference($1.0, $1.1)) }
}

/// The largest absolute difference between two state_dicts of one network, over every entry.
func maxAbsDifference<Scalar>(_ a: StateDict<Scalar>, _ b: StateDict<Scalar>) -> Scalar {
    guard a.network == b.network else { return .infinity }
    return zip(a.tensors, b.tensors).reduce(0) { max($0, maxAbsDifference($1.0.values, $1.1.values)) }
}
