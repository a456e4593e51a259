import ElmanJSON
import ElmanProtocol
import Foundation
import Logging
import Testing
import ZeroMQ

@testable import ElmanWorker

/// A real worker on real loopback sockets (free ports), its loop on a thread of its own, for one test.
final class RunningWorker: @unchecked Sendable {
    let worker: Worker
    let context: Context
    private let ended = DispatchSemaphore(value: 0)
    let modelsDirectory: String?

    init(models: Bool = true, configure: (inout WorkerConfiguration) -> Void = { _ in }) throws {
        var configuration = WorkerConfiguration(limits: Limits(trainingThreads: 2))
        configuration.endpoint = "tcp://127.0.0.1:*"
        configuration.events = "tcp://127.0.0.1:*"
        if models {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("elman-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            configuration.modelsDirectory = folder.path
        }
        configure(&configuration)
        modelsDirectory = configuration.modelsDirectory
        var logger = Logger(label: "elman-worker-test")
        logger.logLevel = .warning
        worker = try Worker(configuration: configuration, logger: logger)
        context = try Context()
        let thread = Thread { [worker, ended] in
            do { try worker.run() } catch { Issue.record("worker loop failed: \(error)") }
            ended.signal()
        }
        thread.start()
    }

    /// A connected client socket with timeouts, so no test can hang.
    func client(_ type: SocketType = .dealer) throws -> TestClient {
        let socket = try context.socket(type)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(10_000)
        try socket.setSendTimeout(2_000)
        try socket.connect(worker.endpoint)
        return TestClient(socket: socket)
    }

    func subscriber() throws -> Socket {
        let socket = try context.socket(.sub)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(10_000)
        try socket.subscribe([])
        try socket.connect(worker.eventsEndpoint!)
        return socket
    }

    /// Asks the worker to stop and waits for its loop to return.
    func stop() throws {
        _ = try client().call("shutdown")
        #expect(ended.wait(timeout: .now() + 10) == .success, "the worker loop did not stop")
    }

    deinit {
        if let modelsDirectory { try? FileManager.default.removeItem(atPath: modelsDirectory) }
    }
}

/// A DEALER or REQ peer that speaks JSON-RPC with the worker.
struct TestClient {
    let socket: Socket
    private static let counter = Counter()

    /// Sends raw bytes as the body frame (a REQ adds its empty delimiter itself).
    func send(_ body: [UInt8]) throws { try socket.send(body) }

    func send(_ value: JSONValue) throws { try send(JSONWriter.write(value)) }

    /// The next reply body (its first frame; buffers may follow), or nil on the receive timeout.
    func receive() throws -> JSONValue? {
        guard let frames = try socket.receiveMultipart() else { return nil }
        return try JSONParser.parse(frames[0])
    }

    /// The messages (notifications, then the reply) received until the reply with `id`.
    func messages(until id: JSONValue) throws -> [JSONValue] {
        var received: [JSONValue] = []
        while let message = try receive() {
            received.append(message)
            if message["id"] == id { return received }
        }
        Issue.record("no reply with id \(id)")
        return received
    }

    /// Calls a method and returns the whole response object.
    func call(_ method: String, _ params: JSONObject = [:]) throws -> JSONValue {
        let id = JSONValue.number(Double(Self.counter.next()))
        try send(.object(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params)]))
        let response = try #require(try receive(), "no reply to \(method)")
        #expect(response["id"] == id)
        return response
    }

    /// Calls a method that must succeed and returns its result.
    func result(_ method: String, _ params: JSONObject = [:]) throws -> JSONValue {
        let response = try call(method, params)
        return try #require(response["result"], "\(method) failed: \(JSONWriter.string(response))")
    }

    /// Calls a method that must fail and returns its error code and data.
    func error(_ method: String, _ params: JSONObject = [:]) throws -> (code: Int, data: JSONValue) {
        let response = try call(method, params)
        let error = try #require(response["error"], "\(method) succeeded: \(JSONWriter.string(response))")
        return (Int(error["code"]!.doubleValue!), error["data"] ?? .null)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

extension JSONValue {
    var floats: [Float] { (arrayValue ?? []).map { Float($0.doubleValue!) } }
    var int: Int? { doubleValue.map { Int($0) } }
}
