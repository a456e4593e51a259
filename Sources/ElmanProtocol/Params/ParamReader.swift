import ElmanJSON

/// Reads one params object member by member, checking type and range, and remembering what it read so that
/// `finish()` can refuse members nobody asked for (a typo must not silently fall back to a default).
///
/// Names are matched by code points (`JSONKey`): a member spelled with a canonically equivalent but different
/// sequence of code points is not the parameter, and so is refused as unknown.
///
/// Every failure is an `RPCError.invalidParams` naming the parameter by its dotted path (`data.sine.points`).
/// Sizes beyond a worker limit are `RPCError.limitExceeded` instead, thrown by the callers that know the limit.
struct ParamReader {
    private let members: JSONObject
    private let prefix: String
    private var read: Set<JSONKey> = []

    init(_ members: JSONObject, path prefix: String = "") {
        self.members = members
        self.prefix = prefix
    }

    /// The dotted path of a member, for error messages.
    func path(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }

    func has(_ name: String) -> Bool { members[name] != nil }

    /// The raw member, marked as read; nil when absent. JSON `null` is a value like any other (and so the wrong
    /// type for every parameter): leave a parameter out to get its default.
    mutating func value(_ name: String) -> JSONValue? {
        read.insert(JSONKey(name))
        return members[name]
    }

    mutating func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw RPCError.invalidParams(path(name), "must be a string") }
        return text
    }

    mutating func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else { throw RPCError.invalidParams(path(name), "is required") }
        return text
    }

    mutating func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw RPCError.invalidParams(path(name), "must be true or false") }
        return flag
    }

    /// An integer-valued JSON number at least `minimum`. Fractional values and integers beyond the protocol's
    /// safe range (`SafeInteger`) are refused.
    mutating func int(_ name: String, minimum: Int) throws -> Int? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, let integer = SafeInteger.exact(number) else {
            throw RPCError.invalidParams(path(name), "must be an integer within \(SafeInteger.rangeText)")
        }
        guard integer >= minimum else {
            throw RPCError.invalidParams(path(name), "must be at least \(minimum)")
        }
        return integer
    }

    /// A finite JSON number.
    mutating func double(_ name: String) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, number.isFinite else {
            throw RPCError.invalidParams(path(name), "must be a finite number")
        }
        return number
    }

    /// A finite number that also fits float32 (values beyond ±3.4e38 would become infinite).
    mutating func float(_ name: String) throws -> Float? {
        guard let number = try double(name) else { return nil }
        return try Self.float32(number, at: path(name))
    }

    mutating func object(_ name: String) throws -> JSONObject? {
        guard let value = value(name) else { return nil }
        guard case .object(let object) = value else { throw RPCError.invalidParams(path(name), "must be an object") }
        return object
    }

    /// An array of finite float32 numbers with a count in `count` (the upper bound is a worker limit).
    mutating func floats(_ name: String, minCount: Int, limit: (name: String, max: Int)) throws -> [Float]? {
        guard let value = value(name) else { return nil }
        return try Self.floats(value, at: path(name), minCount: minCount, limit: limit)
    }

    /// A list of distinct names, each a case of `Name` (`"return": ["hidden"]`); nil when absent. Errors name the
    /// member itself, the reason the element.
    mutating func names<Name: CaseIterable & RawRepresentable<String> & Hashable>(_ name: String) throws -> Set<Name>? {
        guard let value = value(name) else { return nil }
        let known = Name.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .array(let elements) = value else {
            throw RPCError.invalidParams(path(name), "must be a list of names among \(known)")
        }
        var names: Set<Name> = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element, let found = Name(rawValue: text) else {
                throw RPCError.invalidParams(path(name), "element \(index) is not one of \(known)")
            }
            guard names.insert(found).inserted else {
                throw RPCError.invalidParams(path(name), "names \(text) twice")
            }
        }
        return names
    }

    /// The string member `name` of `params`, required, where it is the only parameter (`{job}`, `{model}`).
    static func onlyString(_ name: String, in params: JSONObject) throws -> String {
        var reader = ParamReader(params)
        let text = try reader.requiredString(name)
        try reader.finish()
        return text
    }

    /// Refuses any member that was not read.
    func finish() throws {
        for key in members.keys where !read.contains(JSONKey(key)) {
            throw RPCError.invalidParams(path(key), "unknown parameter")
        }
    }

    static func float32(_ number: Double, at path: String) throws -> Float {
        let single = Float(number)
        guard single.isFinite else { throw RPCError.invalidParams(path, "\(number) does not fit float32") }
        return single
    }

    /// A list of numbers (or a vector placeholder's tensor, which means the same) as finite float32s, with a count
    /// from `minCount` to the worker limit `limit`.
    static func floats(_ value: JSONValue, at path: String, minCount: Int, limit: (name: String, max: Int)) throws
        -> [Float]
    {
        guard let count = vectorCount(value) else {
            throw RPCError.invalidParams(path, "must be an array of numbers")
        }
        guard count <= limit.max else { throw RPCError.limitExceeded(limit.name, value: count, max: limit.max) }
        guard count >= minCount else {
            throw RPCError.invalidParams(path, "needs at least \(counted(minCount, "value")), got \(count)")
        }
        if case .tensor(let tensor) = value { return try finite(tensor, at: path) }
        return try float32s(value.arrayValue!, at: path)
    }

    /// The length of `value` as a list of numbers, whatever its form: a JSON array (its elements are checked
    /// later) or a tensor of one dimension; nil for anything else.
    private static func vectorCount(_ value: JSONValue) -> Int? {
        switch value {
        case .array(let elements): return elements.count
        case .tensor(let tensor) where tensor.rank == 1: return tensor.values.count
        case .tensor(let tensor): return tensor.shape[0]
        default: return nil
        }
    }

    /// Every element as a finite float32; the caller has checked the count.
    static func float32s(_ elements: [JSONValue], at path: String) throws -> [Float] {
        var result = [Float]()
        result.reserveCapacity(elements.count)
        try appendFloat32s(elements, at: path, to: &result)
        return result
    }

    /// Appends every element to `values` as a finite float32 (so that rows of JSON numbers fill one flat array);
    /// -32602 naming the first element that is not a finite number or does not fit float32 (`path[i]`).
    static func appendFloat32s(_ elements: [JSONValue], at path: String, to values: inout [Float]) throws {
        for (index, element) in elements.enumerated() {
            guard let number = element.doubleValue, number.isFinite else {
                throw RPCError.invalidParams("\(path)[\(index)]", "must be a finite number")
            }
            values.append(try float32(number, at: "\(path)[\(index)]"))
        }
    }

    /// A tensor's values when every one is finite (no copy); otherwise -32602 naming the first bad one as the
    /// nested list would (`data.series[3][1]`).
    static func finite(_ tensor: FloatTensor, at path: String) throws -> [Float] {
        if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
            throw RPCError.invalidParams(path + tensor.indexPath(ofFlat: bad), "must be a finite number")
        }
        return tensor.values
    }
}

