/// The members of a JSON object, kept in the order they were added, with unique keys.
///
/// Keys are compared by code points, as RFC 8259 compares strings (see `JSONKey`): `"é"` (U+00E9) and
/// `"e"` + U+0301 are two different keys, although Swift's `String ==` calls them equal.
///
/// Invariants: keys are unique, and `index[JSONKey(members[i].key)] == i` for every `i`, so lookup is O(1) and
/// iteration, `keys` and the writer follow insertion order.
///
/// Equality ignores order (RFC 8259 §4 calls an object an unordered collection): two objects are equal when
/// they have the same keys and equal values under each key.
public struct JSONObject: Sendable {
    private var members: [(key: String, value: JSONValue)] = []
    private var index: [JSONKey: Int] = [:]

    /// Creates an object with `members` in the given order. Keys must be unique (a precondition, as for a
    /// `Dictionary` literal): a JSON-RPC peer could not tell which of two equal keys was meant.
    public init(_ members: [(String, JSONValue)]) {
        self.members.reserveCapacity(members.count)
        index.reserveCapacity(members.count)
        for (key, value) in members {
            let isNew = insertNew(key: key, value: value)
            precondition(isNew, "duplicate key \"\(key)\" in JSONObject")
        }
    }

    /// The value under `key`, or nil. Setting a new key appends it; setting an existing key replaces its
    /// value in place; setting nil removes the member and keeps the order of the others.
    public subscript(key: String) -> JSONValue? {
        get { index[JSONKey(key)].map { members[$0].value } }
        set {
            switch (index[JSONKey(key)], newValue) {
            case (let position?, let value?):
                members[position].value = value
            case (nil, let value?):
                _ = insertNew(key: key, value: value)
            case (let position?, nil):
                members.remove(at: position)
                index[JSONKey(key)] = nil
                for later in position..<members.count { index[JSONKey(members[later].key)] = later }
            case (nil, nil):
                break
            }
        }
    }

    /// The keys in member order.
    public var keys: [String] { members.map(\.key) }

    public var count: Int { members.count }

    /// Appends a member whose key is not present yet; returns false, changing nothing, when it is.
    mutating func insertNew(key: String, value: JSONValue) -> Bool {
        if let existing = index.updateValue(members.count, forKey: JSONKey(key)) {
            index[JSONKey(key)] = existing
            return false
        }
        members.append((key, value))
        return true
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    public var underestimatedCount: Int { members.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }
}
