import ElmanCore
import ElmanJSON

/// Weights on the wire, in PyTorch's layout as nested lists: `w1` is `hidden_size + 1` rows of `hidden_size`
/// numbers (row 0 multiplies the input), `w2` is `hidden_size` rows of one number — what `tensor.tolist()` gives.
public enum WeightsCoding {
    public static func json(_ weights: ElmanWeights) -> JSONValue {
        let columns = weights.hiddenSize
        let w1 = weights.w1.withUnsafeBufferPointer { flat in
            (0...columns).map { row in
                JSONValue.array(flat[row * columns ..< (row + 1) * columns].map(JSONValue.float))
            }
        }
        let w2 = weights.w2.map { JSONValue.array([.float($0)]) }
        return .object(["w1": .array(w1), "w2": .array(w2)])
    }

    /// Reads `{"w1", "w2"}` at `path`; the hidden size is `w2`'s row count and `w1` must agree with it.
    public static func read(_ value: JSONValue, path: String, limits: Limits) throws -> ElmanWeights {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be {w1, w2}") }
        var reader = ParamReader(members, path: path)
        guard let w2Rows = reader.value("w2"), case .array(let w2List) = w2Rows else {
            throw RPCError.invalidParams(reader.path("w2"), "must be hidden_size rows of 1 number")
        }
        let hidden = w2List.count
        guard hidden >= 1 else { throw RPCError.invalidParams(reader.path("w2"), "must have at least one row") }
        guard hidden <= limits.maxHiddenSize else {
            throw RPCError.limitExceeded("max_hidden_size", value: hidden, max: limits.maxHiddenSize)
        }
        guard let w1Rows = reader.value("w1"), case .array(let w1List) = w1Rows, w1List.count == hidden + 1 else {
            throw RPCError.invalidParams(reader.path("w1"), "must be hidden_size + 1 = \(hidden + 1) rows")
        }
        try reader.finish()
        let w2 = try matrix(w2List, columns: 1, path: reader.path("w2"))
        let w1 = try matrix(w1List, columns: hidden, path: reader.path("w1"))
        return try ElmanWeights(hiddenSize: hidden, w1: w1, w2: w2)
    }

    /// Flattens rows of exactly `columns` finite float32 numbers, row-major.
    private static func matrix(_ rows: [JSONValue], columns: Int, path: String) throws -> [Float] {
        var flat = [Float]()
        flat.reserveCapacity(rows.count * columns)
        for (index, row) in rows.enumerated() {
            let rowPath = "\(path)[\(index)]"
            guard case .array(let cells) = row, cells.count == columns else {
                throw RPCError.invalidParams(rowPath, "must be a row of \(counted(columns, "number"))")
            }
            flat += try ParamReader.float32s(cells, at: rowPath)
        }
        return flat
    }
}
