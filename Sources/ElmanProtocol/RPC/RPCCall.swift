import ElmanJSON

/// One element of a request body, decoded: the id to answer with and either a known method with its (still
/// unvalidated) params, or the error that the element already earned.
///
/// `id == nil` means a notification: it is carried out and never answered, not even with an error, except for
/// structural errors (invalid request), which are answered with id `null` as JSON-RPC 2.0 requires.
public struct RPCCall: Sendable {
    public let id: JSONValue?
    public let outcome: Result<(method: Method, params: JSONObject), RPCError>

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

/// Turns the bytes of one request frame into calls. Pure: no sockets, no state.
public enum RPCDecoder {
    public static func decode(_ bytes: [UInt8], limits: Limits) -> RPCBody {
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
        let params: JSONObject
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
        return RPCCall(id: id, outcome: .success((method, params)))
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
