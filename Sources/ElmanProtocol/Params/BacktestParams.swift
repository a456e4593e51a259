import ElmanCore
import ElmanJSON

/// `backtest`: `train`'s params (every one, with the same defaults and rules; `data` is the series backtested)
/// plus `initial` (required, ≥ 2), `step` (≥ 1, default 1), `horizon` (required, ≥ 1), `window` ("expanding", the
/// default, or "sliding") and `refit` (default true). See `BacktestPlan` for the folds.
///
/// `validation`, `early_stopping`, `record` and `report` are refused (-32602 naming the member); with `scaler`, each
/// fit fits its own scaler on its training rows (`BacktestWork`).
/// The data must be one sequence (`series`, `sine`, or `sequences` of one) whose every column is a target, in order:
/// forecasts are fed back as inputs. Refused with -32602 naming the member: a horizon that leaves no room for two
/// training rows (horizon > T − 2), an `initial` that leaves no fold (initial + horizon > T); more than
/// `max_folds` folds is -32004.
public struct BacktestParams: Equatable, Sendable {
    public var train: TrainParams
    public var plan: BacktestPlan

    static let members = ["initial", "step", "horizon", "window", "refit"]

    public init(_ params: JSONObject, limits: Limits) throws {
        var trainMembers = params
        for name in Self.members { trainMembers[name] = nil }
        var reader = ParamReader(JSONObject(params.filter { Self.members.contains($0.key) }.map { ($0.key, $0.value) }))
        guard let initial = try reader.int("initial", minimum: 2) else {
            throw RPCError.invalidParams("initial", "is required")
        }
        let step = try reader.int("step", minimum: 1) ?? 1
        guard let horizon = try reader.int("horizon", minimum: 1) else {
            throw RPCError.invalidParams("horizon", "is required")
        }
        let window = try reader.string("window").map { name in
            guard let window = BacktestPlan.Window(rawValue: name) else {
                throw RPCError.invalidParams("window", "must be expanding or sliding")
            }
            return window
        } ?? .expanding
        let refit = try reader.bool("refit") ?? true
        train = try TrainParams(trainMembers, limits: limits)
        for (name, given) in [("validation", train.validation != nil), ("record", params["record"] != nil),
                              ("report", params["report"] != nil)] where given {
            throw RPCError.invalidParams(name, "is not supported by backtest (folds hold out their own future)")
        }
        let data = train.data
        guard data.batch.count == 1 else {
            throw RPCError.invalidParams("data", "a backtest takes one series, got \(data.batch.count) sequences")
        }
        guard data.targets == Array(0..<data.inputSize) else {
            throw RPCError.invalidParams("data.targets", "a backtest feeds forecasts back as inputs: every column "
                + "must be a target, in order")
        }
        let rows = data.batch.length
        guard horizon <= rows - 2 else {
            throw RPCError.invalidParams("horizon", "is \(horizon) but the data's \(counted(rows, "row")) allow at "
                + "most \(rows - 2) (a fold trains on at least 2 rows before its origin)")
        }
        let folds = BacktestPlan.foldCount(rows: rows, initial: initial, step: step, horizon: horizon)
        guard folds >= 1 else {
            throw RPCError.invalidParams("initial", "is \(initial) and leaves no fold: initial + horizon must be at "
                + "most the data's \(rows) rows")
        }
        guard folds <= limits.maxFolds else {
            throw RPCError.limitExceeded("max_folds", value: folds, max: limits.maxFolds)
        }
        plan = BacktestPlan(rows: rows, initial: initial, step: step, horizon: horizon, window: window, refit: refit)
    }
}
