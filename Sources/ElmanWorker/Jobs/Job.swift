import ElmanCore
import ElmanProtocol

/// A training job as the socket loop knows it (PROTOCOL.md, "job").
final class Job {
    let id: String
    let model: String
    let epochs: Int
    let cancel = CancelFlag()
    var state: JobState = .queued
    /// Epochs completed as last reported; the whole count once ended.
    var epoch = 0
    var losses: [Float] = []
    var seconds = 0.0
    var divergedEpoch: Int?
    /// Set for a job trained with validation.
    var validation: ValidationReport?

    init(id: String, model: String, epochs: Int, validation: Validation?) {
        self.id = id
        self.model = model
        self.epochs = epochs
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

    /// The job as the protocol reports it; `job.list` leaves the losses out.
    func report(withLosses: Bool = true) -> JobReport {
        JobReport(job: id, model: model, state: state, epoch: epoch, epochs: epochs,
                  losses: withLosses ? losses : nil, seconds: seconds, divergedEpoch: divergedEpoch,
                  validation: validation)
    }
}
