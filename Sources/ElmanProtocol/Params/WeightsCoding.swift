import ElmanCore
import ElmanJSON

/// Weights on the wire, in PyTorch's layout as nested lists: `w1` is `hidden_size + 1` rows of `hidden_size`
/// numbers (row 0 multiplies the input), `w2` is `hidden_size` rows of one number — what `tensor.tolist()` gives.
/// Either may be a tensor of that shape instead (a buffer placeholder's); replies build them as tensors.
public enum WeightsCoding {
    public static func json(_ weights: ElmanWeights) -> JSONValue {
        let hidden = weights.hiddenSize
        return [
            "w1": .tensor(FloatTensor(shape: [hidden + 1, hidden], values: weights.w1)),
            "w2": .tensor(FloatTensor(shape: [hidden, 1], values: weights.w2)),
        ]
    }

    /// Reads `{"w1", "w2"}` at `path`; the hidden size is `w2`'s row count and `w1` must agree with it.
    public static func read(_ value: JSONValue, path: String, limits: Limits) throws -> ElmanWeights {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be {w1, w2}") }
        var reader = ParamReader(members, path: path)
        guard let w2Rows = reader.value("w2"), let hidden = w2Rows.count else {
            throw RPCError.invalidParams(reader.path("w2"), "must be hidden_size rows of 1 number")
        }
        guard hidden >= 1 else { throw RPCError.invalidParams(reader.path("w2"), "must have at least one row") }
        guard hidden <= limits.maxHiddenSize else {
            throw RPCError.limitExceeded("max_hidden_size", value: hidden, max: limits.maxHiddenSize)
        }
        guard let w1Rows = reader.value("w1"), w1Rows.count == hidden + 1 else {
            throw RPCError.invalidParams(reader.path("w1"), "must be hidden_size + 1 = \(hidden + 1) rows")
        }
        try reader.finish()
        let w2 = try matrix(w2Rows, columns: 1, path: reader.path("w2"))
        let w1 = try matrix(w1Rows, columns: hidden, path: reader.path("w1"))
        return try ElmanWeights(hiddenSize: hidden, w1: w1, w2: w2)
    }


    /// Flattens rows of exactly `columns` finite float32 numbers, row-major: a list of rows, or a tensor whose
    /// nested list that is.
    private static func matrix(_ value: JSONValue, columns: Int, path: String) throws -> [Float] {
        if case .tensor(let tensor) = value, tensor.shape == [tensor.shape[0], columns] {
            return try ParamReader.finite(tensor, at: path)
        }
        let rows = value.arrayValue!
        var flat = [Float]()
        flat.reserveCapacity(rows.count * columns)
        for (index, row) in rows.enumerated() {
            let rowPath = "\(path)[\(index)]"
            guard let cells = row.arrayValue, cells.count == columns else {
                throw RPCError.invalidParams(rowPath, "must be a row of \(counted(columns, "number"))")
            }
            flat += try ParamReader.float32s(cells, at: rowPath)
        }
        return flat
    }
}
