import ElmanCore
import Testing

/// Properties of `train` that need no second implementation.
@Suite("Training semantics")
struct TrainingSemanticsTests {
    @Test("zero epochs change nothing")
    func zeroEpochs() {
        let initial = ElmanWeights.random(hiddenSize: 4, seed: 2)
        var weights = initial
        let result = train(&weights, series: Series.sine(), options: TrainingOptions(epochs: 0))
        #expect(result.outcome == .completed && result.losses.isEmpty)
        #expect(weights == initial)
    }

    @Test("any window at least as long as the series is full BPTT")
    func fullBackpropagation() {
        let initial = ElmanWeights.random(hiddenSize: 5, seed: 4)
        var exact = initial, longer = initial
        let series = Series.sine()
        _ = train(&exact, series: series, options: TrainingOptions(epochs: 20, learningRate: 0.02, truncation: 20))
        _ = train(&longer, series: series, options: TrainingOptions(epochs: 20, learningRate: 0.02, truncation: 999))
        #expect(exact == longer)
    }

    @Test("the seed's configuration learns the sine: loss falls by over 90 %")
    func learns() {
        var weights = ElmanWeights.random(hiddenSize: 6, seed: 0)
        let result = train(&weights, series: Series.sine())
        #expect(result.outcome == .completed && result.losses.count == 300)
        #expect(result.losses[299] < 0.1 * result.losses[0])
        #expect(result.seconds > 0)
    }

    @Test("one epoch of truncation 1 is SGD applied after every step, as the seed's loop does")
    func oneEpochByHand() {
        let initial = ElmanWeights.random(hiddenSize: 3, seed: 8)
        let series = Series.sine(points: 6)
        var network = ReferenceElman.Network<Float>(initial)
        var context = [Float](repeating: 0, count: 3), loss: Float = 0
        for t in 0..<5 {
            let pass = network.backpropagate(inputs: [series[t]], targets: [series[t + 1]], context: context)
            loss += pass.losses[0]
            network.descend(pass, learningRate: 0.1)
            context = pass.context
        }
        var reference = initial, fast = initial
        let referenceResult = ReferenceElman.train(&reference, series: series, options: TrainingOptions(epochs: 1))
        let fastResult = train(&fast, series: series, options: TrainingOptions(epochs: 1))
        #expect(referenceResult.losses == [loss])
        #expect(reference == network.weights)
        // The fast path's tanh differs from the C library's by about an ulp.
        #expect(maxAbsDifference(fastResult.losses, [loss]) < 1e-6)
        #expect(maxAbsDifference(fast.w1, reference.w1) < 1e-6 && maxAbsDifference(fast.w2, reference.w2) < 1e-6)
    }

    @Test("trainings on many threads at once give the same results as one at a time")
    func concurrent() async {
        let jobs = (0..<8).map { (hidden: 2 + $0 * 5, seed: UInt64($0)) }
        func job(_ index: Int) -> ElmanWeights {
            var weights = ElmanWeights.random(hiddenSize: jobs[index].hidden, seed: jobs[index].seed)
            _ = train(&weights, series: Series.sine(), options: TrainingOptions(epochs: 100, truncation: 1 + index % 3))
            return weights
        }
        let sequential = jobs.indices.map(job)
        let parallel = await withTaskGroup(of: (Int, ElmanWeights).self) { group in
            for index in jobs.indices { group.addTask { (index, job(index)) } }
            var results = [ElmanWeights?](repeating: nil, count: jobs.count)
            for await (index, weights) in group { results[index] = weights }
            return results
        }
        #expect(parallel == sequential)
    }
}
