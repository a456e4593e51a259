import ElmanCore
import ElmanProtocol

/// A training, backtest or sweep job as the socket loop knows it (PROTOCOL.md, "job").
final class Job {
    let id: String
    /// The model a training job trains; nil for a backtest or a sweep.
    let model: String?
    /// Epochs asked for: of every fit, for a backtest; of every run, for a sweep.
    let epochs: Int
    /// The naive scale of a training job's data (`ModelRecord.naiveMAE`), given to the model once an epoch completed.
    let naiveMAE: [Double]?
    let cancel = CancelFlag()
    var state: JobState = .queued
    /// Epochs completed as last reported; the whole count once ended.
    var epoch = 0
    var losses: [Float] = []
    var seconds = 0.0
    var divergedEpoch: Int?
    /// Set for a job trained in several work items (a backtest, a sweep): those not yet ended.
    var items: WorkItems?
    /// Set for a backtest job: its plan and the folds ended so far.
    var backtest: BacktestState?
    /// Set for a sweep job: its runs.
    var sweep: SweepState?
    /// Set for a job trained with validation.
    var validation: ValidationReport?
    /// Set for a job with `record`: empty lists until it ends, then one entry per completed epoch.
    var records: TrainingRecords?

    init(id: String, model: String?, epochs: Int, naiveMAE: [Double]?, validation: Validation?) {
        self.id = id
        self.model = model
        self.epochs = epochs
        self.naiveMAE = naiveMAE
        self.validation = validation.map { ValidationReport(earlyStopping: $0.earlyStopping != nil) }
    }

    /// Records the engine's result; the job has ended afterwards.
    func finish(with result: TrainingResult, validation recorded: ValidationResult?) {
        if let recorded { validation?.result = recorded }
        losses = result.losses
        seconds = result.seconds
        epoch = result.losses.count
        switch result.outcome {
        case .completed: state = .done
        case .cancelled: state = .cancelled
        case .diverged(let at):
            state = .diverged
            divergedEpoch = at
        }
    }

    /// Records the end of a job trained in work items: cancelled if it was asked to stop, done otherwise.
    func finishItems() {
        state = cancel.isRaised ? .cancelled : .done
        seconds = items?.seconds ?? 0
    }

    /// The job as the protocol reports it; `job.list` leaves the losses (and a backtest's or sweep's result) out.
    func report(withLosses: Bool = true) -> JobReport {
        JobReport(job: id, model: model, state: state, epoch: epoch, epochs: epochs,
                  losses: withLosses ? losses : nil, seconds: seconds, divergedEpoch: divergedEpoch,
                  backtest: backtest.map { BacktestReport(plan: $0.plan, done: $0.done.sorted { $0.origin < $1.origin },
                                                          withResult: withLosses && state.hasEnded) },
                  sweep: sweep?.report(withResult: withLosses && state.hasEnded), validation: validation,
                  records: records)
    }
}
