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
    ///
    /// A progress event carries the losses of every report epoch since the previous one it posted, so a client
    /// can print the seed's `Epoch: N loss X` lines live, complete and in order, whatever the throttle dropped.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        var trained = weights
        var throttle = ProgressThrottle(start: .now)
        var unposted: [Float] = []
        let result = train(
            &trained, series: series, options: options,
            progress: { epoch, loss in
                unposted.append(loss)
                guard throttle.admits(at: .now) else { return }
                mailbox.post(.progress(job: job, epoch: epoch, losses: unposted))
                unposted.removeAll(keepingCapacity: true)
            },
            isCancelled: { cancel.isRaised })
        mailbox.post(.finished(job: job, weights: trained, result: result))
    }
}
