import ElmanJSON
import Testing

@testable import ElmanWorker

/// `sweep` over the wire (PROTOCOL.md, "sweep"): the runs' order, every run equal to a separate `train` bit for bit,
/// refusals naming where a bad value came from, limits, cancel and progress.
@Suite struct SweepTests {
    /// A four-run grid of the seed's kind: learning rate × seed, seed varying fastest.
    private let seedGrid: JSONObject = ["lr": [0.1, 0.05], "seed": [0, 3]]

    /// A refused sweep made no job and no model.
    private func expectNothingStarted(_ client: TestClient) throws {
        #expect(try client.result("job.list")["jobs"]!.arrayValue!.isEmpty)
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
    }

    @Test func gridRunsComeInOrderLastMemberFastestAndEqualSeparateTrains() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("sweep", ["base": ["epochs": 40, "hidden_size": 5], "grid": .object(seedGrid),
                                              "losses": true, "keep_models": true, "wait": true])
        #expect(job["state"] == "done" && job["model"] == .null && job["runs"] == 4 && job["runs_done"] == 4)
        #expect(job["epochs"] == 160 && job["epoch"] == 160)
        let runs = try #require(job["result"]?["runs"]?.arrayValue)
        let expected: [(Double, Double)] = [(0.1, 0), (0.1, 3), (0.05, 0), (0.05, 3)]
        for (run, (lr, seed)) in zip(runs, expected) {
            #expect(run["params"] == ["lr": .number(lr), "seed": .number(seed)])
            let alone = try client.result("train", ["epochs": 40, "hidden_size": 5, "lr": .number(lr),
                                                    "seed": .number(seed), "wait": true])
            #expect(run["state"] == "done" && run["epochs_run"] == 40)
            #expect(run["losses"] == alone["losses"])
            #expect(run["final_loss"] == alone["losses"]!.arrayValue!.last)
            let model = try #require(run["model"]?.stringValue)
            #expect(try client.result("model.get", ["model": .string(model)])["state_dict"]
                == client.result("model.get", ["model": alone["model"]!])["state_dict"])
        }
        try running.stop()
    }

    @Test func configsOfGeneralNetworksEqualSeparateTrains() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let data: JSONValue = ["series": [[0, 1], [0.5, 0.2], [0.9, -0.3], [0.4, 0.1], [-0.2, 0.6], [0.1, 0.3]]]
        let configs: [JSONValue] = [
            ["network": ["cell": "lstm", "hidden_size": 3], "optimizer": ["name": "adam", "lr": 0.01]],
            ["network": ["cell": "gru", "hidden_size": 4, "num_layers": 2], "truncation": 3, "loss": "mse"],
            ["hidden_size": 3, "clip_grad_norm": 0.5],
        ]
        let job = try client.result("sweep", ["base": ["data": data, "epochs": 7], "configs": .array(configs),
                                              "grid": ["seed": [1, 2]], "losses": true, "keep_models": true,
                                              "wait": true])
        let runs = try #require(job["result"]?["runs"]?.arrayValue)
        #expect(runs.count == 6)
        for (index, run) in runs.enumerated() {
            var params = configs[index / 2].objectValue!
            params["seed"] = .number(Double(1 + index % 2))
            #expect(run["params"] == .object(params))
            params["data"] = data
            params["epochs"] = 7
            params["wait"] = true
            let alone = try client.result("train", params)
            #expect(run["losses"] == alone["losses"] && run["epochs_run"] == 7)
            #expect(try client.result("model.get", ["model": run["model"]!])["state_dict"]
                == client.result("model.get", ["model": alone["model"]!])["state_dict"])
        }
        try running.stop()
    }

    @Test func anInvalidRunIsRefusedNamingWhereItsValueCameFromAndNothingStarts() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let refusals: [(JSONObject, String)] = [
            (["grid": ["lr": [0.1, -1]]], "grid.lr[1]"),
            (["configs": [["epochs": 3], ["epochs": -1]]], "configs[1].epochs"),
            (["base": ["data": ["series": [1, "x"]]]], "base.data.series[1]"),
            (["grid": ["data": [["sine": [:]], ["series": [1]]]]], "grid.data[1].series"),
            (["base": ["optimizer": ["name": "adam"]], "grid": ["lr": [0.1]]], "grid.lr[0]"),
            (["base": ["model": "m1"]], "base.model"),
            (["grid": ["wait": [true]]], "grid.wait"),
            (["configs": [["notify": true]]], "configs[0].notify"),
            (["grid": ["lr": []]], "grid.lr"),
            (["grid": ["lr": [0.1]], "configs": [["lr": 0.2]]], "configs[0].lr"),
            (["configs": [3]], "configs[0]"),
            (["keep_models": 1], "keep_models"),
            (["notify": true], "notify"),
            (["grid": ["lr": [0.1]], "rate": 1], "rate"),
        ]
        for (params, param) in refusals {
            let error = try client.error("sweep", params)
            #expect(error.code == -32602 && error.data["param"] == .string(param), "\(params)")
        }
        try expectNothingStarted(client)
        try running.stop()
    }

    @Test func runsAndModelsAreBoundedBeforeAnythingStarts() throws {
        let running = try RunningWorker {
            $0.limits.maxRuns = 4
            $0.limits.maxModels = 3
        }
        let client = try running.client()
        let tooMany = try client.error("sweep", ["grid": ["seed": [0, 1, 2]], "configs": [[:], ["lr": 0.2]]])
        #expect(tooMany.code == -32004 && tooMany.data["limit"] == "max_runs" && tooMany.data["value"] == 6)
        let noRoom = try client.error("sweep", ["grid": ["seed": [0, 1, 2, 3]], "keep_models": true])
        #expect(noRoom.code == -32004 && noRoom.data["limit"] == "max_models" && noRoom.data["value"] == 4)
        let tooLong = try client.error("sweep", ["grid": ["epochs": [1, 2_000_000]]])
        #expect(tooLong.code == -32004 && tooLong.data["limit"] == "max_epochs")
        try expectNothingStarted(client)
        // Within the bounds, without keep_models no model is made.
        let job = try client.result("sweep", ["grid": ["seed": [0, 1, 2, 3]], "base": ["epochs": 2], "wait": true])
        #expect(job["runs_done"] == 4 && job["result"]!["runs"]!.arrayValue!.allSatisfy { $0["model"] == nil })
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
        try running.stop()
    }

    @Test func cancelStopsTheRestAndReportsEveryRun() throws {
        let running = try RunningWorker { $0.limits.trainingThreads = 1 }
        let client = try running.client()
        // Truncation 2 keeps each run its own work item (runs of the seed's loop would share one, in lanes).
        let started = try client.result("sweep", ["base": ["epochs": 100_000, "hidden_size": 16, "truncation": 2],
                                                  "grid": ["seed": [0, 1, 2, 3, 4]], "keep_models": true])
        let job = try #require(started["job"])
        #expect(started["state"] == "queued" || started["state"] == "running")
        _ = try client.result("job.cancel", ["job": job])
        let ended = try client.result("job.wait", ["job": job])
        #expect(ended["state"] == "cancelled" && ended["runs"] == 5)
        let runs = try #require(ended["result"]?["runs"]?.arrayValue)
        #expect(runs.count == 5 && runs.allSatisfy { $0["state"] == "cancelled" })
        #expect(runs.allSatisfy { $0["epochs_run"]!.int! < 100_000 })
        #expect(runs.dropFirst().allSatisfy { $0["epochs_run"] == 0 && $0["final_loss"] == .null })
        // Every kept model is free again: the unstarted ones with their starting weights.
        for run in runs { _ = try client.result("model.delete", ["model": run["model"]!]) }
        try running.stop()
    }

    @Test func cancelStopsRunsTrainingInLanes() throws {
        let running = try RunningWorker { $0.limits.trainingThreads = 1 }
        let client = try running.client()
        let started = try client.result("sweep", ["base": ["epochs": 1_000_000], "grid": ["seed": [0, 1, 2]]])
        let job = try #require(started["job"])
        _ = try client.result("job.cancel", ["job": job])
        let ended = try client.result("job.wait", ["job": job])
        let runs = try #require(ended["result"]?["runs"]?.arrayValue)
        #expect(ended["state"] == "cancelled" && runs.count == 3)
        #expect(runs.allSatisfy { $0["state"] == "cancelled" && $0["epochs_run"]!.int! < 1_000_000 })
        try running.stop()
    }

    @Test func aFollowedSweepTellsHowManyRunsEndedBeforeItsReply() throws {
        let running = try RunningWorker()
        let client = try running.client()
        try client.send(["jsonrpc": "2.0", "id": 5, "method": "sweep",
                         "params": ["base": ["epochs": 300, "hidden_size": 4], "grid": ["seed": .array((0..<16).map {
                             .number(Double($0))
                         })], "wait": true, "notify": true]])
        var received: [JSONValue] = []
        while let message = try client.receive() {
            received.append(message)
            if message["id"] == 5 { break }
        }
        let reply = try #require(received.last?["result"])
        #expect(reply["state"] == "done" && reply["runs_done"] == 16)
        #expect(received.first?["method"] == "job.accepted")
        let progress = received.dropFirst().dropLast()
        // Its engine seconds sum over runs trained two at a time: past 0.2 s the sweep took more than 50 ms.
        #expect(reply["seconds"]!.doubleValue! < 0.2 || !progress.isEmpty, "a sweep past 50 ms reports its runs")
        let done = progress.map { $0["params"]!["runs_done"]!.int! }
        #expect(progress.allSatisfy { $0["method"] == "job.runs" && $0["params"]!["runs"] == 16 })
        #expect(done == done.sorted() && done.allSatisfy { (1..<16).contains($0) })
        try running.stop()
    }
}
