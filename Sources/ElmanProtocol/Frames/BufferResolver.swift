import ElmanJSON

/// Replaces the buffer placeholders of a request message's params by the arrays they stand for (PROTOCOL.md,
/// "Binary frames"): `{"$buffer": i, "dtype": "<f4" | "<f8", "shape": [d0, …]}` becomes a `.tensor` of that shape
/// holding buffer i's values as float32, which every reader of float arrays takes as it takes the nested list.
///
/// One resolver serves a whole message, so a batch shares one numbering and a buffer may be used once in it.
/// Any object with a `$buffer` member is a placeholder. Each call's first bad placeholder is its error, -32602
/// naming the member that holds it (`data.series`); after every call, `unreferenced` is the first buffer that
/// no placeholder used (a fault of the whole message).
///
/// Invariant: a buffer's index is marked used as soon as a placeholder names it in range, even if the rest of
/// that placeholder is wrong, so one bad placeholder is not also reported as an unreferenced buffer.
public struct BufferResolver {
    private let buffers: [[UInt8]]
    /// The member that used each buffer, nil while none did.
    private var users: [String?]
    /// Where the walk is: member names and array indices from the params object down.
    private var trail: [PathStep] = []
    /// The current call's first error.
    private var failure: RPCError?

    private enum PathStep {
        case member(String)
        case index(Int)
    }

    private static let members: Set<JSONKey> = [JSONKey("$buffer"), JSONKey("dtype"), JSONKey("shape")]

    public init(buffers: [[UInt8]]) {
        self.buffers = buffers
        users = Array(repeating: nil, count: buffers.count)
    }

    /// The first buffer no placeholder has used so far.
    public var unreferenced: Int? { users.firstIndex { $0 == nil } }

    /// `params` with every placeholder replaced by its tensor, or the first bad placeholder's error. Walks only
    /// into objects and arrays, so a long list of numbers costs one look at each.
    public mutating func resolve(_ params: JSONObject) -> Result<JSONObject, RPCError> {
        failure = nil
        trail = []
        let resolved = object(params)
        if let failure { return .failure(failure) }
        return .success(resolved ?? params)
    }

    /// Each of these returns the value with its placeholders replaced, or nil when it holds none.
    private mutating func value(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let members):
            if members["$buffer"] != nil { return placeholder(members).map(JSONValue.tensor) }
            return object(members).map(JSONValue.object)
        case .array(let elements):
            var changed: [JSONValue]?
            for (index, element) in elements.enumerated() {
                switch element {
                case .object, .array: break
                default: continue
                }
                trail.append(.index(index))
                if let new = self.value(element) {
                    if changed == nil { changed = elements }
                    changed![index] = new
                }
                trail.removeLast()
            }
            return changed.map(JSONValue.array)
        default:
            return nil
        }
    }

    private mutating func object(_ members: JSONObject) -> JSONObject? {
        var changed: JSONObject?
        for (key, member) in members {
            trail.append(.member(key))
            if let new = value(member) {
                if changed == nil { changed = members }
                changed![key] = new
            }
            trail.removeLast()
        }
        return changed
    }

    /// The tensor a placeholder stands for; nil, recording the call's first error, when it is bad.
    private mutating func placeholder(_ members: JSONObject) -> FloatTensor? {
        do {
            return try tensor(members)
        } catch {
            if failure == nil { failure = error }
            return nil
        }
    }

    private mutating func tensor(_ members: JSONObject) throws(RPCError) -> FloatTensor {
        let path = self.path
        func bad(_ reason: String) -> RPCError { .invalidParams(path, reason) }
        guard case .number(let number)? = members["$buffer"], let index = SafeInteger.exact(number), index >= 0 else {
            throw bad("$buffer must be a buffer index, an integer ≥ 0")
        }
        guard index < buffers.count else {
            throw bad("buffer \(index) does not exist: the message has \(counted(buffers.count, "buffer"))")
        }
        if let user = users[index] { throw bad("buffer \(index) is already used by \(user)") }
        users[index] = path
        if let extra = members.keys.first(where: { !Self.members.contains(JSONKey($0)) }) {
            throw bad("a placeholder has exactly $buffer, dtype and shape; not \(extra)")
        }
        let known = BufferDType.allCases.map(\.rawValue).joined(separator: " or ")
        guard let spelling = members["dtype"]?.stringValue, let dtype = BufferDType(rawValue: spelling) else {
            throw bad("dtype must be \(known)")
        }
        guard let dimensions = members["shape"]?.arrayValue, !dimensions.isEmpty else {
            throw bad("shape must be a list of one or more integers ≥ 0")
        }
        var shape: [Int] = []
        var bytes: Int? = dtype.itemSize
        for dimension in dimensions {
            guard case .number(let number) = dimension, let size = SafeInteger.exact(number), size >= 0 else {
                throw bad("shape must be a list of one or more integers ≥ 0")
            }
            shape.append(size)
            bytes = bytes.flatMap { product in
                let (result, overflow) = product.multipliedReportingOverflow(by: size)
                return overflow ? nil : result
            }
        }
        let buffer = buffers[index]
        guard bytes == buffer.count else {
            throw bad("buffer \(index) has \(counted(buffer.count, "byte")); \(spelling) of shape \(shape) needs "
                + (bytes.map { "\($0)" } ?? "more than any message holds"))
        }
        return FloatTensor(shape: shape, values: dtype.floats(buffer, count: buffer.count / dtype.itemSize))
    }

    /// The dotted path of the current member, as `ParamReader` names parameters (`data.sequences[1]`).
    private var path: String {
        var text = ""
        for step in trail {
            switch step {
            case .member(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "params" : text
    }
}
