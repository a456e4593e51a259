/// Which of a job's report epochs become `job.progress` notifications: at most one per `interval`, so at most 20
/// a second per job, about as often as a person can see a progress bar move (PROTOCOL.md, "Notifications").
///
/// The first report of a job (epoch 0) is always admitted; a later one only when at least `interval` has passed
/// since the last admitted one, otherwise it is dropped. `job.finished`, which carries every epoch's loss, is not
/// throttled, so a client fills the dropped epochs in from it.
///
/// Invariant: admitted reports are at least `interval` apart on the monotonic clock, so a job that ran for `t`
/// seconds published at most 1 + t / interval of them. The training thread keeps one throttle per job and asks
/// it at report epochs only, so the clock is read no more often than reports are made.
struct ProgressThrottle {
    /// The shortest time between two published `job.progress` notifications of one job.
    static let interval: Duration = .milliseconds(50)

    private var lastAdmitted: ContinuousClock.Instant?

    /// Whether the report made at `now` is to be published; if so, it becomes the last admitted one.
    mutating func admits(at now: ContinuousClock.Instant) -> Bool {
        if let lastAdmitted, now - lastAdmitted < Self.interval { return false }
        lastAdmitted = now
        return true
    }
}
