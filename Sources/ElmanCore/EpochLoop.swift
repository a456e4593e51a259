/// One training run's state, advanced an epoch at a time by `runEpochs`. The fast workspace and the reference
/// trainer both conform, so both share the loop's rules for cancellation, progress and divergence.
protocol EpochRunner: ~Copyable {
    /// Remembers the current weights; called before every epoch.
    mutating func checkpoint()
    /// Runs one epoch from a zero context (SGD updates included) and returns its loss Σ_t (y_t − target_t)²/2; or
    /// nil, with the weights of the last `checkpoint()` restored, when `isCancelled()` turned true between two of
    /// its windows (asked as `CancellationPoll` says).
    mutating func runEpoch(isCancelled: () -> Bool) -> Float?
    /// Whether every weight is finite.
    var weightsAreFinite: Bool { get }
    /// Restores the weights remembered by the last `checkpoint()`.
    mutating func rollback()
}

/// A runner that can also be measured on held-out data (`Validation`) and keep the weights of its best epoch.
protocol ValidatingEpochRunner: EpochRunner, ~Copyable {
    /// The loss over the validation sequences, forward only from zero states, from the current weights.
    func validationLoss() -> Float
    /// Remembers the current weights as the best epoch's (a store separate from `checkpoint()`'s).
    mutating func rememberBest()
    /// Restores the weights remembered by the last `rememberBest()`.
    mutating func restoreBest()
}

/// What the loop does after an epoch whose loss and weights are finite.
enum EpochVerdict {
    /// Keep the epoch and go on.
    case next
    /// Keep the epoch and stop: the run is `.completed`.
    case stop
    /// Undo the epoch and stop: the run has `.diverged` at it.
    case reject
}

/// The epoch loop shared by every trainer.
///
/// Before epoch i (0-based), and between its windows, `isCancelled()` is asked; true stops with `.cancelled` and the
/// weights after the last completed epoch. An epoch whose loss or resulting weights are not finite is undone and
/// stops with `.diverged(epoch: i)`, so `losses` only ever holds finite epochs and the weights stay finite. After a
/// finite epoch i, `progress(i, loss)` fires when i % reportEvery == 0. `seconds` is the loop's monotonic wall time.
/// Besides the `losses` array, reserved up front, the loop allocates nothing.
func runEpochs<Runner: EpochRunner & ~Copyable>(
    _ runner: inout Runner, options: TrainingOptions,
    progress: (_ epoch: Int, _ loss: Float) -> Void, isCancelled: () -> Bool
) -> TrainingResult {
    runEpochs(&runner, epochs: options.epochs, isCancelled: isCancelled) { _, epoch, loss in
        if epoch % options.reportEvery == 0 { progress(epoch, loss) }
        return .next
    }
}

/// The epoch loop with validation: as above, and after each finite epoch the validation loss is measured and
/// recorded (`ValidationWatch`), the best epoch's weights remembered when `earlyStopping` restores them, and
/// `progress(i, loss, validationLoss)` fires at report epochs. A non-finite validation loss counts as divergence
/// (the epoch is undone). Early stopping ends the run `.completed`; with `restoreBest` the runner then holds the
/// best epoch's weights, whatever ended the run.
func runEpochs<Runner: ValidatingEpochRunner & ~Copyable>(
    _ runner: inout Runner, options: TrainingOptions, earlyStopping: EarlyStopping?,
    progress: (_ epoch: Int, _ loss: Float, _ validationLoss: Float) -> Void, isCancelled: () -> Bool
) -> (training: TrainingResult, validation: ValidationResult) {
    var watch = ValidationWatch(earlyStopping)
    let restoreBest = earlyStopping?.restoreBest ?? false
    let training = runEpochs(&runner, epochs: options.epochs, isCancelled: isCancelled) { runner, epoch, loss in
        let validationLoss = runner.validationLoss()
        guard validationLoss.isFinite else { return .reject }
        if watch.record(validationLoss, epoch: epoch), restoreBest { runner.rememberBest() }
        if epoch % options.reportEvery == 0 { progress(epoch, loss, validationLoss) }
        return watch.shouldStop ? .stop : .next
    }
    if restoreBest, watch.result.bestEpoch != nil { runner.restoreBest() }
    return (training, watch.result)
}

/// The loop itself: `epochs` epochs, each asked `isCancelled()` first, checked for finiteness, then judged by
/// `afterEpoch` (which also reports progress).
func runEpochs<Runner: EpochRunner & ~Copyable>(
    _ runner: inout Runner, epochs: Int, isCancelled: () -> Bool,
    afterEpoch: (_ runner: inout Runner, _ epoch: Int, _ loss: Float) -> EpochVerdict
) -> TrainingResult {
    let clock = ContinuousClock()
    let start = clock.now
    var losses: [Float] = []
    losses.reserveCapacity(epochs)
    var outcome = TrainingOutcome.completed
    for epoch in 0..<epochs {
        if isCancelled() {
            outcome = .cancelled
            break
        }
        runner.checkpoint()
        guard let loss = runner.runEpoch(isCancelled: isCancelled) else {
            outcome = .cancelled
            break
        }
        let verdict = loss.isFinite && runner.weightsAreFinite ? afterEpoch(&runner, epoch, loss) : .reject
        if verdict == .reject {
            runner.rollback()
            outcome = .diverged(epoch: epoch)
            break
        }
        losses.append(loss)
        if verdict == .stop { break }
    }
    let elapsed = start.duration(to: clock.now).components
    return TrainingResult(
        losses: losses, outcome: outcome, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
}

/// When an epoch asks `isCancelled()` between its windows: before a window that starts at least `interval` steps
/// after the last time it asked (so before every window of 64 steps or more, and every 64 steps of one-step
/// windows). The closure costs a few nanoseconds (an atomic load in the worker), under 1 % of 64 steps even at
/// hidden size 6; 64 steps take a few milliseconds at hidden size 1024.
struct CancellationPoll {
    static let interval = 64
    private var next = interval

    /// Whether to stop before the window starting at step `start` of the epoch.
    mutating func shouldStop(before start: Int, _ isCancelled: () -> Bool) -> Bool {
        guard start >= next else { return false }
        next = start + Self.interval
        return isCancelled()
    }
}
