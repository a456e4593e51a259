import ElmanCore
import ElmanJSON

/// What the worker tells about a job (PROTOCOL.md, "Notifications"): published under the job's id as topic, and
/// sent to the peer of a `train` with `notify` on its own connection.
public enum JobNotification: Equatable, Sendable {
    /// `job.accepted`: the job as `train` without `wait` answers it; sent only to a `notify` peer, at once.
    case accepted(JobReport)
    /// `job.progress`: a report epoch that passed the rate limit.
    case progress(JobProgress)
    /// `job.folds` or `job.runs`: how many folds of a backtest or runs of a sweep ended, at the rate limit of
    /// `job.progress`.
    case parts(PartsProgress)
    /// `job.finished`: the ended job, with the losses of every completed epoch.
    case finished(JobReport)

    /// The job id, which is also the PUB topic.
    public var job: String {
        switch self {
        case .progress(let progress): progress.job
        case .parts(let progress): progress.job
        case .accepted(let report), .finished(let report): report.job
        }
    }

    public var method: String {
        switch self {
        case .accepted: "job.accepted"
        case .progress: "job.progress"
        case .parts(let progress): "job.\(progress.part.rawValue)"
        case .finished: "job.finished"
        }
    }

    /// The JSON-RPC notification: `{"jsonrpc": "2.0", "method", "params"}`.
    public var message: JSONValue { RPCMessage.notification(method: method, params: params) }

    public var params: JSONValue {
        switch self {
        case .progress(let progress): progress.json
        case .parts(let progress): progress.json
        case .accepted(let report), .finished(let report): report.json
        }
    }
}

/// The params of `job.progress`: `{"job", "epoch", "loss", "losses"}`, and `"validation_losses"` for a job trained
/// with validation; `"records"` (those of the same report epochs) for a job with `record`, and `"predictions"` and
/// `"state_dict"` (snapshots at `epoch`) for a job with `report`.
///
/// Invariant: `losses` is not empty. It holds the losses of the report epochs since the job's previous
/// `job.progress` (those the rate limit skipped), `epoch`'s own last, so `loss` is `losses.last`;
/// `validationLosses`, when set, the validation losses of the same epochs.
public struct JobProgress: Equatable, Sendable {
    public var job: String
    /// The 0-based index of the epoch just completed.
    public var epoch: Int
    public var losses: [Float]
    public var validationLosses: [Float]?
    /// The records of the report epochs of `losses`.
    public var records: TrainingRecords?
    /// One-step predictions of the training data with the weights after `epoch`.
    public var predictions: Predictions?
    /// The weights after `epoch`.
    public var stateDict: StateDict<Float>?

    public init(job: String, epoch: Int, losses: [Float], validationLosses: [Float]? = nil,
                records: TrainingRecords? = nil, predictions: Predictions? = nil, stateDict: StateDict<Float>? = nil) {
        precondition(!losses.isEmpty, "job.progress carries at least the loss of its own epoch")
        precondition(validationLosses.map { $0.count == losses.count } ?? true, "one validation loss per loss")
        self.job = job
        self.epoch = epoch
        self.losses = losses
        self.validationLosses = validationLosses
        self.records = records
        self.predictions = predictions
        self.stateDict = stateDict
    }

    public var loss: Float { losses[losses.count - 1] }

    public var json: JSONValue {
        var object: JSONObject = [
            "job": .string(job), "epoch": .number(Double(epoch)), "loss": .float(loss), "losses": .floats(losses),
        ]
        if let validationLosses { object["validation_losses"] = .floats(validationLosses) }
        if let records { object["records"] = RecordsCoding.json(records) }
        if let predictions { object["predictions"] = predictions.json["predictions"] }
        if let stateDict { object["state_dict"] = StateDictCoding.json(stateDict) }
        return .object(object)
    }
}
