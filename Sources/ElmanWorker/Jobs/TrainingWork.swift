import ElmanCore
import ElmanProtocol
import Synchronization

/// A cancellation request shared between the socket loop (which sets it) and a training thread (which reads it
/// between epochs).
final class CancelFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Everything a training thread needs for one job; it owns its own copy of the weights. `data` and `validation`
/// are in the model's scaled units when it has a `scaler`.
struct TrainingWork: Sendable {
    let job: String
    let parameters: ModelParameters
    let data: TrainingSequences
    let validation: Validation?
    let options: NetworkTrainingOptions
    /// The seed's options when the job is of the seed's kind (`TrainParams.fastPathOptions`).
    let fastPath: TrainingOptions?
    let cancel: CancelFlag
    /// What to record after every epoch and which snapshots progress reports carry (`train`'s `record`, `report`).
    var record: Set<TrainingRecord> = []
    var report: Set<ProgressSnapshot> = []
    /// The model's scaler, which the snapshots' predictions are unscaled with.
    var scaler: Scaler?
    /// Whether the data came as `sequences`, for the shape of the snapshots' predictions.
    var isBatch = false

    /// Trains and reports through `mailbox`: `started`, progress at report epochs (every `report_every` epochs,
    /// thinned out by a `ProgressThrottle` to at most one per 50 ms), then `finished`.
    ///
    /// A progress event carries the losses (and validation losses, and records) of every report epoch since the
    /// previous one it posted, so a client can print the seed's `Epoch: N loss X` lines live, complete and in order,
    /// whatever the throttle dropped; and the snapshots `report` asks for, taken on this thread only for the events
    /// posted.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        var throttle = ProgressThrottle(start: .now)
        var unposted: [Float] = [], unpostedValidation: [Float] = [], unpostedRecords = TrainingRecords(record)
        let progress = { (epoch: Int, loss: Float, validationLoss: Float?, records: TrainingRecords?,
                          weights: () -> StateDict<Float>) in
            unposted.append(loss)
            if let validationLoss { unpostedValidation.append(validationLoss) }
            if let records { unpostedRecords.appendLast(of: records) }
            guard throttle.admits(at: .now) else { return }
            var progress = JobProgress(job: job, epoch: epoch, losses: unposted,
                                       validationLosses: validation == nil ? nil : unpostedValidation,
                                       records: record.isEmpty ? nil : unpostedRecords)
            if !report.isEmpty { snapshot(weights(), into: &progress) }
            mailbox.post(.progress(progress))
            unposted.removeAll(keepingCapacity: true)
            unpostedValidation.removeAll(keepingCapacity: true)
            unpostedRecords.removeAll()
        }
        let (trained, result, validated, records) = trainedOnItsPath(progress: progress)
        mailbox.post(.finished(job: job, parameters: trained, result: result, validation: validated,
                               records: records))
    }

    /// The snapshots `report` asks for, from `weights`: the state_dict, and the teacher-forced predictions of the
    /// training data in the user's units (left out when they leave float32 once unscaled).
    private func snapshot(_ weights: StateDict<Float>, into progress: inout JobProgress) {
        if report.contains(.weights) { progress.stateDict = weights }
        guard report.contains(.predictions) else { return }
        let inputs = data.batch.prefix(rows: data.steps)
        var outputs: SequenceBatch? = ModelParameters(weights).predict(inputs)
        if let scaler { outputs = outputs.flatMap(scaler.unscaledOutputs) }
        guard let outputs, outputs.values.allSatisfy(\.isFinite) else { return }
        progress.predictions = Predictions(outputs, isBatch: isBatch)
    }

    /// The one place that picks the path (only the recording path gives `progress` the weights: a job with `report`
    /// takes it): a job with validation trains on the general networks' fast path
    /// (`FastNetwork.train(_:data:validation:…)`, a seed-kind model as the equivalent general network); a job that
    /// records or reports on the same path with its records (`FastNetwork.train(_:data:options:recording:…)`);
    /// every other job where `ModelParameters.trained` puts it (the seed's fast path for a job and network of the
    /// seed's kind, the general networks' fast path otherwise). A sweep's runs train here too (`SweepWork`).
    func trainedOnItsPath(
        progress: (_ epoch: Int, _ loss: Float, _ validationLoss: Float?, _ records: TrainingRecords?,
                   _ weights: () -> StateDict<Float>) -> Void
    ) -> (ModelParameters, TrainingResult, ValidationResult?, TrainingRecords?) {
        let isCancelled = { cancel.isRaised }
        let noSnapshots: () -> StateDict<Float> = {
            preconditionFailure("a job with report trains on the recording path")
        }
        var stateDict = parameters.stateDict
        if let validation {
            let (result, validated) = FastNetwork.train(
                &stateDict, data: data, validation: validation, options: options,
                progress: { epoch, loss, validationLoss in progress(epoch, loss, validationLoss, nil, noSnapshots) },
                isCancelled: isCancelled)
            return (ModelParameters(stateDict), result, validated, nil)
        }
        if !record.isEmpty || !report.isEmpty {
            let (result, records) = FastNetwork.train(
                &stateDict, data: data, options: options, recording: record,
                progress: { epoch, loss, records, weights in
                    withoutActuallyEscaping(weights) { progress(epoch, loss, nil, records, $0) }
                }, isCancelled: isCancelled)
            return (ModelParameters(stateDict), result, nil, record.isEmpty ? nil : records)
        }
        let (trained, result) = parameters.trained(
            on: data, options: options, fastPath: fastPath, progress: { progress($0, $1, nil, nil, noSnapshots) },
            isCancelled: isCancelled)
        return (trained, result, nil, nil)
    }
}
