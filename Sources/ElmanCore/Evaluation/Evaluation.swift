/// What `evaluate` measures of a model on data (PROTOCOL.md, "evaluate"), per target column.
///
/// - `oneStep`: the teacher-forced forecasts (`Forecasts.oneStep`) of rows 1…T − 1 of every sequence, pooled.
/// - `freeRunning`: for every sequence and every origin t = 1 … T − h, the h forecasts of rows t … t + h − 1
///   free-running after teacher-forcing over rows 0 … t − 1 (`Forecasts.freeRunning`), pooled over origins,
///   sequences and lead times; `byLead[k]` pools lead time k + 1 only. Nil for a network whose outputs cannot be
///   fed back (O ≠ D).
public struct Evaluation: Equatable, Sendable {
    public var horizon: Int
    public var oneStep: ForecastMetrics
    public var freeRunning: ForecastMetrics?
    public var byLead: [ForecastMetrics]?
    /// Origins per sequence (T − h), 0 without free-running.
    public var origins: Int

    /// Evaluates `runner`'s network on `sequences` (B × T × D, T ≥ 2, every sequence of the same length), scoring
    /// the columns `targets` (O of them, the network's outputs in order), MASE against `naiveMAE`.
    /// Preconditions: 1 ≤ horizon ≤ T − 1.
    public init(_ runner: StepRunner, sequences: [[[Float]]], targets: [Int], horizon: Int, naiveMAE: [Double]?,
                feedsBack: Bool) {
        let length = sequences[0].count
        precondition(length >= 2 && (1...length - 1).contains(horizon),
                     "horizon \(horizon) does not fit \(length) rows")
        self.horizon = horizon
        var oneStepSums = MetricsAccumulator(columns: targets.count)
        var pooled = oneStepSums, leads = Array(repeating: oneStepSums, count: horizon)
        let origins = feedsBack ? Array(1...length - horizon) : []
        for rows in sequences {
            for (t, forecast) in Forecasts.oneStep(runner, rows: rows).enumerated() {
                oneStepSums.add(actual: targets.map { rows[t + 1][$0] }, forecast: forecast)
            }
            let forecasts = Forecasts.freeRunning(runner, rows: rows, origins: origins, horizon: horizon)
            for (origin, path) in zip(origins, forecasts) {
                for (k, forecast) in path.enumerated() {
                    let actual = targets.map { rows[origin + k][$0] }
                    pooled.add(actual: actual, forecast: forecast)
                    leads[k].add(actual: actual, forecast: forecast)
                }
            }
        }
        oneStep = oneStepSums.metrics(naiveMAE: naiveMAE)
        freeRunning = feedsBack ? pooled.metrics(naiveMAE: naiveMAE) : nil
        byLead = feedsBack ? leads.map { $0.metrics(naiveMAE: naiveMAE) } : nil
        self.origins = origins.count
    }
}
