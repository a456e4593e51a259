import ElmanJSON

/// The result of `predict`: `{"predictions": …}`, one prediction per input step; `predictions[i]` follows input
/// row i. For one sequence: a flat list of numbers when the model has one output (as for the seed), rows of
/// outputs otherwise; for `data.sequences`, a list with one such value per sequence.
public struct Predictions: Equatable, Sendable {
    /// B × steps × O.
    public var outputs: [[[Float]]]
    public var isBatch: Bool

    public init(_ outputs: [[[Float]]], isBatch: Bool) {
        self.outputs = outputs
        self.isBatch = isBatch
    }

    /// One sequence of one output.
    public init(_ predictions: [Float]) { self.init([predictions.map { [$0] }], isBatch: false) }

    /// With `return: ["hidden"]`: every step's h of every layer, B × steps × L × H; nil otherwise.
    public var hidden: [[[[Float]]]]?
    /// With `return: [..., "cell"]`: every step's LSTM cell state of every layer, B × steps × L × H; nil otherwise.
    public var cell: [[[[Float]]]]?

    /// `{"predictions"}`, then `"hidden"` and `"cell"` when set, each per sequence for `data.sequences` and without
    /// that level otherwise: steps × layers × hidden_size. Each is one tensor (B first for `data.sequences`).
    public var json: JSONValue {
        let each = outputs.map(Self.flatOrRows)
        var object: JSONObject = ["predictions": .tensor(isBatch ? FloatTensor(stacking: each) : each[0])]
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

    /// A vector when every row has one value, a matrix of the rows otherwise.
    static func flatOrRows(_ rows: [[Float]]) -> FloatTensor {
        rows.allSatisfy { $0.count == 1 }
            ? FloatTensor(rows.map { $0[0] }) : FloatTensor(rows: rows, width: rows[0].count)
    }
}

/// The result of `generate`: `{"values": …}`, the `steps` outputs that follow `prime`: numbers for one column, rows
/// otherwise.
public struct GeneratedValues: Equatable, Sendable {
    /// steps × O.
    public var values: [[Float]]

    public init(_ values: [[Float]]) { self.values = values }

    /// One column.
    public init(_ values: [Float]) { self.init(values.map { [$0] }) }

    public var json: JSONValue { ["values": .tensor(Predictions.flatOrRows(values))] }
}
