import ElmanJSON
import ElmanProtocol
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Hostile and mistaken input: each gets its documented JSON-RPC error and changes nothing.
@Suite struct BadInputTests {
    /// Sends raw bytes and returns the error code of the reply.
    private func code(_ client: TestClient, raw: String) throws -> Int? {
        try client.send(Array(raw.utf8))
        return try client.receive()?["error"]?["code"]?.int
    }

    @Test func malformedMessagesAreParseOrRequestErrors() throws {
        let running = try RunningWorker()
        let client = try running.client()
        #expect(try code(client, raw: "{\"jsonrpc\":\"2.0\",") == -32700)
        #expect(try code(client, raw: "") == -32700)
        #expect(try code(client, raw: String(repeating: "[", count: 100_000)) == -32700)
        #expect(try code(client, raw: #"{"jsonrpc":"2.0","id":1,"method":"train","params":{"lr":1e999}}"#) == -32700)
        try client.send([0x7B, 0xFF, 0xFE, 0x7D])
        #expect(try client.receive()?["error"]?["code"] == -32700)
        #expect(try code(client, raw: #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#) == -32600)
        #expect(try code(client, raw: #"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#) == -32600)
        #expect(try code(client, raw: #"{"jsonrpc":"2.0","id":1,"method":7}"#) == -32600)
        #expect(try code(client, raw: "[]") == -32600)
        #expect(try code(client, raw: "42") == -32600)
        #expect(try code(client, raw: #"{"jsonrpc":"2.0","id":1,"method":"fly"}"#) == -32601)
        #expect(try code(client, raw: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}"#) == -32602)
        #expect(try client.result("model.list")["models"] == [])
        try running.stop()
    }

    @Test func aFrameNoPlaceholderUsesFailsTheCall() throws {
        let running = try RunningWorker()
        let client = try running.client()
        try client.socket.send([Array(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.utf8), Array("x".utf8)])
        let reply = try client.receive()
        #expect(reply?["id"] == 1 && reply?["error"]?["code"] == -32602)
        #expect(reply?["error"]?["data"]?["param"] == "$buffer")
        #expect(try client.result("ping") == ["pong": true])
        try running.stop()
    }

    @Test(arguments: [
        (["hidden_size": -1] as JSONObject, "hidden_size"),
        (["hidden_size": 2.5], "hidden_size"),
        (["hidden_size": "6"], "hidden_size"),
        (["epochs": -5], "epochs"),
        (["lr": 0], "lr"),
        (["lr": "fast"], "lr"),
        (["lr": 1e300], "lr"),
        (["truncation": 0], "truncation"),
        (["seed": -1], "seed"),
        (["init_std": ["w1": -1]], "init_std"),
        (["epoch": 3], "epoch"),
        (["data": ["series": [1]]], "data.series"),
        (["data": ["series": [1, "two", 3]]], "data.series[1]"),
        (["data": ["series": [1, nil]]], "data.series[1]"),
        (["data": ["sine": ["points": 1]]], "data.sine.points"),
        (["data": ["sine": [:], "series": [1, 2]]], "data"),
        (["data": ["cosine": [:]]], "data.cosine"),
        (["weights": ["w1": [[1]], "w2": [[1], [2]]]], "weights.w1"),
        (["weights": ["w1": [[1, 2], [3], [4, 5]], "w2": [[1], [2]]]], "weights.w1[1]"),
        (["weights": ["w1": [[1], [2]], "w2": [[1]]], "seed": 1], "seed"),
        (["weights": ["w1": [[1], [2]], "w2": [[1]]], "hidden_size": 2], "hidden_size"),
        (["model": "m1", "hidden_size": 2], "hidden_size"),
        (["wait": 1], "wait"),
    ] as [(JSONObject, String)])
    func trainRejectsBadParamsAndNamesThem(params: JSONObject, param: String) throws {
        let running = try RunningWorker()
        let client = try running.client()
        let error = try client.error("train", params)
        #expect(error.code == -32602)
        #expect(error.data["param"] == .string(param))
        #expect(try client.result("model.list")["models"] == [], "a failed train must not make a model")
        #expect(try client.result("job.list")["jobs"] == [])
        try running.stop()
    }

    @Test func limitsAreEnforcedAndReported() throws {
        let running = try RunningWorker { $0.limits.maxInferenceWork = 200_000_000 }
        let client = try running.client()
        let absurd: [(JSONObject, String)] = [
            (["hidden_size": 100_000], "max_hidden_size"),
            (["epochs": 10_000_000], "max_epochs"),
            (["epochs": 1_000_000, "data": ["sine": ["points": 2000]]], "max_work"),
            (["data": ["sine": ["points": 10_000_000]]], "max_series_length"),
        ]
        for (params, limit) in absurd {
            let error = try client.error("train", params)
            #expect(error.code == -32004)
            #expect(error.data["limit"] == .string(limit))
        }
        let model = try client.result("train", ["epochs": 0, "hidden_size": 512, "wait": true])["model"]!
        let error = try client.error("generate", ["model": model, "prime": [0], "steps": 100_000])
        #expect(error.code == -32004 && error.data["limit"] == "max_inference_work")
        try running.stop()
    }

    @Test func unknownIdsAndNames() throws {
        let running = try RunningWorker()
        let client = try running.client()
        #expect(try client.error("predict", ["model": "m9"]).code == -32000)
        #expect(try client.error("train", ["model": "m9"]).code == -32000)
        #expect(try client.error("job.status", ["job": "j9"]).code == -32001)
        #expect(try client.error("job.wait", ["job": "j9"]).code == -32001)
        #expect(try client.error("model.load", ["name": "nothing-here"]).code == -32006)
        let model = try client.result("train", ["epochs": 1, "wait": true])["model"]!
        for name in ["../escape", "/etc/passwd", ".hidden", "a/b", "x.tmp", "", String(repeating: "n", count: 65)] {
            let error = try client.error("model.save", ["model": model, "name": .string(name)])
            #expect(error.code == -32602 && error.data["param"] == "name", "name \(name)")
        }
        #expect(try client.result("model.list")["saved"] == [])
        try running.stop()
    }

    @Test func storageNeedsAModelsFolder() throws {
        let running = try RunningWorker(models: false)
        let client = try running.client()
        let model = try client.result("train", ["epochs": 1, "wait": true])["model"]!
        #expect(try client.error("model.save", ["model": model, "name": "x"]).code == -32005)
        #expect(try client.error("model.load", ["name": "x"]).code == -32005)
        try running.stop()
    }

    @Test func oversizedMessagesAreDroppedAndTheWorkerCarriesOn() throws {
        let running = try RunningWorker { $0.limits.maxMessageBytes = 1000 }
        let big = try running.client()
        try big.socket.setReceiveTimeout(300)
        try big.send(Array(#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":""#.utf8)
                     + Array(repeating: 0x61, count: 5000) + Array(#""}}"#.utf8))
        #expect(try big.receive() == nil)
        #expect(try running.client().result("ping") == ["pong": true])
        try running.stop()
    }
}
