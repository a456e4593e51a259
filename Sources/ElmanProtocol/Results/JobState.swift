/// The `state` of a job (PROTOCOL.md, "job"): `queued`, then `running`, then one of the four ended states, where it
/// stays.
public enum JobState: String, Sendable {
    case queued, running, done, cancelled, diverged, failed

    /// Whether the job has ended: every state but `queued` and `running`.
    public var hasEnded: Bool { self != .queued && self != .running }
}
