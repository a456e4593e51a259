/// Rolling-origin evaluation of one series of T rows (PROTOCOL.md, "backtest"): which rows each fold trains on
/// and forecasts from.
///
/// Origins are o_i = initial + i·step for i = 0 … n − 1, every one with o_i + horizon ≤ T, so
/// n = ⌊(T − horizon − initial) / step⌋ + 1. Fold i forecasts rows o_i … o_i + horizon − 1 free-running, after
/// teacher-forcing over the rows of its window: 0 … o_i − 1 (`expanding`) or o_i − initial … o_i − 1 (`sliding`).
/// With `refit`, fold i's model is trained from the common initialisation on its window; without, one model trained
/// on rows 0 … initial − 1 forecasts every origin. No fold reads a row at or after its origin.
///
/// Invariants: initial ≥ 2, step ≥ 1, horizon ≥ 1, initial + horizon ≤ rows (at least one fold).
public struct BacktestPlan: Equatable, Sendable {
    public enum Window: String, Equatable, Sendable, CaseIterable {
        case expanding, sliding
    }

    public let rows: Int
    public let initial: Int
    public let step: Int
    public let horizon: Int
    public let window: Window
    public let refit: Bool

    public init(rows: Int, initial: Int, step: Int, horizon: Int, window: Window, refit: Bool) {
        precondition(initial >= 2 && step >= 1 && horizon >= 1 && initial + horizon <= rows,
                     "a backtest needs initial ≥ 2, step ≥ 1, horizon ≥ 1 and one fold")
        self.rows = rows
        self.initial = initial
        self.step = step
        self.horizon = horizon
        self.window = window
        self.refit = refit
    }

    /// How many folds `initial`, `step` and `horizon` leave in `rows` rows (0 when initial + horizon > rows).
    public static func foldCount(rows: Int, initial: Int, step: Int, horizon: Int) -> Int {
        rows - horizon < initial ? 0 : (rows - horizon - initial) / step + 1
    }

    /// o_0, o_1, …: the first row each fold forecasts.
    public var origins: [Int] {
        Array(stride(from: initial, through: rows - horizon, by: step))
    }

    /// The first row of the window ending before `origin`.
    public func windowStart(_ origin: Int) -> Int { window == .expanding ? 0 : origin - initial }

    /// The rows the model forecasting from `origin` is trained on.
    public func trainingRows(_ origin: Int) -> Range<Int> { refit ? windowStart(origin)..<origin : 0..<initial }
}

/// One fold's outcome: its origin, the `horizon` forecasts (horizon × O) of rows origin … origin + horizon − 1 and
/// their metrics (MASE against the naive scale of the fold's training rows), and how its model's training went.
public struct BacktestFold: Equatable, Sendable {
    public var origin: Int
    public var forecast: [[Float]]
    public var metrics: ForecastMetrics
    /// Epochs its model trained (the shared model's without refit).
    public var epochs: Int
    /// The epoch whose loss was not finite when its training diverged (the fold then forecasts with the weights of
    /// the last finite epoch), else nil.
    public var divergedEpoch: Int?

    public init(origin: Int, forecast: [[Float]], metrics: ForecastMetrics, epochs: Int, divergedEpoch: Int?) {
        self.origin = origin
        self.forecast = forecast
        self.metrics = metrics
        self.epochs = epochs
        self.divergedEpoch = divergedEpoch
    }

    /// Scores the forecasts of a model trained on `rows[training]` made from each of `origins` under `plan`;
    /// `rows` is the whole series (T × D), `targets` every column in order (the forecasts are fed back).
    public static func forecast(
        _ runner: StepRunner, rows: [[Float]], origins: [Int], plan: BacktestPlan, training: Range<Int>,
        result: TrainingResult
    ) -> [BacktestFold] {
        let trainingRows = try! TrainingSequences(sequences: [Array(rows[training])], targets: Array(rows[0].indices))
        let naive = ForecastMetrics.naiveMAE(trainingRows)
        let forecasts = Forecasts.freeRunning(runner, rows: rows, origins: origins, horizon: plan.horizon,
                                              start: plan.windowStart)
        var diverged: Int?
        if case .diverged(let epoch) = result.outcome { diverged = epoch }
        return zip(origins, forecasts).map { origin, forecast in
            var sums = MetricsAccumulator(columns: forecast[0].count)
            for (k, values) in forecast.enumerated() { sums.add(actual: rows[origin + k], forecast: values) }
            return BacktestFold(origin: origin, forecast: forecast, metrics: sums.metrics(naiveMAE: naive),
                                epochs: result.losses.count, divergedEpoch: diverged)
        }
    }
}
