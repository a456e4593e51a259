import ElmanCore
import ElmanJSON
import ElmanProtocol
import ZeroMQ

/// A JSON-RPC client on one DEALER or REQ socket, for benchmarks and load tests: it checks every reply's id and
/// fails on errors. Like its socket it is used by one thread at a time; it may change threads across a barrier
/// (thread creation, a lock).
public final class RPCClient: @unchecked Sendable {
    private let socket: Socket
    private var counter = 0

    public init(context: Context, endpoint: String, type: SocketType = .dealer) throws {
        socket = try context.socket(type)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(30_000)
        try socket.connect(endpoint)
    }

    /// Calls `method` and returns its result; throws a `Failure` when the reply is missing (within 30 s), crossed
    /// (another id) or an error.
    @discardableResult
    public func call(_ method: String, _ params: JSONObject = [:], id: JSONValue? = nil) throws -> JSONValue {
        counter += 1
        let id = id ?? .number(Double(counter))
        try socket.send(JSONWriter.write(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params)]))
        guard let frames = try socket.receiveMultipart() else { throw Failure("no reply to \(method)") }
        let reply = try JSONParser.parse(frames.last!)
        guard reply["id"] == id else { throw Failure("crossed reply: sent \(id), got \(JSONWriter.string(reply))") }
        guard let result = reply["result"] else { throw Failure("\(method) failed: \(JSONWriter.string(reply))") }
        return result
    }
}
