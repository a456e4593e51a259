/// Forecast accuracy per target column, computed in Double from float32 forecasts.
///
/// Over n pairs (actual y, forecast ŷ) of one column:
/// - MAE = Σ|y − ŷ| / n
/// - RMSE = √(Σ(y − ŷ)² / n)
/// - sMAPE = Σ 2|y − ŷ| / max(|y| + |ŷ|, ε) / n, a fraction (sktime's symmetric mean absolute percentage error,
///   ε = Double's machine epsilon, so a pair with y = ŷ = 0 adds 0)
/// - MASE = MAE / s, where s is the in-sample MAE of the naive one-step forecast ŷ_t = y_{t−1} on the data the model
///   was trained on (`naiveMAE`); nil when s is unknown or 0.
public struct ForecastMetrics: Equatable, Sendable {
    public var mae: [Double]
    public var rmse: [Double]
    public var smape: [Double]
    public var mase: [Double?]

    public init(mae: [Double], rmse: [Double], smape: [Double], mase: [Double?]) {
        self.mae = mae
        self.rmse = rmse
        self.smape = smape
        self.mase = mase
    }

    /// The in-sample MAE of the naive one-step forecast per target column: the mean over every sequence b and
    /// step t ≥ 1 of |y[b][t][c] − y[b][t−1][c]|, for each target column c in order. The MASE's scale.
    /// Each column's sum runs in the order `MetricsAccumulator` would (sequences, then steps), over the flat values:
    /// on a 10⁶-point series a row array per step was a quarter of the worker's own time.
    public static func naiveMAE(_ data: TrainingSequences) -> [Double] {
        let batch = data.batch, width = batch.width
        let sums = data.targets.map { column in
            batch.values.withUnsafeBufferPointer { values in
                var sum = 0.0
                for b in 0..<batch.count {
                    let sequence = values.baseAddress! + b * batch.length * width + column
                    for t in 1..<batch.length {
                        sum += abs(Double(sequence[t * width]) - Double(sequence[(t - 1) * width]))
                    }
                }
                return sum
            }
        }
        return sums.map { $0 / Double(batch.count * data.steps) }
    }

    /// The element-wise arithmetic mean of several metrics of the same columns (a MASE entry is nil when any is).
    /// Precondition: `all` is not empty.
    public static func mean(_ all: [ForecastMetrics]) -> ForecastMetrics {
        precondition(!all.isEmpty, "the mean of no metrics")
        let n = Double(all.count)
        func average(_ column: (ForecastMetrics) -> [Double]) -> [Double] {
            all.dropFirst().reduce(column(all[0])) { sum, next in zip(sum, column(next)).map(+) }.map { $0 / n }
        }
        let mase = all[0].mase.indices.map { c -> Double? in
            let values = all.compactMap { $0.mase[c] }
            return values.count == all.count ? values.reduce(0, +) / n : nil
        }
        return ForecastMetrics(mae: average(\.mae), rmse: average(\.rmse), smape: average(\.smape), mase: mase)
    }
}

/// Running sums of forecast errors per column, turned into `ForecastMetrics` at the end.
///
/// Invariant: every `add` gives one actual and one forecast value per column; `count` is the number of adds.
public struct MetricsAccumulator: Equatable, Sendable {
    public private(set) var count = 0
    private(set) var absoluteErrors: [Double]
    private var squaredErrors: [Double]
    private var symmetricErrors: [Double]

    public init(columns: Int) {
        absoluteErrors = Array(repeating: 0, count: columns)
        squaredErrors = absoluteErrors
        symmetricErrors = absoluteErrors
    }

    /// Adds one row of pairs: `actual[c]` and `forecast[c]` for every column c.
    public mutating func add(actual: [Float], forecast: [Float]) {
        precondition(actual.count == absoluteErrors.count && forecast.count == absoluteErrors.count,
                     "one actual and one forecast value per column")
        for c in absoluteErrors.indices {
            let y = Double(actual[c]), yHat = Double(forecast[c]), error = abs(y - yHat)
            absoluteErrors[c] += error
            squaredErrors[c] += error * error
            symmetricErrors[c] += 2 * error / max(abs(y) + abs(yHat), Double.ulpOfOne)
        }
        count += 1
    }

    /// The metrics of everything added, MASE against `naiveMAE` (nil, or a zero entry, gives a nil MASE).
    /// Precondition: at least one row was added.
    public func metrics(naiveMAE: [Double]?) -> ForecastMetrics {
        precondition(count > 0, "metrics of no forecasts")
        let n = Double(count)
        let mae = absoluteErrors.map { $0 / n }
        let mase = mae.indices.map { c -> Double? in
            guard let scale = naiveMAE?[c], scale > 0 else { return nil }
            return mae[c] / scale
        }
        return ForecastMetrics(mae: mae, rmse: squaredErrors.map { ($0 / n).squareRoot() },
                               smape: symmetricErrors.map { $0 / n }, mase: mase)
    }
}
