import ElmanCore
import ElmanJSON
import ElmanProtocol
import Foundation
import Testing

@testable import ElmanWorker

/// Hidden states (`predict` with `return`) and `gradient_flow` over real sockets, against the PyTorch fixtures of
/// ElmanCoreTests (Fixtures/introspection), the seed's network, and bad input.
@Suite struct IntrospectionTests {
    static func fixture(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ElmanCoreTests/Fixtures/introspection/\(name).json")
        return try JSONParser.parse(Array(try Data(contentsOf: url)), maxDepth: 16)
    }

    /// A model holding the fixture's weights (a 0-epoch `train` from its state_dict).
    static func model(_ fixture: JSONValue, _ client: TestClient) throws -> JSONValue {
        let network = fixture["network"]!
        let job = try client.result("train", [
            "network": ["cell": network["cell"]!, "hidden_size": network["hidden_size"]!,
                        "num_layers": network["num_layers"]!, "bias": network["bias"]!],
            "state_dict": fixture["state_dict"]!, "data": fixture["data"]!, "epochs": 0, "wait": true,
        ])
        return job["model"]!
    }

    @Test(arguments: ["rnn_2layer", "lstm_2layer", "gru_2layer", "seed_kind"])
    func statesAndGradientFlowOverTheWireMatchPyTorch(_ name: String) throws {
        let fixture = try Self.fixture(name)
        let running = try RunningWorker()
        let client = try running.client()
        let model = try Self.model(fixture, client)
        let isLSTM = fixture["network"]!["cell"] == "lstm"
        let returns: JSONValue = isLSTM ? ["hidden", "cell"] : ["hidden"]
        let reply = try client.result("predict", ["model": model, "data": fixture["data"]!, "return": returns])
        NetworksTests.expectClose(reply["hidden"]!, fixture["hidden"]!, "\(name) hidden")
        if isLSTM { NetworksTests.expectClose(reply["cell"]!, fixture["cell"]!, "\(name) cell") }
        #expect(reply["cell"] == nil || isLSTM)
        for (of, loss, key) in [("loss", "sse/2", "sse/2"), ("loss", "mse", "mse"), ("output", nil, "output")] {
            var params: JSONObject = ["model": model, "data": fixture["data"]!, "of": .string(of)]
            if let loss { params["loss"] = .string(loss) }
            let flow = try client.result("gradient_flow", params)
            #expect(flow["of"] == .string(of))
            let got = NetworksTests.numbers(flow["norms"]!)
            let want = NetworksTests.numbers(fixture["gradient_flow"]![key]!)
            #expect(got.count == want.count && zip(got, want).allSatisfy { abs($0 - $1) <= 1e-4 * abs($1) },
                    "\(name) \(key): \(got) vs \(want)")
        }
        try running.stop()
    }

    /// The seed's network, trained on its own fast path: the hidden states `predict` returns (computed on the
    /// reference path) give its predictions through w2 within 1e-6; in batch form one list per sequence.
    @Test func theSeedsContextNeuronsGiveItsPredictions() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("train", ["epochs": 30, "wait": true])
        let model = job["model"]!
        let reply = try client.result("predict", ["model": model, "return": ["hidden"]])
        let w2 = NetworksTests.numbers(try client.result("model.get", ["model": model])["weights"]!["w2"]!)
        let predictions = NetworksTests.numbers(reply["predictions"]!)
        let hidden = try #require(reply["hidden"]?.arrayValue)
        #expect(hidden.count == predictions.count && predictions.count == Series.sine().count - 1)
        for (step, prediction) in zip(hidden, predictions) {
            let h = NetworksTests.numbers(step)
            #expect(h.count == 6 && step.arrayValue?.count == 1, "one layer of six context neurons")
            let y = zip(h, w2).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(y - prediction) <= 1e-6)
        }
        let batch = try client.result("predict", ["model": model, "return": ["hidden"],
                                                  "data": ["sequences": [[0, 0.5, 1], [1, 0.5, 0]]]])
        let perSequence = try #require(batch["hidden"]?.arrayValue)
        #expect(perSequence.count == 2 && perSequence.allSatisfy { $0.arrayValue?.count == 2 })
        try running.stop()
    }

    @Test func badIntrospectionRequestsAreRefusedNamingTheMember() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["epochs": 2, "wait": true])["model"]!
        let refusals: [(String, JSONObject, String)] = [
            ("predict", ["model": model, "return": "hidden"], "return"),
            ("predict", ["model": model, "return": ["hidden", "weights"]], "return"),
            ("predict", ["model": model, "return": ["hidden", "hidden"]], "return"),
            ("predict", ["model": model, "return": ["cell"]], "return"),
            ("gradient_flow", ["model": model, "of": "input"], "of"),
            ("gradient_flow", ["model": model, "of": "output", "loss": "mse"], "loss"),
            ("gradient_flow", ["model": model, "loss": "l1"], "loss"),
            ("gradient_flow", ["model": model, "data": ["sequences": [[0, 1], [1, 0]]]], "data"),
            ("gradient_flow", ["model": model, "data": ["series": [[0, 1], [1, 0]]]], "data"),
            ("gradient_flow", ["model": model, "window": 5], "window"),
            ("train", ["epochs": 1, "record": ["loss"]], "record"),
            ("train", ["epochs": 1, "report": "weights"], "report"),
            ("train", ["epochs": 1, "record": ["grad_norm"], "validation": ["fraction": 0.2]], "record"),
            ("train", ["epochs": 1, "report": [], "validation": ["fraction": 0.2]], "report"),
            ("backtest", ["epochs": 1, "horizon": 1, "initial": 10, "record": []], "record"),
            ("backtest", ["epochs": 1, "horizon": 1, "initial": 10, "report": ["weights"]], "report"),
        ]
        for (method, params, member) in refusals {
            let error = try client.error(method, params)
            #expect(error.code == -32602 && error.data["param"] == .string(member),
                    "\(method) \(params): \(error.data)")
        }
        #expect(try client.error("gradient_flow", ["model": "m9"]).code == -32000)
        // Nothing was made or changed.
        #expect(try client.result("model.list")["models"]!.arrayValue!.count == 1)
        #expect(try client.result("job.list")["jobs"]!.arrayValue!.count == 1)
        try running.stop()
    }
}
