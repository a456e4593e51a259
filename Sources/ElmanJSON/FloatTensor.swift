/// A float32 array of any rank held flat: what a binary frame carries (`{"$buffer": i, "dtype", "shape"}`) and how
/// the worker builds the arrays of its replies, so that a 10⁶-point series is one `[Float]` and never 10⁶
/// `JSONValue`s.
///
/// Invariants: `shape` has at least one dimension, none negative, and `values.count` is their product; `values`
/// is in C order (the last index varies fastest). Its meaning is the nested JSON list of that shape (`nested`):
/// shape [2, 3] is two rows of three numbers.
public struct FloatTensor: Sendable, Equatable {
    public let shape: [Int]
    public let values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 >= 0 }, "a tensor has one or more dimensions ≥ 0")
        precondition(values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// A vector.
    public init(_ values: [Float]) { self.init(shape: [values.count], values: values) }

    /// Rows of one width each, as a matrix of shape [rows.count, width]; `width` is used when there are no rows.
    public init(rows: [[Float]], width: Int) {
        precondition(rows.allSatisfy { $0.count == width }, "every row is \(width) wide")
        self.init(shape: [rows.count, width], values: rows.flatMap { $0 })
    }

    /// One or more tensors of one shape S stacked along a new first axis: B of them make one of shape [B] + S.
    public init(stacking parts: [FloatTensor]) {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.shape == parts[0].shape }, "stacked tensors share a shape")
        self.init(shape: [parts.count] + parts[0].shape, values: parts.flatMap(\.values))
    }

    public var rank: Int { shape.count }

    /// The elements along the first axis, as the nested JSON list has them: numbers (`.float`) for a vector,
    /// tensors of one rank less otherwise. Copies; for code that walks any array form alike.
    public var elements: [JSONValue] {
        guard rank > 1 else { return values.map(JSONValue.float) }
        let inner = Array(shape.dropFirst())
        let stride = inner.reduce(1, *)
        return (0..<shape[0]).map { index in
            .tensor(FloatTensor(shape: inner, values: Array(values[index * stride ..< (index + 1) * stride])))
        }
    }

    /// The nested JSON list this tensor means.
    public var nested: JSONValue {
        .array(elements.map { element in
            if case .tensor(let inner) = element { return inner.nested }
            return element
        })
    }

    /// The index in every dimension of the value at flat position `offset`, as `[i][j]…` (for error messages:
    /// the member and the first bad index, as the nested form would name it).
    public func indexPath(ofFlat offset: Int) -> String {
        var rest = offset
        var indices = [Int](repeating: 0, count: rank)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            indices[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return indices.map { "[\($0)]" }.joined()
    }
}
