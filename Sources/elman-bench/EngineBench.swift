import ArgumentParser
import ElmanCore

/// Times ElmanCore's trainers: the seed job end to end, and time per training step at several hidden sizes.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Median times of the seed job and of one training step, fast path and reference path.")

    @Option(help: "Timed runs of the seed job on the fast path.")
    var runs = 500

    @Option(help: "Timed runs on the reference path (it is much slower).")
    var referenceRuns = 20

    @Option(parsing: .upToNextOption, help: "Hidden sizes for the per-step timings.")
    var hidden: [Int] = [6, 64, 256]

    func validate() throws {
        guard runs >= 1, referenceRuns >= 1, hidden.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("runs, reference runs and hidden sizes must be positive")
        }
    }

    func run() {
        let seed = TrainingJob(hidden: 6, epochs: 300, truncation: 1, seedInit: true)
        print(Samples.measure(runs: runs) { seed.runToCompletion(reference: false) }
            .line("engine", seed.label, unit: .milliseconds))
        print(Samples.measure(runs: referenceRuns) { seed.runToCompletion(reference: true) }
            .line("reference", seed.label, unit: .milliseconds))
        for (prefix, reference, truncations) in [("engine", false, [1, 20]), ("reference", true, [1])] {
            for size in hidden {
                for truncation in truncations {
                    // The seed job's work (300 epochs at hidden 6: 300 · 6² = 10 800) scaled by 1/hidden², but at
                    // least 10 epochs on the fast path so that setting up a run (workspace, copies) stays negligible.
                    let epochs = min(300, max(reference ? 1 : 10, 10_800 / (size * size)))
                    // Full BPTT sums 20 steps' gradients; at the seed's rate 0.1 it can diverge and end runs early.
                    let job = TrainingJob(
                        hidden: size, epochs: epochs, truncation: truncation,
                        learningRate: truncation == 1 ? 0.1 : 0.01, seedInit: false)
                    let samples = Samples.measure(runs: reference ? referenceRuns : runs) {
                        job.runToCompletion(reference: reference)
                    }
                    print(samples.line(prefix, "step (hidden \(size), k=\(truncation))",
                                       unit: .microseconds, perRun: job.steps))
                }
            }
        }
    }
}
