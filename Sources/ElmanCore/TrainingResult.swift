/// Why a training run stopped.
public enum TrainingOutcome: Equatable, Sendable {
    /// Every requested epoch ran.
    case completed
    /// `isCancelled()` returned true before an epoch or between its windows; the weights are those after the last
    /// completed epoch.
    case cancelled
    /// Epoch `epoch` (0-based) produced a non-finite loss or non-finite weights; the weights are those at the end of
    /// epoch `epoch − 1` (the initial weights when `epoch == 0`) and `losses.count == epoch`.
    case diverged(epoch: Int)
}

/// What a training run reports besides the updated weights.
public struct TrainingResult: Equatable, Sendable {
    /// Loss of every completed epoch, in order: Σ over steps of (y_t − target_t)²/2, summed in Float. All finite.
    public var losses: [Float]
    public var outcome: TrainingOutcome
    /// Monotonic wall time of the epoch loop, in seconds.
    public var seconds: Double

    public init(losses: [Float], outcome: TrainingOutcome, seconds: Double) {
        self.losses = losses
        self.outcome = outcome
        self.seconds = seconds
    }
}
