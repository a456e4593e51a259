import ElmanCore
import ElmanProtocol

/// A backtest job's progress on the socket loop: its plan, the folds ended so far, and the work items still queued
/// or running. Invariant: the job ends exactly when `pendingWork` reaches 0 (every item reported, or was taken out
/// of the queue by a cancel).
struct BacktestState {
    let plan: BacktestPlan
    var pendingWork: Int
    private(set) var done: [BacktestFold] = []
    /// Epochs trained and engine seconds, summed over the work items that ended.
    private(set) var epochs = 0
    private(set) var seconds = 0.0
    /// `job.progress` of a backtest is rate-limited like a training's (`ProgressThrottle`).
    private var throttle = ProgressThrottle(start: .now)

    init(plan: BacktestPlan, pendingWork: Int) {
        self.plan = plan
        self.pendingWork = pendingWork
    }

    /// Records a work item's end.
    mutating func record(_ folds: [BacktestFold], epochs: Int, seconds: Double) {
        done += folds
        self.epochs += epochs
        self.seconds += seconds
        pendingWork -= 1
    }

    /// Whether a `job.progress` may be published now.
    mutating func admitsProgress() -> Bool { throttle.admits(at: .now) }
}
