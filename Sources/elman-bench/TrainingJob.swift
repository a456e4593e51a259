import ElmanCore

/// One training run on the seed's 21-point sine (20 steps per epoch), from the same initial weights every time.
struct TrainingJob {
    let epochs: Int
    let truncation: Int
    let learningRate: Float
    let initial: ElmanWeights
    let series = Series.sine()

    /// `seedInit`: the seed's init (std 0.4 / 0.3); otherwise std 1/√hidden for both, which keeps wide networks out
    /// of saturation so the timed work is the ordinary one.
    init(hidden: Int, epochs: Int, truncation: Int, learningRate: Float = 0.1, seedInit: Bool) {
        self.epochs = epochs
        self.truncation = truncation
        self.learningRate = learningRate
        let spread = 1 / Float(hidden).squareRoot()
        initial = seedInit
            ? ElmanWeights.random(hiddenSize: hidden, seed: 0)
            : ElmanWeights.random(hiddenSize: hidden, seed: 0, w1Std: spread, w2Std: spread)
    }

    var steps: Int { epochs * (series.count - 1) }

    var label: String { "seed job (\(epochs) epochs x \(series.count - 1) steps, hidden \(initial.hiddenSize))" }

    /// Trains a copy of the initial weights.
    func run(reference: Bool) -> TrainingResult {
        var weights = initial
        let options = TrainingOptions(epochs: epochs, learningRate: learningRate, truncation: truncation)
        return reference
            ? ReferenceElman.train(&weights, series: series, options: options)
            : train(&weights, series: series, options: options)
    }

    /// `run`, stopping the program unless every epoch ran: otherwise its time is not that of `steps` steps.
    func runToCompletion(reference: Bool) {
        let outcome = run(reference: reference).outcome
        precondition(outcome == .completed, "benchmark run ended \(outcome)")
    }
}
