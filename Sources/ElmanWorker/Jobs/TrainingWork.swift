import ElmanCore
import Synchronization

/// A cancellation request shared between the socket loop (which sets it) and a training thread (which reads it
/// between epochs).
final class CancelFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Everything a training thread needs for one job; it owns its own copy of the weights. `data` and `validation`
/// are in the model's scaled units when it has a scaler.
struct TrainingWork: Sendable {
    let job: String
    let parameters: ModelParameters
    let data: TrainingSequences
    let validation: Validation?
    let options: NetworkTrainingOptions
    /// The seed's options when the job is of the seed's kind (`TrainParams.fastPathOptions`).
    let fastPath: TrainingOptions?
    let cancel: CancelFlag

    /// Trains and reports through `mailbox`: `started`, progress at report epochs (every `report_every` epochs,
    /// thinned out by a `ProgressThrottle` to at most one per 50 ms), then `finished`.
    ///
    /// A progress event carries the losses (and validation losses) of every report epoch since the previous one it
    /// posted, so a client can print the seed's `Epoch: N loss X` lines live, complete and in order, whatever the
    /// throttle dropped.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        var throttle = ProgressThrottle(start: .now)
        var unposted: [Float] = [], unpostedValidation: [Float] = []
        let progress = { (epoch: Int, loss: Float, validationLoss: Float?) in
            unposted.append(loss)
            if let validationLoss { unpostedValidation.append(validationLoss) }
            guard throttle.admits(at: .now) else { return }
            mailbox.post(.progress(job: job, epoch: epoch, losses: unposted,
                                   validationLosses: validation == nil ? nil : unpostedValidation))
            unposted.removeAll(keepingCapacity: true)
            unpostedValidation.removeAll(keepingCapacity: true)
        }
        let (trained, result, validated) = trainedOnItsPath(progress: progress)
        mailbox.post(.finished(job: job, parameters: trained, result: result, validation: validated))
    }

    /// The one place that picks the path: a job with validation trains on the general networks' fast path
    /// (`FastNetwork.train(_:data:validation:…)`, a seed-kind model as the equivalent general network); every
    /// other job where `ModelParameters.trained` puts it (the seed's fast path for a job and network of the seed's
    /// kind, the general networks' fast path otherwise). A sweep's runs train here too (`SweepWork`).
    func trainedOnItsPath(progress: (_ epoch: Int, _ loss: Float, _ validationLoss: Float?) -> Void)
        -> (ModelParameters, TrainingResult, ValidationResult?)
    {
        let isCancelled = { cancel.isRaised }
        if let validation {
            var stateDict = parameters.stateDict
            let (result, validated) = FastNetwork.train(
                &stateDict, data: data, validation: validation, options: options,
                progress: { progress($0, $1, $2) }, isCancelled: isCancelled)
            return (ModelParameters(stateDict), result, validated)
        }
        let (trained, result) = parameters.trained(
            on: data, options: options, fastPath: fastPath, progress: { progress($0, $1, nil) },
            isCancelled: isCancelled)
        return (trained, result, nil)
    }
}
