import ArgumentParser
import ElmanCore
import ElmanJSON
import Foundation
import WireTraffic
import ZeroMQ

/// Times issue 12's sweep target through the real worker (one process, its default training threads): 1,000 seed
/// jobs (the seed's network and 300 epochs on its sine; 10 learning rates × 100 seeds) as 1,000 `train` calls with
/// `wait`, one after another on one DEALER (a notebook's loop), and as one `sweep` with `wait`. Prints both and the
/// ratio of their jobs per second (median over median), the target being ≥ 5; first the engine alone, 8 seed jobs
/// one after another and in SIMD lanes.
struct SweepBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "1,000 seed jobs (10 lr x 100 seeds) as separate train calls and as one sweep, through the worker.")

    @Option(help: "Timed rounds of each.")
    var runs = 5

    static let learningRates: [Double] = (1...10).map { Double($0) / 100 }
    static let seeds = 0..<100

    func run() throws {
        engineLines()
        let worker = try SpawnedWorker()
        defer { worker.stop() }
        let client = try RPCClient(context: try Context(), endpoint: worker.endpoint)
        let jobs = Self.learningRates.count * Self.seeds.count
        let separate = try Samples.measure(runs: runs, warmup: 1) {
            for lr in Self.learningRates {
                for seed in Self.seeds {
                    try client.call("train", ["lr": .number(lr), "seed": .number(Double(seed)), "wait": true])
                }
            }
        }
        let grid: JSONObject = [
            "lr": .array(Self.learningRates.map(JSONValue.number)),
            "seed": .array(Self.seeds.map { .number(Double($0)) }),
        ]
        let swept = try Samples.measure(runs: runs, warmup: 1) {
            let job = try client.call("sweep", ["grid": .object(grid), "wait": true])
            guard job["runs_done"] == .number(Double(jobs)) else { throw Failure("the sweep ended early") }
        }
        print(separate.line("wire", "\(jobs) seed jobs as separate train calls (wait, one DEALER)",
                            unit: .milliseconds))
        print(swept.line("wire", "\(jobs) seed jobs as one sweep (10 lr x 100 seeds, wait)", unit: .milliseconds))
        let ratio = separate.median / swept.median
        print("wire  sweep jobs/s over separate train calls' (median / median)  \(String(format: "%.2f", ratio))x  "
              + "(\(Int(Double(jobs) / separate.median)) vs \(Int(Double(jobs) / swept.median)) jobs/s, target >= 5x)")
    }

    /// The engine alone on one thread: 8 seed jobs (different seeds and learning rates) one after another on the
    /// fast path, and the same 8 in SIMD lanes (`trainInLanes`).
    private func engineLines() {
        let initial = (0..<8).map { ElmanWeights.random(hiddenSize: 6, seed: UInt64($0)) }
        let rates = Self.learningRates.prefix(8).map(Float.init), series = Series.sine()
        let alone = Samples.measure(runs: 200) {
            for (weights, rate) in zip(initial, rates) {
                var weights = weights
                _ = train(&weights, series: series, options: TrainingOptions(learningRate: rate))
            }
        }
        let lanes = Samples.measure(runs: 200) {
            var weights = initial
            _ = trainInLanes(&weights, learningRates: Array(rates), series: series, epochs: 300)
        }
        print(alone.line("engine", "8 seed jobs one after another", unit: .milliseconds))
        print(lanes.line("engine", "8 seed jobs in SIMD lanes", unit: .milliseconds))
    }
}
