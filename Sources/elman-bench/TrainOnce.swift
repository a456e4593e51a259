import ArgumentParser
import ElmanCore

/// One training run and nothing else: a fixed workload for profilers (perf, valgrind --tool=callgrind) and for
/// counting allocations (tools/reference/check_allocations.py compares valgrind's totals for two epoch counts).
struct TrainOnce: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-once", abstract: "Train once on the sine and print the final loss.")

    @Option(help: "Hidden size.")
    var hidden = 6

    @Option(help: "Epochs.")
    var epochs = 300

    @Option(help: "Truncation window k.")
    var truncation = 1

    @Option(help: "Learning rate.")
    var learningRate: Float = 0.1

    @Flag(help: "Use the reference path instead of the fast path.")
    var reference = false

    func validate() throws {
        guard hidden >= 1, epochs >= 1, truncation >= 1, learningRate.isFinite else {
            throw ValidationError("hidden, epochs and truncation must be positive and the learning rate finite")
        }
    }

    func run() {
        let job = TrainingJob(
            hidden: hidden, epochs: epochs, truncation: truncation, learningRate: learningRate, seedInit: hidden == 6)
        let result = job.run(reference: reference)
        print("\(result.outcome), \(result.losses.count) epochs, final loss \(result.losses.last ?? .nan)")
    }
}
