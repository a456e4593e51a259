import ElmanJSON

/// The params of `job.folds` and `job.runs`: how many parts of a job trained in parts ended, out of all —
/// `{"job", "folds_done", "folds"}` for a backtest's folds, `{"job", "runs_done", "runs"}` for a sweep's runs.
public struct PartsProgress: Equatable, Sendable {
    /// The parts a job is made of; the raw value names them in the notification (`job.<part>`, `<part>_done`).
    public enum Part: String, Sendable {
        case folds, runs
    }

    public var job: String
    public var part: Part
    public var done: Int
    public var total: Int

    public init(job: String, part: Part, done: Int, total: Int) {
        self.job = job
        self.part = part
        self.done = done
        self.total = total
    }

    public var json: JSONValue {
        .object(["job": .string(job), "\(part.rawValue)_done": .number(Double(done)),
                 part.rawValue: .number(Double(total))])
    }
}
