import ElmanJSON

/// A JSON-RPC 2.0 error object: every failure the worker reports, with the codes of Protocol/PROTOCOL.md.
///
/// Invariant: `code` is one of the codes in the spec's error table; `data` is an object whose members are the ones
/// the table lists for that code. Build errors through the static constructors, never by hand.
public struct RPCError: Error, Equatable, Sendable {
    public let code: Int
    public let message: String
    public let data: JSONObject

    init(_ code: Int, _ message: String, _ data: JSONObject = [:]) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The error as the `error` member of a response.
    public var json: JSONValue {
        .object(["code": .number(Double(code)), "message": .string(message), "data": .object(data)])
    }

    public static func parse(offset: Int, reason: String) -> RPCError {
        RPCError(-32700, "parse error", ["offset": .number(Double(offset)), "reason": .string(reason)])
    }
    public static func invalidRequest(_ reason: String) -> RPCError {
        RPCError(-32600, "invalid request", ["reason": .string(reason)])
    }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(-32601, "method not found", ["method": .string(method)])
    }
    public static func invalidParams(_ param: String, _ reason: String) -> RPCError {
        RPCError(-32602, "invalid params", ["param": .string(param), "reason": .string(reason)])
    }
    public static func internalError(_ reason: String) -> RPCError {
        RPCError(-32603, "internal error", ["reason": .string(reason)])
    }
    public static func unknownModel(_ model: String) -> RPCError {
        RPCError(-32000, "unknown model", ["model": .string(model)])
    }
    public static func unknownJob(_ job: String) -> RPCError {
        RPCError(-32001, "unknown job", ["job": .string(job)])
    }
    public static func jobNotFinished(_ job: String) -> RPCError {
        RPCError(-32002, "job not finished", ["job": .string(job)])
    }
    public static func timeout(job: String, timeoutMs: Int) -> RPCError {
        RPCError(-32003, "timeout", ["job": .string(job), "timeout_ms": .number(Double(timeoutMs))])
    }
    public static func limitExceeded(_ limit: String, value: Int, max: Int) -> RPCError {
        RPCError(-32004, "limit exceeded",
                 ["limit": .string(limit), "value": .number(Double(value)), "max": .number(Double(max))])
    }
    public static func storage(name: String, reason: String) -> RPCError {
        RPCError(-32005, "storage error", ["name": .string(name), "reason": .string(reason)])
    }
    public static func noSavedModel(_ name: String) -> RPCError {
        RPCError(-32006, "no saved model", ["name": .string(name)])
    }
    public static let shuttingDown = RPCError(-32007, "shutting down")
}
