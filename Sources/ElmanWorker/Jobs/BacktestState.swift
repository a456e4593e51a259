import ElmanCore
import ElmanProtocol

/// A backtest job's progress on the socket loop: its plan and the folds ended so far (its work items are counted
/// by the job's `WorkItems`).
struct BacktestState {
    let plan: BacktestPlan
    private(set) var done: [BacktestFold] = []

    init(plan: BacktestPlan) { self.plan = plan }

    /// Records the folds a work item forecast.
    mutating func record(_ folds: [BacktestFold]) { done += folds }
}
