/// Trains up to 8 runs of the seed's kind together, one per SIMD lane (`LaneWorkspace`): the same hidden size, the
/// same series and epochs, truncation 1, each with its own starting weights and learning rate. Each run's weights
/// and result are those `train(_:series:options:)` gives it alone, bit for bit: the same losses, the same outcome
/// (a run whose epoch is not finite is rolled back and ends `.diverged` at it while the others go on; cancellation,
/// asked before every epoch, stops all). Each result's `seconds` is its share of the group's wall time.
///
/// Preconditions: 1…8 weights of one hidden size, as many learning rates (each > 0), `series` valid for training.
public func trainInLanes(
    _ weights: inout [ElmanWeights], learningRates: [Float], series: [Float], epochs: Int,
    isCancelled: () -> Bool = { false }
) -> [TrainingResult] {
    checkTrainingPreconditions(series: series, options: TrainingOptions(epochs: epochs, learningRate: 1))
    let workspace = LaneWorkspace(weights: weights, learningRates: learningRates, series: series)
    let count = weights.count
    var losses = [[Float]](repeating: [], count: count)
    for m in 0..<count { losses[m].reserveCapacity(epochs) }
    var outcomes = [TrainingOutcome](repeating: .completed, count: count)
    var ended = [Bool](repeating: false, count: count)
    let clock = ContinuousClock()
    let start = clock.now
    for epoch in 0..<epochs {
        guard ended.contains(false) else { break }
        if isCancelled() {
            for m in 0..<count where !ended[m] { outcomes[m] = .cancelled }
            break
        }
        workspace.checkpoint()
        let loss = workspace.runEpoch()
        let finite = workspace.finiteWeights
        for m in 0..<count where !ended[m] {
            if loss[m].isFinite && finite[m] {
                losses[m].append(loss[m])
            } else {
                workspace.rollback(m)
                weights[m] = workspace.weights(m)
                outcomes[m] = .diverged(epoch: epoch)
                ended[m] = true
            }
        }
    }
    for m in 0..<count where !ended[m] { weights[m] = workspace.weights(m) }
    let elapsed = start.duration(to: clock.now).components
    let share = (Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18) / Double(count)
    return (0..<count).map { TrainingResult(losses: losses[$0], outcome: outcomes[$0], seconds: share) }
}
