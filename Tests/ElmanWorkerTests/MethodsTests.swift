import ElmanCore
import ElmanJSON
import ElmanProtocol
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Every method of the protocol, on a real worker over real sockets.
@Suite struct MethodsTests {
    @Test func pingAndInfoOverDealerAndReq() throws {
        let running = try RunningWorker()
        for type in [SocketType.dealer, .req] {
            let client = try running.client(type)
            #expect(try client.result("ping") == ["pong": true])
            let info = try client.result("info")
            #expect(info["protocol"] == 1)
            #expect(info["methods"]?.arrayValue?.count == Method.allCases.count)
            #expect(info["limits"]?["max_hidden_size"] == 1024)
            #expect(info["defaults"]?["epochs"] == 300)
        }
        try running.stop()
    }

    @Test func seedTrainingThroughTheWorkerMatchesTheEngine() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("train", ["wait": true])
        #expect(job["state"] == "done")
        #expect(job["epoch"] == 300)
        let losses = job["losses"]!.floats
        var weights = ElmanWeights.random(hiddenSize: 6, seed: 0)
        let direct = train(&weights, series: Series.sine())
        #expect(losses == direct.losses)
        #expect(losses.last! < losses.first! / 10)

        let model = try client.result("model.get", ["model": job["model"]!])
        #expect(model["epochs_trained"] == 300)
        #expect(model["weights"]!["w1"]!.arrayValue!.count == 7)
        #expect(model["weights"]!["w1"]!.arrayValue!.flatMap(\.floats) == weights.w1)
        let predictions = try client.result("predict", ["model": job["model"]!])["predictions"]!.floats
        #expect(predictions == predict(weights, inputs: Array(Series.sine().dropLast())))
        try running.stop()
    }

    @Test func explicitWeightsRoundTripExactly() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let w1: JSONValue = [[0.1, -0.2], [0.3, 0.4], [1e-7, -3.5]]
        let w2: JSONValue = [[0.25], [-0.75]]
        let job = try client.result("train", ["weights": ["w1": w1, "w2": w2], "epochs": 0, "wait": true])
        let model = try client.result("model.get", ["model": job["model"]!])
        #expect(model["hidden_size"] == 2)
        #expect(model["weights"] == ["w1": w1, "w2": w2])
        try running.stop()
    }

    @Test func jobLifecycleWithoutWait() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let queued = try client.result("train", ["epochs": 50, "hidden_size": 4, "seed": 3])
        let id = queued["job"]!
        #expect(["queued", "running", "done"].contains(queued["state"]!.stringValue!))
        let ended = try client.result("job.wait", ["job": id])
        #expect(ended["state"] == "done")
        #expect(ended["losses"]!.floats.count == 50)
        #expect(try client.result("job.status", ["job": id]) == ended)
        let listed = try client.result("job.list")["jobs"]!.arrayValue!
        #expect(listed.count == 1 && listed[0]["job"] == id && listed[0]["losses"] == nil)
        #expect(try client.result("job.cancel", ["job": id])["state"] == "done")

        let again = try client.result("train", ["model": queued["model"]!, "epochs": 20, "wait": true])
        #expect(again["model"] == queued["model"])
        #expect(try client.result("model.get", ["model": queued["model"]!])["epochs_trained"] == 70)
        try running.stop()
    }

    @Test func generateFeedsOutputsBack() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["wait": true])["model"]!
        let values = try client.result("generate", ["model": model, "prime": [0.5, 0.2], "steps": 5])["values"]!
        let weights = try ElmanWeights(
            hiddenSize: 6,
            w1: try client.result("model.get", ["model": model])["weights"]!["w1"]!.arrayValue!.flatMap(\.floats),
            w2: try client.result("model.get", ["model": model])["weights"]!["w2"]!.arrayValue!.flatMap(\.floats))
        #expect(values.floats == generate(weights, prime: [0.5, 0.2], steps: 5))
        let inputs = try client.result("predict", ["model": model, "inputs": [0.5, 0.2]])["predictions"]!.floats
        #expect(inputs.count == 2 && inputs[1] == values.floats[0])
        try running.stop()
    }

    @Test func aBatchPredictsEachSequenceAsAlone() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let seed: JSONObject = ["epochs": 3, "wait": true]
        let gru: JSONObject = ["epochs": 3, "wait": true, "network": ["cell": "gru", "hidden_size": 3]]
        for train in [seed, gru] {
            let model = try client.result("train", train)["model"]!
            let sequences: [[Float]] = [[0.1, 0.5, -0.2, 0.7], [0.9, -0.4, 0.3, 0.0], [0.2, 0.2, 0.6, -0.8]]
            let batch = try client.result("predict", ["model": model, "data": ["sequences": .array(sequences.map {
                .floats($0) })]])["predictions"]!
            let alone = try sequences.map {
                try client.result("predict", ["model": model, "inputs": .floats(Array($0.dropLast()))])["predictions"]!
            }
            #expect(batch.arrayValue?.count == 3 && batch.arrayValue!.map(\.floats) == alone.map(\.floats))
        }
        try running.stop()
    }

    @Test func saveLoadListDelete() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["epochs": 30, "wait": true])["model"]!
        #expect(try client.result("model.save", ["model": model, "name": "sine-6"]) == ["model": model, "name": "sine-6"])
        let listed = try client.result("model.list")
        #expect(listed["saved"] == ["sine-6"])
        let loaded = try client.result("model.load", ["name": "sine-6"])
        #expect(loaded["model"] == "m2" && loaded["epochs_trained"] == 30)
        #expect(try client.result("model.get", ["model": "m2"])["weights"] == client.result("model.get", ["model": model])["weights"])
        #expect(try client.result("model.delete", ["model": model]) == ["deleted": model])
        #expect(try client.error("model.get", ["model": model]).code == -32000)
        #expect(try client.result("model.list")["models"]!.arrayValue!.map { $0["model"]! } == ["m2"])
        try running.stop()
    }
}
