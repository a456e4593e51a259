/// Stops training once the validation loss has not improved for `patience` epochs, as Keras' and Lightning's
/// EarlyStopping do.
///
/// The best epoch is the first epoch, then every epoch whose validation loss v beats the best one's by more than
/// `minDelta` (v < best − minDelta). After epoch i with `patience` epochs since the best one, the run ends:
/// `stoppedEpoch` is i. With `restoreBest` the trained weights are the best epoch's whenever the run ends (also
/// cancelled, diverged, or after every epoch ran), so their validation loss is `losses[bestEpoch]`.
///
/// Valid (`isValid`): patience ≥ 1, minDelta finite and ≥ 0.
public struct EarlyStopping: Equatable, Sendable {
    public var patience: Int
    public var minDelta: Float
    public var restoreBest: Bool

    public init(patience: Int, minDelta: Float = 0, restoreBest: Bool = true) {
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
    }

    public var isValid: Bool { patience >= 1 && minDelta.isFinite && minDelta >= 0 }
}

/// The running record of validation: losses so far, the best epoch, and whether early stopping has fired.
struct ValidationWatch {
    let earlyStopping: EarlyStopping?
    private(set) var result = ValidationResult()
    private var bestLoss = Float.infinity

    init(_ earlyStopping: EarlyStopping?) { self.earlyStopping = earlyStopping }

    /// Records epoch `epoch`'s validation loss; returns whether it is the new best epoch.
    mutating func record(_ loss: Float, epoch: Int) -> Bool {
        result.losses.append(loss)
        let improved = result.bestEpoch == nil || loss < bestLoss - (earlyStopping?.minDelta ?? 0)
        if improved {
            bestLoss = loss
            result.bestEpoch = epoch
        } else if let earlyStopping, let best = result.bestEpoch, epoch - best >= earlyStopping.patience {
            result.stoppedEpoch = epoch
        }
        return improved
    }

    var shouldStop: Bool { result.stoppedEpoch != nil }
}
