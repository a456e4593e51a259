/// Held-out data a job is measured on after every epoch, and whether to stop early on it.
///
/// The validation loss of an epoch is the training loss function (`NetworkTrainingOptions.loss`) over every step
/// of every validation sequence taken as one window: forward only, from zero states, teacher-forced (step t reads
/// row t and is compared with row t + 1's target columns), computed from the weights at the end of the epoch.
/// sse/2 gives Σ e²/2 over all those errors, mse their mean.
///
/// Invariant (checked by `train` as a precondition): `data` has the training data's columns and targets.
public struct Validation: Equatable, Sendable {
    public var data: TrainingSequences
    public var earlyStopping: EarlyStopping?

    public init(data: TrainingSequences, earlyStopping: EarlyStopping? = nil) {
        self.data = data
        self.earlyStopping = earlyStopping
    }

    /// The preconditions of training with this validation on `data` (both `train(_:data:validation:…)`s): the same
    /// columns and targets, and a valid early stopping if any.
    func checkHeldOut(from data: TrainingSequences) {
        precondition(self.data.inputSize == data.inputSize && self.data.targets == data.targets,
                     "the validation data's columns and targets must be the training data's")
        precondition(earlyStopping?.isValid ?? true, "invalid early stopping \(self)")
    }

    /// Splits every sequence of `data` (T rows) into its first T − round(fraction·T) rows, to train on, and its
    /// last round(fraction·T) rows, held out (rounded half away from zero). Nil unless 0 < fraction < 1 and both
    /// parts keep at least two rows (one step each).
    public static func split(_ data: TrainingSequences, fraction: Double)
        -> (training: TrainingSequences, validation: TrainingSequences)?
    {
        guard fraction > 0, fraction < 1 else { return nil }
        let rows = data.batch.length, held = Int((fraction * Double(rows)).rounded())
        guard held >= 2, rows - held >= 2 else { return nil }
        // Both parts are rows of valid sequences, two or more, so neither initialiser can throw.
        let training = try! TrainingSequences(data.batch.prefix(rows: rows - held), targets: data.targets)
        let validation = try! TrainingSequences(data.batch.suffix(rows: held), targets: data.targets)
        return (training, validation)
    }
}

/// What validation recorded over a run.
public struct ValidationResult: Equatable, Sendable {
    /// The validation loss after every completed epoch, in order (as many as `TrainingResult.losses`). All finite.
    public var losses: [Float]
    /// The best epoch (0-based; see `EarlyStopping` for "best"), nil when no epoch completed.
    public var bestEpoch: Int?
    /// The epoch after which early stopping ended the run, nil when it did not (no early stopping, every epoch
    /// ran, or the run was cancelled or diverged first).
    public var stoppedEpoch: Int?

    public init(losses: [Float] = [], bestEpoch: Int? = nil, stoppedEpoch: Int? = nil) {
        self.losses = losses
        self.bestEpoch = bestEpoch
        self.stoppedEpoch = stoppedEpoch
    }
}
