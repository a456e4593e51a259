import ElmanCore
import ElmanJSON
import ElmanProtocol

/// What training and inference threads tell the socket loop.
enum TrainingEvent: Sendable {
    /// A training thread took `job` from the queue.
    case started(job: String)
    /// Report epoch `epoch` (0-based) of a job ended: the `job.progress` to tell (`losses` are the total losses of
    /// the report epochs since the previous progress event of the job, `epoch`'s last: report epochs are the
    /// multiples of `report_every`; their validation losses and records, and snapshots, as the job asked).
    case progress(JobProgress)
    /// `job` ended; `parameters` are the model's weights after it (see ElmanCore for cancelled and diverged jobs),
    /// `validation` what validation recorded, for a job with validation, `records` its records, for one with
    /// `record`.
    case finished(job: String, parameters: ModelParameters, result: TrainingResult, validation: ValidationResult?,
                  records: TrainingRecords?)
    /// A work item of backtest `job` ended: the folds it forecast (none when it was cancelled), and the epochs and
    /// engine seconds of its training.
    case foldsEnded(job: String, folds: [BacktestFold], epochs: Int, seconds: Double)
    /// A work item of sweep `job` ended: its runs' results.
    case runsEnded(job: String, runs: [SweepRunEnd])
    /// The inference work under `ticket` (`InferenceWork`) ended with this answer.
    case inferred(ticket: String, answer: InferenceAnswer)
}

/// A many-producer, one-consumer queue from training and inference threads to the socket loop, which owns every
/// ZeroMQ socket. `post` appends under a lock (`Locked`) and wakes the loop through `wakeup`; the loop takes
/// everything with `drain`.
final class Mailbox: Sendable {
    let wakeup = Wakeup()
    private let events = Locked<[TrainingEvent]>([])

    func post(_ event: TrainingEvent) {
        events.withLock { $0.append(event) }
        wakeup.signal()
    }

    func drain() -> [TrainingEvent] {
        wakeup.drain()
        return events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
