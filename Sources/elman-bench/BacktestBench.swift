import ArgumentParser
import ElmanJSON
import Foundation
import WireTraffic
import ZeroMQ

/// Times issue 14's backtest target through the real worker: a `backtest` with `wait` of the seed's network (300
/// epochs per fold, refit, expanding window) on a 1,000-point sine, initial 500, step 5, horizon 10: 100 folds on
/// the worker's training threads (one per core).
struct BacktestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "The rolling-origin backtest of issue 14 (100 folds x 300 epochs, seed network) through the worker.")

    @Option(help: "Timed backtests.")
    var runs = 5

    /// The series of the target: a sine over 1,000 points; `tools/reference/torch_backtest.py` uses the same one.
    static let params: JSONObject = [
        "data": ["sine": ["start": 0, "stop": 100, "points": 1000]], "initial": 500, "step": 5, "horizon": 10,
        "refit": true, "epochs": 300, "wait": true,
    ]

    func run() throws {
        let worker = try SpawnedWorker()
        defer { worker.stop() }
        let client = try RPCClient(context: try Context(), endpoint: worker.endpoint)
        var folds = 0
        let samples = try Samples.measure(runs: runs, warmup: 1) {
            let job = try client.call("backtest", Self.params)
            folds = job["folds_done"]?.doubleValue.map { Int($0) } ?? 0
        }
        print(samples.line("wire", "backtest (\(folds) folds x 300 epochs, 1000 points, initial 500, step 5, "
                           + "horizon 10, refit, seed network)", unit: .milliseconds))
    }
}
