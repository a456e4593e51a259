/// Which of a job's report epochs become `job.progress` notifications: at most one per `interval`, so at most 20
/// a second per job, about as often as a person can see a progress bar move (PROTOCOL.md, "Notifications").
///
/// A report is admitted only when at least `interval` has passed since the job started training or since the last
/// admitted one, otherwise it is dropped (its loss travels with the next admitted one, see `TrainingWork`). So a
/// job shorter than `interval` publishes no progress at all, and the first notification of a longer one comes
/// `interval` after its start, by when a client that subscribed on reading `train`'s reply has its subscription
/// in place (a PUB drops what it sends before a subscription reaches it): that notification carries every report
/// epoch from epoch 0 on. `job.finished`, which carries every epoch's loss, is not throttled.
///
/// Invariant: admitted reports are at least `interval` apart on the monotonic clock and the first is `interval`
/// after the start, so a job that ran for `t` seconds published at most t / interval of them. The training thread keeps one throttle per job and asks
/// it at report epochs only, so the clock is read no more often than reports are made.
struct ProgressThrottle {
    /// The shortest time between two published `job.progress` notifications of one job.
    static let interval: Duration = .milliseconds(50)

    private var lastAdmitted: ContinuousClock.Instant

    /// A throttle for a job that starts training at `start`.
    init(start: ContinuousClock.Instant) { lastAdmitted = start }

    /// Whether the report made at `now` is to be published; if so, it becomes the last admitted one.
    mutating func admits(at now: ContinuousClock.Instant) -> Bool {
        guard now - lastAdmitted >= Self.interval else { return false }
        lastAdmitted = now
        return true
    }
}
