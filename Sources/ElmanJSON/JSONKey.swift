/// A member name compared as RFC 8259 compares strings: code point by code point.
///
/// Swift's `String ==` and `String.hashValue` use canonical equivalence, under which `"é"` (U+00E9) equals
/// `"e"` + U+0301, and even the Kelvin sign U+212A equals `"K"`. JSON does not: those are different names, so
/// `{"é": 1, "é": 2}` has two members and neither is the other's duplicate. Every lookup of a member by name
/// (`JSONObject`, the params readers, the request's own members) goes through this type.
///
/// Invariant: two keys are equal exactly when their UTF-8 encodings are equal (for valid Unicode, the same as
/// equal sequences of scalars), and equal keys hash alike.
public struct JSONKey: Hashable, Sendable {
    public let name: String

    public init(_ name: String) { self.name = name }

    public static func == (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.name.hasSameScalars(as: rhs.name)
    }

    public func hash(into hasher: inout Hasher) {
        var name = name
        name.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Equality by code points (what JSON means by equal strings), not by canonical equivalence (`==`).
    func hasSameScalars(as other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}
