import ElmanJSON

/// One element of a request body, decoded: the id to answer with and either a known method with its (still
/// unvalidated) params, or the error that the element already earned.
///
/// `id == nil` means a notification: it is carried out and never answered, not even with an error, except for
/// structural errors (invalid request), which are answered with id `null` as JSON-RPC 2.0 requires.
///
/// The params have their buffer placeholders replaced by tensors and no `binary` member: that one, which every
/// method accepts, is `binary` here.
public struct RPCCall: Sendable {
    public let id: JSONValue?
    public let outcome: Result<(method: Method, params: JSONObject), RPCError>
    /// The `binary` param: true asks for the reply's arrays as buffers, false for JSON; nil leaves it to the
    /// request message (buffers in, buffers out).
    public var binary: Bool? = nil

    /// Whether a response must be sent for this call.
    public var wantsReply: Bool {
        if id != nil { return true }
        if case .failure(let error) = outcome, error.code == -32600 { return true }
        return false
    }
}

/// A whole request body: one call, a batch of calls, or an error about the body itself (unparsable, empty batch).
public enum RPCBody: Sendable {
    case single(RPCCall)
    case batch([RPCCall])
    case rejected(RPCError)
}

/// Turns a request message, its body and buffers, into calls. Pure: no sockets, no state.
public enum RPCDecoder {
    /// The calls of `bytes`, the body, whose placeholders stand for `buffers` (PROTOCOL.md, "Binary frames"). A
    /// bad placeholder fails the call that holds it; a buffer that no call's params use fails every call that
    /// had not failed already.
    public static func decode(_ bytes: [UInt8], buffers: [[UInt8]] = [], limits: Limits) -> RPCBody {
        var resolver = BufferResolver(buffers: buffers)
        switch parse(bytes, limits: limits) {
        case .rejected(let error):
            return .rejected(error)
        case .single(let call):
            let resolved = resolve(call, with: &resolver)
            return .single(unreferenced(in: resolver, fails: [resolved])[0])
        case .batch(let calls):
            let resolved = calls.map { resolve($0, with: &resolver) }
            return .batch(unreferenced(in: resolver, fails: resolved))
        }
    }

    private static func resolve(_ call: RPCCall, with resolver: inout BufferResolver) -> RPCCall {
        guard case .success(let (method, params)) = call.outcome else { return call }
        switch resolver.resolve(params) {
        case .success(let resolved):
            return RPCCall(id: call.id, outcome: .success((method, resolved)), binary: call.binary)
        case .failure(let error):
            return RPCCall(id: call.id, outcome: .failure(error), binary: call.binary)
        }
    }

    private static func unreferenced(in resolver: BufferResolver, fails calls: [RPCCall]) -> [RPCCall] {
        guard let buffer = resolver.unreferenced else { return calls }
        let error = RPCError.invalidParams("$buffer", "buffer \(buffer) is not used by any placeholder")
        return calls.map { call in
            guard case .success = call.outcome else { return call }
            return RPCCall(id: call.id, outcome: .failure(error), binary: call.binary)
        }
    }

    private static func parse(_ bytes: [UInt8], limits: Limits) -> RPCBody {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: limits.maxDepth)
        } catch {
            return .rejected(.parse(offset: error.offset, reason: error.reason))
        }
        guard case .array(let elements) = value else { return .single(call(value)) }
        if elements.isEmpty { return .rejected(.invalidRequest("empty batch")) }
        if elements.count > limits.maxBatch {
            return .rejected(.invalidRequest("batch of \(elements.count) elements; at most \(limits.maxBatch)"))
        }
        return .batch(elements.map(call))
    }

    /// The members a request object may have.
    private static let requestMembers = Set(["jsonrpc", "id", "method", "params"].map(JSONKey.init))

    /// Decodes one request object. JSON-RPC ids are strings, numbers or null; anything else is invalid.
    static func call(_ value: JSONValue) -> RPCCall {
        guard case .object(let object) = value else {
            return RPCCall(id: .null, outcome: .failure(.invalidRequest("a request must be a JSON object")))
        }
        let id = object["id"]
        switch id {
        case nil, .null?, .string?: break
        case .number(let number)? where SafeInteger.contains(number): break
        case .number?:
            // Beyond the safe range a double no longer holds every integer: such an id could not be echoed unchanged.
            return RPCCall(id: .null, outcome: .failure(.invalidRequest(
                "a numeric id must lie within \(SafeInteger.rangeText); use a string")))
        default:
            return RPCCall(id: .null, outcome: .failure(.invalidRequest("id must be a string, a number or null")))
        }
        func reject(_ reason: String) -> RPCCall {
            RPCCall(id: id ?? .null, outcome: .failure(.invalidRequest(reason)))
        }
        guard object["jsonrpc"] == .string("2.0") else { return reject("jsonrpc must be \"2.0\"") }
        guard case .string(let name)? = object["method"] else { return reject("method must be a string") }
        for key in object.keys where !requestMembers.contains(JSONKey(key)) {
            return reject("unexpected member \"\(key)\"")
        }
        var params: JSONObject
        switch object["params"] {
        case nil: params = [:]
        case .object(let members)?: params = members
        case .array?:
            return RPCCall(id: id, outcome: .failure(.invalidParams("params", "must be an object (by name)")))
        default: return reject("params must be an object")
        }
        guard let method = Method(rawValue: name) else {
            return RPCCall(id: id, outcome: .failure(.methodNotFound(name)))
        }
        var binary: Bool?
        if let flag = params["binary"] {
            guard case .bool(let value) = flag else {
                return RPCCall(id: id, outcome: .failure(.invalidParams("binary", "must be true or false")))
            }
            binary = value
            params["binary"] = nil
        }
        return RPCCall(id: id, outcome: .success((method, params)), binary: binary)
    }
}

/// Builds the JSON-RPC messages the worker sends.
public enum RPCMessage {
    public static func success(id: JSONValue, result: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id, "result": result])
    }
    public static func failure(id: JSONValue, error: RPCError) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id, "error": error.json])
    }
    public static func notification(method: String, params: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }
}
