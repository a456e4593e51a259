/// Values kept under the ids `<prefix>1`, `<prefix>2`, … handed out in the order the values are added, and listed
/// in that order. Ids are never reused, so a removed id stays unknown.
struct NumberedTable<Value> {
    private let prefix: String
    private var entries: [String: (number: Int, value: Value)] = [:]
    private var added = 0

    init(prefix: String) { self.prefix = prefix }

    var count: Int { entries.count }

    /// Every value, in the order they were added.
    var inOrder: [Value] { entries.values.sorted { $0.number < $1.number }.map(\.value) }

    subscript(id: String) -> Value? { entries[id]?.value }

    /// Adds the value `make` builds for the next id, and returns it.
    mutating func add(_ make: (_ id: String) -> Value) -> Value {
        added += 1
        let value = make("\(prefix)\(added)")
        entries["\(prefix)\(added)"] = (added, value)
        return value
    }

    mutating func update(_ id: String, _ change: (inout Value) -> Void) {
        guard var entry = entries[id] else { return }
        change(&entry.value)
        entries[id] = entry
    }

    mutating func remove(_ id: String) { entries[id] = nil }
}
