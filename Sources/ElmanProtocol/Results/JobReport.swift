import ElmanCore
import ElmanJSON

/// The job object (PROTOCOL.md, "job"): the result of `train`, `job.status`, `job.wait` and `job.cancel`, and the
/// params of `job.finished`.
///
/// `{"job", "model", "state", "epoch", "epochs", "losses", "seconds"}` in that order, then `"diverged_epoch"` when
/// the job diverged. `losses` is nil only in `job.list`, which leaves the member out. A job with validation has
/// `"validation_losses"` after `"losses"` (when they are there) and its epochs at the end (`ValidationReport`). A
/// backtest job has no model (`null`), `losses` `[]`, and the members of its `BacktestReport` at the end; a sweep
/// job likewise, with the members of its `SweepReport`.
public struct JobReport: Equatable, Sendable {
    public var job: String
    /// The model a training job trains; nil for a backtest or a sweep.
    public var model: String?
    public var state: JobState
    /// Epochs completed as last reported; the whole count once ended.
    public var epoch: Int
    /// Epochs asked for.
    public var epochs: Int
    /// The loss of every completed epoch (`[]` until the job ends), or nil to leave the member out.
    public var losses: [Float]?
    /// Training time measured in the engine; 0 until the job ends.
    public var seconds: Double
    /// The 0-based epoch whose loss was not finite, for a diverged job.
    public var divergedEpoch: Int?
    public var backtest: BacktestReport?
    public var sweep: SweepReport?
    /// For a job trained with validation; its losses are `[]` until the job ends.
    public var validation: ValidationReport?
    /// For a job with `record`: one entry per completed epoch (`[]`s until the job ends), as `"records"` after
    /// `"losses"` (left out with the losses).
    public var records: TrainingRecords?

    public init(job: String, model: String?, state: JobState, epoch: Int, epochs: Int, losses: [Float]?,
                seconds: Double, divergedEpoch: Int?, backtest: BacktestReport? = nil,
                sweep: SweepReport? = nil, validation: ValidationReport? = nil, records: TrainingRecords? = nil) {
        self.job = job
        self.model = model
        self.state = state
        self.epoch = epoch
        self.epochs = epochs
        self.losses = losses
        self.seconds = seconds
        self.divergedEpoch = divergedEpoch
        self.backtest = backtest
        self.sweep = sweep
        self.validation = validation
        self.records = records
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "job": .string(job), "model": model.map(JSONValue.string) ?? .null, "state": .string(state.rawValue),
            "epoch": .number(Double(epoch)), "epochs": .number(Double(epochs)),
        ]
        if let losses { object["losses"] = .floats(losses) }
        if losses != nil, let validation { object["validation_losses"] = .floats(validation.result.losses) }
        if losses != nil, let records { object["records"] = RecordsCoding.json(records) }
        object["seconds"] = .number(seconds)
        if let divergedEpoch { object["diverged_epoch"] = .number(Double(divergedEpoch)) }
        for (name, value) in (backtest?.members ?? []) + (sweep?.members ?? []) { object[name] = value }
        validation?.addEpochs(to: &object)
        return .object(object)
    }
}

/// The result of `job.list`: `{"jobs": [job]}`, in order of creation, each without its losses.
public struct JobList: Equatable, Sendable {
    public var jobs: [JobReport]

    public init(jobs: [JobReport]) { self.jobs = jobs }

    public var json: JSONValue { ["jobs": .array(jobs.map(\.json))] }
}
