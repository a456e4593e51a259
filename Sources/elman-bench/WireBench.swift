import ArgumentParser
import ElmanCore
import ElmanJSON
import ElmanProtocol
import Foundation
import WireTraffic
import ZeroMQ

/// Times the worker over real loopback TCP: the real `elman-worker` binary (built beside this one) and real DEALER
/// and REQ clients, one socket and one thread per client.
struct WireBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Ping round trips, predict throughput, the seed job end to end, 32 mixed clients, and a long predict "
            + "with its series as JSON and as binary frames.")

    @Option(help: "Ping round trips and seed jobs timed.")
    var runs = 2000

    @Option(help: "Requests each client sends in the load run.")
    var loadRequests = 500

    @Option(help: "Points of the series predicted as JSON and as binary frames (within the worker's limits).")
    var framesPoints = 100_000

    func run() throws {
        let worker = try SpawnedWorker()
        defer { worker.stop() }
        let context = try Context()
        let client = try RPCClient(context: context, endpoint: worker.endpoint)

        let ping = try Samples.measure(runs: runs) { try client.call("ping") }
        print(ping.line("wire", "ping round trip (tcp loopback)", unit: .microseconds, quantile: 0.99))

        let seedJob = try Samples.measure(runs: max(50, runs / 10)) { try client.call("train", ["wait": true]) }
        print(seedJob.line("wire", "seed job end to end (train, wait, reply)", unit: .milliseconds, quantile: 0.99))

        let model = try client.call("train", ["wait": true])["model"]!
        let predict: JSONValue = ["model": model]
        for clients in [1, 8] {
            let calls = 4000
            let seconds = try concurrently(clients: clients, context: context, endpoint: worker.endpoint) { client, _ in
                for _ in 0..<calls / clients { _ = try client.call("predict", predict.objectValue!) }
                return []
            }.seconds
            print("wire  predict (seed model, 20 inputs) from \(clients) client\(clients == 1 ? "" : "s")  "
                + "\(Int(Double(calls) / seconds)) calls/s  n=\(calls)")
        }

        let load = try concurrently(clients: 32, context: context, endpoint: worker.endpoint) { client, index in
            try MixedTraffic(model: model, client: index).run(client, requests: loadRequests)
        }
        let total = 32 * loadRequests
        print("wire  32 mixed clients x \(loadRequests) requests  \(Int(Double(total) / load.seconds)) requests/s  n=\(total)")
        print(load.latencies.line("wire", "32 mixed clients, latency per request", unit: .microseconds, quantile: 0.99))

        try LongPredict(context: context, endpoint: worker.endpoint, model: model, points: framesPoints).run()
    }

    /// Runs `body` on `clients` threads, each with its own DEALER (even) or REQ (odd) socket; returns the wall time
    /// and the latencies the bodies collected.
    private func concurrently(
        clients: Int, context: Context, endpoint: String,
        _ body: @escaping @Sendable (RPCClient, Int) throws -> [Duration]
    ) throws -> (seconds: Double, latencies: Samples) {
        let sockets = try (0..<clients).map {
            try RPCClient(context: context, endpoint: endpoint, type: $0 % 2 == 0 ? .dealer : .req)
        }
        let start = ContinuousClock.now
        let outcomes = onThreads(clients) { index in try body(sockets[index], index) }
        let seconds = Samples.seconds(start.duration(to: .now))
        return (seconds, Samples(seconds: try outcomes.flatMap { try $0.get() }.map(Samples.seconds)))
    }
}

/// `predict` of one long series round trip, as a client does it: the series encoded, sent, predicted, the reply
/// received and decoded to floats; once with every number as JSON text, once as binary frames (a "<f4" buffer
/// each way, PROTOCOL.md "Binary frames"). Both must give the same float32 predictions.
private struct LongPredict {
    let socket: Socket
    let model: JSONValue
    let series: [Float]

    init(context: Context, endpoint: String, model: JSONValue, points: Int) throws {
        socket = try context.socket(.dealer)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(60_000)
        try socket.connect(endpoint)
        self.model = model
        series = (0..<points).map { Float(sin(Double($0) * 0.01)) }
    }

    func run() throws {
        var asJSON: [Float] = [], asFrames: [Float] = []
        let json = try Samples.measure(seconds: 3, runs: 5...50) { asJSON = try predict(binary: false) }
        let frames = try Samples.measure(seconds: 3, runs: 5...50) { asFrames = try predict(binary: true) }
        guard asJSON == asFrames, asJSON.count == series.count else {
            throw Failure("binary frames gave other predictions than JSON")
        }
        let job = "predict \(series.count) points round trip"
        print(json.line("wire", "\(job), JSON", unit: .milliseconds))
        print(frames.line("wire", "\(job), binary frames", unit: .milliseconds))
        print("wire  \(job), JSON / binary frames  \(String(format: "%.1f", json.median / frames.median))x  "
            + "(medians, bit-identical predictions)")
    }

    /// One round trip; the predictions as float32.
    private func predict(binary: Bool) throws -> [Float] {
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": "predict",
                                  "params": ["model": model, "inputs": .floats(series)]]
        try socket.send(ReplyFrames.encode([.init(request, binary: binary)], isBatch: false))
        guard let reply = try socket.receiveMultipart() else { throw Failure("no reply to predict") }
        guard case .object(let body) = try JSONParser.parse(reply[0]), let result = body["result"]?.objectValue else {
            throw Failure("predict failed: \(String(decoding: reply[0].prefix(300), as: UTF8.self))")
        }
        var resolver = BufferResolver(buffers: Array(reply.dropFirst()))
        switch try resolver.resolve(result).get()["predictions"] {
        case .tensor(let tensor)?: return tensor.values
        case .array(let numbers)?: return numbers.map { Float($0.doubleValue ?? .nan) }
        default: throw Failure("predict gave no predictions")
        }
    }
}
