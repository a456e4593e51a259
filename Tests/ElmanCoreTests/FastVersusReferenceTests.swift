import ElmanCore
import Testing

/// The fast trainer (preallocated workspace, raw-pointer kernels) against the readable reference trainer.
@Suite("Fast path vs reference path")
struct FastVersusReferenceTests {
    struct Run: Equatable {
        var weights: ElmanWeights
        var result: TrainingResult
        var reported: [Int]
    }

    /// Trains a copy of `weights` on the seed's sine with the fast or the reference trainer.
    static func run(
        reference: Bool, _ weights: ElmanWeights, options: TrainingOptions, series: [Float] = Series.sine(),
        cancelAfter: Int = .max
    ) -> Run {
        var weights = weights, reported: [Int] = [], asked = 0
        let progress = { (epoch: Int, _: Float) in reported.append(epoch) }
        let isCancelled = {
            asked += 1
            return asked > cancelAfter
        }
        let trainer = reference ? ReferenceElman.train : train
        var result = trainer(&weights, series, options, progress, isCancelled)
        result.seconds = 0
        return Run(weights: weights, result: result, reported: reported)
    }

    @Test("same losses and weights across hidden sizes and truncation windows",
          arguments: [1, 2, 6, 13, 40], [1, 2, 7, 20, 50])
    func agree(hidden: Int, truncation: Int) {
        // Spread shrinking like 1/√H keeps wide networks out of saturation, and learning rate 0.01 keeps full BPTT
        // well-conditioned: at 0.02, BPTT through 20 steps at hidden 13 amplifies float rounding in both paths to
        // ~1e-3 against a Double run, so neither Float path could be held to the other more tightly than that.
        let spread = 1 / Float(hidden).squareRoot()
        let initial = ElmanWeights.random(
            hiddenSize: hidden, seed: UInt64(hidden * 100 + truncation), w1Std: spread, w2Std: spread)
        let options = TrainingOptions(epochs: 40, learningRate: 0.01, truncation: truncation, reportEvery: 3)
        let fast = Self.run(reference: false, initial, options: options)
        let reference = Self.run(reference: true, initial, options: options)
        #expect(fast.result.outcome == .completed && reference.result.outcome == .completed)
        #expect(fast.reported == reference.reported)
        #expect(maxRelativeDifference(fast.result.losses, reference.result.losses) < 1e-5)
        #expect(maxAbsDifference(fast.weights.w1, reference.weights.w1) < 1e-5)
        #expect(maxAbsDifference(fast.weights.w2, reference.weights.w2) < 1e-5)
    }

    @Test("divergence: same epoch, weights rolled back to the end of the previous epoch", arguments: [1, 4, 20])
    func divergence(truncation: Int) throws {
        let initial = ElmanWeights.random(hiddenSize: 6, seed: 5, w1Std: 2, w2Std: 2)
        let options = TrainingOptions(epochs: 300, learningRate: 40, truncation: truncation)
        let fast = Self.run(reference: false, initial, options: options)
        let reference = Self.run(reference: true, initial, options: options)
        guard case .diverged(let epoch) = fast.result.outcome else {
            Issue.record("expected divergence, got \(fast.result.outcome)")
            return
        }
        #expect(reference.result.outcome == fast.result.outcome)
        #expect(fast.result.losses.count == epoch && fast.result.losses.allSatisfy(\.isFinite))
        // A diverged run hands back exactly what a run stopping before the bad epoch ends with.
        var shorter = options
        shorter.epochs = epoch
        for (reference, diverged) in [(false, fast), (true, reference)] {
            let before = Self.run(reference: reference, initial, options: shorter)
            #expect(before.result.outcome == .completed)
            #expect(diverged.weights == before.weights)
            #expect(diverged.result.losses == before.result.losses)
        }
    }

    @Test("a non-finite epoch 0 leaves the initial weights")
    func divergenceAtFirstEpoch() {
        let initial = ElmanWeights.random(hiddenSize: 3, seed: 1)
        let series: [Float] = [0, 3e38, -3e38, 3e38]
        for reference in [false, true] {
            let run = Self.run(reference: reference, initial, options: TrainingOptions(epochs: 5), series: series)
            #expect(run.result.outcome == .diverged(epoch: 0))
            #expect(run.result.losses.isEmpty && run.reported.isEmpty)
            #expect(run.weights == initial)
        }
    }

    @Test("cancellation is checked before each epoch and keeps the last completed epoch", arguments: [0, 1, 17])
    func cancellation(completedEpochs: Int) {
        let initial = ElmanWeights.random(hiddenSize: 6, seed: 9)
        let options = TrainingOptions(epochs: 50, truncation: 3, reportEvery: 5)
        var shorter = options
        shorter.epochs = completedEpochs
        for reference in [false, true] {
            let cancelled = Self.run(reference: reference, initial, options: options, cancelAfter: completedEpochs)
            let uncancelled = Self.run(reference: reference, initial, options: shorter)
            #expect(cancelled.result.outcome == .cancelled)
            #expect(cancelled.result.losses.count == completedEpochs)
            #expect(cancelled.weights == uncancelled.weights)
            #expect(cancelled.reported == uncancelled.reported)
        }
    }

    @Test("progress fires after epochs 0, 10, …, 290 with those epochs' losses, as the seed prints")
    func progress() {
        var weights = ElmanWeights.random(hiddenSize: 6, seed: 0)
        var reports: [(Int, Float)] = []
        let result = train(&weights, series: Series.sine()) { reports.append(($0, $1)) }
        #expect(reports.map(\.0) == Array(stride(from: 0, to: 300, by: 10)))
        #expect(reports.map(\.1) == reports.map { result.losses[$0.0] })
        let initial = ElmanWeights.random(hiddenSize: 6, seed: 0)
        #expect(Self.run(reference: true, initial, options: TrainingOptions()).reported == reports.map(\.0))
    }
}
