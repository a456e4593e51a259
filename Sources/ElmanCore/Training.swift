/// Trains `weights` in place on `series` with the seed's truncated-BPTT SGD (see `TrainingOptions`), on the fast
/// path: one preallocated `TrainingWorkspace`, no allocation per step.
///
/// Inputs are `series` without its last value and targets `series` without its first; each epoch starts from a zero
/// context. Stops early on cancellation (checked before each epoch) or divergence; see `TrainingOutcome` for the
/// weights in each case. Safe to call from many threads at once on different weights.
///
/// Preconditions: `series.count ≥ 2` and every value finite (`Series.validateForTraining`), `options.isValid`.
public func train(
    _ weights: inout ElmanWeights, series: [Float], options: TrainingOptions = TrainingOptions(),
    progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in },
    isCancelled: () -> Bool = { false }
) -> TrainingResult {
    checkTrainingPreconditions(series: series, options: options)
    var workspace = TrainingWorkspace(weights: weights, series: series, options: options)
    let result = runEpochs(&workspace, options: options, progress: progress, isCancelled: isCancelled)
    weights = workspace.weights
    return result
}

/// The preconditions shared by the fast and the reference trainer.
func checkTrainingPreconditions(series: [Float], options: TrainingOptions) {
    precondition(options.isValid, "invalid training options \(options)")
    do {
        try Series.validateForTraining(series)
    } catch {
        preconditionFailure("cannot train on this series: \(error)")
    }
}
