import ElmanCore
import ElmanJSON

/// The result of `predict`: `{"predictions": …}`, one prediction per input step; `predictions[i]` follows input
/// row i. For one sequence: a flat list of numbers when the model has one output (as for the seed), rows of
/// outputs otherwise; for `data.sequences`, a list with one such value per sequence.
public struct Predictions: Equatable, Sendable {
    /// B × steps × O, flat.
    public var outputs: SequenceBatch
    public var isBatch: Bool

    public init(_ outputs: SequenceBatch, isBatch: Bool) {
        self.outputs = outputs
        self.isBatch = isBatch
    }

    /// With `return: ["hidden"]`: every step's h of every layer, B × steps × L × H; nil otherwise.
    public var hidden: [[[[Float]]]]?
    /// With `return: [..., "cell"]`: every step's LSTM cell state of every layer, B × steps × L × H; nil otherwise.
    public var cell: [[[[Float]]]]?

    /// `{"predictions"}`, then `"hidden"` and `"cell"` when set, each per sequence for `data.sequences` and without
    /// that level otherwise: steps × layers × hidden_size. Each is one tensor (B first for `data.sequences`).
    public var json: JSONValue {
        var object: JSONObject = ["predictions": .tensor(Self.tensor(outputs, isBatch: isBatch))]
        for (name, states) in [("hidden", hidden), ("cell", cell)] {
            guard let states else { continue }
            let perSequence = states.map { steps in
                let layers = steps.first?.count ?? 0, size = steps.first?.first?.count ?? 0
                return FloatTensor(shape: [steps.count, layers, size], values: steps.flatMap { $0.flatMap { $0 } })
            }
            object[name] = .tensor(isBatch ? FloatTensor(stacking: perSequence) : perSequence[0])
        }
        return .object(object)
    }

    /// The tensor of `batch`'s values as they are (no copy): B first when `isBatch` (otherwise B = 1 and there is
    /// no such level), then the steps, then the row's values unless rows have one value or there are none (so one
    /// column is a list of numbers, as for the seed).
    static func tensor(_ batch: SequenceBatch, isBatch: Bool) -> FloatTensor {
        precondition(isBatch || batch.count == 1, "one sequence unless a batch")
        let rows = batch.width == 1 || batch.length == 0 ? [batch.length] : [batch.length, batch.width]
        return FloatTensor(shape: (isBatch ? [batch.count] : []) + rows, values: batch.values)
    }

    /// Rows of one width as `tensor` writes one sequence: a vector when they have one value, a matrix otherwise.
    static func flatOrRows(_ rows: [[Float]]) -> FloatTensor {
        tensor(SequenceBatch(nested: [rows], width: rows.first?.count ?? 1), isBatch: false)
    }
}

/// The result of `generate`: `{"values": …}`, the `steps` outputs that follow `prime`: numbers for one column, rows
/// otherwise.
public struct GeneratedValues: Equatable, Sendable {
    /// steps × O: one sequence, flat.
    public var values: SequenceBatch

    public init(_ values: SequenceBatch) { self.values = values }

    public var json: JSONValue { ["values": .tensor(Predictions.tensor(values, isBatch: false))] }
}
