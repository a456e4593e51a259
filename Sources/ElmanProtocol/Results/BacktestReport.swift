import ElmanCore
import ElmanJSON

/// What a backtest job adds to the job object (PROTOCOL.md, "backtest"): `"folds"` (how many the plan has) and
/// `"folds_done"`, and once the job has ended (except in `job.list`) `"result"`: `{"horizon", "window", "refit",
/// "folds": [fold, … by origin], "mean": metrics | null}`, where a fold is `{"origin", "forecast", "metrics",
/// "epochs"}` (and `"diverged_epoch"` when its training diverged), `forecast` numbers for one column and rows
/// otherwise, and `mean` the element-wise mean of the folds' metrics (null when no fold ended: a job cancelled
/// early).
public struct BacktestReport: Equatable, Sendable {
    public var plan: BacktestPlan
    /// The folds that ended, by origin.
    public var done: [BacktestFold]
    /// Whether to include `result`.
    public var withResult: Bool

    public init(plan: BacktestPlan, done: [BacktestFold], withResult: Bool) {
        self.plan = plan
        self.done = done
        self.withResult = withResult
    }

    /// The members added to the job object.
    public var members: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("folds", .number(Double(plan.origins.count))), ("folds_done", .number(Double(done.count))),
        ]
        guard withResult else { return members }
        let folds = done.map { fold -> JSONValue in
            var object: JSONObject = [
                "origin": .number(Double(fold.origin)), "forecast": .tensor(Predictions.flatOrRows(fold.forecast)),
                "metrics": MetricsCoding.json(fold.metrics), "epochs": .number(Double(fold.epochs)),
            ]
            if let epoch = fold.divergedEpoch { object["diverged_epoch"] = .number(Double(epoch)) }
            return .object(object)
        }
        let mean = done.isEmpty ? JSONValue.null : MetricsCoding.json(ForecastMetrics.mean(done.map(\.metrics)))
        members.append(("result", [
            "horizon": .number(Double(plan.horizon)), "window": .string(plan.window.rawValue),
            "refit": .bool(plan.refit), "folds": .array(folds), "mean": mean,
        ]))
        return members
    }
}
