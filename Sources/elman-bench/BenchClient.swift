import ElmanJSON
import ZeroMQ

/// A JSON-RPC client on one DEALER or REQ socket, for benchmarks: it checks every reply's id and fails on errors.
final class BenchClient: @unchecked Sendable {
    private let socket: Socket
    private var counter = 0

    init(context: Context, endpoint: String, type: SocketType = .dealer) throws {
        socket = try context.socket(type)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(30_000)
        try socket.connect(endpoint)
    }

    /// Calls `method` and returns its result; throws when the reply is missing, crossed or an error.
    @discardableResult
    func call(_ method: String, _ params: JSONObject = [:], id: JSONValue? = nil) throws -> JSONValue {
        counter += 1
        let id = id ?? .number(Double(counter))
        try socket.send(JSONWriter.write(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params)]))
        guard let frames = try socket.receiveMultipart() else { throw BenchFailure("no reply to \(method)") }
        let reply = try JSONParser.parse(frames.last!)
        guard reply["id"] == id else { throw BenchFailure("crossed reply: sent \(id), got \(JSONWriter.string(reply))") }
        guard let result = reply["result"] else { throw BenchFailure("\(method) failed: \(JSONWriter.string(reply))") }
        return result
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
