/// One training run's state, advanced an epoch at a time by `runEpochs`. The fast workspace and the reference
/// trainer both conform, so both share the loop's rules for cancellation, progress and divergence.
protocol EpochRunner: ~Copyable {
    /// Remembers the current weights; called before every epoch.
    mutating func checkpoint()
    /// Runs one epoch from a zero context (SGD updates included) and returns its loss Σ_t (y_t − target_t)²/2.
    mutating func runEpoch() -> Float
    /// Whether every weight is finite.
    var weightsAreFinite: Bool { get }
    /// Restores the weights remembered by the last `checkpoint()`.
    mutating func rollback()
}

/// The epoch loop shared by every trainer.
///
/// Before epoch i (0-based) `isCancelled()` is asked; true stops with `.cancelled`. An epoch whose loss or resulting
/// weights are not finite is undone and stops with `.diverged(epoch: i)`, so `losses` only ever holds finite
/// epochs and the weights stay finite. After a finite epoch i, `progress(i, loss)` fires when
/// i % reportEvery == 0. `seconds` is the loop's monotonic wall time. Besides the `losses` array, reserved up front,
/// the loop allocates nothing.
func runEpochs<Runner: EpochRunner & ~Copyable>(
    _ runner: inout Runner, options: TrainingOptions,
    progress: (_ epoch: Int, _ loss: Float) -> Void, isCancelled: () -> Bool
) -> TrainingResult {
    let clock = ContinuousClock()
    let start = clock.now
    var losses: [Float] = []
    losses.reserveCapacity(options.epochs)
    var outcome = TrainingOutcome.completed
    for epoch in 0..<options.epochs {
        if isCancelled() {
            outcome = .cancelled
            break
        }
        runner.checkpoint()
        let loss = runner.runEpoch()
        guard loss.isFinite, runner.weightsAreFinite else {
            runner.rollback()
            outcome = .diverged(epoch: epoch)
            break
        }
        losses.append(loss)
        if epoch % options.reportEvery == 0 { progress(epoch, loss) }
    }
    let elapsed = start.duration(to: clock.now).components
    return TrainingResult(
        losses: losses, outcome: outcome, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
}
