import ElmanCore
import Testing

/// `trainInLanes` (up to 8 seed-kind runs in the lanes of one Block) against `train` of each run alone: bit for bit.
@Suite("Runs in SIMD lanes vs one run at a time")
struct LaneTrainingTests {
    /// Each run alone on the fast path, and all of them in lanes: weights (as bit patterns), losses, outcomes.
    @discardableResult
    private func compare(hidden: Int, learningRates: [Float], epochs: Int, series: [Float] = Series.sine(),
                         cancelAfter: Int = .max) -> [TrainingOutcome] {
        var lanes = learningRates.indices.map { ElmanWeights.random(hiddenSize: hidden, seed: UInt64(7 * $0 + 1)) }
        var asked = 0
        let results = trainInLanes(&lanes, learningRates: learningRates, series: series, epochs: epochs,
                                   isCancelled: {
                                       asked += 1
                                       return asked > cancelAfter
                                   })
        for (m, rate) in learningRates.enumerated() {
            var alone = ElmanWeights.random(hiddenSize: hidden, seed: UInt64(7 * m + 1))
            var calls = 0
            let result = train(&alone, series: series, options: TrainingOptions(epochs: epochs, learningRate: rate),
                               isCancelled: {
                                   calls += 1
                                   return calls > cancelAfter
                               })
            #expect(results[m].losses.map(\.bitPattern) == result.losses.map(\.bitPattern), "hidden \(hidden) run \(m)")
            #expect(results[m].outcome == result.outcome, "hidden \(hidden) run \(m)")
            #expect(lanes[m].w1.map(\.bitPattern) == alone.w1.map(\.bitPattern), "hidden \(hidden) run \(m)")
            #expect(lanes[m].w2.map(\.bitPattern) == alone.w2.map(\.bitPattern), "hidden \(hidden) run \(m)")
        }
        return results.map(\.outcome)
    }

    @Test("every lane equals its run alone, across hidden sizes and group sizes",
          arguments: [1, 2, 3, 5, 6, 8, 9, 13, 17])
    func lanesEqualRunsAlone(hidden: Int) {
        compare(hidden: hidden, learningRates: [0.1, 0.05, 0.2, 0.01, 0.1, 0.15, 0.07, 0.3], epochs: 60)
        compare(hidden: hidden, learningRates: [0.1, 0.02, 0.3], epochs: 25)
        compare(hidden: hidden, learningRates: [0.08], epochs: 10)
    }

    @Test("a diverging lane ends diverged with its last finite weights while the others go on")
    func divergenceIsPerLane() {
        let series: [Float] = [0, 40, -40, 40, -40, 40, -40, 40]
        let outcomes = compare(hidden: 6, learningRates: [0.1, 1e4, 0.001, 30, 0.0001], epochs: 50, series: series)
        #expect(outcomes.contains { if case .diverged = $0 { true } else { false } })
        #expect(outcomes.contains(.completed))
    }

    @Test("cancellation before an epoch stops every lane there")
    func cancellationStopsAll() {
        #expect(compare(hidden: 6, learningRates: [0.1, 0.2, 0.3], epochs: 40, cancelAfter: 17)
            == [.cancelled, .cancelled, .cancelled])
    }
}
