/// The work items of a job that the training threads run in parts (a backtest's fits, a sweep's runs), as the
/// socket loop counts them. Invariant: the job ends exactly when `pending` reaches 0 (every item reported, or was
/// taken out of the queue by a cancel).
struct WorkItems {
    var pending: Int
    /// Epochs trained and engine seconds, summed over the items that ended.
    private(set) var epochs = 0
    private(set) var seconds = 0.0
    /// The job's progress notifications are rate-limited like a training's (`ProgressThrottle`).
    private var throttle = ProgressThrottle(start: .now)

    init(pending: Int) { self.pending = pending }

    /// Records an item's end.
    mutating func record(epochs: Int, seconds: Double) {
        self.epochs += epochs
        self.seconds += seconds
        pending -= 1
    }

    /// Whether a progress notification may be published now.
    mutating func admitsProgress() -> Bool { throttle.admits(at: .now) }
}
