import ElmanCore
import ElmanJSON

/// What the job object says about a job trained with `validation` (PROTOCOL.md, "job"):
/// `"validation_losses"` beside `"losses"` (left out where the losses are), then `"best_epoch"` (0-based, `null`
/// until an epoch has completed) and, with `early_stopping`, `"stopped_epoch"` (the 0-based epoch after which early
/// stopping ended the job, `null` if it did not).
public struct ValidationReport: Equatable, Sendable {
    public var result: ValidationResult
    public var earlyStopping: Bool

    public init(_ result: ValidationResult = ValidationResult(), earlyStopping: Bool) {
        self.result = result
        self.earlyStopping = earlyStopping
    }

    /// Adds `best_epoch` and, with early stopping, `stopped_epoch` to a job object.
    func addEpochs(to object: inout JSONObject) {
        object["best_epoch"] = result.bestEpoch.map { .number(Double($0)) } ?? .null
        if earlyStopping { object["stopped_epoch"] = result.stoppedEpoch.map { .number(Double($0)) } ?? .null }
    }
}
