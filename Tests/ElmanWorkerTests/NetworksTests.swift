import ElmanCore
import ElmanJSON
import ElmanProtocol
import Foundation
import Testing

@testable import ElmanWorker

/// General networks through the worker, on real sockets: PyTorch fixtures driven over the wire, state_dicts in and
/// out, shapes of predict and generate, storage of new and old model files.
@Suite struct NetworksTests {
    /// A PyTorch fixture of ElmanCoreTests (Tests/ElmanCoreTests/Fixtures/networks/NAME.json).
    static func fixture(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ElmanCoreTests/Fixtures/networks/\(name).json")
        return try JSONParser.parse(Array(try Data(contentsOf: url)), maxDepth: 16)
    }

    /// `train`'s params for a fixture: its network (sizes come from the data), initial state_dict, data and training.
    static func trainParams(_ fixture: JSONValue) -> JSONObject {
        let network = fixture["network"]!, training = fixture["training"]!
        var params: JSONObject = [
            "network": ["cell": network["cell"]!, "hidden_size": network["hidden_size"]!,
                        "num_layers": network["num_layers"]!, "bias": network["bias"]!,
                        "nonlinearity": network["nonlinearity"]!],
            "state_dict": fixture["initial_state_dict"]!, "data": fixture["data"]!,
            "epochs": training["epochs"]!, "truncation": training["truncation"]!, "loss": training["loss"]!,
            "optimizer": training["optimizer"]!, "wait": true,
        ]
        if let clip = training["clip_grad_norm"], clip != .null { params["clip_grad_norm"] = clip }
        return params
    }

    /// Every number of nested lists and objects, in order.
    static func numbers(_ value: JSONValue) -> [Double] {
        switch value {
        case .number(let number): [number]
        case .array(let elements): elements.flatMap(numbers)
        case .object(let members): members.keys.flatMap { numbers(members[$0]!) }
        default: []
        }
    }

    static func expectClose(_ got: JSONValue, _ want: JSONValue, within tolerance: Double = 1e-4,
                            _ what: String) {
        let (a, b) = (numbers(got), numbers(want))
        #expect(a.count == b.count && a.count > 0, "\(what): \(a.count) numbers, expected \(b.count)")
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): differs by \(worst)")
    }

    @Test(arguments: ["lstm_adam_k5", "gru_sgd_nesterov_clip", "lstm_2layer_nobias_batch3_full",
                      "rnn_relu_2layer_adamw_mse", "gru_3out_adam_betas_clip", "rnn_tanh_bias_sgd"])
    func aFixtureTrainedOverTheWireMatchesPyTorch(_ name: String) throws {
        let fixture = try Self.fixture(name)
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("train", Self.trainParams(fixture))
        #expect(job["state"] == "done")
        Self.expectClose(job["losses"]!, fixture["losses"]!, "\(name) losses")
        let model = try client.result("model.get", ["model": job["model"]!])
        let network = fixture["network"]!
        for member in ["input_size", "hidden_size", "num_layers", "output_size", "bias", "cell"] {
            #expect(model["network"]?[member] == network[member], "\(name) network.\(member)")
        }
        #expect(model["weights"] == nil)
        let stateDict = try #require(model["state_dict"]?.objectValue)
        let final = try #require(fixture["final_state_dict"]?.objectValue)
        #expect(stateDict.keys == final.keys)
        for key in final.keys { Self.expectClose(stateDict[key]!, final[key]!, "\(name) \(key)") }
        let predictions = try client.result("predict", ["model": job["model"]!, "data": fixture["data"]!])
        Self.expectClose(predictions["predictions"]!, fixture["predictions"]!, "\(name) predictions")
        #expect(predictions["predictions"]?.arrayValue?.count == fixture["data"]!["sequences"]!.arrayValue!.count)
        try running.stop()
    }

    @Test func modelGetsStateDictTrainsOnFromWhereItWas() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let data: JSONValue = ["series": [[0, 1], [0.5, 0.8], [0.9, 0.3], [0.4, -0.2], [-0.3, -0.6]], "targets": [1]]
        let network: JSONValue = ["cell": "gru", "hidden_size": 3, "num_layers": 2]
        let first = try client.result("train", ["network": network, "data": data, "seed": 5, "epochs": 3,
                                                "optimizer": ["name": "adam", "lr": 0.01], "wait": true])
        let model = try client.result("model.get", ["model": first["model"]!])
        #expect(model["network"] == ["cell": "gru", "nonlinearity": "tanh", "input_size": 2, "hidden_size": 3,
                                     "num_layers": 2, "output_size": 1, "bias": true])
        let copy = try client.result("train", ["network": network, "data": data, "state_dict": model["state_dict"]!,
                                               "epochs": 0, "wait": true])
        let copied = try client.result("model.get", ["model": copy["model"]!])
        #expect(copied["state_dict"] == model["state_dict"])
        // The same further training from the copy and from the original gives the same weights.
        for id in [first["model"]!, copy["model"]!] {
            _ = try client.result("train", ["model": id, "data": data, "epochs": 2, "optimizer": ["name": "sgd"],
                                            "wait": true])
        }
        #expect(try client.result("model.get", ["model": first["model"]!])["state_dict"]
                == client.result("model.get", ["model": copy["model"]!])["state_dict"])
        let error = try client.error("train", ["model": first["model"]!, "data": ["series": [1, 2, 3]]])
        #expect(error.code == -32602 && error.data["param"] == "data")
        try running.stop()
    }

    @Test func aSeedShapedNetworkTrainsOnTheFastPath() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("train", ["network": ["cell": "rnn", "hidden_size": 6, "bias": false], "seed": 4,
                                              "epochs": 20, "wait": true])
        var weights = try ElmanWeights(StateDict<Float>.pytorchDefault(.seed, seed: 4))
        let direct = train(&weights, series: Series.sine(), options: TrainingOptions(epochs: 20))
        #expect(job["losses"]!.floats == direct.losses)
        let model = try client.result("model.get", ["model": job["model"]!])
        #expect(model["weights"]!["w1"]!.arrayValue!.flatMap(\.floats) == weights.w1)
        #expect(Self.numbers(model["state_dict"]!).map(Float.init) == StateDict(weights).tensors.flatMap(\.values))
        try running.stop()
    }

    @Test func predictAndGenerateShapes() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let sequences: JSONValue = [[[0, 1], [0.5, 0.8], [0.9, 0.3]], [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]]
        let both = try client.result("train", ["network": ["cell": "lstm", "hidden_size": 4], "epochs": 2,
                                               "data": ["sequences": sequences], "wait": true])["model"]!
        let one = try client.result("train", ["network": ["cell": "lstm", "hidden_size": 4], "epochs": 2,
                                              "data": ["sequences": sequences, "targets": [0]],
                                              "wait": true])["model"]!
        let rows = try client.result("predict", ["model": both, "inputs": [[0, 1], [0.5, 0.8]]])["predictions"]!
        #expect(rows.arrayValue?.map { $0.arrayValue?.count } == [2, 2])
        let flat = try client.result("predict", ["model": one, "inputs": [[0, 1], [0.5, 0.8]]])["predictions"]!
        #expect(flat.floats.count == 2 && flat.arrayValue?.allSatisfy { $0.doubleValue != nil } == true)
        let batch = try client.result("predict", ["model": one, "data": ["sequences": sequences]])["predictions"]!
        #expect(batch.arrayValue?.count == 2 && batch.arrayValue![0].floats.count == 2)
        #expect(batch.arrayValue![0].floats == flat.floats)
        let generated = try client.result("generate", ["model": both, "prime": [[0, 1]], "steps": 3])["values"]!
        #expect(generated.arrayValue?.map { $0.arrayValue?.count } == [2, 2, 2])
        #expect(generated.arrayValue![0] == rows.arrayValue![0])
        let refusals: [(String, JSONObject, String)] = [
            ("generate", ["model": one, "prime": [[0, 1]], "steps": 3], "model"),
            ("generate", ["model": both, "prime": [0, 1], "steps": 3], "prime"),
            ("predict", ["model": both, "inputs": [0, 1]], "inputs"),
            ("predict", ["model": both, "data": ["series": [1, 2, 3]]], "data"),
        ]
        for (method, params, member) in refusals {
            let error = try client.error(method, params)
            #expect(error.code == -32602 && error.data["param"]?.stringValue == member, "\(method) \(params)")
        }
        try running.stop()
    }

    @Test func generalModelsAreSavedAndOldFilesStillLoad() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["network": ["cell": "gru", "hidden_size": 2, "bias": false],
                                                "data": ["series": [[1, 2], [3, 4], [5, 6]]], "epochs": 1,
                                                "wait": true])["model"]!
        _ = try client.result("model.save", ["model": model, "name": "gru"])
        let loaded = try client.result("model.load", ["name": "gru"])
        #expect(try loaded["network"] == client.result("model.get", ["model": model])["network"])
        #expect(try client.result("model.get", ["model": loaded["model"]!])["state_dict"]
                == client.result("model.get", ["model": model])["state_dict"])
        let old = #"{"format": "elman-model", "version": 1, "hidden_size": 1, "epochs_trained": 4, "#
            + #""weights": {"w1": [[0.5], [0.25]], "w2": [[-1.5]]}}"#
        try Data(old.utf8).write(to: URL(fileURLWithPath: "\(running.modelsDirectory!)/old.json"))
        let oldModel = try client.result("model.load", ["name": "old"])
        #expect(oldModel["epochs_trained"] == 4 && oldModel["network"]?["hidden_size"] == 1)
        let got = try client.result("model.get", ["model": oldModel["model"]!])
        #expect(got["weights"] == ["w1": [[0.5], [0.25]], "w2": [[-1.5]]])
        #expect(got["state_dict"] == ["rnn.weight_ih_l0": [[0.5]], "rnn.weight_hh_l0": [[0.25]],
                                      "head.weight": [[-1.5]]])
        try running.stop()
    }

    @Test func referenceJobsReportProgressAndCancel() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let long = try client.result("train", ["network": ["cell": "lstm", "hidden_size": 32, "num_layers": 2],
                                               "epochs": 100_000, "report_every": 1])
        _ = try client.result("job.cancel", ["job": long["job"]!])
        let cancelled = try client.result("job.wait", ["job": long["job"]!])
        #expect(cancelled["state"] == "cancelled" && cancelled["epoch"]!.int! < 100_000)
        let diverged = try client.result("train", ["network": ["cell": "rnn", "hidden_size": 8,
                                                               "nonlinearity": "relu"],
                                                   "optimizer": ["name": "sgd", "lr": 1e30], "epochs": 50,
                                                   "wait": true])
        #expect(diverged["state"] == "diverged")
        try running.stop()
    }
}
