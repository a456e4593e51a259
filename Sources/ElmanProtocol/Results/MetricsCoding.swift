import ElmanCore
import ElmanJSON

/// Forecast metrics on the wire: `{"mae": [..], "rmse": [..], "smape": [..], "mase": [.. | null]}`, one entry per
/// target column, in the order of the data's targets; a MASE entry is null where the model has no naive scale.
public enum MetricsCoding {
    public static func json(_ metrics: ForecastMetrics) -> JSONValue {
        [
            "mae": numbers(metrics.mae), "rmse": numbers(metrics.rmse), "smape": numbers(metrics.smape),
            "mase": .array(metrics.mase.map { $0.map(JSONValue.number) ?? .null }),
        ]
    }

    /// Numbers as they are (a model's naive scale, `ForecastMetrics.naiveMAE`).
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
}

/// The result of `evaluate`: `{"horizon", "origins", "one_step": metrics, "free_running": metrics | null,
/// "by_lead": [metrics per lead time 1…h] | null}` (`Evaluation`).
public struct EvaluationResult: Equatable, Sendable {
    public var evaluation: Evaluation

    public init(_ evaluation: Evaluation) { self.evaluation = evaluation }

    public var json: JSONValue {
        [
            "horizon": .number(Double(evaluation.horizon)), "origins": .number(Double(evaluation.origins)),
            "one_step": MetricsCoding.json(evaluation.oneStep),
            "free_running": evaluation.freeRunning.map(MetricsCoding.json) ?? .null,
            "by_lead": evaluation.byLead.map { .array($0.map(MetricsCoding.json)) } ?? .null,
        ]
    }
}
