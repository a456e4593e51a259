import ArgumentParser
import ElmanCore

/// Times one training step of the general networks (rnn tanh, lstm, gru), as the worker trains them today
/// (`FastNetwork.train`, and `ReferenceNetwork.train` up to hidden 64 with prefix `reference`): batch 1, one input
/// and one output column, bias on, one layer, loss sse/2, plain SGD, no clipping, for each truncation asked
/// (`--truncation 1 full`: k = 1, issue 10's lines, and full back-propagation through time over the whole series,
/// issue 11's). One step = a window's forward, backward and optimiser step divided by its steps.
///
/// A run trains `epochs` epochs of a `points`-point sine (points − 1 steps each) from the same PyTorch-default
/// initial weights; its time divided by its steps is one sample. The number of runs per line is chosen from one
/// timed warm-up run so that a line takes about `seconds` (at least `minRuns`, at most `maxRuns`).
/// tools/reference/bench_reference.py prints PyTorch's lines for the same jobs (prefix `torch`);
/// tools/reference/bench_big_networks.py runs both for issue 11's lines in alternating rounds (`--samples`).
struct NetworksBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "networks",
        abstract: "Median time of one training step of the general networks (rnn tanh, lstm, gru), batch 1.")

    @Option(parsing: .upToNextOption, help: "Hidden sizes.")
    var hidden: [Int] = [6, 64, 256]

    @Option(parsing: .upToNextOption, help: "Truncations k: a number of steps, or full (the whole series).")
    var truncation: [Truncation] = [.steps(1)]

    @Option(parsing: .upToNextOption, help: "Cells: rnn (tanh), lstm, gru.")
    var cells: [CellName] = CellName.allCases

    @Option(help: "Points of the sine series (points − 1 steps per epoch).")
    var points = 201

    @Option(help: "Epochs per timed run.")
    var epochs = 2

    @Option(help: "Seconds of timed runs per line, roughly.")
    var seconds = 3.0

    @Option(help: "Fewest timed runs per line.")
    var minRuns = 5

    @Option(help: "Most timed runs per line.")
    var maxRuns = 200

    @Flag(name: .customLong("samples"),
          help: "After each line, its samples (µs per step, in the order measured), for pooling across processes.")
    var listsSamples = false

    /// The same rate in bench_reference.py; small enough that no run diverges (a diverged run stops early).
    static let learningRate = 0.01

    func validate() throws {
        guard hidden.allSatisfy({ $0 >= 1 }), truncation.allSatisfy(\.isValid), points >= 2, epochs >= 1,
              seconds > 0, minRuns >= 1, maxRuns >= minRuns
        else {
            throw ValidationError(
                "hidden sizes, truncations, epochs and runs must be positive, points ≥ 2, min runs ≤ max runs")
        }
    }

    func run() throws {
        let data = try TrainingSequences(series: Series.sine(points: points))
        for k in truncation {
            let options = NetworkTrainingOptions(
                epochs: epochs, truncation: k.steps(of: data), loss: .halfSumOfSquares,
                optimizer: .sgd(Optimizer.SGD(lr: Self.learningRate)), clipGradNorm: nil, reportEvery: epochs)
            for cell in cells.map(\.cell) {
                for size in hidden {
                    let network = try NetworkDescription(cell: cell, inputSize: 1, hiddenSize: size, outputSize: 1)
                    let initial = StateDict<Float>.pytorchDefault(network, seed: 0)
                    for path in size <= Self.largestReferenceHidden ? Path.allCases : [.fast] {
                        let job = {
                            var parameters = initial
                            let outcome = path.train(&parameters, data, options).outcome
                            precondition(outcome == .completed, "benchmark run ended \(outcome)")
                        }
                        let samples = Samples.measure(seconds: seconds, runs: minRuns...maxRuns, job)
                        let label = "step (\(cell), hidden \(size), k=\(k))", perRun = epochs * data.steps
                        print(samples.line(path.prefix, label, unit: .microseconds, perRun: perRun))
                        if listsSamples { print(samples.list(path.prefix, label, unit: .microseconds, perRun: perRun)) }
                    }
                }
            }
        }
    }
}

extension NetworksBench {
    /// The straightforward path is timed beside the fast one up to this hidden size (beyond, a line takes long).
    static let largestReferenceHidden = 64

    /// The two trainers of general networks, and the prefix of their lines.
    enum Path: CaseIterable {
        case fast, reference

        var prefix: String { self == .fast ? "engine" : "reference" }

        func train(_ parameters: inout StateDict<Float>, _ data: TrainingSequences, _ options: NetworkTrainingOptions)
            -> TrainingResult
        {
            switch self {
            case .fast: FastNetwork.train(&parameters, data: data, options: options)
            case .reference: ReferenceNetwork.train(&parameters, data: data, options: options)
            }
        }
    }
}

extension NetworksBench {
    /// A cell as the command line names it.
    enum CellName: String, CaseIterable, ExpressibleByArgument {
        case rnn, lstm, gru

        var cell: NetworkDescription.Cell {
            switch self {
            case .rnn: .rnn(.tanh)
            case .lstm: .lstm
            case .gru: .gru
            }
        }
    }

    /// A truncation window: a number of steps, or the whole series (full back-propagation through time).
    enum Truncation: ExpressibleByArgument, CustomStringConvertible {
        case steps(Int)
        case full

        init?(argument: String) {
            if argument == "full" {
                self = .full
            } else if let k = Int(argument) {
                self = .steps(k)
            } else {
                return nil
            }
        }

        var isValid: Bool { if case .steps(let k) = self { k >= 1 } else { true } }

        /// k for `data`: the whole series' steps when full.
        func steps(of data: TrainingSequences) -> Int { if case .steps(let k) = self { k } else { data.steps } }

        /// As the lines print it: `1`, `20`, `full`.
        var description: String { if case .steps(let k) = self { "\(k)" } else { "full" } }
    }
}
