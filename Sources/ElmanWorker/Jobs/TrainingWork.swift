import ElmanCore
import Synchronization

/// A cancellation request shared between the socket loop (which sets it) and a training thread (which reads it
/// between epochs).
final class CancelFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Everything a training thread needs for one job; it owns its own copy of the weights.
struct TrainingWork: Sendable {
    let job: String
    let weights: ElmanWeights
    let series: [Float]
    let options: TrainingOptions
    let cancel: CancelFlag

    /// Trains and reports through `mailbox`: `started`, progress at report epochs (every `report_every` epochs,
    /// thinned out by a `ProgressThrottle` to at most one per 50 ms), then `finished`.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        var trained = weights
        var throttle = ProgressThrottle()
        let result = train(
            &trained, series: series, options: options,
            progress: { epoch, loss in
                guard throttle.admits(at: .now) else { return }
                mailbox.post(.progress(job: job, epoch: epoch, loss: loss))
            },
            isCancelled: { cancel.isRaised })
        mailbox.post(.finished(job: job, weights: trained, result: result))
    }
}
