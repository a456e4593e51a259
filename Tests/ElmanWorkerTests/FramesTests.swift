import ElmanJSON
import Foundation
import Testing

@testable import ElmanWorker

/// Binary frames on real sockets (PROTOCOL.md, "Binary frames"): every method's arrays sent as buffers give what
/// their JSON twin gives, bit for bit; binary replies decode to exactly the JSON reply's numbers; bad frames get
/// -32602 naming the member, with the request's id; batches share one numbering; REQ peers send buffers too.
@Suite struct FramesTests {
    static let series: JSONValue = .array((0..<40).map { .number(sin(Double($0) * 0.3) * 0.9) })
    static let weights: JSONValue = ["w1": [[0.5, -0.25], [0.1, 0.75], [-0.3, 0.125]], "w2": [[0.5], [-1.0]]]
    static let weightPaths = [["weights", "w1"], ["weights", "w2"]]

    /// Members of a result that name what a call created or how long it took, and so differ between twins.
    static let varying: Set<String> = ["job", "model", "seconds", "created"]

    static func stripped(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        for key in varying { members[key] = nil }
        return .object(members)
    }

    /// The result of a reply that must be one frame.
    static func jsonResult(_ frames: [[UInt8]]) throws -> JSONValue {
        #expect(frames.count == 1, "a JSON reply is one frame")
        let body = try JSONParser.parse(frames[0])
        return try #require(body["result"], "failed: \(JSONWriter.string(body))")
    }

    /// Calls `method` with `params` as JSON, then with the members at `paths` as "<f4" and as "<f8" buffers, both
    /// with `"binary": false` (the reply must be the JSON twin's, bit for bit) and without (the reply's buffers
    /// must decode to the JSON reply's numbers; `buffersBack` says whether the result has float32 arrays).
    /// Returns the JSON result.
    @discardableResult
    static func twins(_ client: TestClient, _ method: String, _ params: JSONObject, paths: [[String]],
                      buffersBack: Bool = true) throws -> JSONValue
    {
        let json = stripped(try jsonResult(try client.exchange(method, params)))
        for dtype in ["<f4", "<f8"] {
            var (binary, buffers) = Frames.binary(params, at: paths, dtype: dtype)
            let reply = try client.exchange(method, binary, buffers: buffers)
            #expect((reply.count > 1) == buffersBack, "\(method): a request with buffers gets its arrays as buffers")
            let decoded = try #require(try Frames.decode(reply)["result"], "\(method) failed: \(reply[0])")
            #expect(Frames.narrowed(stripped(decoded)) == Frames.narrowed(json), "\(method) \(dtype)")
            binary["binary"] = false
            let forced = stripped(try jsonResult(try client.exchange(method, binary, buffers: buffers)))
            #expect(JSONWriter.write(forced) == JSONWriter.write(json), "\(method) \(dtype) with binary false")
        }
        return json
    }

    static func withWorker(_ body: (TestClient) throws -> Void) throws {
        let running = try RunningWorker()
        try body(try running.client())
        try running.stop()
    }

    @Test func predictFromBuffersEqualsItsJSONTwin() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["hidden_size": 3, "seed": 2, "epochs": 5, "wait": true])
            try Self.twins(client, "predict", ["model": "m1", "data": ["series": Self.series]],
                           paths: [["data", "series"]])
            let rows = JSONValue.array(Self.series.arrayValue!.map { .array([$0]) })
            try Self.twins(client, "predict", ["model": "m1", "inputs": rows, "return": ["hidden"]],
                           paths: [["inputs"]])
            let sequences: JSONValue = [Self.series, .array(Self.series.arrayValue!.reversed())]
            try Self.twins(client, "predict", ["model": "m1", "data": ["sequences": sequences]],
                           paths: [["data", "sequences"]])
            try Self.twins(client, "predict", ["model": "m1", "data": ["sequences": sequences]],
                           paths: [["data", "sequences", "0"], ["data", "sequences", "1"]])
        }
    }

    @Test func generateFromABufferPrimeEqualsItsJSONTwin() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["hidden_size": 4, "seed": 1, "epochs": 3, "wait": true])
            try Self.twins(client, "generate", ["model": "m1", "prime": Self.series, "steps": 30], paths: [["prime"]])
        }
    }

    @Test func trainFromBufferDataAndWeightsEqualsItsJSONTwin() throws {
        try Self.withWorker { client in
            let params: JSONObject = ["data": ["series": Self.series], "weights": Self.weights, "epochs": 4,
                                      "validation": ["series": Self.series], "wait": true]
            let result = try Self.twins(client, "train", params,
                                        paths: [["data", "series"], ["validation", "series"]] + Self.weightPaths)
            #expect(result["losses"]?.arrayValue?.count == 4)
            let models = try (1...5).map { try Self.stripped(client.result("model.get", ["model": .string("m\($0)")])) }
            #expect(models.dropFirst().allSatisfy { JSONWriter.write($0) == JSONWriter.write(models[0]) })
        }
    }

    @Test func trainFromABufferStateDictEqualsItsJSONTwin() throws {
        try Self.withWorker { client in
            let fixture = try NetworksTests.fixture("lstm_adam_k5")
            var params = NetworksTests.trainParams(fixture)
            params["epochs"] = 3
            let names = try #require(fixture["initial_state_dict"]?.objectValue?.keys)
            try Self.twins(client, "train", params,
                           paths: [["data", "sequences"]] + names.map { ["state_dict", $0] })
            let json = try Self.jsonResult(try client.exchange("model.get", ["model": "m1"]))
            for model in ["m2", "m3"] {
                #expect(JSONWriter.write(Self.stripped(try client.result("model.get", ["model": .string(model)])))
                    == JSONWriter.write(Self.stripped(json)))
            }
            let binary = try client.exchange("model.get", ["model": "m1", "binary": true])
            #expect(binary.count == 1 + names.count, "a buffer per state_dict tensor")
            let decoded = try #require(try Frames.decode(binary)["result"])
            #expect(Frames.narrowed(decoded) == Frames.narrowed(json))
        }
    }

    @Test func evaluateBacktestAndSweepFromBufferDataEqualTheirJSONTwins() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["weights": Self.weights, "epochs": 2, "wait": true])
            // evaluate's metrics are float64 and stay JSON.
            try Self.twins(client, "evaluate", ["model": "m1", "data": ["series": Self.series], "horizon": 3],
                           paths: [["data", "series"]], buffersBack: false)
            let backtest: JSONObject = ["weights": Self.weights, "data": ["series": Self.series], "epochs": 2,
                                        "initial": 30, "step": 4, "horizon": 3, "wait": true]
            let folds = try Self.twins(client, "backtest", backtest, paths: [["data", "series"]] + Self.weightPaths)
            #expect(folds["result"]?["folds"]?.arrayValue?.count == 2)
            let sweep: JSONObject = ["base": ["weights": Self.weights, "data": ["series": Self.series], "epochs": 2],
                                     "grid": ["lr": [0.1, 0.05]], "wait": true]
            let runs = try Self.twins(client, "sweep", sweep, paths: [["base", "data", "series"]])
            #expect(runs["result"]?["runs"]?.arrayValue?.count == 2)
        }
    }

    @Test func theBinaryParamAsksForBuffersOrForJSON() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["weights": Self.weights, "epochs": 2, "wait": true])
            let json = try Self.jsonResult(try client.exchange("model.get", ["model": "m1"]))
            let binary = try client.exchange("model.get", ["model": "m1", "binary": true])
            #expect(binary.count == 6, "w1, w2 and the three tensors of its state_dict as buffers")
            #expect(try Frames.decode(binary)["result"].map(Frames.narrowed) == Frames.narrowed(json))
            #expect(try client.exchange("ping", ["binary": true]).count == 1, "a reply without arrays is one frame")
            let refused = try JSONParser.parse(try client.exchange("ping", ["binary": "yes"])[0])
            #expect(refused["error"]?["data"]?["param"] == "binary")
        }
    }

    /// A bad placeholder or frame: the call's error is -32602 naming `param`, with the call's id, and the worker
    /// goes on answering.
    @Test(arguments: [
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [3]], [[UInt8]](), "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [3]], [Frames.bytes([1, 2], dtype: "<f4")], "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<i4", "shape": [2]], [Frames.bytes([1, 2], dtype: "<f4")], "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [2], "x": 1], [Frames.bytes([1, 2], dtype: "<f4")],
         "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<f4"], [Frames.bytes([1, 2], dtype: "<f4")], "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [2, -1]], [Frames.bytes([1, 2], dtype: "<f4")], "inputs"),
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [3]], [Frames.bytes([1, .nan, 2], dtype: "<f4")],
         "inputs[1]"),
        ("inputs", ["$buffer": 0, "dtype": "<f8", "shape": [3, 1]], [Frames.bytes([1, 2, 1e300], dtype: "<f8")],
         "inputs[2][0]"),
        ("inputs", ["$buffer": 0, "dtype": "<f4", "shape": [1]], [Frames.bytes([1], dtype: "<f4"), [0, 0, 0, 0]],
         "$buffer"),
    ] as [(String, JSONValue, [[UInt8]], String)])
    func aBadFrameIsNamedAndCarriesTheId(_ member: String, _ placeholder: JSONValue, _ buffers: [[UInt8]],
                                         _ param: String) throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["weights": Self.weights, "epochs": 1, "wait": true])
            let reply = try client.exchange("predict", ["model": "m1", member: placeholder], buffers: buffers, id: 41)
            #expect(reply.count == 1)
            let body = try JSONParser.parse(reply[0])
            #expect(body["id"] == 41 && body["error"]?["code"] == -32602, "\(JSONWriter.string(body))")
            #expect(body["error"]?["data"]?["param"] == .string(param), "\(JSONWriter.string(body))")
            #expect(try client.result("ping") == ["pong": true])
        }
    }

    @Test func aBufferUsedTwiceFailsTheSecondUse() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["weights": Self.weights, "epochs": 1, "wait": true])
            let placeholder: JSONValue = ["$buffer": 0, "dtype": "<f4", "shape": [3]]
            let params: JSONObject = ["model": "m1", "data": ["sequences": [placeholder, placeholder]]]
            let reply = try client.exchange("predict", params, buffers: [Frames.bytes([1, 2, 3], dtype: "<f4")], id: 7)
            let body = try JSONParser.parse(reply[0])
            #expect(body["id"] == 7 && body["error"]?["data"]?["param"] == "data.sequences[1]")
        }
    }

    @Test func aBatchNumbersBuffersAcrossItsCalls() throws {
        try Self.withWorker { client in
            _ = try client.result("train", ["weights": Self.weights, "epochs": 2, "wait": true])
            let predict = Frames.binary(["model": "m1", "inputs": Self.series], at: [["inputs"]])
            let generate = Frames.binary(["model": "m1", "prime": Self.series, "steps": 5], at: [["prime"]], first: 1)
            var asJSON = Frames.binary(["model": "m1", "inputs": Self.series], at: [["inputs"]], first: 2)
            asJSON.params["binary"] = false
            func call(_ id: Int, _ method: String, _ params: JSONObject) -> JSONValue {
                ["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": .object(params)]
            }
            let batch: JSONValue = [call(1, "predict", predict.params), call(2, "ping", [:]),
                                    call(3, "generate", generate.params), call(4, "predict", asJSON.params)]
            let reply = try client.exchange(batch, buffers: predict.buffers + generate.buffers + asJSON.buffers)
            #expect(reply.count == 3, "predict's and generate's arrays; the last predict's is JSON")
            let body = try JSONParser.parse(reply[0]).arrayValue ?? []
            #expect(body.count == 4 && body[0]["result"]?["predictions"]?["$buffer"] == 0)
            #expect(body[2]["result"]?["values"]?["$buffer"] == 1)
            let decoded = try Frames.decode(reply).arrayValue ?? []
            let predictions = try client.result("predict", ["model": "m1", "inputs": Self.series])
            let values = try client.result("generate", ["model": "m1", "prime": Self.series, "steps": 5])
            #expect(Frames.narrowed(decoded[0]["result"]!) == Frames.narrowed(predictions))
            #expect(Frames.narrowed(decoded[2]["result"]!) == Frames.narrowed(values))
            #expect(JSONWriter.write(body[3]["result"]!) == JSONWriter.write(predictions))
        }
    }

    @Test func aREQPeerSendsAndReceivesBuffers() throws {
        let running = try RunningWorker()
        let dealer = try running.client()
        _ = try dealer.result("train", ["weights": Self.weights, "epochs": 2, "wait": true])
        let json = try dealer.result("predict", ["model": "m1", "inputs": Self.series])
        let request = Frames.binary(["model": "m1", "inputs": Self.series], at: [["inputs"]])
        let reply = try running.client(.req).exchange("predict", request.params, buffers: request.buffers)
        #expect(reply.count == 2)
        #expect(try Frames.decode(reply)["result"].map(Frames.narrowed) == Frames.narrowed(json))
        try running.stop()
    }
}
