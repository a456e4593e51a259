import ElmanCore
import ElmanJSON
import ElmanProtocol
import Foundation
import Testing

@testable import ElmanWorker

/// `train` with `validation`, `early_stopping` and `scaler` on a real worker over real sockets: the reports, the
/// weights they leave, progress, the scaler through predict, generate, model.get and saved files, and bad input.
@Suite struct ValidationTests {
    static let sine = Series.sine(points: 24)

    static func floats(_ value: JSONValue?) -> [Float] { value?.arrayValue?.map { Float($0.doubleValue!) } ?? [] }

    /// sse/2 over one column's one-step predictions of `series` (what the worker's validation loss is).
    static func halfSumOfSquares(_ client: TestClient, model: JSONValue, series: [Float]) throws -> Float {
        let inputs = JSONValue.floats(series.dropLast())
        let predictions = floats(try client.result("predict", ["model": model, "inputs": inputs])["predictions"])
        return zip(predictions, series.dropFirst()).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / 2 }
    }

    static func expectClose(_ a: Float, _ b: Float, _ what: String) {
        #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "\(what): \(a) vs \(b)")
    }

    static func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) values, expected \(b.count)")
        for (x, y) in zip(a, b) { expectClose(x, y, what) }
    }

    @Test func aFractionHoldsOutTheEndAndItsLossIsTheTrainedModelsLossOnIt() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let data: JSONValue = ["series": .floats(Self.sine)]
        let job = try client.result("train", ["data": data, "validation": ["fraction": 0.25], "epochs": 30,
                                              "wait": true])
        #expect(job["state"] == "done" && job["stopped_epoch"] == nil)
        let validationLosses = Self.floats(job["validation_losses"])
        #expect(validationLosses.count == 30)
        // The last 6 of 24 rows are held out; the seed-kind model trained as the general network on the first 18.
        let held = Array(Self.sine.suffix(6)), kept = Array(Self.sine.prefix(18))
        Self.expectClose(try Self.halfSumOfSquares(client, model: job["model"]!, series: held), validationLosses[29],
                         "validation loss of the trained model")
        let best = validationLosses.indices.min { validationLosses[$0] < validationLosses[$1] }!
        #expect(job["best_epoch"]?.int == best)
        let plain = try client.result("train", ["data": ["series": .floats(kept)], "epochs": 30, "wait": true])
        Self.expectClose(Self.floats(job["losses"]), Self.floats(plain["losses"]), "losses")
        // job.list leaves both loss lists out.
        let listed = try client.result("job.list")["jobs"]!.arrayValue!.first { $0["job"] == job["job"] }!
        #expect(listed["losses"] == nil && listed["validation_losses"] == nil && listed["best_epoch"] != nil)
        try running.stop()
    }

    @Test(arguments: [true, false])
    func earlyStoppingStopsAndRestoresTheBestEpochsWeights(restoreBest: Bool) throws {
        let running = try RunningWorker()
        let client = try running.client()
        let opposite = Self.sine.map { -$0 }
        let job = try client.result("train", [
            "network": ["cell": "lstm", "hidden_size": 5], "seed": 3, "data": ["series": .floats(Self.sine)],
            "validation": ["series": .floats(opposite)], "optimizer": ["name": "adam", "lr": 0.02], "truncation": 5,
            "early_stopping": ["patience": 4, "restore_best": .bool(restoreBest)], "epochs": 200, "wait": true,
        ])
        #expect(job["state"] == "done")
        let best = try #require(job["best_epoch"]?.int), stopped = try #require(job["stopped_epoch"]?.int)
        #expect(stopped == best + 4 && job["epoch"]?.int == stopped + 1)
        let validationLosses = Self.floats(job["validation_losses"])
        #expect(validationLosses.count == stopped + 1 && Self.floats(job["losses"]).count == stopped + 1)
        let loss = try Self.halfSumOfSquares(client, model: job["model"]!, series: opposite)
        Self.expectClose(loss, validationLosses[restoreBest ? best : stopped], "the model's validation loss")
        #expect(try client.result("model.get", ["model": job["model"]!])["epochs_trained"]?.int == stopped + 1)
        try running.stop()
    }

    @Test func progressCarriesTheValidationLossesOfItsEpochs() throws {
        let running = try RunningWorker()
        let client = try running.client()
        try client.send(["jsonrpc": "2.0", "id": 9, "method": "train", "params": [
            "network": ["cell": "gru", "hidden_size": 8], "data": ["series": .floats(Series.sine(points: 60))],
            "validation": ["fraction": 0.2], "epochs": 400, "report_every": 3, "wait": true, "notify": true,
        ]])
        var progress: [JSONValue] = []
        var reply: JSONValue?
        while reply == nil, let message = try client.receive() {
            if message["id"] == 9 { reply = message["result"] } else if message["method"] == "job.progress" {
                progress.append(message["params"]!)
            }
        }
        let job = try #require(reply)
        #expect(job["seconds"]!.doubleValue! < 0.05 || !progress.isEmpty, "a job past 50 ms reports progress")
        let all = Self.floats(job["validation_losses"])
        let carried = progress.flatMap { Self.floats($0["validation_losses"]) }
        #expect(progress.allSatisfy { $0["validation_losses"]?.arrayValue?.count == $0["losses"]?.arrayValue?.count })
        #expect(carried == Array(stride(from: 0, to: 400, by: 3).map { all[$0] }.prefix(carried.count)))
        try running.stop()
    }

    /// The series in its own units, and by hand in standard units (population deviation).
    static let raw = Series.sine(points: 20).map { 10 + 5 * $0 }
    static var standardised: (values: [Float], mean: Double, std: Double) {
        let values = raw.map(Double.init), mean = values.reduce(0, +) / Double(values.count)
        let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        return (values.map { Float(($0 - mean) / std) }, mean, std)
    }

    @Test func aScaledModelAgreesWithUnscaledTrainingOnHandScaledDataAfterInverting() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let (scaledByHand, mean, std) = Self.standardised
        let scaled = try client.result("train", ["data": ["series": .floats(Self.raw)], "scaler": "standard",
                                                 "epochs": 50, "wait": true])
        let plain = try client.result("train", ["data": ["series": .floats(scaledByHand)], "epochs": 50,
                                                "wait": true])
        Self.expectClose(Self.floats(scaled["losses"]), Self.floats(plain["losses"]), "losses")
        let info = try client.result("model.get", ["model": scaled["model"]!])
        #expect(info["scaler"]?["kind"] == "standard" && info["scaler"]?["targets"] == [0])
        #expect(abs(info["scaler"]!["offset"]!.arrayValue![0].doubleValue! - mean) < 1e-9)
        #expect(abs(info["scaler"]!["scale"]!.arrayValue![0].doubleValue! - std) < 1e-9)
        let inverted = Self.floats(try client.result("predict", ["model": scaled["model"]!,
                                                                 "inputs": .floats(Self.raw)])["predictions"])
        let byHand = Self.floats(try client.result("predict", ["model": plain["model"]!,
                                                               "inputs": .floats(scaledByHand)])["predictions"])
        Self.expectClose(inverted, byHand.map { Float(Double($0) * std + mean) }, "predictions")
        let generated = Self.floats(try client.result("generate", ["model": scaled["model"]!,
                                                                   "prime": .floats(Self.raw), "steps": 5])["values"])
        let generatedByHand = Self.floats(try client.result("generate", [
            "model": plain["model"]!, "prime": .floats(scaledByHand), "steps": 5])["values"])
        Self.expectClose(generated, generatedByHand.map { Float(Double($0) * std + mean) }, "generated")
        // Training on keeps the scaler: the same data gives the same losses as the hand-scaled model trained on.
        let more = try client.result("train", ["model": scaled["model"]!, "data": ["series": .floats(Self.raw)],
                                               "epochs": 5, "wait": true])
        let morePlain = try client.result("train", [
            "model": plain["model"]!, "data": ["series": .floats(scaledByHand)], "epochs": 5, "wait": true])
        Self.expectClose(Self.floats(more["losses"]), Self.floats(morePlain["losses"]), "losses trained on")
        #expect(try client.result("model.get", ["model": scaled["model"]!])["scaler"] == info["scaler"])
        try running.stop()
    }

    @Test func aScaledModelIsSavedAsVersion3AndLoadsWithItsScaler() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let trained = try client.result("train", [
            "data": ["series": .array(Self.raw.map { [.float($0), .float($0 / 2)] }), "targets": [1]],
            "scaler": "minmax", "validation": ["fraction": 0.3], "epochs": 3, "wait": true])
        _ = try client.result("model.save", ["model": trained["model"]!, "name": "scaled"])
        let file = try JSONParser.parse(Array(try Data(contentsOf: URL(
            fileURLWithPath: "\(running.modelsDirectory!)/scaled.json"))), maxDepth: 16)
        #expect(file["version"] == 3 && file["scaler"]?["kind"] == "minmax" && file["scaler"]?["targets"] == [1])
        let loaded = try client.result("model.load", ["name": "scaled"])
        let inputs: JSONValue = .array(Self.raw.prefix(5).map { [.float($0), .float($0 / 2)] })
        let before = try client.result("predict", ["model": trained["model"]!, "inputs": inputs])
        #expect(try client.result("predict", ["model": loaded["model"]!, "inputs": inputs]) == before)
        let info = try client.result("model.get", ["model": loaded["model"]!])
        #expect(info["scaler"] == (try client.result("model.get", ["model": trained["model"]!]))["scaler"])
        // Fitted on the 14 training rows only: min and range of those rows' columns.
        let kept = Self.raw.prefix(14)
        #expect(info["scaler"]?["offset"]?.arrayValue?[0].doubleValue == Double(kept.min()!))
        // A model file without a scaler (version 2) loads as before, with none.
        let general = try client.result("train", ["network": ["cell": "gru", "hidden_size": 3], "epochs": 1,
                                                  "wait": true])
        _ = try client.result("model.save", ["model": general["model"]!, "name": "plain"])
        let plain = try client.result("model.load", ["name": "plain"])
        #expect(try client.result("model.get", ["model": plain["model"]!])["scaler"] == nil)
        try running.stop()
    }

    @Test(arguments: [
        (["validation": ["fraction": 0]], "validation.fraction"),
        (["validation": ["fraction": 1]], "validation.fraction"),
        (["validation": ["fraction": -0.5]], "validation.fraction"),
        (["validation": ["fraction": 0.02]], "validation.fraction"),  // round(0.02·50) = 1 row held out
        (["validation": ["fraction": 0.97]], "validation.fraction"),  // 1 row left
        (["validation": ["fraction": "half"]], "validation.fraction"),
        (["validation": ["fraction": 0.2, "series": [1, 2, 3]]], "validation.series"),
        (["validation": ["series": [1]]], "validation.series"),
        (["validation": ["series": [[1, 2], [3, 4]]]], "validation"),
        (["validation": ["series": [1, 2, 3], "targets": [0]], "data": ["series": [[1, 2], [3, 4], [5, 6]],
                                                                     "targets": [1]]], "validation"),
        (["validation": 0.2], "validation"),
        (["early_stopping": ["patience": 3]], "early_stopping"),
        (["validation": ["fraction": 0.2], "early_stopping": ["patience": 0]], "early_stopping.patience"),
        (["validation": ["fraction": 0.2], "early_stopping": [:]], "early_stopping.patience"),
        (["validation": ["fraction": 0.2], "early_stopping": ["patience": 2, "min_delta": -1]],
         "early_stopping.min_delta"),
        (["validation": ["fraction": 0.2], "early_stopping": ["patience": 2, "restore_best": 1]],
         "early_stopping.restore_best"),
        (["validation": ["fraction": 0.2], "early_stopping": ["patience": 2, "wait": true]], "early_stopping.wait"),
        (["scaler": "robust"], "scaler"),
        (["scaler": true], "scaler"),
    ] as [(JSONObject, String)])
    func badValidationParamsAreRefusedNamingTheMember(_ params: JSONObject, _ param: String) throws {
        let running = try RunningWorker()
        let client = try running.client()
        var request: JSONObject = ["data": ["series": .floats(Series.sine(points: 50))], "epochs": 2]
        for (key, value) in params { request[key] = value }
        let error = try client.error("train", request)
        #expect(error.code == -32602 && error.data["param"]?.stringValue == param, "\(error.data)")
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
        try running.stop()
    }

    @Test func validationCountsTowardsMaxWorkAndMaxWindowValues() throws {
        let running = try RunningWorker {
            $0.limits.maxWindowValues = 100
            $0.limits.maxWork = 1000
        }
        let client = try running.client()
        // 150 epochs of 4 steps fit max_work; with 4 validation steps each, they do not.
        var params: JSONObject = ["network": ["cell": "gru", "hidden_size": 2], "epochs": 150, "wait": true,
                                  "data": ["series": .floats(Series.sine(points: 5))]]
        #expect(try client.result("train", params)["state"] == "done")
        params["validation"] = ["series": .floats(Series.sine(points: 5))]
        let work = try client.error("train", params)
        #expect(work.code == -32004 && work.data["limit"] == "max_work" && work.data["value"] == 1200)
        // A gru of 2 keeps (3·3 + 3)·2 = 24 values a step: 24 for a training window of 1 step, 696 over 29
        // validation steps.
        params["epochs"] = 1
        params["validation"] = ["series": .floats(Series.sine(points: 30))]
        let window = try client.error("train", params)
        #expect(window.code == -32004 && window.data["limit"] == "max_window_values" && window.data["value"] == 696)
        try running.stop()
    }

    @Test func aModelKeepsItsScaler() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let data: JSONValue = ["series": [[1, 2], [1.1, 5], [1, 1], [1.1, 2]], "targets": [1]]
        let trained = try client.result("train", ["data": data, "scaler": "standard", "epochs": 1, "wait": true])
        let model = trained["model"]!
        let again = try client.error("train", ["model": model, "data": data, "scaler": "minmax"])
        #expect(again.code == -32602 && again.data["param"] == "scaler")
        let otherTargets = try client.error("train", ["model": model, "data": [
            "series": [[1, 2], [1.1, 5], [1, 1], [1.1, 2]], "targets": [0]]])
        #expect(otherTargets.code == -32602 && otherTargets.data["param"] == "data.targets")
        // Column 0's deviation is 0.05: 3e38 scaled by it leaves float32.
        let huge = try client.error("predict", ["model": model, "inputs": [[3e38, 0]]])
        #expect(huge.code == -32602 && huge.data["param"] == "inputs")
        try running.stop()
    }
}
