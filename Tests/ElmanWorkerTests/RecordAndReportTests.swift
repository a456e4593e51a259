import ElmanCore
import ElmanJSON
import ElmanProtocol
import Testing

@testable import ElmanWorker

/// `train` with `record` (per-epoch gradient norms and spectral radii in the job report and in `job.progress`) and
/// `report` (snapshots of predictions and weights in `job.progress`), over real sockets.
@Suite struct RecordAndReportTests {
    static let network: JSONValue = ["cell": "lstm", "hidden_size": 12, "num_layers": 2]
    static let description = try! NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 12, numLayers: 2,
                                                      outputSize: 1)

    private func stateDict(_ value: JSONValue, _ network: NetworkDescription) throws -> StateDict<Float> {
        try StateDictCoding.read(value, path: "state_dict", network: network)
    }

    /// Recording trains the same weights; the report has one record per epoch, the last radii are those of the
    /// final weights, and the seed's kind of job gives the same records' shape (one gate, one layer).
    @Test func recordsArePerEpochAndChangeNothing() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let base: JSONObject = ["network": Self.network, "optimizer": ["name": "adam", "lr": 0.01], "epochs": 25,
                                "truncation": 7, "clip_grad_norm": 0.5, "wait": true]
        var recording = base
        recording["record"] = ["grad_norm", "spectral_radius"]
        let plain = try client.result("train", base), recorded = try client.result("train", recording)
        #expect(recorded["losses"] == plain["losses"] && plain["records"] == nil)
        let records = try #require(recorded["records"])
        let norms = try #require(records["grad_norm"]?.arrayValue)
        let radii = try #require(records["spectral_radius"]?.arrayValue)
        #expect(norms.count == 25 && radii.count == 25)
        let shapes = radii.map { epoch in epoch.arrayValue?.map { $0.arrayValue?.count ?? 0 } ?? [] }
        #expect(shapes.allSatisfy { $0 == [4, 4] }, "two layers of four gate blocks")
        let model = try client.result("model.get", ["model": recorded["model"]!])
        let final = try stateDict(model["state_dict"]!, Self.description)
        #expect(NetworksTests.numbers(radii[24]) == final.recurrentSpectralRadii.flatMap { $0 })
        #expect(model["state_dict"] == (try client.result("model.get", ["model": plain["model"]!]))["state_dict"])
        let seed = try client.result("train", ["epochs": 3, "record": ["spectral_radius"], "wait": true])
        #expect(seed["records"]?["grad_norm"] == nil)
        let seedRadii = try #require(seed["records"]?["spectral_radius"]?.arrayValue)
        #expect(seedRadii.count == 3 && seedRadii.allSatisfy { NetworksTests.numbers($0).count == 1 })
        try running.stop()
    }

    /// Each `job.progress` carries the records of its report epochs (aligned with its losses) and snapshots: the
    /// state_dict after its epoch (the first one's is what the same job trained for epoch + 1 epochs ends with)
    /// and the predictions of those weights, shaped as predict's.
    @Test func progressCarriesRecordsAndSnapshots() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let epochs = 120
        try client.send(["jsonrpc": "2.0", "id": 5, "method": "train",
                         "params": ["network": Self.network, "epochs": .number(Double(epochs)), "report_every": 3,
                                    "record": ["grad_norm"], "report": ["predictions", "weights"],
                                    "wait": true, "notify": true]])
        let received = try client.messages(until: 5)
        let reply = try #require(received.last?["result"])
        let progress = received.dropFirst().dropLast().map { $0["params"]! }
        #expect(!progress.isEmpty, "a job of \(reply["seconds"]!) s reports progress")
        let norms = try #require(reply["records"]?["grad_norm"]?.arrayValue)
        let carried = progress.flatMap { $0["records"]!["grad_norm"]!.arrayValue! }
        #expect(carried == Array(stride(from: 0, to: epochs, by: 3).map { norms[$0] }.prefix(carried.count)))
        #expect(progress.allSatisfy { each in
            each["losses"]?.arrayValue?.count == each["records"]?["grad_norm"]?.arrayValue?.count
        })
        let first = try #require(progress.first), epoch = try #require(first["epoch"]?.doubleValue)
        let snapshot = try stateDict(first["state_dict"]!, Self.description)
        let predictions = NetworksTests.numbers(first["predictions"]!)
        #expect(predictions.count == Series.sine().count - 1)
        let expected = ReferenceNetwork.predict(snapshot, inputs: [Series.sine().dropLast().map { [$0] }])
        #expect(zip(predictions, expected[0].map { Double($0[0]) }).allSatisfy { abs($0 - $1) <= 1e-5 })
        let again = try client.result("train", ["network": Self.network, "epochs": .number(epoch + 1), "wait": true])
        #expect(try client.result("model.get", ["model": again["model"]!])["state_dict"] == first["state_dict"])
        try running.stop()
    }
}
