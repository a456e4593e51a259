/// One JSON value (RFC 8259 §3) as it travels on the wire.
///
/// Numbers are IEEE 754 doubles, the precision JSON-RPC peers (Python's `float`, JavaScript) use. `float`
/// exists only for output: it holds a `Float` that the writer prints with `Float`'s own shortest round-trip
/// digits, so a float32 weight such as `0.1` goes out as `"0.1"` rather than the double expansion
/// `"0.10000000149011612"`. The parser never produces `float`.
///
/// `tensor` holds a float32 array of any rank flat (`FloatTensor`): a binary frame once read, or an array of a
/// reply being built. It means the nested list of its shape, `arrayValue` answers for it as for that list, and the
/// writer writes it as that list. The parser never produces it.
///
/// Equality compares meaning, not spelling: `.float(f) == .number(Double(f))`, a tensor equals the nested list it
/// means, and objects compare without regard to member order (see `JSONObject`). Strings, like keys, are equal
/// when their code points are (RFC 8259 §8.3), not when they are merely canonically equivalent.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
    /// Output only: a float32 written with `Float`'s shortest round-trip digits; reads back as `.number`.
    case float(Float)
    /// A float32 array of any rank (`FloatTensor`); means, and is written as, the nested list of its shape.
    case tensor(FloatTensor)

    /// The member named `key` when this value is an object that has one; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The number held by `.number`, or by `.float` widened exactly to `Double`; nil for other cases.
    public var doubleValue: Double? {
        switch self {
        case .number(let value): return value
        case .float(let value): return Double(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements of an array, or of a tensor along its first axis (numbers for a vector, tensors of one rank
    /// less otherwise; a copy); nil for other cases.
    public var arrayValue: [JSONValue]? {
        switch self {
        case .array(let value): return value
        case .tensor(let tensor): return tensor.elements
        default: return nil
        }
    }

    /// The number of elements of an array, or a tensor's first dimension, without copying; nil for other cases.
    public var count: Int? {
        switch self {
        case .array(let value): return value.count
        case .tensor(let tensor): return tensor.shape[0]
        default: return nil
        }
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

extension JSONValue: Equatable {
    /// Structural equality in which a number's case does not matter, only its `Double` value
    /// (so `0.0 == -0.0`, as IEEE 754 has it), and strings are compared by code points.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.hasSameScalars(as: b)
        case (.array(let a), .array(let b)): return a == b
        case (.tensor(let a), .tensor(let b)) where a.shape == b.shape: return a.values == b.values
        case (.tensor, .array), (.array, .tensor), (.tensor, .tensor): return lhs.arrayValue! == rhs.arrayValue!
        case (.object(let a), .object(let b)): return a == b
        case (.number, _), (.float, _):
            guard let a = lhs.doubleValue, let b = rhs.doubleValue else { return false }
            return a == b
        default: return false
        }
    }
}
